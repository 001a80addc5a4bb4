//! The command line's words: subcommands, options and what each means (`--help` text).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "oversight",
    version,
    about = "Track inspection recommendations, letters awaiting reply and board actions.",
    long_about = "Track inspection recommendations, letters awaiting reply and oversight-board \
                  actions, with their deadlines, on one local SQLite file.\n\n\
                  Run without a command to open the dashboard (three panes: recommendations, \
                  letters awaiting reply, board actions; press ? in it for every key). Exit codes: 0 done, 1 refused or \
                  failed (the message says why; nothing was written), 2 the command line itself \
                  is wrong.",
    after_help = "Dates may be typed as 2024-06-30, 30/06/2024, 30 Jun 2024, 15th December 2014, \
                  26 Jan (the nearest 26 January), friday (the next one), next mon, last fri, \
                  today, tomorrow, +14d, +2w or -3d.\nIDs look like RPT-1, REC-12, LET-3, ASK-4, \
                  BRD-2, MTG-5, ACT-7, NOTE-9."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct Global {
    /// The database file [default: oversight.sqlite in the platform data directory]; commands
    /// that only read need it to exist, and its folder is never created
    #[arg(long, global = true, env = "OVERSIGHT_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Take this day as today (any date form), for reproducible lists and reports
    #[arg(long, global = true, env = "OVERSIGHT_TODAY", value_name = "DATE")]
    pub today: Option<String>,
    /// Who the audit trail records as making changes [default: your login name]
    #[arg(long, global = true, env = "OVERSIGHT_ACTOR", value_name = "NAME")]
    pub actor: Option<String>,
    /// Extra bank holidays from a file in the gov.uk bank-holidays JSON format
    #[arg(long, global = true, env = "OVERSIGHT_HOLIDAYS", value_name = "FILE")]
    pub holidays: Option<PathBuf>,
}

/// `--limit`: a whole number of rows, at least one.
fn row_count(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("give the number of rows to list, 1 or more".into()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReadFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
}

/// How a document that leaves the tool is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    /// One self-contained HTML file (inline CSS, no scripts) that prints on A4
    Html,
    /// Markdown with pipe tables and no HTML: reads in a plain editor, pastes into Word
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DigestFormat {
    /// Plain text to paste into an email, one part per owner
    Text,
    /// Markdown tables, one section per owner
    Markdown,
    /// One object per owner with their items
    Json,
    /// One .eml draft per owner, written into the folder given with -o
    Eml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClockArg {
    /// Working days in England & Wales
    Ew,
    /// Working days UK-wide (a bank holiday in any UK nation is skipped: the FOI definition)
    Uk,
    /// Calendar days
    Calendar,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuleArg {
    /// HMICFRS report: 56 days beginning with the day of publication (Police Act 1996 s55)
    S55,
    /// IOPC recommendation: 56 days beginning with the day it was made
    Iopc,
    /// Coroner's prevention-of-future-deaths report (Regulation 28): 56 days after it was sent
    Pfd,
    /// Incoming letter: the reply-due setting in working days, counted from the day after receipt
    Letter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChaseBy {
    Email,
    Phone,
    Letter,
    Meeting,
    /// A Microsoft Teams call or message
    Teams,
    /// Face to face
    InPerson,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database (empty, or with --demo the sample data) and say where it is
    Init {
        /// Fill it with the sample data
        #[arg(long)]
        demo: bool,
    },
    /// Make a fresh demo database and open the dashboard on it (in a script, just say where
    /// it is); it replaces only a demo nobody has changed since it was loaded
    Demo,
    /// List items: recommendations, letters, actions, reports, boards (also asks, meetings, notes)
    List(ListArgs),
    /// Show one item in full, with its notes and what belongs to it
    Show {
        id: String,
        #[arg(long, value_enum, default_value_t = ReadFormat::Table)]
        format: ReadFormat,
    },
    /// Add an item: `add recommendation report_id=RPT-1 text="..." --owner "BCU Commander"`
    Add {
        /// report, recommendation, letter, ask, board, meeting, action or note
        kind: String,
        /// Fields as name=value or --name value (the JSON field names)
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "FIELD=VALUE"
        )]
        fields: Vec<String>,
    },
    /// Change fields: `set REC-3 due_on=30/06/2019 owner="BCU Commander" --reason "..."`
    Set {
        id: String,
        /// Fields as name=value (an empty value clears the field)
        #[arg(required = true, value_name = "FIELD=VALUE")]
        fields: Vec<String>,
        /// Why a due date moved (required when a recommendation's or action's due date changes)
        #[arg(long)]
        reason: Option<String>,
        /// Refuse if the item is no longer at this version (it changed since you read it)
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
    },
    /// Mark an item complete (a recommendation needs its evidence), done, replied or answered
    Complete {
        id: String,
        /// What shows it is done (a recommendation's evidence, an ask's answer)
        #[arg(long)]
        evidence: Option<String>,
        /// The day it was completed [default: today]
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: Option<String>,
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
        /// For a letter's reply: mark its open asks answered too (one change, one undo)
        #[arg(long)]
        asks_answered: bool,
    },
    /// Add a dated progress note to an item
    Note { id: String, text: String },
    /// Record that you chased an item's owner
    Chase {
        id: String,
        /// Whom you chased
        #[arg(long, value_name = "WHOM")]
        to: String,
        /// How
        #[arg(long, value_enum, default_value_t = ChaseBy::Email)]
        by: ChaseBy,
        /// What was said or agreed
        #[arg(long)]
        note: Option<String>,
    },
    /// Delete an item (it is kept, hidden; `undo` restores it)
    #[command(
        long_about = "Delete an item: it is kept, hidden from lists; `oversight undo` restores it.\n\n\
                      What cannot stand without it goes with it (a report's recommendations, a \
                      letter's asks, a board's meetings and actions), and links to it are cleared \
                      (a letter's report, a report's response letter, an action's meeting or \
                      recommendation). When there are such items, delete names them first and, \
                      on a terminal, asks \"Delete them too? [y/N]\"; in a script it refuses \
                      (exit 1, nothing written) unless --yes is given. One `undo` restores all \
                      of it."
    )]
    Delete {
        id: String,
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
        /// Delete what goes with it (and clear the links to it) without asking
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Show every change to an item: when, who, field, old and new value
    History {
        id: String,
        #[arg(long, value_enum, default_value_t = ReadFormat::Table)]
        format: ReadFormat,
    },
    /// Revert your most recent change (again for the one before); recorded in the history
    ///
    /// Only your own changes (the actor: --actor, OVERSIGHT_ACTOR or your login name), so a
    /// colleague's change is never taken back by surprise; --any undoes the newest change
    /// whoever made it. The message says what was undone, to which item and whose it was.
    ///
    /// What you see comes back exactly: every field, note, chase and setting as it was before
    /// the change. Three things differ by design: versions keep counting up (a copy read
    /// before the undo is stale); the audit trail keeps the change and records the undo (see
    /// `history`); and an item whose adding is undone is kept as a deleted row, hidden from
    /// lists, so `redo` can bring it back with its ID. See RELIABILITY.md.
    Undo {
        /// Undo the newest change whoever made it, not only yours
        #[arg(long)]
        any: bool,
    },
    /// Re-apply the change your last undo reverted (if you have changed nothing since)
    Redo {
        /// Redo the newest undo whoever made it
        #[arg(long)]
        any: bool,
    },
    /// Write the whole database as JSON (restorable), or items as CSV for spreadsheets
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write here instead of standard output (with CSV and no --kind: a folder, one file per kind)
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// With CSV: only this kind
        #[arg(long)]
        kind: Option<String>,
    },
    /// Import letters (text, PDF, email), or restore a JSON export into an empty database
    #[command(
        long_about = "Import letters from text files, PDFs with a text layer, or emails \
        (.eml: the letter attached as PDF or text, or the message itself), or restore a JSON \
        export into an empty database. Scanned PDFs (no text layer) and Outlook .msg files are \
        refused with what to do instead.\n\n\
        From each letter: its date, reference (and the day received that a dated reference \
        such as MOPAC080519-D2683 carries), sender, recipient, cc, subject, salutation, the \
        numbered asks with the answers under them when it is a reply, and the inspection report \
        it answers (created, or linked to the stored report with the same title and date) with \
        the s55 deadline. Each field says where it was read and how sure that is; what could \
        not be read, and what was read with low confidence, is listed as a warning.\n\n\
        Each file is its own change (one `undo` takes it back). A letter already stored (same \
        reference, or same date, sender and subject) is skipped. A file that cannot be read \
        (binary, empty, encrypted, damaged) is reported and nothing is written for it; the other files are still \
        imported, and the exit code is 1.\n\n\
        In the dashboard, `i` imports one letter the same way (a path prompt; Tab completes)."
    )]
    Import {
        /// Letters as text (UTF-8, UTF-16 or Latin-1/Windows-1252), PDF or .eml, or a JSON export
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Show what would be created, one letter at a time; write nothing
        #[arg(long)]
        dry_run: bool,
        /// table: lines for people; json: one JSON object per letter, one a line
        #[arg(long, value_enum, default_value_t = ReadFormat::Table)]
        format: ReadFormat,
    },
    /// Copy the database safely while it is in use (SQLite online backup)
    Backup { path: PathBuf },
    /// Check the database's integrity
    Check,
    /// When is this due? Prints the last day (YYYY-MM-DD), then any warning
    #[command(group(clap::ArgGroup::new("how").required(true).args(["working_days", "rule"])))]
    Deadline {
        /// The day the clock starts from (received, published, made or sent)
        from: String,
        /// Count this many working days, from the day after FROM
        #[arg(long, value_name = "N")]
        working_days: Option<u32>,
        /// Which days count
        #[arg(long, value_enum, default_value_t = ClockArg::Ew, conflicts_with = "rule")]
        clock: ClockArg,
        /// Or apply a named rule
        #[arg(long, value_enum)]
        rule: Option<RuleArg>,
    },
    /// List the bank holidays a clock skips in a year, one `YYYY-MM-DD name` a line
    Holidays {
        year: i32,
        #[arg(long, value_enum, default_value_t = ClockArg::Ew)]
        clock: ClockArg,
    },
    /// The board pack for a meeting: figures and charts, overdue items by owner, what was
    /// completed, replies owed, the last meeting's actions, RAG ratings
    #[command(
        long_about = "The board pack for a meeting, as one self-contained HTML file that \
        prints on A4 (or Markdown): headline figures with charts (open items by age, by owner, \
        by report, a twelve-month trend rebuilt from the audit trail, reply and response \
        performance), every overdue item grouped by owner with days overdue and the latest \
        note, items completed since the last meeting with their evidence, replies owed and \
        their last days (s55, IOPC, Reg 28), the actions from the last meeting with their \
        status and latest update, and each recommendation's RAG rating.\n\n\
        With --board, board actions are that board's; recommendations, letters and \
        responses are always the whole office's. The same database and --today give the \
        same bytes."
    )]
    Pack {
        /// The board the pack is for (BRD-n)
        #[arg(long, value_name = "BRD-n")]
        board: Option<String>,
        /// The meeting whose actions are reported [default: the board's latest held meeting]
        #[arg(long, value_name = "MTG-n")]
        meeting: Option<String>,
        /// Items completed since this day [default: the day after that meeting, else 28 days ago]
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        since: Option<String>,
        #[arg(long, value_enum, default_value_t = DocFormat::Html)]
        format: DocFormat,
        /// Write to this new file (never replacing one) instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The action log of a meeting as minutes are written: each open action's outcome, then
    /// the new actions
    ///
    /// An outcome is a change made on the meeting's day (UK time), a note dated that day, or a
    /// change recorded in meeting mode (M in the dashboard) for this meeting, whatever day it
    /// was typed. An action raised at an earlier meeting but entered later counts as open
    /// from the meeting it was raised at.
    Minutes {
        /// The meeting (MTG-n)
        meeting: String,
        #[arg(long, value_enum, default_value_t = DocFormat::Markdown)]
        format: DocFormat,
        /// Write to this new file (never replacing one) instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// For each owner, what is overdue and what falls due soon: text, Markdown, JSON or one
    /// .eml draft each; prints nothing when nothing is due (for cron)
    Digest {
        /// Only this person (their name as written on their items, any case)
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
        /// What falls due within this many days [default: the due_soon_days setting, 14]
        #[arg(long, value_name = "DAYS", allow_negative_numbers = true)]
        within: Option<i64>,
        #[arg(long, value_enum, default_value_t = DigestFormat::Text)]
        format: DigestFormat,
        /// With --format eml: the folder the drafts go into
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Record a chase (to the owner, by email) of every item in the digest, as one change
        #[arg(long)]
        record_chase: bool,
        /// Say so when nothing is due
        #[arg(short, long)]
        verbose: bool,
    },
    /// Every open item's due date (and reports' response last days) as an iCalendar file
    Calendar {
        /// Write to this new file (never replacing one) instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Show the settings, or change them: `settings due_soon_days=7`
    Settings {
        #[arg(value_name = "KEY=VALUE")]
        changes: Vec<String>,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// recommendations, letters, actions, reports, boards, asks, meetings or notes; or a
    /// view: responses (every reply owed, statutory responses included), owners (who has
    /// what open), deadlines (overdue, then the coming weeks)
    pub kind: String,
    /// For `list deadlines`: how many weeks ahead [default: 8]
    #[arg(long, value_name = "N")]
    pub weeks: Option<u32>,
    /// Only items past their due date and not finished
    #[arg(long)]
    pub overdue: bool,
    /// Only unfinished items due within DAYS from today (overdue ones included)
    #[arg(long, value_name = "DAYS", allow_negative_numbers = true)]
    pub due_within: Option<i64>,
    /// Only unfinished items
    #[arg(long)]
    pub open: bool,
    /// Only items with this status
    #[arg(long)]
    pub status: Option<String>,
    /// Only items whose owner (a letter's sender, a board's chair) contains this
    #[arg(long)]
    pub owner: Option<String>,
    /// Only items whose text contains all of these words
    #[arg(long)]
    pub search: Option<String>,
    /// At most N items: the first N in the list's order
    #[arg(long, value_name = "N", value_parser = row_count, allow_negative_numbers = true)]
    pub limit: Option<u64>,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}
