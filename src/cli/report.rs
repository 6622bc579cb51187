//! `propdesk report`: a month's figures from every procedure.

use crate::context::Ctx;
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The month: 2026-11 (default: this month).
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
}

pub fn run(_ctx: &Ctx, _a: Args) -> Result<()> {
    Err(Error::usage("report: being built"))
}
