//! Late fees (滞纳金) accrue; they are posted only at defined moments. What a charge
//! has accrued to any day is computed from the ledger's replay, exact to the cent
//! ([`crate::model::ledger::LateFeeRule`]); it becomes a ledger entry, one per overdue
//! charge, only:
//! - when a payment, a deposit applied or a waiver clears the charge or its late fee
//!   (through that day: [`touched`]);
//! - at the month's `bill run` (through the end of the month before: [`month_end`]);
//! - at a move-out's settlement (through that day).
//!
//! So the daily `dunning run` posts nothing, and a ledger grows with months and
//! payments, not with days. Each entry says what it is in the words a tenant reads
//! ([`words`]): 2026年11月物业管理费 滞纳金 11月20日至11月30日 11天 日万分之五.
//!
//! A payment recorded after later entries (`pay --received DATE`) keeps the day the
//! money arrived; the late fees already posted beyond that day on what it clears are
//! credited back, each credit naming the payment ([`credit_back`]).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::model::ledger::{Applied, Charge, ChargeItem, EntryKind, Ledger, LedgerEntry, State};
use crate::model::locale::Locale;
use crate::model::money::Money;

use super::accounts::Books;
use super::billing::month_words;

/// A late fee accrued and not yet posted on charge `on`: `amount`, covering `from`
/// through `through`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LateFee {
    pub on: u32,
    pub amount: Money,
    pub from: NaiveDate,
    pub through: NaiveDate,
}

/// A late-fee rate in words: 万分之五, 0.05%.
pub fn rate_words(basis_points: u32, locale: Locale) -> String {
    const DIGITS: [&str; 11] = [
        "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    ];
    match locale {
        Locale::ZhCn => match DIGITS.get(basis_points as usize) {
            Some(d) => format!("万分之{d}"),
            None => format!("万分之{basis_points}"),
        },
        Locale::En => {
            let s = format!("{}.{:02}", basis_points / 100, basis_points % 100);
            format!("{s}%")
        }
    }
}

/// Per charge: the late fees posted on it, and the last day they cover.
fn posted(state: &State) -> HashMap<u32, (Money, Option<NaiveDate>)> {
    let mut out: HashMap<u32, (Money, Option<NaiveDate>)> = HashMap::new();
    for c in &state.charges {
        if let Some(b) = c.late_before {
            let e = out.entry(c.no).or_insert((Money::ZERO, None));
            e.0 = Money::from_minor(e.0.minor() + b.posted.minor());
            e.1 = e.1.max(Some(b.through));
        }
        if !c.is_late_fee() || c.carried {
            continue;
        }
        let Some(on) = c.on else { continue };
        let e = out.entry(on).or_insert((Money::ZERO, None));
        e.0 = Money::from_minor(e.0.minor() + c.amount.minor());
        e.1 = e.1.max(c.through);
    }
    out
}

/// The late fees accrued through `through` and not yet posted, per charge, in ledger
/// order: each from the day after the last one posted on it (or the day late fees
/// start).
pub fn due(books: &Books, state: &State, through: NaiveDate) -> Vec<LateFee> {
    let rule = books.late_fee_rule();
    let posted = posted(state);
    let mut out = Vec::new();
    for c in state.charges.iter().filter(|c| !c.is_late_fee()) {
        let Some(start) = books.late_fee_start(c.due) else {
            continue;
        };
        if start > through {
            continue;
        }
        let accrued = rule.accrued(c, start, through);
        let (done, covered) = posted.get(&c.no).copied().unwrap_or((Money::ZERO, None));
        if accrued > done {
            let from = covered
                .and_then(|d| d.succ_opt())
                .map_or(start, |d| d.max(start))
                .min(through);
            out.push(LateFee {
                on: c.no,
                amount: Money::from_minor(accrued.minor() - done.minor()),
                from,
                through,
            });
        }
    }
    out
}

/// The last day the month's `bill run` posts late fees through: the end of the month
/// before the one billed, and never after `today`.
pub fn month_end(month: NaiveDate, today: NaiveDate) -> NaiveDate {
    let first = month.with_day(1).unwrap_or(month);
    first.pred_opt().unwrap_or(first).min(today)
}

/// Of the late fees accrued through `today`, those a credit of `amount` (a payment, a
/// deposit applied, a waiver), clearing the `targets` first and then by the clearing
/// order, would reach: on a charge it clears, fully or in part, or whose accrued late
/// fee it pays. The credit is allocated as if every accrued late fee were posted; one
/// it does not reach gets nothing, so posting only those reached leaves the
/// allocation as it was.
pub fn touched(
    books: &Books,
    state: &State,
    party: Option<&str>,
    amount: Money,
    targets: &[u32],
    next_no: u32,
    today: NaiveDate,
) -> Vec<LateFee> {
    let accrued = due(books, state, today);
    if accrued.is_empty() {
        return accrued;
    }
    let mut sim = state.clone();
    for (i, f) in accrued.iter().enumerate() {
        sim.charges.push(Charge {
            no: next_no + i as u32,
            date: today,
            item: ChargeItem::LateFee,
            text: String::new(),
            period: None,
            due: today,
            amount: f.amount,
            outstanding: f.amount,
            on: Some(f.on),
            through: Some(today),
            cleared: Vec::new(),
            forgiven: Vec::new(),
            reference: None,
            party: state.charge(f.on).and_then(|c| c.party.clone()),
            carried: false,
            late_before: None,
        });
    }
    let (parts, _) = sim.allocate_for(party, amount, targets, books.clearing());
    let reached: Vec<u32> = parts
        .iter()
        .filter_map(|a: &Applied| sim.charge(a.charge))
        .map(|c| c.on.unwrap_or(c.no))
        .collect();
    accrued
        .into_iter()
        .filter(|f| reached.contains(&f.on))
        .collect()
}

/// A charge as a late fee names it: a month's fee by its month and item
/// (2026年11月物业管理费, November 2026 property fee), any other by its text.
pub fn charge_words(c: &Charge, l: Locale) -> String {
    match c
        .period
        .as_deref()
        .and_then(crate::model::ledger::parse_month)
    {
        Some(m) => match l {
            Locale::ZhCn => format!("{}{}", month_words(m, l), c.item.zh()),
            Locale::En => format!("{} {}", month_words(m, l), c.item.words(l)),
        },
        None => c.text.clone(),
    }
}

/// The words of a late fee's entry, in the office's language: the charge it is on,
/// the days it covers and the rate.
pub fn words(books: &Books, charge: Option<&Charge>, fee: &LateFee, today: NaiveDate) -> String {
    let l = books.locale();
    let what = match charge {
        Some(c) => charge_words(c, l),
        None => match l {
            Locale::ZhCn => format!("第{}项", fee.on),
            Locale::En => format!("entry {}", fee.on),
        },
    };
    let days = (fee.through - fee.from).num_days() + 1;
    let rate = rate_words(books.dunning.late_fee_basis_points_per_day, l);
    // The year is said when the days are not all of this year.
    let with_year = fee.from.year() != fee.through.year() || fee.through.year() != today.year();
    match l {
        Locale::ZhCn => {
            let day = |d: NaiveDate| match with_year {
                true => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
                false => format!("{}月{}日", d.month(), d.day()),
            };
            format!(
                "{what} 滞纳金 {}至{} {days}天 日{rate}",
                day(fee.from),
                day(fee.through)
            )
        }
        Locale::En => {
            let day = |d: NaiveDate| match with_year {
                true => d.format("%-d %b %Y").to_string(),
                false => d.format("%-d %b").to_string(),
            };
            let s = if days == 1 { "" } else { "s" };
            format!(
                "Late fee on {what}, {} to {}, {days} day{s} at {rate} a day",
                day(fee.from),
                day(fee.through)
            )
        }
    }
}

/// A late-fee entry, numbered next and dated `act`'s day.
pub(super) fn entry(
    books: &Books,
    state: &State,
    fee: &LateFee,
    blank: LedgerEntry,
) -> LedgerEntry {
    let mut e = blank;
    // A late fee belongs to the occupancy of the charge it is on.
    if let Some(c) = state.charge(fee.on) {
        e.party = c.party.clone();
    }
    e.text = words(books, state.charge(fee.on), fee, e.date);
    e.amount = fee.amount;
    e.item = Some(ChargeItem::LateFee);
    e.due = Some(e.date);
    e.charge = Some(fee.on);
    e.from = Some(fee.from);
    e.through = Some(fee.through);
    e
}

/// After a payment recorded late (entry `payment`, the money arrived on its `date`):
/// for each charge it cleared, what the late fees posted on it exceed what it accrued
/// through the last day they cover, now that the payment counts from its day. The
/// late-fee entries to credit, latest first, and by how much each (never more than
/// an entry charged, less what was credited back on it before).
pub fn excess(
    books: &Books,
    ledger: &Ledger,
    state: &State,
    payment: &LedgerEntry,
) -> Vec<(u32, Money)> {
    let rule = books.late_fee_rule();
    let mut back: HashMap<u32, i64> = HashMap::new();
    for e in ledger.entries.iter().filter(|e| is_credit_back(e)) {
        if let Some(on) = e.charge {
            *back.entry(on).or_default() += e.amount.minor();
        }
    }
    let mut out = Vec::new();
    let mut charges: Vec<u32> = payment.applied.iter().map(|a| a.charge).collect();
    charges.dedup();
    for no in charges {
        let Some(c) = state.charge(no).filter(|c| !c.is_late_fee()) else {
            continue;
        };
        let Some(start) = books.late_fee_start(c.due) else {
            continue;
        };
        // This year's late fees on it; those of the years before count as posted (a
        // payment's day is never before its book's year).
        let mut fees: Vec<&Charge> = state
            .charges
            .iter()
            .filter(|l| l.is_late_fee() && !l.carried && l.on == Some(no))
            .collect();
        let Some(last) = fees.iter().filter_map(|l| l.through).max() else {
            continue;
        };
        let left = |l: &Charge| l.amount.minor() - back.get(&l.no).copied().unwrap_or(0);
        let before = c.late_before.map_or(0, |b| b.posted.minor());
        let posted: i64 = before + fees.iter().map(|l| left(l)).sum::<i64>();
        let accrued = rule.accrued(c, start, last).minor();
        let mut over = posted - accrued;
        fees.sort_by_key(|l| std::cmp::Reverse(l.no));
        for l in fees {
            if over <= 0 {
                break;
            }
            let take = over.min(left(l));
            if take <= 0 {
                continue;
            }
            out.push((l.no, Money::from_minor(take)));
            over -= take;
        }
    }
    out
}

/// Whether an entry is a late fee credited back after a payment recorded late.
pub fn is_credit_back(e: &LedgerEntry) -> bool {
    e.kind == EntryKind::Credit && e.payment.is_some()
}
