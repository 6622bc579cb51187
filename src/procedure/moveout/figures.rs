//! Move-outs in the month's figures: notices, completions (and their units), in
//! progress, deposit refunds paid and still due.

use serde::Serialize;

use crate::model::money::Money;
use crate::procedure::figures::{Period, add, sorted};

use super::record::MoveOut;

/// Move-outs (退租) of the month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MoveOuts {
    /// Written notices dated in the month.
    pub notices: u32,
    /// Completed in the month (the unit handed back), and their units.
    pub completed: u32,
    pub completed_units: Vec<String>,
    /// Notice given by the day counted to and not completed by then.
    pub in_progress: u32,
    /// Deposit refunds paid in the month: how many and how much.
    pub refunds_paid: u32,
    pub refunded: Money,
    /// Refunds settled by the day counted to and not paid by then.
    pub refunds_due: u32,
    pub refunds_due_amount: Money,
}

/// The month's move-out figures.
pub fn figures(records: &[MoveOut], period: Period) -> MoveOuts {
    let through = period.through();
    let mut m = MoveOuts::default();
    let mut done = Vec::new();
    for r in records {
        if period.contains(r.notice_date) {
            m.notices += 1;
        }
        if let Some(c) = r.completed
            && period.contains(c)
        {
            done.push(r.unit.clone());
        }
        if r.notice_date <= through && r.completed.is_none_or(|c| c > through) {
            m.in_progress += 1;
        }
        if let Some(f) = &r.refund
            && period.contains(f.date)
        {
            m.refunds_paid += 1;
            add(&mut m.refunded, f.amount);
        }
        if let Some(s) = &r.settlement
            && s.refund.minor() > 0
            && s.date <= through
            && r.refund.as_ref().is_none_or(|f| f.date > through)
        {
            m.refunds_due += 1;
            add(&mut m.refunds_due_amount, s.refund);
        }
    }
    m.completed = u32::try_from(done.len()).unwrap_or(u32::MAX);
    m.completed_units = sorted(done);
    m
}
