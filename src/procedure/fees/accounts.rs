//! The office's books ([`Books`]: the money rules read once) and what a posting to a
//! unit's ledger is made of ([`NewCharge`], [`NewPayment`], [`Paid`]). The postings
//! themselves are steps in [`super::steps`], which every procedure calls: each appends
//! entries to a loaded [`Ledger`] and returns what it did, or a typed refusal; the
//! caller saves. Nothing here reads the clock or the tree.

use chrono::NaiveDate;

use crate::error::Result;
use crate::model::calendar::Calendar;
use crate::model::ledger::{
    Applied, ChargeItem, ChargeLine, LateFeeRule, Ledger, PayMethod, State,
};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::unit::Unit;
use crate::procedure::Act;
use crate::procedure::fees::billing::BillingRules;

use super::late::{self, LateFee};
use super::steps;

pub use super::steps::period_of;

/// The office's money rules, read once.
pub struct Books<'a> {
    pub billing: &'a BillingRules,
    pub dunning: &'a crate::procedure::dunning::DunningRules,
    /// The office's language: of the texts of the entries posted.
    pub locale: Locale,
    pub calendar: &'a Calendar,
}

impl Books<'_> {
    pub fn clearing(&self) -> &[ChargeItem] {
        &self.billing.clearing_order
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The ledger replayed, or an error naming the first problem.
    pub fn state(&self, ledger: &Ledger) -> Result<State> {
        Ok(steps::replay(self, ledger)?)
    }

    pub(crate) fn late_fee_rule(&self) -> LateFeeRule {
        LateFeeRule {
            basis_points_per_day: self.dunning.late_fee_basis_points_per_day,
            cap_basis_points: self.dunning.late_fee_cap_basis_points,
        }
    }

    /// The first day a charge due on `due` accrues a late fee: the day of the ladder's
    /// late-fee step, counted as the ladder counts.
    pub fn late_fee_start(&self, due: NaiveDate) -> Option<NaiveDate> {
        self.dunning
            .late_fee_day()
            .map(|day| self.dunning.date_after(self.calendar, due, day))
    }

    /// The late fees accrued through `through` and not yet posted, per charge.
    pub fn late_fees_due(&self, state: &State, through: NaiveDate) -> Vec<LateFee> {
        late::due(self, state, through)
    }

    /// The late fees accrued through `date` and not yet posted, in total.
    pub fn late_fees_accrued(&self, state: &State, date: NaiveDate) -> Money {
        Money::from_minor(
            self.late_fees_due(state, date)
                .iter()
                .map(|f| f.amount.minor())
                .sum(),
        )
    }

    /// Posts the late fees accrued through `through` on every charge (a move-out's
    /// settlement), or on the charges `on` only (a renovation deposit's settlement).
    pub fn post_late_fees(
        &self,
        ledger: &mut Ledger,
        through: NaiveDate,
        clerk: Act,
        on: Option<&[u32]>,
    ) -> Result<Vec<LateFee>> {
        let mut state = steps::replay(self, ledger)?;
        let mut due = self.late_fees_due(&state, through);
        if let Some(on) = on {
            due.retain(|f| on.contains(&f.on));
        }
        Ok(steps::post_late_fees(self, ledger, &mut state, due, clerk)?)
    }
}

/// A one-off charge (a repair fee, a fine, energy): its entry number.
#[derive(Debug, Clone)]
pub struct NewCharge {
    pub item: ChargeItem,
    pub amount: Money,
    pub text: String,
    pub due: NaiveDate,
    pub reference: Option<String>,
}

/// What a payment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paid {
    pub no: u32,
    /// Late fees posted first, through the payment's day, on what it reached.
    pub late_fees: Vec<LateFee>,
    pub applied: Vec<Applied>,
    /// Left over, paid in advance.
    pub credit: Money,
    /// Money received earlier: the late fees credited back (entry, amount).
    pub credited_back: Vec<(u32, Money)>,
}

/// A payment against charges. The late fees accrued on what it reaches are posted
/// first, through the day the money arrived, so the clearing order sees them and none
/// is lost; then the payment clears the `targets` (`--for`) first, then by the
/// office's clearing order.
#[derive(Debug, Clone)]
pub struct NewPayment {
    pub amount: Money,
    /// Charges to clear first (`--for`), in this order.
    pub targets: Vec<u32>,
    pub method: Option<PayMethod>,
    pub reference: Option<String>,
    /// Money that arrived on an earlier day and is recorded now (`--received`).
    pub received: Option<NaiveDate>,
}

/// A payment against charges ([`steps::pay`]).
pub fn pay(books: &Books, ledger: &mut Ledger, clerk: Act, p: NewPayment) -> Result<Paid> {
    Ok(steps::pay(books, ledger, clerk, p)?.0)
}

/// Charges the month's recurring fees to the unit, each fee once per month: the
/// numbers of the new entries (none if already billed or not billable).
pub fn bill_month(
    rules: &BillingRules,
    ledger: &mut Ledger,
    unit: &Unit,
    month: NaiveDate,
    locale: Locale,
    clerk: Act,
) -> Result<Vec<u32>> {
    Ok(steps::bill_month(
        rules,
        ledger,
        unit,
        month,
        locale,
        clerk,
        |_| true,
    )?)
}

/// As [`bill_month`], with only the charges `ours` accepts counting as the month
/// already billed: in a month a unit is re-let, the new occupant's own (the earlier
/// occupant's charge for the month is theirs, settled with them).
pub fn bill_month_counting(
    rules: &BillingRules,
    ledger: &mut Ledger,
    unit: &Unit,
    month: NaiveDate,
    locale: Locale,
    clerk: Act,
    ours: impl Fn(&ChargeLine) -> bool,
) -> Result<Vec<u32>> {
    Ok(steps::bill_month(
        rules, ledger, unit, month, locale, clerk, ours,
    )?)
}
