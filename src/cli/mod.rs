//! The command line: global flags, one subcommand per file, and the dispatch. Each
//! subcommand file parses its arguments, loads through the store, calls the library,
//! saves and prints; none holds a rule of the office.

mod agenda;
mod bill;
mod check;
mod completions;
mod dunning;
mod git;
mod init;
mod ledger;
mod migrate;
mod money;
mod movein;
mod moveout;
mod notice;
mod party;
mod pay;
mod permit;
mod report;
mod resolve;
mod sync;
mod ticket;
mod unit;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::context::{Ctx, Globals};
use crate::error::{Error, Result, quote};
use crate::model::locale::Locale;
use crate::output::Format;

/// The front desk of a property-management office: records in YAML, in git.
///
/// propdesk keeps the office's records (units, parties, move-ins, tickets, permits,
/// the ledger, dunning, move-outs) as YAML files in a directory tree, walks each desk
/// procedure step by step, enforces the office's rules from office.toml, and renders
/// the notices the desk hands out.
///
/// The office is --office DIR, else $PROPDESK_OFFICE, else the nearest folder upwards
/// holding office.toml. Exit codes: 0 success, 1 a user or data error, 2 a usage or
/// configuration error.
#[derive(Debug, Parser)]
#[command(name = "propdesk", version, max_term_width = 100)]
pub struct Cli {
    /// The office folder (holding office.toml).
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "PROPDESK_OFFICE",
        hide_env_values = true
    )]
    pub office: Option<PathBuf>,
    /// The time now, in the office's zone unless an offset is given: 2026-11-23T09:30.
    #[arg(
        long,
        global = true,
        value_name = "TIME",
        env = "PROPDESK_NOW",
        hide_env_values = true
    )]
    pub now: Option<String>,
    /// The date to act on ("today"): 2026-11-23.
    #[arg(long, global = true, value_name = "DATE")]
    pub date: Option<String>,
    /// Output format of lists and records.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Show ID numbers and phones in full (logged), not masked (138****5678).
    #[arg(long, global = true)]
    pub reveal: bool,
    /// Show what would change, write nothing.
    #[arg(long, global = true)]
    pub dry_run: bool,
    /// Commit the changed files with git (also: [git] auto_commit in office.toml).
    #[arg(long, global = true)]
    pub commit: bool,
    /// Language of tables and notices, overriding the office's: zh-CN or en.
    #[arg(long, global = true, value_name = "LOCALE")]
    pub locale: Option<Locale>,
    /// Who is at the desk, for the history (default: $PROPDESK_USER, then $USER).
    #[arg(long, global = true, value_name = "NAME")]
    pub by: Option<String>,
    /// Make a write safe to retry: a second run with the same KEY does nothing again
    /// and prints what the first printed.
    #[arg(long, global = true, value_name = "KEY")]
    pub request: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

impl clap::builder::ValueParserFactory for Locale {
    type Parser = clap::builder::ValueParser;
    fn value_parser() -> Self::Parser {
        clap::builder::ValueParser::new(|s: &str| s.parse::<Locale>())
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new office: a commented office.toml, the folders, a .gitignore.
    Init(init::Args),
    /// The unit registry: list, show, add, edit, import.
    Unit(unit::Args),
    /// Owners, tenants and contractors: list, show, add, edit, import.
    Party(party::Args),
    /// Validate every file of the office and report every problem.
    Check(check::Args),
    /// Everything due or overdue on a date, most urgent first (the morning cron job).
    ///
    /// Ticket deadlines, complaint replies, move-in re-inspections and welcome visits,
    /// permit approvals, inspections, rectifications, expiries, acceptances and refunds,
    /// parking renewals, dunning steps and approvals, move-out days, inspections,
    /// settlements and refunds. Nothing due prints nothing. --format ics for a calendar.
    Agenda(agenda::Args),
    /// A month's figures from every procedure (--format html: one printable page).
    ///
    /// Repairs and on-time rates, callbacks and satisfaction against the targets,
    /// complaints, special services, billing, collection and arrears aging, permits,
    /// move-ins and move-outs, occupancy.
    Report(report::Args),
    /// Render a notice for a record (to notices/YYYY/MM/, or stdout with -o -).
    ///
    /// Phones and ID numbers are masked in a notice filed in the office (kept in git)
    /// unless office.toml lists the notice in [privacy] full_numbers_in, --reveal or
    /// not; printed (-o -) or written outside the office, --reveal shows them in full
    /// and is logged in .propdesk/reveal.log.
    Notice(notice::Args),
    /// A unit's ledger: statement, balances, deposits held, deposit refunds.
    Ledger(ledger::Args),
    /// What units owe: the month's fees (bill run), charges, waivers, adjustments.
    Bill(bill::Args),
    /// Record a payment (or a deposit) to a unit's ledger.
    Pay(pay::Args),
    /// Move-in: documents, handouts, joint inspection, fees, keys, handover.
    Movein(movein::Args),
    /// Repairs, complaints, inquiries and special services, with deadlines.
    Ticket(ticket::Args),
    /// Permits: renovation, parking, access cards, goods exit, overtime air-conditioning.
    Permit(permit::Args),
    /// Fee collection: each unit's case up the escalation ladder; aging.
    Dunning(dunning::Args),
    /// Move-out: notice, consent, goods exit, inspection, keys, settlement, refund.
    Moveout(moveout::Args),
    /// Take the other desks' changes and give them this desk's (git fetch, merge,
    /// check, push).
    Sync(sync::Args),
    /// Settle a record two desks changed in ways that cannot both stand: show both
    /// versions, keep one (--keep N --why TEXT).
    Resolve(resolve::Args),
    /// The office's git clone: `propdesk git setup` puts propdesk's merge driver in it.
    Git(git::Args),
    /// The merge driver git runs for the records (`merge=propdesk`).
    #[command(hide = true, name = "merge-file")]
    MergeFile(git::MergeArgs),
    /// Bring an office written by an earlier propdesk to this version's layout.
    Migrate(migrate::Args),
    /// Print the shell completion script: bash, zsh or fish.
    ///
    /// Save it where the shell looks for completions: for bash as
    /// ~/.local/share/bash-completion/completions/propdesk, for zsh as _propdesk in a
    /// folder of $fpath, for fish as ~/.config/fish/completions/propdesk.fish.
    Completions(completions::Args),
    /// Print the man page (roff), to save as ~/.local/share/man/man1/propdesk.1.
    #[command(hide = true)]
    Man(completions::ManArgs),
}

/// Parses `args`, builds the context and runs the command.
pub fn run<I, T>(args: I) -> Result<()>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(c) => c,
        Err(e) => {
            let code = e.exit_code();
            // Help and version go to stdout; a closed pipe there is not an error.
            let _ = e.print();
            return if code == 0 {
                Ok(())
            } else {
                Err(Error::usage_printed())
            };
        }
    };
    // Commands that need neither an office nor the environment.
    match &cli.command {
        Command::Completions(a) => return completions::run(a),
        Command::Man(a) => return completions::run_man(a),
        Command::MergeFile(a) => return git::merge_file(a),
        _ => {}
    }
    refuse_control_characters(&args)?;
    let command_line = command_line(&args);
    let globals = Globals {
        office: cli.office.clone(),
        now: cli.now.clone(),
        date: cli.date.clone(),
        format: cli.format,
        reveal: cli.reveal,
        dry_run: cli.dry_run,
        commit: cli.commit,
        locale: cli.locale,
        by: cli
            .by
            .clone()
            .or_else(|| std::env::var("PROPDESK_USER").ok())
            .or_else(|| std::env::var("USER").ok()),
        command_line,
        command_path: match cli.reveal {
            true => command_path(&args),
            false => String::new(),
        },
        seed: env_parse("PROPDESK_SEED")?,
        lock_wait_ms: env_parse("PROPDESK_LOCK_WAIT_MS")?,
        request: match &cli.request {
            Some(key) => {
                crate::store::request::check_key(key)?;
                let typed: Vec<String> = args
                    .iter()
                    .skip(1)
                    .map(|a| a.to_string_lossy().into_owned())
                    .collect();
                Some((key.clone(), crate::store::request::fingerprint(&typed)))
            }
            None => None,
        },
    };
    let cwd = std::env::current_dir()
        .map_err(|e| Error::data(format!("cannot read the current folder: {e}")))?;
    // Commands that do not need an office.
    if let Command::Init(a) = &cli.command {
        return init::run(&globals, &cwd, a);
    }
    let mut cli = cli;
    let mut reads = 1;
    loop {
        let ctx = Ctx::build(&globals, &cwd, chrono::Utc::now())?;
        if reads == 1 {
            refuse_implausible_dates(&args, &ctx.settings.config.office.span())?;
        }
        // A reader takes no lock and never waits: it holds its output back until it
        // knows no change landed while it read, and else reads again.
        ctx.out.hold();
        let done = dispatch(&ctx, cli.command);
        if !ctx.wrote() {
            crate::store::halt_point("read");
        }
        if !ctx.wrote() && !ctx.store.settled() {
            if reads < READS {
                ctx.out.discard();
                reads += 1;
                cli = Cli::try_parse_from(&args).map_err(|_| Error::usage_printed())?;
                continue;
            }
            crate::warn(
                &format!("the office changed while this command read it, {READS} times over"),
                Some(
                    "what is shown may mix states from before and after a change; run the command again",
                ),
            );
        }
        let printed = ctx.out.release();
        if done.is_ok() {
            ctx.finish_request();
        }
        return done.and(printed);
    }
}

/// How many times a reader reads an office that keeps changing under it before it
/// shows what it read, with a warning.
const READS: u32 = 3;

fn dispatch(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Unit(a) => unit::run(ctx, a),
        Command::Party(a) => party::run(ctx, a),
        Command::Check(a) => check::run(ctx, a),
        Command::Notice(a) => notice::run(ctx, a),
        Command::Ticket(a) => ticket::run(ctx, a),
        Command::Movein(a) => movein::run(ctx, a),
        Command::Permit(a) => permit::run(ctx, a),
        Command::Ledger(a) => ledger::run(ctx, a),
        Command::Bill(a) => bill::run(ctx, a),
        Command::Pay(a) => pay::run(ctx, a),
        Command::Dunning(a) => dunning::run(ctx, a),
        Command::Moveout(a) => moveout::run(ctx, a),
        Command::Agenda(a) => agenda::run(ctx, a),
        Command::Report(a) => report::run(ctx, a),
        Command::Migrate(a) => migrate::run(ctx, a),
        Command::Sync(a) => sync::run(ctx, a),
        Command::Resolve(a) => resolve::run(ctx, a),
        Command::Git(a) => git::run(ctx, a),
        _ => unreachable_command(),
    }
}

/// The subcommands typed (`party show`), without their arguments: what a reveal's
/// history entry names (an argument may be a number).
fn command_path(args: &[OsString]) -> String {
    use clap::CommandFactory;
    let mut path = Vec::new();
    if let Ok(matches) = Cli::command().try_get_matches_from(args) {
        let mut m = &matches;
        while let Some((name, sub)) = m.subcommand() {
            path.push(name.to_string());
            m = sub;
        }
    }
    path.join(" ")
}

fn unreachable_command() -> Result<()> {
    Err(Error::usage(
        "this command is handled before the office is opened",
    ))
}

/// The flags whose text may run over several lines: notes, descriptions, reasons.
const MULTI_LINE: &[&str] = &[
    "--note",
    "--description",
    "--explanation",
    "--findings",
    "--outcome",
    "--reason",
    "--short-reason",
    "--damage-reason",
    "--text",
    "--why",
    "--work",
    "--materials",
];

/// Refuses an argument holding a control character (ESC, BEL, NUL, a carriage
/// return...): text typed at the desk ends up in records, notices and calendars, where
/// such a character would recolour a terminal or break a file. A line break is allowed
/// in the text of a note or a description ([`MULTI_LINE`]). The argument is named (its
/// flag, or its place among the command's words), with the character and its place.
fn refuse_control_characters(args: &[OsString]) -> Result<()> {
    for (name, value) in typed(args) {
        let keep: &[char] = if MULTI_LINE.contains(&name.as_str()) {
            &['\n']
        } else {
            &[]
        };
        if let Some((at, c)) = crate::error::first_control(&value, keep) {
            return Err(Error::usage(format!(
                "{name} {}: {} at character {at}; what is typed may not hold control characters",
                quote(&value),
                crate::error::control_name(c)
            ))
            .with_hint(format!(
                "type the value again without it (text pasted from another program may carry one); a line break is allowed only in {}",
                MULTI_LINE.join(", ")
            )));
        }
    }
    Ok(())
}

/// Refuses a date typed anywhere on the command line (a due date, a lease's end,
/// `--at`, `--month`) outside the office's span (`[office] earliest` .. `horizon`),
/// naming the argument: a due date of year 0 would post thousands in late fees. A
/// value counts as a date when it is one whole (`2026-11-23`, `2026-11`, a date and
/// time), not when a note merely starts with one.
fn refuse_implausible_dates(args: &[OsString], span: &crate::model::plausible::Span) -> Result<()> {
    use crate::model::plausible::Span;
    for (name, value) in typed(args) {
        if MULTI_LINE.contains(&name.as_str()) {
            continue;
        }
        let v = value.trim();
        let date = Span::whole_date(v);
        if let Some(d) = date {
            span.check(d).map_err(|e| {
                crate::context::implausible(&format!("{name} {}", quote(v)), &e.to_string())
            })?;
        }
    }
    Ok(())
}

/// The words typed after the program, each as (what names it, its value): a flag's
/// value by its flag (`--due`, also from `--due=...`), anything else by its place
/// (`argument 3`).
fn typed(args: &[OsString]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    // The flag just before a word, whose value that word may be.
    let mut flag: Option<String> = None;
    for (i, a) in args.iter().enumerate().skip(1) {
        let a = a.to_string_lossy().into_owned();
        match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => {
                flag = None;
                out.push((f.to_string(), v.to_string()));
            }
            _ if a.starts_with('-')
                && a.len() > 1
                && !a[1..].starts_with(|c: char| c.is_ascii_digit()) =>
            {
                flag = Some(a.clone());
                out.push((format!("argument {i}"), a));
            }
            _ => match flag.take() {
                Some(f) => out.push((f, a)),
                None => out.push((format!("argument {i}"), a)),
            },
        }
    }
    out
}

/// The command as typed, whole, for the lock holder's description and a request's
/// note: `propdesk` and each argument, quoted for a shell where it needs it, control
/// characters escaped.
fn command_line(args: &[OsString]) -> String {
    let words: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    crate::store::reveal::command_line(&words)
}

fn env_parse(name: &str) -> Result<Option<u64>> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| Error::usage(format!("invalid {name} {v:?}: expected a whole number"))),
        _ => Ok(None),
    }
}

/// The record of kind `T` that an ID typed in part names (`JZ9X`), from file names
/// only; `list` is the command that lists them all, for the hint.
pub(crate) fn find_record<T: crate::model::record::Record>(
    ctx: &Ctx,
    typed: &str,
    list: &str,
) -> Result<T> {
    use crate::model::ids::{self, Resolved};
    let files = ctx.store.list_files::<T>()?;
    match ids::resolve(typed, files.iter().map(|(id, _)| id.as_str())) {
        Resolved::One(id) => match files.iter().find(|(i, _)| i == id) {
            Some((_, rel)) => ctx.store.load_file::<T>(rel),
            None => Err(Error::not_found(T::WHAT, typed)),
        },
        Resolved::None => Err(Error::not_found(T::WHAT, typed)
            .with_hint(format!("`propdesk {list}` lists every {}", T::WHAT))),
        Resolved::Many(hits) => Err(Error::usage(format!(
            "{typed:?} matches {} {}s: {}",
            hits.len(),
            T::WHAT,
            hits.iter().take(10).copied().collect::<Vec<_>>().join(", ")
        ))
        .with_hint("type more of the ID")),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every subcommand's flags are consistent with each other and with the global
    /// ones (a subcommand's `--date` would shadow the global `--date` and panic).
    #[test]
    fn the_command_line_is_consistent() {
        let cli = super::Cli::command();
        cli.clone().debug_assert();
        let globals: Vec<String> = cli
            .get_arguments()
            .filter(|a| a.is_global_set())
            .map(|a| a.get_id().to_string())
            .collect();
        fn walk(c: &clap::Command, globals: &[String], path: &str) {
            for a in c.get_arguments().filter(|a| !a.is_global_set()) {
                assert!(
                    !globals.contains(&a.get_id().to_string()),
                    "{path}: --{} shadows the global flag of that name",
                    a.get_id()
                );
            }
            for sub in c.get_subcommands() {
                walk(sub, globals, &format!("{path} {}", sub.get_name()));
            }
        }
        for sub in cli.get_subcommands() {
            walk(sub, &globals, sub.get_name());
        }
    }
}
