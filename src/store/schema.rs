//! Schema migrations, kept as plain SQL in order. `PRAGMA user_version` says how many have
//! run; those still to run run together, in the opener's IMMEDIATE transaction. A database
//! from a newer build is refused rather than half-understood.
//!
//! Never edit a migration that has shipped: add the next one. `tests/migrations.rs` opens a
//! version-1 database (tests/fixtures/v1.sql) with the current build.

use rusqlite::Transaction;

use super::StoreError;

/// "OVRS": marks a SQLite file as ours, so a stray database is not mistaken for one.
pub const APPLICATION_ID: i64 = 0x4f56_5253;

pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7];

/// The oldest schema version whose exports have the same tables and columns as the latest:
/// migrations since then only added indexes (V2, V3, V5, V7), widened what a column accepts
/// (V4) or added a column an older export may lack (V6, `changeset.meeting_id`, read as
/// absent), so their exports restore unchanged. A migration that removes or renames
/// columns, or narrows what they accept, must raise this to its own version.
pub const OLDEST_SAME_DATA: i64 = 1;

pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Runs the migrations after `from` inside `tx`, the caller's IMMEDIATE transaction (so
/// two processes upgrading at once cannot both run one: the second finds it done).
pub fn migrate(tx: &Transaction<'_>, from: i64) -> Result<(), StoreError> {
    for sql in MIGRATIONS.iter().skip(from.max(0) as usize) {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", latest_version())?;
    Ok(())
}

const V1: &str = r#"
PRAGMA application_id = 1331057235;

CREATE TABLE report (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    title TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('hmicfrs', 'iopc', 'coroner', 'other')),
    force TEXT,
    published_on TEXT,
    due_on TEXT,
    due_on_by_hand INTEGER NOT NULL DEFAULT 0 CHECK (due_on_by_hand IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN ('awaiting_response', 'responded', 'closed')),
    response_letter_id INTEGER REFERENCES letter (id),
    link TEXT
);

CREATE TABLE letter (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    reference TEXT,
    direction TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
    dated_on TEXT,
    received_on TEXT,
    sender TEXT,
    recipient TEXT,
    cc TEXT,
    subject TEXT NOT NULL,
    body TEXT,
    owner TEXT,
    due_on TEXT,
    due_on_by_hand INTEGER NOT NULL DEFAULT 0 CHECK (due_on_by_hand IN (0, 1)),
    replied_on TEXT,
    reply_letter_id INTEGER REFERENCES letter (id),
    report_id INTEGER REFERENCES report (id),
    status TEXT NOT NULL CHECK (status IN ('awaiting_reply', 'replied', 'no_reply_needed'))
);

CREATE TABLE recommendation (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    report_id INTEGER NOT NULL REFERENCES report (id),
    ref TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('cause_of_concern', 'recommendation', 'area_for_improvement')),
    text TEXT NOT NULL,
    owner TEXT,
    due_on TEXT,
    original_due_on TEXT,
    status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'pending_signoff',
        'complete', 'superseded', 'not_accepted', 'withdrawn')),
    completed_on TEXT,
    evidence TEXT,
    rag TEXT CHECK (rag IN ('red', 'amber', 'green'))
);

CREATE TABLE ask (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    letter_id INTEGER NOT NULL REFERENCES letter (id),
    number INTEGER,
    text TEXT NOT NULL,
    answer TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'declined'))
);

CREATE TABLE board (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    name TEXT NOT NULL,
    chair TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'closed'))
);

CREATE TABLE meeting (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    board_id INTEGER NOT NULL REFERENCES board (id),
    held_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled'))
);

CREATE TABLE board_action (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    board_id INTEGER NOT NULL REFERENCES board (id),
    meeting_id INTEGER REFERENCES meeting (id),
    text TEXT NOT NULL,
    owner TEXT,
    due_on TEXT,
    original_due_on TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
    done_on TEXT,
    recommendation_id INTEGER REFERENCES recommendation (id)
);

-- A note or chase about any item, named by its typed ID ("REC-3").
CREATE TABLE note (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    item_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('note', 'chase')),
    noted_on TEXT,
    author TEXT,
    text TEXT NOT NULL,
    chased TEXT,
    chase_method TEXT CHECK (chase_method IN ('email', 'phone', 'letter', 'meeting'))
);

CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One user action (a `set`, an import, an undo): the unit that undo reverts.
CREATE TABLE changeset (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('change', 'undo', 'redo')),
    target INTEGER REFERENCES changeset (id),
    summary TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
);

-- The audit trail: every field a changeset touched, old and new, as canonical text.
-- field is a column name, or 'created' / 'deleted'.
CREATE TABLE event (
    id INTEGER PRIMARY KEY,
    changeset_id INTEGER NOT NULL REFERENCES changeset (id),
    entity TEXT NOT NULL,
    item_id INTEGER NOT NULL,
    field TEXT NOT NULL,
    old TEXT,
    new TEXT,
    -- Why, where the rules ask (a revised due date).
    reason TEXT
);

CREATE VIEW audit_trail AS
SELECT e.id, c.at AS at, c.actor AS who, e.entity, e.item_id, e.field, e.old, e.new,
       c.kind AS change_kind, e.reason
FROM event e JOIN changeset c ON c.id = e.changeset_id;

CREATE INDEX event_by_item ON event (entity, item_id);
CREATE INDEX event_by_changeset ON event (changeset_id);
CREATE INDEX note_by_item ON note (item_id, kind);
CREATE INDEX recommendation_by_report ON recommendation (report_id);
CREATE INDEX recommendation_by_due ON recommendation (deleted, due_on, id);
CREATE INDEX letter_by_due ON letter (deleted, due_on, id);
CREATE INDEX board_action_by_due ON board_action (deleted, due_on, id);
CREATE INDEX board_action_by_board ON board_action (board_id);
CREATE INDEX ask_by_letter ON ask (letter_id);
CREATE INDEX meeting_by_board ON meeting (board_id, held_on);
"#;

/// The dashboard's panes read windows of open items in one of three orders. These partial
/// indexes hold only open items, keyed by exactly the sort expressions `store::window`
/// uses, so a window or a count costs the rows it returns, not the size of the table.
/// (`window::tests` checks with EXPLAIN QUERY PLAN that the queries use them.)
const V2: &str = r#"
CREATE INDEX recommendation_open_by_due ON recommendation
    (coalesce(due_on, '9999-12-31'), id)
    WHERE deleted = 0 AND status NOT IN ('complete', 'superseded', 'not_accepted', 'withdrawn');
CREATE INDEX recommendation_open_by_owner ON recommendation
    (coalesce(lower(owner), '~') || '|' || coalesce(due_on, '9999-12-31'), id)
    WHERE deleted = 0 AND status NOT IN ('complete', 'superseded', 'not_accepted', 'withdrawn');
CREATE INDEX letter_open_by_due ON letter
    (coalesce(due_on, '9999-12-31'), id)
    WHERE deleted = 0 AND status NOT IN ('replied', 'no_reply_needed');
CREATE INDEX letter_open_by_owner ON letter
    (coalesce(lower(coalesce(owner, sender)), '~') || '|' || coalesce(due_on, '9999-12-31'), id)
    WHERE deleted = 0 AND status NOT IN ('replied', 'no_reply_needed');
CREATE INDEX board_action_open_by_due ON board_action
    (coalesce(due_on, '9999-12-31'), id)
    WHERE deleted = 0 AND status NOT IN ('done', 'dropped');
CREATE INDEX board_action_open_by_owner ON board_action
    (coalesce(lower(owner), '~') || '|' || coalesce(due_on, '9999-12-31'), id)
    WHERE deleted = 0 AND status NOT IN ('done', 'dropped');
-- The detail view lists what belongs to an item; these links had no index.
CREATE INDEX letter_by_report ON letter (report_id);
CREATE INDEX board_action_by_meeting ON board_action (meeting_id);
CREATE INDEX board_action_by_recommendation ON board_action (recommendation_id);
"#;

/// The dashboard's filter words, found without reading every row: a trigram full-text
/// index per pane over the ID and the columns `store::window` searches, kept by triggers.
/// `detail = 'none'` stores which rows hold each trigram but not where (a quarter of the
/// size); a row holding all of a word's trigrams is only a candidate, and the window
/// checks the word itself.
const V3: &str = r#"
CREATE VIEW recommendation_searched AS
    SELECT id, 'REC-' || id AS ident, ref, text, owner, status FROM recommendation;
CREATE VIRTUAL TABLE recommendation_search USING fts5(
    ident, ref, text, owner, status,
    content = 'recommendation_searched', content_rowid = 'id', tokenize = 'trigram', detail = 'none');
INSERT INTO recommendation_search (recommendation_search) VALUES ('rebuild');
CREATE TRIGGER recommendation_search_insert AFTER INSERT ON recommendation BEGIN
    INSERT INTO recommendation_search (rowid, ident, ref, text, owner, status)
    VALUES (new.id, 'REC-' || new.id, new.ref, new.text, new.owner, new.status);
END;
CREATE TRIGGER recommendation_search_delete AFTER DELETE ON recommendation BEGIN
    INSERT INTO recommendation_search (recommendation_search, rowid, ident, ref, text, owner, status)
    VALUES ('delete', old.id, 'REC-' || old.id, old.ref, old.text, old.owner, old.status);
END;
CREATE TRIGGER recommendation_search_update AFTER UPDATE OF ref, text, owner, status ON recommendation BEGIN
    INSERT INTO recommendation_search (recommendation_search, rowid, ident, ref, text, owner, status)
    VALUES ('delete', old.id, 'REC-' || old.id, old.ref, old.text, old.owner, old.status);
    INSERT INTO recommendation_search (rowid, ident, ref, text, owner, status)
    VALUES (new.id, 'REC-' || new.id, new.ref, new.text, new.owner, new.status);
END;

CREATE VIEW letter_searched AS
    SELECT id, 'LET-' || id AS ident, reference, subject, sender, owner, status FROM letter;
CREATE VIRTUAL TABLE letter_search USING fts5(
    ident, reference, subject, sender, owner, status,
    content = 'letter_searched', content_rowid = 'id', tokenize = 'trigram', detail = 'none');
INSERT INTO letter_search (letter_search) VALUES ('rebuild');
CREATE TRIGGER letter_search_insert AFTER INSERT ON letter BEGIN
    INSERT INTO letter_search (rowid, ident, reference, subject, sender, owner, status)
    VALUES (new.id, 'LET-' || new.id, new.reference, new.subject, new.sender, new.owner, new.status);
END;
CREATE TRIGGER letter_search_delete AFTER DELETE ON letter BEGIN
    INSERT INTO letter_search (letter_search, rowid, ident, reference, subject, sender, owner, status)
    VALUES ('delete', old.id, 'LET-' || old.id, old.reference, old.subject, old.sender, old.owner, old.status);
END;
CREATE TRIGGER letter_search_update AFTER UPDATE OF reference, subject, sender, owner, status ON letter BEGIN
    INSERT INTO letter_search (letter_search, rowid, ident, reference, subject, sender, owner, status)
    VALUES ('delete', old.id, 'LET-' || old.id, old.reference, old.subject, old.sender, old.owner, old.status);
    INSERT INTO letter_search (rowid, ident, reference, subject, sender, owner, status)
    VALUES (new.id, 'LET-' || new.id, new.reference, new.subject, new.sender, new.owner, new.status);
END;

CREATE VIEW board_action_searched AS
    SELECT id, 'ACT-' || id AS ident, text, owner, status FROM board_action;
CREATE VIRTUAL TABLE board_action_search USING fts5(
    ident, text, owner, status,
    content = 'board_action_searched', content_rowid = 'id', tokenize = 'trigram', detail = 'none');
INSERT INTO board_action_search (board_action_search) VALUES ('rebuild');
CREATE TRIGGER board_action_search_insert AFTER INSERT ON board_action BEGIN
    INSERT INTO board_action_search (rowid, ident, text, owner, status)
    VALUES (new.id, 'ACT-' || new.id, new.text, new.owner, new.status);
END;
CREATE TRIGGER board_action_search_delete AFTER DELETE ON board_action BEGIN
    INSERT INTO board_action_search (board_action_search, rowid, ident, text, owner, status)
    VALUES ('delete', old.id, 'ACT-' || old.id, old.text, old.owner, old.status);
END;
CREATE TRIGGER board_action_search_update AFTER UPDATE OF text, owner, status ON board_action BEGIN
    INSERT INTO board_action_search (board_action_search, rowid, ident, text, owner, status)
    VALUES ('delete', old.id, 'ACT-' || old.id, old.text, old.owner, old.status);
    INSERT INTO board_action_search (rowid, ident, text, owner, status)
    VALUES (new.id, 'ACT-' || new.id, new.text, new.owner, new.status);
END;
"#;

/// Chases by Teams and in person. SQLite cannot alter a CHECK constraint, so the note table
/// is rebuilt with the wider one (ids kept: notes are named NOTE-n and the audit trail refers
/// to them by id). No other table refers to `note` by a foreign key, and no view or trigger
/// reads it, so dropping the old table leaves nothing dangling.
const V4: &str = r#"
CREATE TABLE note_new (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    item_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('note', 'chase')),
    noted_on TEXT,
    author TEXT,
    text TEXT NOT NULL,
    chased TEXT,
    chase_method TEXT CHECK (chase_method IN ('email', 'phone', 'letter', 'meeting', 'teams',
        'in_person'))
);
INSERT INTO note_new (id, version, deleted, item_id, kind, noted_on, author, text, chased,
                      chase_method)
    SELECT id, version, deleted, item_id, kind, noted_on, author, text, chased, chase_method
    FROM note;
DROP TABLE note;
ALTER TABLE note_new RENAME TO note;
CREATE INDEX note_by_item ON note (item_id, kind);
"#;

/// Panes that show finished items too (`f`), and the responses owed for published reports
/// (the letters pane lists them beside letters). Like migration 2, each index holds exactly
/// the rows one pane part reads, keyed by exactly its sort expression (`store::window`).
/// A letter sorted by owner is sorted by whoever owes the reply: its owner, else for a
/// letter the office sent its recipient, else its sender.
const V5: &str = r#"
DROP INDEX letter_open_by_owner;
CREATE INDEX letter_open_by_owner ON letter
    (coalesce(lower(coalesce(owner, CASE WHEN direction = 'outgoing' THEN recipient ELSE sender END)), '~')
        || '|' || coalesce(due_on, '9999-12-31'), id)
    WHERE deleted = 0 AND status NOT IN ('replied', 'no_reply_needed');
CREATE INDEX recommendation_live_by_due ON recommendation
    (coalesce(due_on, '9999-12-31'), id) WHERE deleted = 0;
CREATE INDEX recommendation_live_by_owner ON recommendation
    (coalesce(lower(owner), '~') || '|' || coalesce(due_on, '9999-12-31'), id) WHERE deleted = 0;
CREATE INDEX letter_live_by_due ON letter
    (coalesce(due_on, '9999-12-31'), id) WHERE deleted = 0;
CREATE INDEX letter_live_by_owner ON letter
    (coalesce(lower(coalesce(owner, CASE WHEN direction = 'outgoing' THEN recipient ELSE sender END)), '~')
        || '|' || coalesce(due_on, '9999-12-31'), id)
    WHERE deleted = 0;
CREATE INDEX board_action_live_by_due ON board_action
    (coalesce(due_on, '9999-12-31'), id) WHERE deleted = 0;
CREATE INDEX board_action_live_by_owner ON board_action
    (coalesce(lower(owner), '~') || '|' || coalesce(due_on, '9999-12-31'), id) WHERE deleted = 0;
CREATE INDEX report_owed_by_due ON report
    (coalesce(due_on, '9999-12-31'), id)
    WHERE deleted = 0 AND published_on IS NOT NULL AND status = 'awaiting_response';
CREATE INDEX report_published_by_due ON report
    (coalesce(due_on, '9999-12-31'), id) WHERE deleted = 0 AND published_on IS NOT NULL;
-- The Reports view: every report; a report's recommendations in due order.
CREATE INDEX report_live_by_due ON report
    (coalesce(due_on, '9999-12-31'), id) WHERE deleted = 0;
CREATE INDEX recommendation_by_report_due ON recommendation
    (report_id, coalesce(due_on, '9999-12-31'), id) WHERE deleted = 0;
-- The Owners view: when each person was last chased.
CREATE INDEX note_chase_by_whom ON note (lower(chased), noted_on) WHERE kind = 'chase' AND deleted = 0;
-- `list reports` and `list meetings` in their order without sorting.
CREATE INDEX report_by_due ON report (deleted, due_on, id);
CREATE INDEX meeting_by_date ON meeting (deleted, held_on, id);
"#;

/// The meeting a change was recorded at (meeting mode): the minutes of a meeting walked
/// after the day it was held still read its outcomes as the meeting's. NULL for the rest.
const V6: &str = r#"
ALTER TABLE changeset ADD COLUMN meeting_id INTEGER;
"#;

/// The Summary view's (and the pack's) loads by owner and by report, read from the index
/// alone: each holds only open rows and just the columns those counts read, so a count
/// reads the index, not every open row (at a million items, 3 s a count became a tenth).
const V7: &str = r#"
CREATE INDEX recommendation_open_owner_load ON recommendation (owner, due_on)
    WHERE deleted = 0 AND status NOT IN ('complete', 'superseded', 'not_accepted', 'withdrawn');
CREATE INDEX recommendation_open_report_load ON recommendation (report_id, due_on)
    WHERE deleted = 0 AND status NOT IN ('complete', 'superseded', 'not_accepted', 'withdrawn');
CREATE INDEX letter_open_owner_load ON letter (owner, direction, recipient, sender, due_on)
    WHERE deleted = 0 AND status NOT IN ('replied', 'no_reply_needed');
CREATE INDEX board_action_open_owner_load ON board_action (owner, due_on)
    WHERE deleted = 0 AND status NOT IN ('done', 'dropped');
"#;
