//! What the money commands (`bill`, `pay`, `ledger`, `dunning`) share: reading amounts,
//! loading a unit's ledger, the clerk's stamp, and filing a notice.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::procedure::Act;

use crate::context::Ctx;
use crate::error::Result;
use crate::model::ids;
use crate::model::ledger::Ledger;
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::party::Party;
use crate::model::unit::Unit;
use crate::notice;
use crate::procedure::dunning::notices::{DUNNING_NOTICE, SUSPENSION_REQUEST};
use crate::procedure::fees::accounts::Books;
use crate::procedure::fees::notices::{self as fee_notices, PAYMENT_NOTICE, STATEMENT};
use crate::procedure::notice::NoticeDef;
use crate::render::{Renderer, Style};
use crate::store::{Changes, Record, Store};

/// clap's parser of an amount: `1234.50`.
pub fn money(s: &str) -> std::result::Result<Money, String> {
    let m: Money = s
        .parse()
        .map_err(|e: crate::model::money::MoneyError| e.to_string())?;
    if m.minor() <= 0 {
        return Err(format!("invalid amount {s:?}: must be more than 0"));
    }
    Ok(m)
}

/// clap's parser of a date: `2026-11-23`.
pub fn date(s: &str) -> std::result::Result<NaiveDate, String> {
    crate::context::parse_date(s).map_err(|e| e.message)
}

pub fn books(ctx: &Ctx) -> Books<'_> {
    ctx.settings.config.books(&ctx.settings.calendar)
}

pub fn clerk(ctx: &Ctx) -> Act<'_> {
    Act {
        by: &ctx.user,
        at: ctx.stamp(),
        today: ctx.today,
    }
}

pub fn stamp(ctx: &Ctx) -> Act<'_> {
    Act {
        by: &ctx.user,
        at: ctx.stamp(),
        today: ctx.today,
    }
}

/// The unit typed (which must be registered) and its ledger (empty if none yet).
pub fn unit_and_ledger(ctx: &Ctx, typed: &str) -> Result<(Unit, Ledger)> {
    let id = ids::normalize_unit(typed)?;
    let unit: Unit = ctx.store.get(&id)?;
    let ledger = ctx
        .store
        .load::<Ledger>(&id)?
        .unwrap_or_else(|| Ledger::new(&id));
    Ok((unit, ledger))
}

/// The unit a record names in `unit:` and its ledger; a `unit:` that is not an ID is
/// refused with the record's file and line, as written (never upper-cased as if typed).
pub fn unit_and_ledger_of<T: Record>(ctx: &Ctx, record: &T, unit: &str) -> Result<(Unit, Ledger)> {
    ctx.store.check_reference(record, "unit", unit)?;
    unit_and_ledger(ctx, unit)
}

/// The unit's billed party and owner, and the language of its notices.
pub struct Addressee {
    pub party: Option<Party>,
    pub owner: Option<Party>,
    pub locale: Locale,
}

pub fn addressee(ctx: &Ctx, store: &Store, unit: &Unit) -> Result<Addressee> {
    let party = notice::billed_party(store, unit)?;
    let owner = match &unit.owner {
        Some(id) => store.load::<Party>(id)?,
        None => None,
    };
    let locale = notice::locale_for(ctx.locale_flag, party.as_ref(), ctx.settings.config.locale);
    Ok(Addressee {
        party,
        owner,
        locale,
    })
}

impl Addressee {
    pub fn base(&self, ctx: &Ctx, unit: &Unit) -> tera::Context {
        fee_notices::money_base(
            ctx.settings.config.letterhead(),
            &ctx.settings.config.dunning,
            unit,
            self.party.as_ref(),
            self.owner.as_ref(),
            ctx.today,
            self.locale,
        )
    }
}

/// Renders a printable notice and adds it to `changes`; returns its path.
pub fn file_notice(
    ctx: &Ctx,
    renderer: &Renderer,
    changes: &mut Changes,
    notice: &NoticeDef,
    record: &str,
    locale: Locale,
    values: &tera::Context,
) -> Result<PathBuf> {
    let text = renderer.render(notice.template, locale, Style::Html, values)?;
    let rel = notice::notice_path(ctx.today, record, notice, locale, Style::Html);
    changes.put(&ctx.store, rel.clone(), text.into_bytes())?;
    Ok(rel)
}

/// The values of a unit's money notice, and the language it is written in.
pub fn notice_values(
    ctx: &Ctx,
    which: &NoticeDef,
    unit_id: &str,
    month: Option<&str>,
) -> Result<(tera::Context, Locale)> {
    use chrono::Datelike;

    use crate::error::Error;
    use crate::procedure::dunning::{CaseStatus, DunningCase};

    let (unit, ledger) = unit_and_ledger(ctx, unit_id)?;
    let books = books(ctx);
    let state = books.state(&ledger)?;
    let to = addressee(ctx, &ctx.store, &unit)?;
    let base = to.base(ctx, &unit);
    let values = if *which == PAYMENT_NOTICE {
        {
            let month = match month {
                Some(m) => crate::model::ledger::parse_month(m).ok_or_else(|| {
                    Error::usage(format!(
                        "invalid month {m:?}: expected YYYY-MM like 2026-11"
                    ))
                })?,
                None => ctx.today.with_day(1).unwrap_or(ctx.today),
            };
            let period = crate::procedure::fees::accounts::period_of(month);
            let new: Vec<u32> = state
                .charges
                .iter()
                .filter(|c| c.period.as_deref() == Some(period.as_str()))
                .map(|c| c.no)
                .collect();
            let due = ctx.settings.config.billing.due_date(month);
            fee_notices::payment_notice(base, &state, &new, month, due, ctx.today, to.locale)
        }
    } else if *which == STATEMENT {
        let accrued = books.late_fees_accrued(&state, ctx.today);
        fee_notices::statement(base, &ledger, &state, accrued, ctx.today, to.locale)
    } else if *which == DUNNING_NOTICE || *which == SUSPENSION_REQUEST {
        {
            let case = ctx
                .store
                .load::<DunningCase>(&unit.id)?
                .filter(|c| c.status == CaseStatus::Open)
                .ok_or_else(|| Error::data(format!("{} has no open dunning case", unit.id)))?;
            let rules = &ctx.settings.config.dunning;
            let approved_by = case
                .steps
                .iter()
                .rev()
                .find(|s| s.notice_name(rules) == Some(which.name))
                .and_then(|s| s.approved_by.clone());
            let days = rules.days_after(&ctx.settings.calendar, case.since, ctx.today);
            crate::procedure::dunning::notices::dunning_values(
                base,
                rules,
                &state,
                &case,
                days,
                approved_by.as_deref(),
                ctx.today,
                to.locale,
            )
        }
    } else {
        return Err(Error::usage(format!(
            "the {} is not a money notice",
            which.name
        )));
    };
    Ok((values, to.locale))
}

/// Appends one entry to a unit's ledger under the lock, saves, and says what the
/// ledger holds now: `A-1203: entry 3: charge 200.00 <for>; balance 3,700.00`, with
/// the deposits held after a deposit movement.
pub fn post_one(
    ctx: &Ctx,
    typed: &str,
    what: &str,
    deposits: bool,
    post: impl FnOnce(&mut Ledger) -> Result<u32>,
) -> Result<()> {
    let lock = ctx.lock()?;
    let (unit, mut ledger) = unit_and_ledger(ctx, typed)?;
    let books = books(ctx);
    books.state(&ledger)?;
    let no = post(&mut ledger)?;
    let e = &ledger.entries[ledger.entries.len() - 1];
    let mut changes = Changes::new(format!("{}: {what} {} (entry {no})", unit.id, e.amount));
    let state = books.state(&ledger)?;
    let mut line = if deposits {
        format!(
            "{}: entry {no}: {} {}; deposits held {}",
            unit.id,
            e.text,
            e.amount.grouped(),
            state.deposits_held().grouped()
        )
    } else {
        format!(
            "{}: entry {no}: {what} {} {}",
            unit.id,
            e.amount.grouped(),
            e.text
        )
    };
    line.push_str(&format!("; balance {}\n", state.balance().grouped()));
    changes.update(&ctx.store, &ledger)?;
    ctx.save(&lock, &changes)?;
    if !ctx.dry_run {
        ctx.out.print(&line)?;
    }
    Ok(())
}
