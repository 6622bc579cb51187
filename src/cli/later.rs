//! Subcommands whose procedure is not built yet: they say so and exit 2, and never
//! pretend to work.

use clap::Parser;

use crate::error::{Error, Result};

#[derive(Debug, Parser)]
pub struct Args {
    /// Ignored until the command is built.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    rest: Vec<std::ffi::OsString>,
}

pub fn refuse(command: &str, arrives_with: &str) -> Result<()> {
    Err(Error::usage(format!(
        "`propdesk {command}` is not built yet: it arrives with {arrives_with}"
    ))
    .with_hint("see `propdesk --help` for the commands that work today"))
}
