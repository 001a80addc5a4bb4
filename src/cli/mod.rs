//! The command line: parse (clap), open the store with the user's context, run one command,
//! print in the asked format. `main.rs` only calls [`main`].

mod args;
mod db;
mod delete;
mod human;
mod import;
mod output;
mod reports;
mod views;

use crate::domain::fields::Field;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, anyhow, bail};
use chrono::NaiveDate;
use clap::{CommandFactory, FromArgMatches};
use serde_json::{Value as Json, json};

pub use args::Cli;
use args::{ChaseBy, ClockArg, Command, ExportFormat, ListArgs, ListFormat, ReadFormat, RuleArg};

use crate::demo;
use crate::domain::calendar::{Clock, HolidayCalendar};
use crate::domain::dates::{self, format_date};
use crate::domain::deadline::{self, DeadlineSettings, Rule};
use crate::domain::fields;
use crate::domain::ids::{ItemId, Kind};
use crate::domain::rules::{self, Change, Context};
use crate::domain::{sanitize, settings};
use crate::files::{FileError, NewFile};
use crate::store::{ListQuery, Listed, Store, StoreError, Whose};
use human::{Human, Out};

pub fn main() -> ExitCode {
    let cli = match command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return clap_exit(e),
    };
    match run(cli) {
        Ok(code) => code,
        // A reader that stopped early (`| head`) is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // One line that says what went wrong and what to do, each value it quotes cut
            // short (a restored text may be a million characters).
            let _ = writeln!(
                human::stderr(),
                "error: {}",
                sanitize::error_line(&one_line(&e))
            );
            ExitCode::FAILURE
        }
    }
}

/// Ends on what clap found: help and the version as clap prints them (our own text), a usage
/// error through the human writer, each line with its quoted values cut short (what was
/// typed, quoted back, may hold escape sequences or be a megabyte long).
fn clap_exit(e: clap::Error) -> ExitCode {
    let code = ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
    if !e.use_stderr() {
        let _ = e.print();
        return code;
    }
    let text = e.render().to_string();
    let mut err = human::stderr();
    for line in text.lines() {
        let _ = writeln!(err, "{}", sanitize::error_line(line));
    }
    code
}

/// The error and its causes on one line, without repeating a cause its parent already quoted.
fn one_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !line.contains(&text) {
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(&text);
        }
    }
    line
}

/// A store error from SQLite, naming the database it was about (the store's own `?` cannot).
fn on_database(e: anyhow::Error, path: &Path) -> anyhow::Error {
    match e.downcast::<StoreError>() {
        Ok(store) => store.at(&path.display().to_string()).into(),
        Err(other) => other,
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The clap command, with each kind's field names added to the help of `add` and `set`
/// (from the same field tables the parser uses, so the help cannot drift).
pub fn command() -> clap::Command {
    let mut text = String::from("Fields by kind (name=value; * required):\n");
    for kind in Kind::ALL {
        let names: Vec<String> = fields::fields(kind)
            .iter()
            .filter(|f| f.edit != fields::Edit::Derived)
            .map(|f| format!("{}{}", f.name, if f.required { "*" } else { "" }))
            .collect();
        let word = if kind == Kind::Action {
            "action"
        } else {
            kind.singular()
        };
        text.push_str(&format!("  {word:<15} {}\n", names.join(" ")));
    }
    Cli::command()
        .mut_subcommand("add", |c| c.after_help(text.clone()))
        .mut_subcommand("set", |c| c.after_help(text.clone()))
}

/// Where the database lives unless --db or OVERSIGHT_DB says otherwise.
pub fn default_db_path() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("uk", "oversight", "oversight")
        .ok_or_else(|| anyhow!("cannot find your home folder: give the database with --db PATH"))?;
    Ok(dirs.data_dir().join("oversight.sqlite"))
}

/// The login name, for the audit trail.
fn os_user() -> String {
    whoami::fallible::username().unwrap_or_else(|_| "unknown".into())
}

/// Everything a command needs: today, who, the settings and the holiday calendar.
pub fn make_context(global: &args::Global, store: Option<&Store>) -> anyhow::Result<Context> {
    let real_today = chrono::Local::now().date_naive();
    let today = match &global.today {
        Some(s) => dates::parse_date(s, real_today).map_err(|e| anyhow!("--today: {e}"))?,
        None => real_today,
    };
    let mut calendar = HolidayCalendar::new();
    if let Some(path) = &global.holidays {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("--holidays {}", path.display()))?;
        calendar
            .extend_from_govuk_json(&text)
            .with_context(|| format!("--holidays {}", path.display()))?;
    }
    // A bad stored setting falls back to its default, said once, so the command (and
    // `settings KEY=VALUE`, which repairs it) still runs.
    let deadline_settings = match store {
        Some(store) => {
            let (settings, warnings) = store.deadline_settings_said()?;
            for w in warnings {
                eprintln!("warning: {}", sanitize::for_terminal(&w, false));
            }
            settings
        }
        None => DeadlineSettings::default(),
    };
    Ok(Context {
        today,
        actor: global.actor.clone().unwrap_or_else(os_user),
        settings: deadline_settings,
        calendar,
        meeting: None,
    })
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let g = &cli.global;
    let Some(command) = cli.command else {
        return dashboard(g, None);
    };
    // Commands that need no database.
    match &command {
        Command::Deadline {
            from,
            working_days,
            clock,
            rule,
        } => return deadline_cmd(g, from, *working_days, *clock, *rule),
        Command::Holidays { year, clock } => return holidays_cmd(g, *year, *clock),
        Command::Demo => return demo_cmd(g),
        Command::Import {
            files,
            dry_run: true,
            format,
        } => return import::dry_run(g, files, *format),
        _ => {}
    }
    let db = db::DbPath::of(g)?;
    let path = db.path.clone();
    let on_db = |e| on_database(e, &path);
    let mut store = db.open(db::need(&command)).map_err(on_db)?;
    db::refuse_if_read_only(&command, &store)?;
    let ctx = make_context(g, Some(&store)).map_err(on_db)?;
    run_on(command, &mut store, &ctx, &path, &mut Out::stdout()).map_err(on_db)
}

/// Runs a command on an open database. People's output goes through `Human`, JSON and CSV
/// through their own safe writers: `out` hands its writer to nothing else.
fn run_on(
    command: Command,
    store: &mut Store,
    ctx: &Context,
    path: &Path,
    stdout: &mut Out<impl Write>,
) -> anyhow::Result<ExitCode> {
    match command {
        Command::Init { demo: with_demo } => {
            if with_demo {
                if !store.is_empty()? {
                    bail!(
                        "{} already holds data; the demo goes into a new file: `oversight demo`",
                        path.display()
                    );
                }
                let n = demo::load(store, ctx)?;
                writeln!(
                    stdout.human(),
                    "Created {} with {n} demo items.",
                    path.display()
                )?;
            } else {
                writeln!(stdout.human(), "Database ready at {}", path.display())?;
            }
        }
        Command::List(a) => list_cmd(store, ctx, a, stdout)?,
        Command::Show { id, format } => show_cmd(store, ctx, &id, format, stdout)?,
        Command::Add { kind, fields } => {
            let kind = parse_kind(&kind)?;
            let changes = parse_fields(kind, &field_pairs(&fields)?, ctx.today)?;
            let saved = store.create(kind, &changes, ctx)?;
            report_saved(&mut stdout.human(), "Added", &saved)?;
        }
        Command::Set {
            id,
            fields,
            reason,
            if_version,
        } => {
            let id = parse_id(&id)?;
            let pairs = fields
                .iter()
                .map(|f| split_pair(f))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let changes = parse_fields(id.kind, &pairs, ctx.today)?;
            let saved = store.update(id, if_version, &changes, reason.as_deref(), ctx)?;
            report_saved(&mut stdout.human(), "Updated", &saved)?;
        }
        Command::Complete {
            id,
            evidence,
            on,
            if_version,
            asks_answered,
        } => {
            let id = parse_id(&id)?;
            let on = on
                .map(|d| dates::parse_date(&d, ctx.today).map_err(|e| anyhow!("--on: {e}")))
                .transpose()?;
            let changes = rules::completion(id.kind, evidence.as_deref(), on)?;
            let open_asks = match id.kind {
                Kind::Letter => store.open_asks(id, ctx.today)?,
                _ if asks_answered => bail!("--asks-answered is for a letter's reply"),
                _ => Vec::new(),
            };
            let answered = if asks_answered { &open_asks[..] } else { &[] };
            let saved = store.complete(id, if_version, &changes, answered, ctx)?;
            let out = &mut stdout.human();
            let status = saved
                .item
                .get(Field::Status)
                .canonical()
                .unwrap_or_default();
            writeln!(
                out,
                "{} is now {}.",
                id,
                crate::domain::vocab::label(&status)
            )?;
            let ids = || {
                open_asks
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !open_asks.is_empty() && asks_answered {
                writeln!(out, "Its open asks {} are marked answered.", ids())?;
            } else if !open_asks.is_empty() {
                writeln!(
                    out,
                    "Its asks {} are still open: `oversight complete ASK-n --evidence \"the \
                     answer\"` answers one (`--asks-answered` with the reply marks them all).",
                    ids()
                )?;
            }
            for w in &saved.warnings {
                writeln!(out, "warning: {w}")?;
            }
        }
        Command::Note { id, text } => {
            let id = parse_id(&id)?;
            let saved = store.create(
                Kind::Note,
                &rules::note(id, &text, None, None, ctx.today)?,
                ctx,
            )?;
            writeln!(stdout.human(), "Added {} to {id}.", saved.item.id)?;
        }
        Command::Chase { id, to, by, note } => {
            let id = parse_id(&id)?;
            let method = match by {
                ChaseBy::Email => "email",
                ChaseBy::Phone => "phone",
                ChaseBy::Letter => "letter",
                ChaseBy::Meeting => "meeting",
                ChaseBy::Teams => "teams",
                ChaseBy::InPerson => "in_person",
            };
            let text = note.unwrap_or_else(|| {
                format!("Chased {to} {}", crate::domain::vocab::chase_how(method))
            });
            let changes = rules::note(id, &text, Some((&to, method)), None, ctx.today)?;
            let saved = store.create(Kind::Note, &changes, ctx)?;
            let count = store
                .notes(id)?
                .iter()
                .filter(|n| n.text(Field::Kind) == Some("chase"))
                .count();
            writeln!(
                stdout.human(),
                "Recorded chase {} of {id} ({count} so far).",
                saved.item.id
            )?;
        }
        Command::Delete {
            id,
            if_version,
            yes,
        } => delete::run(store, ctx, &id, if_version, yes, &mut stdout.human())?,
        Command::History { id, format } => {
            let id = parse_id(&id)?;
            let entries = store.history(id)?;
            match format {
                ReadFormat::Json => {
                    let mut json = stdout.json();
                    writeln!(json, "{}", serde_json::to_string_pretty(&entries)?)?;
                    json.flush()?;
                }
                ReadFormat::Table => writeln!(
                    stdout.human(),
                    "{}",
                    output::history_table(
                        id.kind,
                        &entries,
                        &crate::domain::history::local_zone(),
                        output::terminal_width()
                    )
                )?,
            }
        }
        Command::Undo { any } => {
            let whose = if any { Whose::Anyone } else { Whose::Mine };
            let out = &mut stdout.human();
            match store.undo(ctx, whose)? {
                Some(r) => writeln!(out, "Undid {}.", said(&r.change.whose(&ctx.actor)))?,
                None => match store.undoable(Whose::Anyone, ctx)? {
                    Some(other) if whose == Whose::Mine => writeln!(
                        out,
                        "Nothing of yours to undo (you are {}). The newest change is {}: \
                         `oversight undo --any` undoes it.",
                        said(&ctx.actor),
                        said(&other.whose(&ctx.actor))
                    )?,
                    _ => writeln!(out, "Nothing to undo.")?,
                },
            }
        }
        Command::Redo { any } => {
            let whose = if any { Whose::Anyone } else { Whose::Mine };
            let out = &mut stdout.human();
            match store.redo(ctx, whose)? {
                Some(r) => writeln!(out, "Redid {}.", said(&r.change.whose(&ctx.actor)))?,
                None => writeln!(out, "Nothing to redo.")?,
            }
        }
        Command::Export {
            format,
            output,
            kind,
        } => export_cmd(store, ctx, format, output, kind, stdout)?,
        Command::Import { files, format, .. } => {
            return import::run(store, ctx, &files, format, stdout);
        }
        Command::Backup { path: to } => {
            store.backup(&to)?;
            writeln!(
                stdout.human(),
                "Backed up {} to {}",
                path.display(),
                to.display()
            )?;
        }
        Command::Check => {
            let out = &mut stdout.human();
            let problems = store.check()?;
            if problems.is_empty() {
                writeln!(
                    out,
                    "ok: {} passes SQLite's integrity and foreign-key checks, every stored value \
                     meets its field's rules and the audit trail agrees with the data",
                    path.display()
                )?;
            } else {
                for p in &problems {
                    writeln!(out, "{p}")?;
                }
                bail!(
                    "{} problem(s) found in {}: repair each value as its line says, or restore \
                     from a backup",
                    problems.len(),
                    path.display()
                );
            }
        }
        Command::Settings { changes } => settings_cmd(store, ctx, &changes, &mut stdout.human())?,
        Command::Pack {
            board,
            meeting,
            since,
            format,
            output,
        } => {
            let a = reports::pack::PackArgs {
                board,
                meeting,
                since,
                format,
                output,
            };
            reports::pack::run(store, ctx, &a, &mut stdout.document())?
        }
        Command::Minutes {
            meeting,
            format,
            output,
        } => reports::minutes::run(
            store,
            ctx,
            &meeting,
            format,
            output.as_deref(),
            &mut stdout.document(),
        )?,
        Command::Digest {
            owner,
            within,
            format,
            output,
            record_chase,
            verbose,
        } => {
            let a = reports::digest::DigestArgs {
                owner,
                within,
                format,
                output,
                record_chase,
                verbose,
            };
            reports::digest::run(store, ctx, &a, &mut stdout.document())?
        }
        Command::Calendar { output } => {
            reports::calendar::run(store, ctx, output.as_deref(), &mut stdout.document())?
        }
        Command::Deadline { .. } | Command::Holidays { .. } | Command::Demo => {
            unreachable!("handled above")
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Opens the dashboard on a database (`path`, else the one the options name); without a
/// terminal, says so instead of drawing.
fn dashboard(g: &args::Global, path: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the dashboard needs a terminal (stdin and stdout are not one here); for scripts use \
             the commands: `oversight --help` lists them"
        );
    }
    let db = match path {
        Some(path) => db::DbPath {
            path,
            explicit: true,
        },
        None => db::DbPath::of(g)?,
    };
    let asked = db.open_asking(&mut std::io::stdin().lock(), &mut Out::stdout().human())?;
    let Some(store) = asked else {
        return Ok(ExitCode::SUCCESS);
    };
    let ctx = make_context(g, Some(&store))?;
    let ended = crate::tui::run(store, ctx, db.path.display().to_string(), g.today.is_none())?;
    if let crate::tui::Ended::Signal { number, lost } = ended {
        // The terminal is restored by now; say what the signal cost, exit as shells expect.
        let what = match lost {
            Some(form) => format!(
                "what you were typing in “{}” was not saved",
                sanitize::for_terminal(&form, false)
            ),
            None => "nothing was being typed; every change made before was saved".into(),
        };
        let _ = writeln!(
            human::stderr(),
            "oversight: stopped by signal {number}: {what}."
        );
        return Ok(ExitCode::from((128 + number) as u8));
    }
    Ok(ExitCode::SUCCESS)
}

/// A fresh demo: a file that does not exist is made (in a folder that exists, unless it is
/// the default place); an empty database or a demo nobody has changed is reset in place, in
/// one transaction (never deleted: a dashboard open on it re-reads); anything else is refused.
fn demo_cmd(g: &args::Global) -> anyhow::Result<ExitCode> {
    let db = db::DbPath::demo(g)?;
    let mut store = db.open_or_create()?;
    // The demo starts with the default settings, whatever the replaced database had.
    let ctx = make_context(g, None)?;
    let shown = db.path.display().to_string();
    let n = demo::replace(
        &mut store,
        &ctx,
        &shown,
        &crate::domain::history::local_zone(),
    )?;
    drop(store);
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return dashboard(g, Some(db.path));
    }
    let mut stdout = Out::stdout();
    let mut out = stdout.human();
    writeln!(out, "Demo database with {n} items at {shown}")?;
    writeln!(
        out,
        "Try: oversight --db {} list recommendations --overdue",
        shell_quote(&db.path)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Data text (names, summaries) made safe to print.
fn said(text: &str) -> String {
    sanitize::for_terminal(text, false).into_owned()
}

fn shell_quote(path: &Path) -> String {
    let s = path.display().to_string();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn parse_kind(s: &str) -> anyhow::Result<Kind> {
    Kind::parse(s)
        .ok_or_else(|| anyhow!("'{s}' is not a kind of item: use one of {}", Kind::names()))
}

fn parse_id(s: &str) -> anyhow::Result<ItemId> {
    Ok(s.parse()?)
}

fn split_pair(arg: &str) -> anyhow::Result<(String, String)> {
    arg.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .ok_or_else(|| anyhow!("'{arg}' is not FIELD=VALUE (for example owner=\"BCU Commander\")"))
}

/// Reads `name=value`, `--name value` and `--name=value` alike.
fn field_pairs(args: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if let Some(flag) = arg.strip_prefix("--") {
            if let Some((k, v)) = flag.split_once('=') {
                pairs.push((k.to_string(), v.to_string()));
            } else {
                let value = iter
                    .next()
                    .ok_or_else(|| anyhow!("--{flag} needs a value"))?;
                pairs.push((flag.to_string(), value.clone()));
            }
        } else {
            pairs.push(split_pair(arg)?);
        }
    }
    if pairs.is_empty() {
        bail!("give the fields as name=value (see `oversight show` of a similar item for names)");
    }
    Ok(pairs)
}

/// Parses every pair against the kind's fields; the first problem stops everything.
fn parse_fields(
    kind: Kind,
    pairs: &[(String, String)],
    today: NaiveDate,
) -> anyhow::Result<Vec<Change>> {
    pairs
        .iter()
        .map(|(name, value)| {
            let spec = fields::field(kind, name)?;
            Ok((spec, spec.parse(value, today)?))
        })
        .collect()
}

fn report_saved(
    out: &mut Human<impl Write>,
    verb: &str,
    saved: &crate::store::Saved,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "{verb} {} (version {}): {}",
        saved.item.id,
        saved.item.version,
        output::cut(&saved.item.headline(), 70)
    )?;
    for w in &saved.warnings {
        writeln!(out, "warning: {w}")?;
    }
    Ok(())
}

fn list_cmd(
    store: &Store,
    ctx: &Context,
    a: ListArgs,
    out: &mut Out<impl Write>,
) -> anyhow::Result<()> {
    if let Some(view) = views::View::parse(&a.kind) {
        return views::list(store, ctx, view, &a, out);
    }
    if a.weeks.is_some() {
        bail!("--weeks goes with `list deadlines`");
    }
    let kind = parse_kind(&a.kind)?;
    let status = match a.status.as_deref() {
        None => None,
        Some(s) => {
            let vocab = fields::status_vocab(kind)
                .ok_or_else(|| anyhow!("{} have no status", kind.plural()))?;
            Some(vocab.parse(s).ok_or_else(|| {
                anyhow!(
                    "--status: '{s}' is not a {}: use one of {}",
                    vocab.name,
                    vocab.listing()
                )
            })?)
        }
    };
    let query = ListQuery {
        open_only: a.open,
        overdue_only: a.overdue,
        due_within: a.due_within,
        status: status.map(str::to_string),
        owner: a.owner,
        search: a.search,
        limit: a.limit,
        ..ListQuery::default()
    };
    // Rows are written as they are read: the first reach a reader (`| head`) at once, and
    // memory stays flat whatever the size.
    let today = ctx.today;
    match a.format {
        ListFormat::Json => {
            let mut out = out.json();
            let mut rows = output::JsonRows::default();
            store.list_each(kind, &query, today, |r| {
                Ok::<_, anyhow::Error>(rows.row(&mut out, &r, today)?)
            })?;
            rows.finish(&mut out)?;
        }
        ListFormat::Csv => {
            let mut rows = output::CsvRows::new(out.csv(), kind);
            store.list_each(kind, &query, today, |r| {
                Ok::<_, anyhow::Error>(rows.row(&r, today)?)
            })?;
            rows.finish()?;
        }
        ListFormat::Table => {
            let mut out = out.human_buffered();
            let mut rows = output::TableRows::new(
                kind,
                today,
                ctx.settings.due_soon_days,
                output::terminal_width(),
            );
            store.list_each(kind, &query, today, |r| {
                Ok::<_, anyhow::Error>(rows.row(&mut out, &r)?)
            })?;
            rows.finish(&mut out)?;
        }
    }
    Ok(())
}

fn show_cmd(
    store: &Store,
    ctx: &Context,
    id: &str,
    format: ReadFormat,
    stdout: &mut Out<impl Write>,
) -> anyhow::Result<()> {
    let id = parse_id(id)?;
    let item = store.get(id)?;
    let notes = store.notes(id)?;
    let chases: Vec<_> = notes
        .iter()
        .filter(|n| n.text(Field::Kind) == Some("chase"))
        .collect();
    let listed = Listed {
        item: item.clone(),
        chases: chases.len() as i64,
        last_chased_on: chases.iter().filter_map(|n| n.date(Field::NotedOn)).max(),
    };
    let kids = store.children(id, ctx.today)?;
    match format {
        ReadFormat::Json => {
            let mut obj = output::item_json(&listed, ctx.today);
            obj.insert("deleted".into(), json!(item.deleted));
            for (kind, rows) in &kids {
                let arr: Vec<Json> = rows
                    .iter()
                    .map(|r| Json::Object(output::item_json(r, ctx.today)))
                    .collect();
                obj.insert(kind.plural().into(), Json::Array(arr));
            }
            let notes: Vec<Json> = notes
                .iter()
                .map(|n| {
                    let l = Listed {
                        item: n.clone(),
                        chases: 0,
                        last_chased_on: None,
                    };
                    let mut o = output::item_json(&l, ctx.today);
                    for k in [
                        "status",
                        "due_on",
                        "overdue",
                        "days_overdue",
                        "chases",
                        "last_chased_on",
                        "days_since_chase",
                    ] {
                        o.remove(k);
                    }
                    Json::Object(o)
                })
                .collect();
            obj.insert("notes".into(), Json::Array(notes));
            let mut json = stdout.json();
            writeln!(
                json,
                "{}",
                serde_json::to_string_pretty(&Json::Object(obj))?
            )?;
            json.flush()?;
        }
        ReadFormat::Table => {
            let out = &mut stdout.human_buffered();
            write!(
                out,
                "{}",
                output::item_block(&item, ctx.today, ctx.settings.due_soon_days)
            )?;
            if let Some(line) = response_timeliness(store, &item)? {
                writeln!(out, "{:<18}{line}", "Response:")?;
            }
            if listed.chases > 0 {
                if let Some(last) = listed.last_chased_on {
                    let times = match listed.chases {
                        1 => "once".to_string(),
                        n => format!("{n} times"),
                    };
                    let ago = match (ctx.today - last).num_days() {
                        0 => "today".to_string(),
                        1 => "yesterday".to_string(),
                        d => format!("{d} days ago"),
                    };
                    writeln!(out, "{:<18}{times}, last {ago}", "Chased:")?;
                }
            }
            for (kind, rows) in &kids {
                if !rows.is_empty() {
                    writeln!(out, "\n{}:", kind.heading())?;
                    output::list_table(
                        out,
                        *kind,
                        rows,
                        ctx.today,
                        ctx.settings.due_soon_days,
                        output::terminal_width(),
                    )?;
                }
            }
            if !notes.is_empty() {
                writeln!(out, "\nNotes:")?;
                for n in &notes {
                    let date = n.get(Field::NotedOn).canonical().unwrap_or_default();
                    let who = n.text(Field::Author).unwrap_or("");
                    let chase = match (n.text(Field::Chased), n.text(Field::ChaseMethod)) {
                        (Some(whom), Some(how)) => format!(
                            " [chased {} {}]",
                            sanitize::for_terminal(whom, false),
                            crate::domain::vocab::chase_how(how)
                        ),
                        _ => String::new(),
                    };
                    writeln!(
                        out,
                        "  {date} {}{chase} ({}): {}",
                        sanitize::for_terminal(who, false),
                        n.id,
                        sanitize::for_terminal(n.text(Field::Text).unwrap_or(""), false)
                    )?;
                }
            }
            // Long text last: the short facts (owner, due date, status) are read first.
            write!(out, "{}", output::long_text(&item))?;
            out.flush()?;
        }
    }
    Ok(())
}

/// For a report with a response letter: was the response sent by the last day?
fn response_timeliness(
    store: &Store,
    report: &crate::domain::item::Item,
) -> anyhow::Result<Option<String>> {
    let (Some(due), Some(letter)) = (
        report.due_on(),
        report.get(Field::ResponseLetterId).as_link(),
    ) else {
        return Ok(None);
    };
    let Some(sent) = store.get(letter)?.date(Field::DatedOn) else {
        return Ok(None);
    };
    Ok(Some(format!(
        "{letter} dated {sent}: {}",
        deadline::timeliness(due, sent)
    )))
}

fn export_cmd(
    store: &Store,
    ctx: &Context,
    format: ExportFormat,
    output_path: Option<PathBuf>,
    kind: Option<String>,
    stdout: &mut Out<impl Write>,
) -> anyhow::Result<()> {
    // Written as read (see `Store::export_json_to`, `output::CsvRows`): memory stays flat.
    match format {
        ExportFormat::Json => {
            if kind.is_some() {
                bail!(
                    "--kind goes with --format csv; the JSON export is always the whole database"
                );
            }
            match output_path {
                Some(p) => write_new_file(&p, |f| {
                    Ok(store.export_json_to(&mut sanitize::JsonSafe::new(f))?)
                })?,
                None => {
                    let mut out = stdout.json();
                    store.export_json_to(&mut out)?;
                    out.flush()?;
                }
            }
        }
        ExportFormat::Csv => {
            let kinds: Vec<Kind> = match &kind {
                Some(k) => vec![parse_kind(k)?],
                None => Kind::ALL.to_vec(),
            };
            let today = ctx.today;
            match (output_path, kind.is_some()) {
                (None, false) => bail!(
                    "CSV holds one kind at a time: add --kind recommendations (or another), or \
                     -o FOLDER for one file per kind"
                ),
                (None, true) => export_csv(store, kinds[0], today, stdout.csv())?,
                (Some(p), true) => write_new_file(&p, |f| {
                    export_csv(store, kinds[0], today, output::Csv::new(f, false))
                })?,
                (Some(dir), false) => {
                    export_csv_folder(store, &kinds, today, &dir)?;
                    writeln!(
                        stdout.human(),
                        "Wrote one CSV file per kind into {}",
                        dir.display()
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// One CSV file per kind in `dir`, all from one snapshot (the files agree with each other),
/// all or none: each is written to a temporary file first, and they are renamed into place
/// together only once every one is whole. A folder made for them and left empty is removed.
fn export_csv_folder(
    store: &Store,
    kinds: &[Kind],
    today: NaiveDate,
    dir: &Path,
) -> anyhow::Result<()> {
    let made = !dir.exists();
    // Readable by the user only, as the database is.
    crate::store::create_private_folders(dir).map_err(|e| FileError::new(dir, e))?;
    let written = (|| {
        let path_of = |k: Kind| dir.join(format!("{}.csv", k.plural()));
        // Refused before anything is written if one is in the way.
        if let Some(taken) = kinds.iter().map(|k| path_of(*k)).find(|p| p.exists()) {
            bail!(
                "{} already exists: choose a new name (a new or empty folder)",
                taken.display()
            );
        }
        let files = store.snapshot(|store| {
            kinds
                .iter()
                .map(|&k| {
                    new_file(&path_of(k), |f| {
                        export_csv(store, k, today, output::Csv::new(f, false))
                    })
                })
                .collect::<anyhow::Result<Vec<NewFile>>>()
        })?;
        Ok(crate::files::commit_all(files)?)
    })();
    if written.is_err() && made {
        // Only if it is still empty: nothing of anyone else's is removed.
        let _ = std::fs::remove_dir(dir);
    }
    written
}

/// The live items of a kind as CSV for a spreadsheet (formulas defused), written as read.
fn export_csv<W: Write>(
    store: &Store,
    kind: Kind,
    today: NaiveDate,
    csv: output::Csv<W>,
) -> anyhow::Result<()> {
    let mut rows = output::CsvRows::new(csv, kind);
    store.list_each(kind, &ListQuery::default(), today, |r| {
        Ok::<_, anyhow::Error>(rows.row(&r, today)?)
    })?;
    rows.finish()?;
    Ok(())
}

/// Writes a new file readable by its owner only, never replacing one: whole or not at all
/// (see [`crate::files`]). `write` fills it as it goes.
fn write_new_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    new_file(path, write)?.commit()?;
    Ok(())
}

/// A new file written by `write` and synced, still under its temporary name: commit it to
/// put it in place. On failure it is removed, and the error names the file and says why in
/// words (a full disk).
fn new_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<NewFile> {
    let mut file = NewFile::create(path)?;
    let mut buffered = std::io::BufWriter::with_capacity(256 * 1024, file.file());
    let written = write(&mut buffered).and_then(|()| Ok(buffered.flush()?));
    drop(buffered);
    match written {
        Ok(()) => Ok(file),
        Err(e) => match e.chain().find_map(|c| c.downcast_ref::<std::io::Error>()) {
            // Said for the file being written: "cannot write PATH: the disk is full: ...".
            Some(io) => Err(FileError::new(path, clone_io(io)).into()),
            None => Err(e),
        },
    }
}

/// An I/O error's kind and words (an `io::Error` is not `Clone`).
fn clone_io(e: &std::io::Error) -> std::io::Error {
    match e.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code),
        None => std::io::Error::new(e.kind(), e.to_string()),
    }
}

fn settings_cmd(
    store: &mut Store,
    ctx: &Context,
    changes: &[String],
    out: &mut Human<impl Write>,
) -> anyhow::Result<()> {
    let mut current = ctx.settings.clone();
    let pairs = changes
        .iter()
        .map(|c| split_pair(c))
        .collect::<anyhow::Result<Vec<_>>>()?;
    for (k, v) in &pairs {
        settings::apply(&mut current, k, v).map_err(|e| anyhow!(e))?;
    }
    let values = settings::values(&current);
    let changed: Vec<(&str, String)> = values
        .iter()
        .filter(|(key, _)| pairs.iter().any(|(k, _)| k == key))
        .map(|(key, v)| (*key, v.clone()))
        .collect();
    if !changed.is_empty() {
        store.set_settings(&changed, ctx)?;
    }
    for ((key, value), (_, meaning)) in values.iter().zip(settings::KEYS) {
        writeln!(out, "{key} = {value}    # {meaning}")?;
    }
    Ok(())
}

fn clock(c: ClockArg) -> Clock {
    match c {
        ClockArg::Ew => Clock::EnglandWales,
        ClockArg::Uk => Clock::UkWide,
        ClockArg::Calendar => Clock::Calendar,
    }
}

fn deadline_cmd(
    g: &args::Global,
    from: &str,
    working_days: Option<u32>,
    clock_arg: ClockArg,
    rule: Option<RuleArg>,
) -> anyhow::Result<ExitCode> {
    // Settings live in the database; use them when there is one, never create one here.
    let store = db::optional(g)?;
    let ctx = make_context(g, store.as_ref())?;
    let from = dates::parse_date(from, ctx.today).map_err(|e| anyhow!("FROM: {e}"))?;
    let result = match (working_days, rule) {
        (Some(n), _) => deadline::working_days_after(from, n, clock(clock_arg), &ctx.calendar),
        (None, Some(r)) => {
            let rule = match r {
                RuleArg::S55 => Rule::S55,
                RuleArg::Iopc => Rule::Iopc,
                RuleArg::Pfd => Rule::Pfd,
                RuleArg::Letter => Rule::Letter,
            };
            deadline::deadline(rule, from, &ctx.calendar, &ctx.settings)
        }
        (None, None) => unreachable!("clap requires one of them"),
    };
    let mut stdout = Out::stdout();
    let mut out = stdout.human();
    let last_day = result.last_day.map_or("none".to_string(), format_date);
    writeln!(out, "{last_day}")?;
    for w in &result.warnings {
        writeln!(out, "warning: {w}")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn holidays_cmd(g: &args::Global, year: i32, clock_arg: ClockArg) -> anyhow::Result<ExitCode> {
    if !(1900..=2200).contains(&year) {
        bail!("{year} is out of range: give a year from 1900 to 2200");
    }
    let ctx = make_context(g, None)?;
    let mut stdout = Out::stdout();
    let mut out = stdout.human_buffered();
    for h in ctx.calendar.holidays(year, clock(clock_arg)) {
        writeln!(out, "{} {}", format_date(h.date), h.name)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
