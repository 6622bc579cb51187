//! `propdesk git setup`, and the merge driver git runs (`propdesk merge-file`).

use std::path::{Path, PathBuf};

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::ledger::ChargeItem;
use crate::store::{Changes, git};

/// The office's git clone: set up propdesk's merge driver.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Put propdesk's merge driver in this clone and `.gitattributes` in the office.
    ///
    /// A clone made with `git clone` does not carry its git config: run this once in
    /// each desk's clone (`propdesk sync` does it when it is missing). `init` does it
    /// for a new office. With --commit, `.gitattributes` is committed.
    Setup,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    match a.command {
        Sub::Setup => setup(ctx),
    }
}

fn setup(ctx: &Ctx) -> Result<()> {
    let root = ctx.root();
    if !git::is_repo(root) {
        return Err(Error::data(format!(
            "{} is not a git repository: there is no clone to set up",
            root.display()
        ))
        .with_hint(format!("make it one with `git init {}`", root.display())));
    }
    let lock = ctx.lock()?;
    let current = ctx.store.read_text(Path::new(git::ATTRIBUTES))?;
    if let Some(text) = git::attributes_with_driver(current.as_deref()) {
        let mut changes = Changes::new("git setup: propdesk merges the records");
        changes.put(
            &ctx.store,
            PathBuf::from(git::ATTRIBUTES),
            text.into_bytes(),
        )?;
        ctx.save(&lock, &changes)?;
    }
    git::install_driver(root)?;
    eprintln!("merge driver set up: git joins two desks' work on a record with propdesk");
    Ok(())
}

/// The merge driver git runs for `merge=propdesk` (hidden).
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The version both desks started from (%O).
    base: PathBuf,
    /// This desk's version (%A); the merged record is written here.
    ours: PathBuf,
    /// The other desk's version (%B).
    theirs: PathBuf,
    /// The record's path in the repository (%P).
    path: String,
}

/// Merges one record for git: exit 0 when merged (a conflict git cannot see is kept
/// in the record, marked, for `propdesk resolve`), 1 when git's own merge left it
/// with conflict markers.
pub fn merge_file(a: &MergeArgs) -> Result<()> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| {
            Error::data(format!(
                "merge {}: cannot read {}: {e}",
                a.path,
                p.display()
            ))
        })
    };
    let base = read(&a.base)?;
    let ours = read(&a.ours)?;
    let theirs = read(&a.theirs)?;
    let (rel, clearing) = office_of(&a.path);
    let base = (!base.is_empty()).then_some(base.as_str());
    match crate::merge::merge(&rel, base, &ours, &theirs, &clearing) {
        crate::merge::Outcome::Merged(text) | crate::merge::Outcome::Marked(text) => {
            crate::store::txn::write_file_atomic(&a.ours, text.as_bytes())
        }
        crate::merge::Outcome::Text => {
            let status = std::process::Command::new("git")
                .args([
                    "merge-file",
                    "-L",
                    "this desk",
                    "-L",
                    "common",
                    "-L",
                    "other desk",
                ])
                .arg(&a.ours)
                .arg(&a.base)
                .arg(&a.theirs)
                .status()
                .map_err(|e| Error::data(format!("cannot run git: {e}")))?;
            if status.success() {
                Ok(())
            } else {
                Err(Error::data(format!(
                    "{}: both desks changed it and propdesk cannot join them: settle it by hand",
                    a.path
                )))
            }
        }
    }
}

/// The record's path from its office's root, and the office's clearing order: git
/// runs the driver at the top of the clone, and the office may be a folder in it.
fn office_of(path: &str) -> (String, Vec<ChargeItem>) {
    let default = crate::procedure::fees::billing::BillingRules::default().clearing_order;
    let mut dir = Path::new(path).parent();
    while let Some(d) = dir {
        let top = if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        };
        if top.join(crate::config::FILE_NAME).is_file() {
            let rel = Path::new(path)
                .strip_prefix(d)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_else(|_| path.to_string());
            let clearing = crate::context::load_settings(top)
                .map(|s| s.config.billing.clearing_order)
                .unwrap_or(default);
            return (rel, clearing);
        }
        dir = d.parent();
    }
    (path.to_string(), default)
}
