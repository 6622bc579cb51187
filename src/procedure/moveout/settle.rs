//! The settlement of a move-out (费用结算): the fees put right to the move-out day,
//! every open charge listed by section, the deposits applied, and the refund or the
//! amount still owed. The same function makes the preview (on a copy of the ledger)
//! and the settlement, so what the desk is shown is what is posted.

use chrono::{Datelike, Months, NaiveDate};

use crate::procedure::Act;

use crate::error::Result;
use crate::model::ledger::{ChargeItem, DepositKind, EntryKind, Ledger, parse_month};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::unit::Unit;
use crate::procedure::fees::accounts::{self, Books};
use crate::procedure::fees::billing;
use crate::procedure::fees::steps as ledger_steps;

use super::steps::Refusal;
use super::{Held, Line, MoveOut, MoveOutRules, Refused, Section, Settlement};

/// What the ledger no longer holds of what a settlement refunds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shortfall {
    /// A deposit held now, against what was settled.
    Deposit {
        kind: DepositKind,
        held: Money,
        settled: Money,
    },
    /// The credit now, against what was settled.
    Credit { held: Money, settled: Money },
}

/// The order deposits are used to pay what is owed.
const DEPOSIT_ORDER: [DepositKind; 4] = [
    DepositKind::Lease,
    DepositKind::Card,
    DepositKind::Pass,
    DepositKind::Renovation,
];

fn month_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// What the recurring fees of a month charged, net of credits: per item, the charges
/// (entry, amount left after credits).
fn billed(ledger: &Ledger, period: &str, item: ChargeItem) -> Vec<(u32, Money)> {
    ledger
        .period_charges(item, period)
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

/// Puts the recurring fees right to the move-out day: every month from the first one
/// billed through the move-out month (and any billed after it) is compared with what
/// the fees come to when billing stops on `until`, the last month by the day. A
/// month not billed is billed; days billed past `until` are credited back. Returns
/// the billing lines (charges positive, credits negative).
pub fn bill_to(
    books: &Books,
    ledger: &mut Ledger,
    unit: &Unit,
    until: NaiveDate,
    reference: &str,
    movein: Option<&str>,
    clerk: Act,
) -> Result<Vec<Line>> {
    let locale = books.locale();
    let rules = books.billing;
    let mut stopped = unit.clone();
    stopped.fees_until = Some(until);
    let items: Vec<ChargeItem> = rules
        .fees
        .iter()
        .filter(|f| f.uses.contains(&unit.usage))
        .map(|f| f.item)
        .collect();
    let periods: Vec<NaiveDate> = ledger
        .charge_lines()
        .filter(|c| c.kind == EntryKind::Charge && items.contains(&c.item))
        .filter_map(|c| c.period.and_then(parse_month))
        .collect();
    let last_month = month_of(until);
    let mut first = periods
        .iter()
        .copied()
        .min()
        .unwrap_or(last_month)
        .min(last_month);
    // Only the leaving occupant's months: those before the unit's fee start were
    // billed to earlier occupants and are theirs, not this settlement's.
    if let Some(from) = unit.fees_from {
        first = first.max(month_of(from).min(last_month));
    }
    // Months of a closed year before what its book carried are settled there: their
    // charges, paid, are not in this book, and would otherwise be billed again.
    if let Some(open) = ledger.first_open_month() {
        first = first.max(open.min(last_month));
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
        // A fee of the month not billed at all: bill the month (only what is missing).
        if due
            .iter()
            .any(|c| !ledger.has_period_charge(c.item, &period))
        {
            for no in accounts::bill_month(rules, ledger, &stopped, month, locale, clerk)? {
                if let Some(e) = ledger.entries.iter_mut().find(|e| e.no == no) {
                    // Billed late, at the settlement: due no earlier than today.
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
            let mut charges = billed(ledger, &period, *item);
            // The month the fees started in may be shared with the last occupant: when
            // the move-in billed its days, the month's other charges were theirs.
            if Some(month) == unit.fees_from.map(month_of)
                && let Some(mi) = movein
            {
                let ours = |no: u32| {
                    ledger.charge_lines().any(|c| {
                        c.no == no && matches!(c.reference, Some(r) if r == mi || r == reference)
                    })
                };
                if charges.iter().any(|(no, _)| ours(*no)) {
                    charges.retain(|(no, _)| ours(*no));
                }
            }
            let net: i64 = charges.iter().map(|(_, m)| m.minor()).sum();
            let mut over = net - owed.minor();
            // Days billed past the move-out: credited back, the latest charge first.
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
                        billing::capitalised(&item.words(locale))
                    ),
                };
                let amount = Money::from_minor(take);
                let entry = ledger_steps::credit(
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
            .ok_or(Refused::MoveOut(Refusal::MonthOutOfRange { month }))?;
    }
    Ok(lines)
}

/// The section of an open charge on the statement.
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

/// Settles `m` on `ledger`: bills to the move-out day, posts late fees through today,
/// lists every open charge, applies the deposits to what is owed, and gives the
/// refund (deposits left and credit) or what is still owed. Run it on a copy of the
/// ledger for the preview.
#[allow(clippy::too_many_arguments)]
pub fn settle(
    books: &Books,
    ledger: &mut Ledger,
    unit: &Unit,
    m: &MoveOut,
    accepted: NaiveDate,
    rules: &MoveOutRules,
    clerk: Act,
) -> Result<Settlement> {
    // Everything the settlement posts belongs to the leaving occupancy, and it settles
    // only that occupancy's charges, deposits and credit (a new occupant's are theirs).
    ledger.posting_for = Some(m.party.clone());
    let party = Some(m.party.as_str());
    let first_new = ledger.next_no();
    books.state(ledger)?;
    let billing = bill_to(
        books,
        ledger,
        unit,
        m.date,
        &m.id,
        m.movein.as_deref(),
        clerk,
    )?;
    let ours: Vec<u32> = books
        .state(ledger)?
        .of_party(party)
        .charges
        .iter()
        .map(|c| c.no)
        .collect();
    books.post_late_fees(ledger, clerk.today, clerk, Some(&ours))?;
    let state = books.state(ledger)?.of_party(party);
    let refs: std::collections::HashMap<u32, Option<&str>> = state
        .charges
        .iter()
        .map(|c| (c.no, c.reference.as_deref()))
        .collect();
    // Every open charge, and every charge of the move-out's own (energy, damage,
    // restoration) even when already cleared, so the statement shows what it charged.
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
    // Deposits pay what is owed (credit has already cleared what it could).
    let mut left = owed_total;
    let mut applied = 0;
    for d in &deposits {
        if left <= 0 {
            break;
        }
        let take = left.min(d.amount.minor());
        ledger_steps::apply_deposit(books, ledger, clerk, d.kind, Money::from_minor(take), None)?;
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

/// What a settlement pays back: each deposit left once the deposits paid what was
/// owed (taken in the order they were applied), and the credit.
pub fn refund_parts(s: &Settlement) -> (Vec<(DepositKind, Money)>, Money) {
    let mut applied = s.applied.minor();
    let mut parts = Vec::new();
    for d in &s.deposits {
        let take = applied.min(d.amount.minor());
        applied -= take;
        let left = d.amount.minor() - take;
        if left > 0 {
            parts.push((d.kind, Money::from_minor(left)));
        }
    }
    let deposits: i64 = parts.iter().map(|(_, m)| m.minor()).sum();
    (
        parts,
        Money::from_minor((s.refund.minor() - deposits).max(0)),
    )
}

/// Pays the settlement's refund: exactly the deposits and credit it settled, which the
/// ledger must still hold. What landed on the ledger since (a new occupant's deposit)
/// is not touched.
pub fn pay_refund(
    books: &Books,
    ledger: &mut Ledger,
    settlement: &Settlement,
    clerk: Act,
    method: Option<crate::model::ledger::PayMethod>,
    reference: Option<String>,
) -> Result<Vec<u32>> {
    // The leaving occupancy's deposits and credit (see `steps::refund`).
    let state = books.state(ledger)?.of_party(ledger.posting_for.as_deref());
    let (parts, credit) = refund_parts(settlement);
    let mut short = Vec::new();
    for (kind, amount) in &parts {
        let held = state.deposits.get(kind).map_or(Money::ZERO, |t| t.held());
        if held < *amount {
            let (kind, settled) = (*kind, *amount);
            short.push(Shortfall::Deposit {
                kind,
                held,
                settled,
            });
        }
    }
    if state.credit < credit {
        short.push(Shortfall::Credit {
            held: state.credit,
            settled: credit,
        });
    }
    if !short.is_empty() {
        return Err(Refused::MoveOut(Refusal::LedgerChanged {
            unit: ledger.unit.clone(),
            settled: settlement.date,
            refund: settlement.refund,
            short,
        })
        .into());
    }
    let mut entries = Vec::new();
    for (kind, amount) in parts {
        entries.push(ledger_steps::refund_deposit(
            books,
            ledger,
            clerk,
            kind,
            amount,
            method,
            reference.clone(),
        )?);
    }
    if credit.minor() > 0 {
        entries.push(ledger_steps::refund_credit(
            books, ledger, clerk, credit, method, reference,
        )?);
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::party::Role;
    use crate::procedure::fees::years;
    use crate::procedure::moveout::{Act, Notice, Terms};
    use crate::testkit::{Office, d, m};

    fn clerk(day: &str) -> Act<'static> {
        Act {
            by: "desk",
            at: "2026-11-20T15:00:00+08:00".parse().unwrap(),
            today: d(day),
        }
    }

    /// An office unit of 100 m² at 25.00: 2,500.00 a month.
    fn unit() -> Unit {
        crate::testkit::office_unit()
    }

    fn moveout(date: &str) -> MoveOut {
        MoveOut::new(
            "MO-20261101-AAAAAA",
            Notice {
                unit: "A-1203".into(),
                party: "P-2".into(),
                role: Role::Tenant,
                notice_date: d("2026-11-01"),
                date: d(date),
                lease_end: None,
                movein: None,
                restoration_required: false,
                terms: Terms::default(),
            },
            &MoveOutRules::default(),
            Act {
                by: "desk",
                at: "2026-11-01T09:00:00+08:00".parse().unwrap(),
                today: d("2026-11-01"),
            },
        )
        .unwrap()
    }

    /// A ledger with October and November billed in full.
    fn billed(o: &Office, through: &str) -> Ledger {
        let mut l = Ledger::new("A-1203", 2026);
        let mut month = d("2026-10-01");
        while month <= d(through) {
            accounts::bill_month(
                &o.config.billing,
                &mut l,
                &unit(),
                month,
                Locale::En,
                clerk("2026-10-01"),
            )
            .unwrap();
            month = month.checked_add_months(Months::new(1)).unwrap();
        }
        l
    }

    #[test]
    fn days_billed_past_the_move_out_are_credited_to_the_cent() {
        let o = Office::new();
        let mut l = billed(&o, "2026-11-01");
        let lines = bill_to(
            &o.books(),
            &mut l,
            &unit(),
            d("2026-11-20"),
            "MO-1",
            None,
            clerk("2026-11-20"),
        )
        .unwrap();
        // November: 2,500.00 x 20/30 = 1,666.67 owed, so 833.33 credited.
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].charged, m("-833.33"));
        let e = l.entries.last().unwrap();
        assert_eq!(e.kind, EntryKind::Credit);
        assert_eq!(e.charge, Some(2));
        let state = o.books().state(&l).unwrap();
        assert_eq!(state.charge(2).unwrap().outstanding, m("1666.67"));
        // Putting it right again changes nothing.
        let again = bill_to(
            &o.books(),
            &mut l,
            &unit(),
            d("2026-11-20"),
            "MO-1",
            None,
            clerk("2026-11-20"),
        )
        .unwrap();
        assert!(again.is_empty());
    }

    #[test]
    fn a_month_not_billed_is_billed_by_the_day_and_later_months_credited_in_full() {
        let o = Office::new();
        // October only: moving out on 10 December bills November in full and 10/31 of
        // December.
        let mut l = billed(&o, "2026-10-01");
        let lines = bill_to(
            &o.books(),
            &mut l,
            &unit(),
            d("2026-12-10"),
            "MO-1",
            None,
            clerk("2026-12-11"),
        )
        .unwrap();
        let amounts: Vec<String> = lines.iter().map(|x| x.charged.to_string()).collect();
        // 2,500.00 x 10/31 = 806.45
        assert_eq!(amounts, ["2500.00", "806.45"]);
        // January billed already, then the move-out moved to 31 December: credited,
        // in the new year's book (the months carried into its opening).
        let mut l = years::open_for(&o.books(), billed(&o, "2027-01-01"), 2027).unwrap();
        let lines = bill_to(
            &o.books(),
            &mut l,
            &unit(),
            d("2026-12-31"),
            "MO-1",
            None,
            clerk("2027-01-05"),
        )
        .unwrap();
        let amounts: Vec<String> = lines.iter().map(|x| x.charged.to_string()).collect();
        assert_eq!(amounts, ["-2500.00"]);
    }

    #[test]
    fn paid_days_past_the_move_out_become_credit_and_are_refunded() {
        let o = Office::new();
        let mut l = billed(&o, "2026-11-01");
        let books = o.books();
        ledger_steps::receive_deposit(
            &books,
            &mut l,
            clerk("2026-10-01"),
            DepositKind::Lease,
            m("3000.00"),
            None,
            None,
        )
        .unwrap();
        // October and November paid on time.
        for day in ["2026-10-10", "2026-11-10"] {
            accounts::pay(
                &books,
                &mut l,
                clerk(day),
                accounts::NewPayment {
                    amount: m("2500.00"),
                    targets: Vec::new(),
                    method: None,
                    reference: None,
                    received: None,
                },
            )
            .unwrap();
        }
        let mo = moveout("2026-11-20");
        let s = settle(
            &books,
            &mut l,
            &unit(),
            &mo,
            d("2026-11-20"),
            &MoveOutRules::default(),
            clerk("2026-11-20"),
        )
        .unwrap();
        assert_eq!(s.credit, m("833.33"));
        assert_eq!(s.owed_total(), Money::ZERO);
        assert_eq!(s.refund, m("3833.33"));
        assert_eq!(s.owed, Money::ZERO);
        assert_eq!(s.refund_due, Some(d("2026-12-20")));
        let paid = pay_refund(&books, &mut l, &s, clerk("2026-11-25"), None, None).unwrap();
        assert_eq!(paid.len(), 2);
        let state = books.state(&l).unwrap();
        assert_eq!(state.credit, Money::ZERO);
        assert_eq!(state.deposits_held(), Money::ZERO);
        assert_eq!(state.balance(), Money::ZERO);
    }

    #[test]
    fn deposits_pay_what_is_owed_and_the_rest_is_refunded_or_owed() {
        let o = Office::new();
        let books = o.books();
        for (deposit, refund, owed) in [
            ("3000.00", "1333.33", "0.00"),
            ("1000.00", "0.00", "666.67"),
        ] {
            // November unpaid (1,666.67 after the credit), deposit held.
            let mut l = billed(&o, "2026-11-01");
            ledger_steps::receive_deposit(
                &books,
                &mut l,
                clerk("2026-10-01"),
                DepositKind::Lease,
                m(deposit),
                None,
                None,
            )
            .unwrap();
            accounts::pay(
                &books,
                &mut l,
                clerk("2026-10-10"),
                accounts::NewPayment {
                    amount: m("2500.00"),
                    targets: Vec::new(),
                    method: None,
                    reference: None,
                    received: None,
                },
            )
            .unwrap();
            let s = settle(
                &books,
                &mut l,
                &unit(),
                &moveout("2026-11-20"),
                d("2026-11-20"),
                &MoveOutRules::default(),
                clerk("2026-11-14"),
            )
            .unwrap();
            assert_eq!(s.owed_total(), m("1666.67"), "deposit {deposit}");
            assert_eq!(s.refund, m(refund), "deposit {deposit}");
            assert_eq!(s.owed, m(owed), "deposit {deposit}");
            assert_eq!(
                s.net(),
                Money::from_minor(m(refund).minor() - m(owed).minor())
            );
            assert_eq!(s.applied, m(deposit).min(m("1666.67")));
            let state = books.state(&l).unwrap();
            assert_eq!(
                state.balance(),
                m(owed),
                "after the deposit is applied, what is still owed stays on the ledger"
            );
            if s.refund.is_zero() {
                assert!(s.refund_due.is_none());
            }
        }
    }

    #[test]
    fn the_refund_is_refused_when_the_ledger_changed_since_the_settlement() {
        let o = Office::new();
        let books = o.books();
        let mut l = Ledger::new("A-1203", 2026);
        ledger_steps::receive_deposit(
            &books,
            &mut l,
            clerk("2026-10-01"),
            DepositKind::Lease,
            m("3000.00"),
            None,
            None,
        )
        .unwrap();
        let mut unit = unit();
        unit.fees_from = Some(d("2026-11-20"));
        let s = settle(
            &books,
            &mut l,
            &unit,
            &moveout("2026-11-20"),
            d("2026-11-20"),
            &MoveOutRules::default(),
            clerk("2026-11-20"),
        )
        .unwrap();
        // One day billed: 2,500.00 / 30 = 83.33; the rest of the deposit refunded.
        assert_eq!(s.refund, m("2916.67"));
        ledger_steps::refund_deposit(
            &books,
            &mut l,
            clerk("2026-11-21"),
            DepositKind::Lease,
            m("100.00"),
            None,
            None,
        )
        .unwrap();
        let e = pay_refund(&books, &mut l, &s, clerk("2026-11-22"), None, None).unwrap_err();
        assert!(
            e.message.contains("the ledger changed since"),
            "{}",
            e.message
        );
        assert_eq!(
            e.hint.as_deref(),
            Some("see `propdesk ledger UNIT`; put the ledger right before paying the refund")
        );
    }
}
