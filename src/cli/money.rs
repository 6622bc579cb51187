//! What the money commands (`bill`, `pay`, `ledger`, `dunning`) share: reading amounts,
//! loading a unit's ledger, the clerk's stamp, filing a notice, and saying what was
//! done.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};

use crate::context::{Ctx, Numbers};
use crate::error::{Error, Result};
use crate::messages::Say;
use crate::model::ids;
use crate::model::ledger::Ledger;
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::party::Party;
use crate::model::unit::Unit;
use crate::notice;
use crate::procedure::Act;
use crate::procedure::dunning::{DunningCase, notices as dunning_notices};
use crate::procedure::fees::accounts::Books;
use crate::procedure::fees::notices as fee_notices;
use crate::procedure::fees::receipts;
use crate::procedure::fees::steps::{self, Post};
use crate::procedure::notice::{NoticeDef, Owner};
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

/// A month typed, `2026-11`, as its first day.
pub fn parse_month(s: &str) -> Result<NaiveDate> {
    crate::model::ledger::parse_month(s).ok_or_else(|| {
        Error::usage(format!(
            "invalid month {s:?}: expected YYYY-MM like 2026-11"
        ))
    })
}

/// The month typed, `2026-11`, or this month: its first day.
pub fn month(ctx: &Ctx, typed: Option<&str>) -> Result<NaiveDate> {
    match typed {
        Some(m) => parse_month(m),
        None => Ok(ctx.today.with_day(1).unwrap_or(ctx.today)),
    }
}

pub fn books(ctx: &Ctx) -> Books<'_> {
    ctx.settings.config.books(&ctx.settings.calendar)
}

/// Who acts and when: the user, now.
pub fn clerk(ctx: &Ctx) -> Act<'_> {
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
    let mut ledger = open_book(ctx, &id)?;
    // What is posted belongs to the party billed today, unless a step says whose.
    ledger.posting_for = unit.billed_to().cloned();
    Ok((unit, ledger))
}

/// The unit's ledger book for this year: the year's book, or a new one carrying
/// forward the latest earlier book (saved by the first command that posts to it), or
/// a new empty book for a unit with no ledger yet.
pub fn open_book(ctx: &Ctx, unit: &str) -> Result<Ledger> {
    book_for(&ctx.store, &books(ctx), unit, ctx.today.year())
}

/// What `keep` makes of every unit's ledger book for `year` (carried forward from its
/// latest earlier book where the unit has none that year), read in parallel, each
/// book read, kept from and dropped in turn.
pub fn each_book<R: Send>(
    store: &Store,
    books: &Books,
    year: i32,
    keep: impl Fn(Ledger) -> Result<Option<R>> + Sync,
) -> Result<Vec<R>> {
    let files = store.ledger_books(year)?;
    store.load_files_each(files, |l: Ledger| {
        keep(crate::procedure::fees::years::open_for(books, l, year)?)
    })
}

/// The unit's ledger book for `year` (see [`open_book`]).
pub fn book_for(store: &Store, books: &Books, unit: &str, year: i32) -> Result<Ledger> {
    match store.ledger_book(unit, year)? {
        Some(l) => Ok(crate::procedure::fees::years::open_for(books, l, year)?),
        None => Ok(Ledger::new(unit, year)),
    }
}

/// The unit a record names in `unit:` and its ledger; a `unit:` that is not an ID is
/// refused with the record's file and line, as written (never upper-cased as if typed).
pub fn unit_and_ledger_of<T: Record>(ctx: &Ctx, record: &T, unit: &str) -> Result<(Unit, Ledger)> {
    ctx.store.check_reference(record, "unit", unit)?;
    unit_and_ledger(ctx, unit)
}

/// A party's name, or its ID when it is not in the registry.
pub fn party_name(ctx: &Ctx, id: &str) -> Result<String> {
    Ok(ctx
        .store
        .load::<Party>(id)?
        .map_or_else(|| id.to_string(), |p| p.name))
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

/// The values of a unit's notice (the fees' or the dunning case's) and the language it
/// is written in: the records its procedure says it needs are loaded, and the
/// procedure makes the values. Phones and ID numbers are written as `numbers` says.
pub fn notice_values(
    ctx: &Ctx,
    which: &NoticeDef,
    unit_id: &str,
    month_typed: Option<&str>,
    numbers: Numbers,
) -> Result<(tera::Context, Locale)> {
    let owner = crate::notice::find(which.name).map(|(o, _)| o);
    let needs = match owner {
        Some(Owner::Fees) => fee_notices::needs(which),
        Some(Owner::Dunning) => dunning_notices::needs(which),
        _ => {
            return Err(Error::usage(format!(
                "the {} is not a unit's notice",
                which.name
            )));
        }
    };
    let c = &ctx.settings.config;
    let books = books(ctx);
    let (unit, ledger) = match needs.books {
        true => unit_and_ledger(ctx, unit_id).map(|(u, l)| (u, Some(l)))?,
        false => (ctx.store.get(unit_id)?, None),
    };
    let state = ledger.as_ref().map(|l| books.state(l)).transpose()?;
    let (to, mut parties) = (addressee(ctx, &ctx.store, &unit)?, Vec::new());
    let month = needs.month.then(|| month(ctx, month_typed)).transpose()?;
    let case = match needs.case {
        true => ctx.store.load::<DunningCase>(&unit.id)?,
        false => None,
    };
    if !needs.books {
        for id in [&unit.owner, &unit.occupant].into_iter().flatten() {
            if let Some(p) = ctx.store.load::<Party>(id)? {
                parties.push(ctx.shown_party(&p, numbers));
            }
        }
    }
    let papers = fee_notices::Papers {
        office: c.letterhead(),
        unit: &unit,
        parties: &parties,
        ledger: ledger.as_ref().zip(state.as_ref()),
        billed: to.party.as_ref(),
        owner: to.owner.as_ref(),
        case: case.as_ref(),
        month,
        today: ctx.today,
        office_locale: ctx.locale,
        locale: to.locale,
    };
    Ok(match owner {
        Some(Owner::Dunning) => dunning_notices::values(which, &books, &papers)?,
        _ => fee_notices::values(which, &books, &papers)?,
    })
}

/// The receipt typed (its number, any case), as `pay` filed it: its number, the day it
/// was taken, its values and its language (the party billed's, as the unit's notices).
pub fn receipt(ctx: &Ctx, typed: &str) -> Result<(String, NaiveDate, tera::Context, Locale)> {
    let unit = receipts::unit_of(typed)?;
    let (unit, mut ledger) = unit_and_ledger(ctx, &unit)?;
    // A receipt of an earlier year is in that year's book.
    if let Some(year) = receipts::year_of(typed).filter(|y| *y < ledger.year) {
        ledger = book_for(&ctx.store, &books(ctx), &unit.id, year)?;
    }
    let entry = receipts::find(&ledger, typed)?;
    let locale = addressee(ctx, &ctx.store, &unit)?.locale;
    let values = receipts::values(ctx.settings.config.letterhead(), &ledger, entry.no, locale)?;
    let number = entry.receipt.clone().unwrap_or_default();
    Ok((number, entry.date, values, locale))
}

/// Files the receipt of entry `no` of `ledger` (issued by [`receipts::issue`]) with
/// `changes`, under the day the money arrived, where `notice receipt` files it again;
/// its path.
pub fn file_receipt(
    ctx: &Ctx,
    changes: &mut Changes,
    ledger: &Ledger,
    no: u32,
    number: &str,
    locale: Locale,
) -> Result<PathBuf> {
    let values = receipts::values(ctx.settings.config.letterhead(), ledger, no, locale)?;
    let text = Renderer::new(ctx.root())?.render(
        receipts::RECEIPT.template,
        locale,
        Style::Html,
        &values,
    )?;
    let day = ledger
        .entries
        .iter()
        .find(|e| e.no == no)
        .map_or(ctx.today, |e| e.date);
    let rel = notice::notice_path(day, number, &receipts::RECEIPT, locale, Style::Html);
    changes.put(&ctx.store, rel.clone(), text.into_bytes())?;
    Ok(rel)
}

/// Prints what was done, one line each (nothing on a dry run or when nothing was).
pub fn print(ctx: &Ctx, lines: &[String]) -> Result<()> {
    if ctx.dry_run || lines.is_empty() {
        return Ok(());
    }
    ctx.out.print(&(lines.join("\n") + "\n"))
}

/// A posting by hand to a unit's ledger under the lock, saved, and said with what the
/// ledger holds now: `A-1203: entry 3: charge 200.00 <for>; balance 3,700.00`, with
/// the deposits held after a deposit movement.
/// Dunning follows the money: after a step that may have cleared charges (a payment,
/// a waiver, a deposit applied, a settlement), the unit's open case closes if nothing
/// is overdue any more, whatever cleared it. Adds the case to `changes`; what to say.
pub fn follow_case(ctx: &Ctx, changes: &mut Changes, ledger: &Ledger) -> Result<Option<String>> {
    let state = books(ctx).state(ledger)?;
    follow_case_on(ctx, changes, ledger, &state)
}

/// [`follow_case`] with the ledger's replay the step already made.
pub fn follow_case_on(
    ctx: &Ctx,
    changes: &mut Changes,
    ledger: &Ledger,
    state: &crate::model::ledger::State,
) -> Result<Option<String>> {
    let mut case = ctx.store.load::<DunningCase>(&ledger.unit)?;
    let (rules, calendar) = (&ctx.settings.config.dunning, &ctx.settings.calendar);
    let closed = crate::procedure::dunning::steps::close_if_clear(
        &mut case,
        ledger,
        state,
        rules,
        calendar,
        clerk(ctx),
    )?;
    match (closed, &case) {
        (true, Some(c)) => {
            changes.update(&ctx.store, c)?;
            let unit = ledger.unit.clone();
            Ok(Some(
                crate::procedure::dunning::steps::Done::Closed { unit }.say(ctx.locale),
            ))
        }
        _ => Ok(None),
    }
}

pub fn post_one(ctx: &Ctx, typed: &str, post: Post) -> Result<()> {
    let lock = ctx.lock()?;
    let (unit, mut ledger) = unit_and_ledger(ctx, typed)?;
    let done = steps::post(&books(ctx), &mut ledger, clerk(ctx), post)?;
    let message = match &done {
        steps::Done::Posted {
            no,
            posting,
            amount,
            ..
        } => format!("{}: {} {amount} (entry {no})", unit.id, posting.as_str()),
        other => other.en(),
    };
    let mut changes = Changes::new(message);
    changes.update(&ctx.store, &ledger)?;
    let mut said = vec![done.say(ctx.locale)];
    said.extend(follow_case(ctx, &mut changes, &ledger)?);
    ctx.save(&lock, &changes)?;
    print(ctx, &said)
}
