//! `movein bill`: the fees from the move-in's fee start and the office's move-in
//! charges, posted to the unit's ledger at finance before the keys are handed over.

use chrono::{Datelike, NaiveDate};

use crate::procedure::Act;

use crate::error::Result;
use crate::model::ledger::Ledger;
use crate::model::unit::Unit;
use crate::procedure::fees::accounts::{self, Books, NewCharge};
use crate::procedure::fees::steps as ledger_steps;

use super::{MoveIn, MoveInRules};

/// What `movein bill` posted.
#[derive(Debug)]
pub struct Bill {
    /// The new ledger entries: the fees, then the move-in charges.
    pub entries: Vec<u32>,
    /// The month the fees start in (the payment notice's month).
    pub month: NaiveDate,
    /// When they are due: the month's due day, no earlier than today.
    pub due: NaiveDate,
    /// The unit as billed: from the move-in's fee start, open-ended, this occupant.
    pub billed: Unit,
}

/// Charges the fees from the move-in's fee start by the day through this month, and
/// the office's `[movein] charges`, all due no earlier than today and referring to the
/// move-in. The unit is billed as `complete` will leave it: from the fee start,
/// open-ended (on a re-let unit `fees_until` is still the last occupant's move-out
/// day). A month the last occupant was billed for too is shared: only this move-in's
/// own charge counts as the month billed.
pub fn charge(
    books: &Books,
    rules: &MoveInRules,
    ledger: &mut Ledger,
    unit: &Unit,
    m: &MoveIn,
    clerk: Act,
) -> Result<Bill> {
    // Billed to the occupancy moving in, whoever the unit bills today.
    ledger.posting_for = Some(m.party.clone());
    let month = m.fees_from.with_day(1).unwrap_or(m.fees_from);
    let this_month = clerk.today.with_day(1).unwrap_or(clerk.today);
    let mut billed = unit.clone();
    billed.fees_from = Some(m.fees_from);
    billed.fees_until = None;
    billed.occupant = Some(m.party.clone());
    let shared_through = unit.fees_until.map(|d| d.with_day(1).unwrap_or(d));
    let mut entries = Vec::new();
    let mut each = month;
    loop {
        let shared = shared_through.is_some_and(|last| each <= last);
        entries.extend(accounts::bill_month_counting(
            books.billing,
            ledger,
            &billed,
            each,
            books.locale,
            clerk,
            |c| !shared || c.reference == Some(m.id.as_str()),
        )?);
        if each >= this_month {
            break;
        }
        each = each
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(this_month);
    }
    // Paid at finance before the keys: due no earlier than today.
    let due = books.billing.due_date(month).max(clerk.today);
    for e in ledger
        .entries
        .iter_mut()
        .filter(|e| entries.contains(&e.no))
    {
        e.due = Some(due);
        e.reference = Some(m.id.clone());
    }
    for c in &rules.charges {
        entries.push(ledger_steps::charge(
            ledger,
            clerk,
            NewCharge {
                item: c.item,
                amount: c.amount,
                text: c.text.clone(),
                due,
                reference: Some(m.id.clone()),
            },
        )?);
    }
    Ok(Bill {
        entries,
        month,
        due,
        billed,
    })
}
