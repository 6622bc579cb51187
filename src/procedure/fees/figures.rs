//! Money of the month (`propdesk report`): what was billed, paid, waived and credited,
//! the collection rate of what fell due, and the arrears by age, from each unit's
//! ledger, summed ledger by ledger as they are read.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::ledger::{self, Charge, ChargeItem, EntryKind, Ledger, State};
use crate::model::money::Money;
use crate::procedure::figures::{Period, Share, add, by, total};

/// Money of the month, from the unit ledgers and the collection cases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Billing {
    /// Charges and adjustments posted in the month (by their date), late fees included.
    pub billed: Money,
    /// The same by item (`property-fee`, `parking`, ...); items with nothing left out.
    pub billed_by_item: BTreeMap<String, Money>,
    /// Late fees posted in the month (also in `billed`).
    pub late_fees: Money,
    /// Payments received in the month, and how many.
    pub payments: Money,
    pub payment_count: u32,
    /// Waivers (减免) and credits for days no longer owed (冲减) dated in the month.
    pub waived: Money,
    pub credited: Money,
    pub collection: Collection,
    pub arrears: Arrears,
    /// Units whose collection case was open at the day counted to.
    pub dunning_open: u32,
    pub dunning_units: Vec<String>,
}

/// The collection rate (收缴率) of the month's billing.
///
/// The charges counted are every charge and adjustment falling due in the month, up
/// to the day counted to, whatever month it bills, except late fees (a penalty, shown
/// apart). Of those: `charged` is their amount; `forgiven` what waivers and credits
/// (冲减) dated by the day counted to took off them; `due = charged - forgiven` is what
/// was owed; `collected` what payments, deposits applied and money paid in advance
/// cleared of them by the close of that day; `outstanding = due - collected`. The rate
/// is `collected / due`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Collection {
    pub charges: u32,
    pub charged: Money,
    pub forgiven: Money,
    pub due: Money,
    pub collected: Money,
    pub outstanding: Money,
    pub rate: Share,
}

/// Arrears by age at the close of the day counted to, across all units: what
/// `dunning aging --date DAY` shows at the close of that day (a charge due that day is
/// not overdue yet; payments made that day count).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Arrears {
    pub days_0_30: Money,
    pub days_31_60: Money,
    pub days_61_90: Money,
    pub days_over_90: Money,
    pub total: Money,
    /// Units owing something overdue.
    pub units: u32,
}

impl Arrears {
    /// The buckets in order, as `dunning aging` shows them.
    pub fn buckets(&self) -> [Money; 4] {
        [
            self.days_0_30,
            self.days_31_60,
            self.days_61_90,
            self.days_over_90,
        ]
    }
}

/// One ledger's part of the month's money figures (`state` replays `ledger`); the
/// parts of every ledger add up with [`Billing::plus`] and [`Billing::finish`], so ten
/// years of ledgers are summed as they are read, never held at once.
pub fn ledger_billing(ledger: &Ledger, state: &State, period: Period) -> Billing {
    let through = period.through();
    let mut b = Billing::default();
    for e in &ledger.entries {
        if !period.contains(e.date) {
            continue;
        }
        match e.kind {
            EntryKind::Payment => {
                add(&mut b.payments, e.amount);
                b.payment_count += 1;
            }
            EntryKind::Waiver => add(&mut b.waived, e.amount),
            EntryKind::Credit => add(&mut b.credited, e.amount),
            _ => {}
        }
    }
    for c in &state.charges {
        if period.contains(c.date) {
            add(&mut b.billed, c.amount);
            add(
                b.billed_by_item
                    .entry(c.item.as_str().to_string())
                    .or_default(),
                c.amount,
            );
            if c.item == ChargeItem::LateFee {
                add(&mut b.late_fees, c.amount);
            }
        }
        if c.item != ChargeItem::LateFee && period.contains(c.due) {
            let forgiven = by(&c.forgiven, through);
            let paid = Money::from_minor(by(&c.cleared, through).minor() - forgiven.minor());
            b.collection.charges += 1;
            add(&mut b.collection.charged, c.amount);
            add(&mut b.collection.forgiven, forgiven);
            add(&mut b.collection.collected, paid);
        }
    }
    let [a, b1, c1, d] = ledger::aging(&as_of(state, through), through);
    b.arrears = Arrears {
        days_0_30: a,
        days_31_60: b1,
        days_61_90: c1,
        days_over_90: d,
        total: Money::ZERO,
        units: u32::from([a, b1, c1, d].iter().any(|m| m.minor() > 0)),
    };
    b
}

impl Billing {
    /// Adds another ledger's part (see [`ledger_billing`]).
    pub fn plus(mut self, o: Billing) -> Billing {
        for (sum, m) in [
            (&mut self.billed, o.billed),
            (&mut self.late_fees, o.late_fees),
            (&mut self.payments, o.payments),
            (&mut self.waived, o.waived),
            (&mut self.credited, o.credited),
            (&mut self.collection.charged, o.collection.charged),
            (&mut self.collection.forgiven, o.collection.forgiven),
            (&mut self.collection.collected, o.collection.collected),
            (&mut self.arrears.days_0_30, o.arrears.days_0_30),
            (&mut self.arrears.days_31_60, o.arrears.days_31_60),
            (&mut self.arrears.days_61_90, o.arrears.days_61_90),
            (&mut self.arrears.days_over_90, o.arrears.days_over_90),
        ] {
            add(sum, m);
        }
        for (item, m) in o.billed_by_item {
            add(self.billed_by_item.entry(item).or_default(), m);
        }
        self.payment_count += o.payment_count;
        self.collection.charges += o.collection.charges;
        self.arrears.units += o.arrears.units;
        self
    }

    /// The figures that follow from the sums: what was due and is outstanding, the
    /// collection rate, the arrears in total.
    pub fn finish(mut self) -> Billing {
        let c = &mut self.collection;
        c.due = Money::from_minor(c.charged.minor() - c.forgiven.minor());
        c.outstanding = Money::from_minor(c.due.minor() - c.collected.minor());
        c.rate = Share::of(c.collected, c.due);
        self.arrears.total = total(self.arrears.buckets().into_iter());
        self
    }
}

/// The ledger as it stood at the close of `day`: the charges posted by then, each with
/// only what cleared it by then, for [`ledger::aging`].
pub(crate) fn as_of(state: &State, day: NaiveDate) -> State {
    let charges: Vec<Charge> = state
        .charges
        .iter()
        .filter(|c| c.date <= day)
        .map(|c| {
            let cleared: Vec<(NaiveDate, Money)> = c
                .cleared
                .iter()
                .copied()
                .filter(|(d, _)| *d <= day)
                .collect();
            let paid = total(cleared.iter().map(|(_, m)| *m));
            Charge {
                outstanding: Money::from_minor(c.amount.minor() - paid.minor()),
                cleared,
                forgiven: c
                    .forgiven
                    .iter()
                    .copied()
                    .filter(|(d, _)| *d <= day)
                    .collect(),
                ..c.clone()
            }
        })
        .collect();
    State {
        charges,
        ..State::default()
    }
}
