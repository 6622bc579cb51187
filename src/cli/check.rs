//! `propdesk check`: validate the whole office.

use serde_json::json;

use crate::check;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::Format;

/// Validate every file of the office: YAML syntax, types, unknown fields, references
/// between records, duplicate IDs, history against the stored state.
///
/// Every problem is reported as `path:line: problem` with a hint; the exit code is 1
/// if there is any. Temp files and editor backups are ignored. Keys of [office] a
/// tenant needs to pay that are still empty are warned about on stderr; warnings alone
/// leave the exit code at 0.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &Ctx, _args: Args) -> Result<()> {
    let config = &ctx.settings.config;
    let mut report = check::check_office(
        &ctx.store,
        &crate::cli::money::books(ctx),
        check::Bounds::of(&ctx.settings.config),
    );
    report.warnings = check::office_warnings(&ctx.store, &config.office);
    if config.git.auto_commit {
        report.warnings.extend(check::uncommitted(ctx.root()));
    }
    let text = match ctx.format {
        Format::Json | Format::Yaml => {
            let items: Vec<_> = report
                .problems
                .iter()
                .map(|p| json!({"path": p.path, "line": p.line, "message": p.message, "hint": p.hint}))
                .collect();
            let v = serde_json::Value::Array(items);
            if ctx.format == Format::Json {
                serde_json::to_string_pretty(&v).map_err(|e| Error::data(e.to_string()))? + "\n"
            } else {
                crate::store::yaml::to_yaml(&v).map_err(Error::data)?
            }
        }
        Format::Ics | Format::Html => {
            return Err(ctx.format.not_here("`check`", crate::output::LISTS));
        }
        Format::Table | Format::Csv => {
            let mut s = String::new();
            for p in &report.problems {
                s.push_str(&p.located());
                s.push('\n');
                if let Some(h) = &p.hint {
                    s.push_str(&format!("  hint: {}\n", crate::error::one_line(h)));
                }
            }
            s
        }
    };
    ctx.out.print(&text)?;
    for w in &report.warnings {
        crate::warn(&w.located(), w.hint.as_deref());
    }
    let n = report.problems.len();
    let files = format!(
        "checked {} file{}",
        report.files,
        if report.files == 1 { "" } else { "s" }
    );
    let warnings = match report.warnings.len() {
        0 => String::new(),
        1 => ", 1 warning".to_string(),
        w => format!(", {w} warnings"),
    };
    if n == 0 {
        eprintln!("{files}: no problems{warnings}");
        Ok(())
    } else {
        Err(Error::data(format!(
            "{files}: {n} problem{}{warnings}",
            if n == 1 { "" } else { "s" }
        )))
    }
}
