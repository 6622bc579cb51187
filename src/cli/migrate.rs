//! `propdesk migrate`: brings an office written by an earlier propdesk to this
//! version's layout. Today: every unit ledger of the one-file layout
//! (`ledger/<UNIT>.yaml`) is split into its books per year (`ledger/<UNIT>/<YYYY>.yaml`),
//! each opening with what the year before carries forward. Running it again does
//! nothing; one stopped half-way completes.

use std::path::PathBuf;

use chrono::Datelike;

use crate::cli::money::books;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::ledger::Ledger;
use crate::model::unit::Unit;
use crate::procedure::fees::years::{Occupancies, OneFile};
use crate::procedure::movein::MoveIn;
use crate::procedure::moveout::MoveOut;
use crate::store::{self, Changes, Record, yaml};

/// Bring the office's files to this version's layout (ledgers: one book per year).
///
/// Splits each `ledger/<UNIT>.yaml` into `ledger/<UNIT>/<YYYY>.yaml`, a book per
/// calendar year, each opening with what the year before carries forward (open
/// charges, late fees owed, deposits, credit), and gives each entry its occupancy
/// (`party:`) from the unit's move-ins and move-outs. The old file is removed once its
/// books are written. With --commit the change is one commit. Run `propdesk check`
/// after.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &Ctx, _args: Args) -> Result<()> {
    let lock = ctx.lock()?;
    let books = books(ctx);
    let old: Vec<(String, PathBuf)> = ctx
        .store
        .list_ids(Ledger::DIR)?
        .into_iter()
        .map(|unit| {
            let rel = Ledger::rel_path(&unit);
            (unit, rel)
        })
        .collect();
    if old.is_empty() {
        ctx.out
            .print("nothing to migrate: every ledger is kept in books per year\n")?;
        return Ok(());
    }
    let mut changes = Changes::new(format!("migrate {} ledgers to books per year", old.len()));
    // Whose each entry is, from the move-ins and move-outs (read once).
    let moveins = ctx.store.load_all::<MoveIn>()?;
    let moveouts = ctx.store.load_all::<MoveOut>()?;
    let mut written = 0;
    for (unit, rel) in &old {
        let shown = store::shown(rel);
        let text = ctx
            .store
            .read_text(rel)?
            .ok_or_else(|| Error::data(format!("{shown}: disappeared while reading")))?;
        let whole: OneFile = yaml::from_yaml(&text, &shown)?;
        if &whole.unit != unit {
            return Err(Error::data(format!(
                "{shown}:1: `unit: {}` does not match the file name {unit:?}",
                whole.unit
            ))
            .with_hint("fix `unit:` or the file name, then run `propdesk migrate` again"));
        }
        let year = whole
            .entries
            .first()
            .map_or(ctx.today.year(), |e| e.date.year());
        let occupancies = Occupancies {
            moveins: moveins
                .iter()
                .filter(|m| &m.unit == unit)
                .map(|m| (m.id.clone(), m.party.clone(), m.fees_from))
                .collect(),
            moveouts: moveouts
                .iter()
                .filter(|m| &m.unit == unit)
                .map(|m| (m.id.clone(), m.party.clone(), m.date))
                .collect(),
            billed: ctx
                .store
                .load::<Unit>(unit)?
                .and_then(|u| u.billed_to().cloned()),
        };
        for book in whole.books(&books, year, &occupancies)? {
            books.state(&book).map_err(|e| {
                Error::data(format!(
                    "{shown}: cannot be split into year books: {}",
                    e.message
                ))
                .with_hint("run `propdesk check` and mend the ledger first")
            })?;
            let path = book.path();
            match ctx.store.read_text(&path)? {
                // Written by a migration that stopped before removing the old file.
                Some(existing) if existing == store::record_text(&book)? => {}
                Some(_) => {
                    return Err(Error::data(format!(
                        "{shown}: its book {} exists already and differs from what the split gives",
                        store::shown(&path)
                    ))
                    .with_hint(
                        "keep one: move the book or the old file out of the office, then run `propdesk migrate` again",
                    ));
                }
                None => {
                    changes.create(&ctx.store, &book)?;
                    written += 1;
                }
            }
        }
    }
    if ctx.dry_run {
        return ctx.save(&lock, &changes);
    }
    let commit = ctx.commit;
    let mut paths = changes.paths();
    store::txn::apply(&ctx.store, &lock, &changes)?;
    for (_, rel) in &old {
        let abs = ctx.store.abs(rel);
        std::fs::remove_file(&abs).map_err(|e| Error::io("remove", &abs, &e))?;
        paths.push(rel.clone());
    }
    if commit {
        ctx.commit_paths(&paths, &changes.message);
    }
    ctx.out.print(&format!(
        "migrated {} ledgers: {written} year books written, the one-file ledgers removed\n",
        old.len()
    ))
}
