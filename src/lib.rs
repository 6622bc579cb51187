//! propdesk: the front desk of a property-management office as one command-line
//! program over YAML records in git.
//!
//! Layout, from the bottom up: `model/` the shared values and record metadata;
//! `procedure/<name>/` each desk procedure (its record, rules, steps, due items,
//! notices, figures), pure functions over records; `messages/` the words of what the
//! procedures say, one catalogue per language; `store/` the only code that touches the
//! office tree; `config` reads `office.toml` with every procedure's rules; `view/`,
//! `output` and `render` show records as tables and notices; `agenda`, `report` and
//! `check` ask every procedure and merge; `cli/` parses, loads, calls a step, saves
//! once and prints, one file per subcommand.

pub mod check;
pub mod cli;
pub mod config;
pub mod context;
pub mod demo;
pub mod error;
pub mod messages;
#[macro_use]
pub mod model;
// After `model`, whose macros it uses.
pub mod agenda;
pub mod merge;
pub mod notice;
pub mod output;
pub mod procedure;
pub mod registry;
pub mod render;
pub mod report;
pub mod store;
#[cfg(test)]
mod testkit;
pub mod view;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::process::ExitCode;

pub use error::{Error, ErrorKind, Result};

/// Runs propdesk with `args` (the program name first) and returns the exit code:
/// 0 success, 1 a user or data error, 2 a usage or configuration error.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let code = match cli::run(args) {
        Ok(()) => 0,
        Err(e) => {
            report(&e);
            e.exit_code()
        }
    };
    ExitCode::from(code)
}

/// Whether stderr takes colour: a terminal, and no `NO_COLOR`.
fn coloured() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A warning on stderr, `warning: ...` with its `hint: ...`, as errors are said.
pub(crate) fn warn(message: &str, hint: Option<&str>) {
    let (warning, h, reset) = if coloured() {
        ("\x1b[1;33m", "\x1b[1;36m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    eprintln!("{warning}warning{reset}: {}", error::printable(message));
    if let Some(text) = hint {
        eprintln!("{h}hint{reset}: {}", error::printable(text));
    }
}

fn report(e: &Error) {
    if e.kind == ErrorKind::BrokenPipe || e.message.is_empty() {
        return;
    }
    if e.kind == ErrorKind::Repeated {
        eprintln!("note: {}", error::printable(&e.message));
        return;
    }
    let (err, hint, reset) = if coloured() {
        ("\x1b[1;31m", "\x1b[1;36m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    // A message may quote a record's text: its control characters are escaped, never
    // sent to the terminal.
    eprintln!("{err}error{reset}: {}", error::printable(&e.message));
    if let Some(h) = &e.hint {
        eprintln!("{hint}hint{reset}: {}", error::printable(h));
    }
}
