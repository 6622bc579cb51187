//! `propdesk notice`: render a notice for a record.

use std::path::{Path, PathBuf};

use clap::builder::{PossibleValue, PossibleValuesParser};

use crate::context::{Ctx, Numbers};
use crate::error::{Error, Result};
use crate::model::ids;
use crate::notice::{self, Owner};
use crate::render::{Renderer, Style};
use crate::store::Changes;

/// Render a notice for a record, from the office's templates (or the built-in ones).
///
/// The notice is filed as notices/YYYY/MM/<date>-<record>-<notice>.<locale>.<txt|html>
/// and its path printed; `-o -` prints the notice itself instead. The same records and
/// date give the same bytes. Phones and ID numbers are masked: printed (-o -) or
/// written outside the office (-o PATH), --reveal shows them in full and is logged; a
/// notice filed in the office (kept in git) has them in full only if office.toml lists
/// it in [privacy] full_numbers_in, never because of --reveal.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which notice.
    #[arg(value_parser = names())]
    notice: String,
    /// The record it is for: a unit number, a receipt's number (SJ-20261123-A-1203-7KQ4),
    /// or the ID (or any unique part of it) of the ticket, move-in, permit or move-out
    /// the notice is for (a goods exit pass also by its move-out's ID).
    record: String,
    /// The payment notice's month, YYYY-MM (default: this month).
    #[arg(long, value_name = "YYYY-MM")]
    month: Option<String>,
    /// A printable A4 HTML page instead of text.
    #[arg(long)]
    html: bool,
    /// Write here instead of notices/YYYY/MM/ ("-" for standard output).
    #[arg(long, short = 'o', value_name = "PATH")]
    output: Option<PathBuf>,
}

/// Every procedure's notices, with what each is, as the command line offers them.
fn names() -> PossibleValuesParser {
    PossibleValuesParser::new(
        crate::procedure::notice::all().map(|(_, n)| PossibleValue::new(n.name).help(n.about)),
    )
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let style = if a.html { Style::Html } else { Style::Text };
    let Some((owner, which)) = notice::find(&a.notice) else {
        return Err(Error::usage(format!("unknown notice {:?}", a.notice)));
    };
    // The day it is filed under: today, or the day a receipt was taken, so a receipt
    // printed again is filed where it was.
    let mut day = ctx.today;
    let numbers = numbers(ctx, which.name, a.output.as_deref());
    let (record, values, locale) = match owner {
        Owner::Ticket => crate::cli::ticket::notice_values(ctx, which, &a.record, numbers)?,
        Owner::MoveIn => crate::cli::movein::notice_values(ctx, which, &a.record)?,
        Owner::MoveOut => crate::cli::moveout::notice_values(ctx, which, &a.record)?,
        Owner::Permit
            if *which == crate::procedure::permit::notices::GOODS_EXIT_PASS
                && is_moveout_id(&a.record) =>
        {
            // A move-out's goods exit pass: the permit it made.
            let m = crate::cli::moveout::find(ctx, &a.record)?;
            let pass = crate::procedure::moveout::notices::exit_pass(&m)?;
            crate::cli::permit::notice_values(ctx, which, pass)?
        }
        Owner::Permit => crate::cli::permit::notice_values(ctx, which, &a.record)?,
        Owner::Receipt => {
            let (number, taken, values, locale) = crate::cli::money::receipt(ctx, &a.record)?;
            day = taken;
            (number, values, locale)
        }
        Owner::Fees | Owner::Dunning => {
            let record = ids::normalize_unit(&a.record)?;
            let month = a.month.as_deref();
            let (values, locale) =
                crate::cli::money::notice_values(ctx, which, &record, month, numbers)?;
            (record, values, locale)
        }
    };
    let text = Renderer::new(ctx.root())?.render(which.template, locale, style, &values)?;
    match a.output {
        Some(p) if p.as_os_str() == "-" => ctx.print(&text),
        Some(p) => {
            // Logged before the numbers reach the file.
            ctx.log_reveals()?;
            crate::store::txn::write_file_atomic(&p, text.as_bytes())?;
            ctx.print(&format!("{}\n", p.display()))
        }
        None => {
            let rel = notice::notice_path(day, &record, which, locale, style);
            let lock = ctx.lock()?;
            let mut changes = Changes::new(format!("notice {} for {record}", which.name));
            changes.put(&ctx.store, rel.clone(), text.into_bytes())?;
            ctx.save(&lock, &changes)?;
            if !ctx.dry_run {
                ctx.out.print(&format!("{}\n", crate::store::shown(&rel)))?;
            }
            Ok(())
        }
    }
}

/// How the notice `name` written to `output` writes phones and ID numbers. Printed, or
/// written outside the office: as every command prints them (in full with --reveal,
/// logged). Filed in the office (notices/, or -o into the tree), which git keeps: in
/// full only when `[privacy] full_numbers_in` lists the notice; a dry run shows what
/// would be filed masked unless --reveal.
fn numbers(ctx: &Ctx, name: &str, output: Option<&Path>) -> Numbers {
    let filed = match output {
        None => true,
        Some(p) if p.as_os_str() == "-" => false,
        Some(p) => in_office(ctx.root(), p),
    };
    if !filed {
        return ctx.numbers();
    }
    let listed = ctx.settings.config.privacy.full_numbers_in(name);
    if ctx.reveal && !(listed && ctx.dry_run) {
        crate::warn(
            &format!(
                "--reveal does not apply to a notice filed in the office (kept in git): the {name} is filed with phones and ID numbers {}",
                if listed {
                    "in full, as [privacy] full_numbers_in says"
                } else {
                    "masked"
                }
            ),
            Some(
                "print it with -o - (or write it outside the office with -o PATH) to see them in full",
            ),
        );
    }
    match (listed, ctx.dry_run) {
        (true, false) => Numbers::Filed,
        (true, true) => ctx.numbers(),
        (false, _) => Numbers::Masked,
    }
}

/// Whether `path` (as typed, from the current folder) is inside the office tree.
fn in_office(root: &Path, path: &Path) -> bool {
    let abs = match std::env::current_dir() {
        Ok(cwd) => cwd.join(path),
        Err(_) => return true,
    };
    let dir = abs.parent().unwrap_or(&abs);
    match (dir.canonicalize(), root.canonicalize()) {
        (Ok(dir), Ok(root)) => dir.starts_with(root),
        // A folder that does not exist cannot be written to; a root that cannot be
        // read: taken as inside, the safe side.
        (Err(_), _) => false,
        (_, Err(_)) => true,
    }
}

/// A move-out ID typed in full or from its start (`MO-`).
fn is_moveout_id(typed: &str) -> bool {
    typed.trim().to_ascii_uppercase().starts_with("MO-")
}
