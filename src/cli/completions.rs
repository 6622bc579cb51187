//! `propdesk completions SHELL` and the hidden `propdesk man`: the shell completion
//! script and the man page, generated from the command line itself and printed to
//! stdout. Neither needs an office; the global flags do not change what they print.

use clap::CommandFactory;

use crate::error::{Error, Result};
use crate::output::Out;

/// The arguments of `propdesk completions` (its help is on `Command::Completions`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to print the script for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// The shells a script is printed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// The arguments of the hidden `propdesk man`: none.
#[derive(Debug, clap::Args)]
pub struct ManArgs {}

/// The name the program is installed and completed as.
const BIN: &str = "propdesk";

pub fn run(a: &Args) -> Result<()> {
    let shell = match a.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut visible_command(), BIN, &mut buf);
    print(buf)
}

/// The command line without its hidden subcommands (`man`), which clap_complete would
/// otherwise offer (clap-rs/clap#1335). `Command` cannot remove a subcommand, so the
/// root is put together again from the global flags and the visible subcommands.
fn visible_command() -> clap::Command {
    let full = super::Cli::command();
    let mut root = clap::Command::new(BIN)
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(full.is_subcommand_required_set())
        .args(full.get_arguments().cloned())
        .subcommands(full.get_subcommands().filter(|c| !c.is_hide_set()).cloned());
    // The about texts decide the wording of -h's completion ("see more with --help").
    if let Some(about) = full.get_about() {
        root = root.about(about.clone());
    }
    if let Some(about) = full.get_long_about() {
        root = root.long_about(about.clone());
    }
    root
}

pub fn run_man(_a: &ManArgs) -> Result<()> {
    // The page lists the commands; their own options are in their --help, not in
    // pages of their own.
    let cmd = super::Cli::command();
    let about = cmd
        .get_long_about()
        .or(cmd.get_about())
        .map(|s| s.to_string())
        .unwrap_or_default();
    let cmd = cmd.long_about(format!(
        "{about}\n\nEvery command's own options and subcommands: propdesk COMMAND --help."
    ));
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut buf)
        .map_err(|e| Error::data(format!("cannot render the man page: {e}")))?;
    print(buf)
}

fn print(buf: Vec<u8>) -> Result<()> {
    let text =
        String::from_utf8(buf).map_err(|e| Error::data(format!("cannot write the script: {e}")))?;
    Out::default().print(&text)
}
