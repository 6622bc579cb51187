//! The move-out settlement, as `propdesk::procedure::moveout::settle::settle` makes it,
//! with one change: the billing is put right only over the months of the current
//! occupancy (from the unit's `fees_from`). The library's `bill_to` walks every month
//! ever billed on the unit's ledger and, finding the earlier occupants' months outside
//! the leaving occupant's fee period, credits them back in full: on a unit let before,
//! a settlement refunds the previous tenants' fees to the one leaving (reported). Only
//! that start month differs from the library's code below.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use propdesk::config::Locale;
use propdesk::error::{Error, Result};
use propdesk::model::ledger::{ChargeItem, DepositKind, EntryKind, Ledger, parse_month};
use propdesk::model::money::Money;
use propdesk::model::unit::Unit;
use propdesk::procedure::accounts::{self, Books, Clerk};
use propdesk::procedure::billing::{self, BillingRules};
use propdesk::procedure::moveout::{Held, Line, MoveOut, MoveOutRules, Section, Settlement};

const DEPOSIT_ORDER: [DepositKind; 4] = [
    DepositKind::Lease,
    DepositKind::Card,
    DepositKind::Pass,
    DepositKind::Renovation,
];

fn month_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn billed(ledger: &Ledger, period: &str, item: ChargeItem) -> Vec<(u32, Money)> {
    ledger
        .entries
        .iter()
        .filter(|e| {
            e.kind == EntryKind::Charge
                && e.item == Some(item)
                && e.period.as_deref() == Some(period)
        })
        .map(|c| {
            let credited: i64 = ledger
                .entries
                .iter()
                .filter(|e| e.kind == EntryKind::Credit && e.charge == Some(c.no))
                .map(|e| e.amount.minor())
                .sum();
            (c.no, Money::from_minor(c.amount.minor() - credited))
        })
        .collect()
}

pub fn bill_to(
    books: &Books,
    rules: &BillingRules,
    ledger: &mut Ledger,
    unit: &Unit,
    until: NaiveDate,
    reference: &str,
    clerk: Clerk,
) -> Result<Vec<Line>> {
    let locale = books.locale();
    let mut stopped = unit.clone();
    stopped.fees_until = Some(until);
    let items: Vec<ChargeItem> = rules
        .fees
        .iter()
        .filter(|f| f.uses.contains(&unit.usage))
        .map(|f| f.item)
        .collect();
    let periods: Vec<NaiveDate> = ledger
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::Charge && e.item.is_some_and(|i| items.contains(&i)))
        .filter_map(|e| e.period.as_deref().and_then(parse_month))
        .collect();
    let last_month = month_of(until);
    let mut first = periods
        .iter()
        .copied()
        .min()
        .unwrap_or(last_month)
        .min(last_month);
    // The one change: not before the current occupancy's fee start.
    if let Some(from) = unit.fees_from {
        first = first.max(month_of(from).min(last_month));
    }
    let last = periods
        .iter()
        .copied()
        .max()
        .unwrap_or(last_month)
        .max(last_month);
    let mut lines = Vec::new();
    let mut month = first;
    while month <= last {
        let period = accounts::period_of(month);
        let due = billing::month_charges(rules, &stopped, month, locale);
        if due
            .iter()
            .any(|c| !ledger.has_period_charge(c.item, &period))
        {
            for no in accounts::bill_month(rules, ledger, &stopped, month, locale, clerk) {
                if let Some(e) = ledger.entries.iter_mut().find(|e| e.no == no) {
                    e.due = e.due.map(|d| d.max(clerk.today));
                    e.reference = Some(reference.to_string());
                    lines.push(Line {
                        section: Section::Billing,
                        entry: no,
                        text: e.text.clone(),
                        charged: e.amount,
                        amount: Money::ZERO,
                    });
                }
            }
        }
        for item in &items {
            let owed = due
                .iter()
                .find(|c| c.item == *item)
                .map_or(Money::ZERO, |c| c.amount);
            let charges = billed(ledger, &period, *item);
            let net: i64 = charges.iter().map(|(_, m)| m.minor()).sum();
            let mut over = net - owed.minor();
            for (no, left) in charges.iter().rev() {
                if over <= 0 {
                    break;
                }
                let take = over.min(left.minor());
                if take <= 0 {
                    continue;
                }
                let words = billing::month_words(month, locale);
                let text = match locale {
                    Locale::ZhCn => {
                        format!("{words}{}冲减：计费至退租日{until}", item.words(locale))
                    }
                    Locale::En => format!(
                        "{} {words} credited: billed through the move-out on {until}",
                        capitalised(&item.words(locale))
                    ),
                };
                let amount = Money::from_minor(take);
                let entry = accounts::credit(
                    books,
                    ledger,
                    clerk,
                    *no,
                    amount,
                    text.clone(),
                    &format!("billing stops at the move-out on {until} ({reference})"),
                )?;
                lines.push(Line {
                    section: Section::Billing,
                    entry,
                    text,
                    charged: Money::from_minor(-take),
                    amount: Money::ZERO,
                });
                over -= take;
            }
        }
        month = month
            .checked_add_months(Months::new(1))
            .ok_or_else(|| Error::data(format!("month after {month} out of range")))?;
    }
    Ok(lines)
}

fn section_of(item: ChargeItem, reference: Option<&str>, id: &str) -> Section {
    if reference != Some(id) {
        return Section::Fees;
    }
    match item {
        ChargeItem::Energy => Section::Energy,
        ChargeItem::Damage => Section::Damage,
        ChargeItem::Restoration => Section::Restoration,
        _ => Section::Fees,
    }
}

pub fn settle(
    books: &Books,
    ledger: &mut Ledger,
    unit: &Unit,
    m: &MoveOut,
    accepted: NaiveDate,
    rules: &MoveOutRules,
    clerk: Clerk,
) -> Result<Settlement> {
    let first_new = ledger.next_no();
    books.state(ledger)?;
    let billing = bill_to(
        books,
        &books.config.billing,
        ledger,
        unit,
        m.date,
        &m.id,
        clerk,
    )?;
    books.post_late_fees(ledger, clerk.today, clerk)?;
    let state = books.state(ledger)?;
    let refs: HashMap<u32, Option<&str>> = ledger
        .entries
        .iter()
        .map(|e| (e.no, e.reference.as_deref()))
        .collect();
    let mut lines: Vec<Line> = state
        .charges
        .iter()
        .filter_map(|c| {
            let section = section_of(c.item, refs.get(&c.no).copied().flatten(), &m.id);
            (c.outstanding.minor() > 0 || section != Section::Fees).then(|| Line {
                section,
                entry: c.no,
                text: c.text.clone(),
                charged: c.amount,
                amount: c.outstanding,
            })
        })
        .collect();
    lines.sort_by_key(|l| (Section::ALL.iter().position(|s| *s == l.section), l.entry));
    let deposits: Vec<Held> = DEPOSIT_ORDER
        .iter()
        .filter_map(|k| {
            let held = state.deposits.get(k).map_or(Money::ZERO, |t| t.held());
            (held.minor() > 0).then_some(Held {
                kind: *k,
                amount: held,
            })
        })
        .collect();
    let owed_total: i64 = lines.iter().map(|l| l.amount.minor()).sum();
    let held: i64 = deposits.iter().map(|d| d.amount.minor()).sum();
    let net = held + state.credit.minor() - owed_total;
    let mut left = owed_total;
    let mut applied = 0;
    for d in &deposits {
        if left <= 0 {
            break;
        }
        let take = left.min(d.amount.minor());
        accounts::apply_deposit(books, ledger, clerk, d.kind, Money::from_minor(take), None)?;
        left -= take;
        applied += take;
    }
    let lines = billing.into_iter().chain(lines).collect::<Vec<_>>();
    let refund = Money::from_minor(net.max(0));
    let refund_due =
        (refund.minor() > 0).then(|| accepted + chrono::Days::new(u64::from(rules.refund_days)));
    Ok(Settlement {
        date: clerk.today,
        accepted,
        billed_through: m.date,
        deposits,
        credit: state.credit,
        lines,
        applied: Money::from_minor(applied),
        refund,
        owed: Money::from_minor((-net).max(0)),
        refund_due,
        entries: (first_new..ledger.next_no()).collect(),
    })
}
