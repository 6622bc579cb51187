//! What a move-out puts on the agenda: the goods lift (security checks the goods
//! against the exit pass, or the desk chases the pass), the inspection on the move-out
//! day, the settlement after it, the completion, and the refund by its due day.

use chrono::NaiveTime;
use serde::Serialize;

use crate::model::money::Money;
use crate::procedure::due::{Due, Item, Role, Window, local};
use crate::procedure::permit::{Permit, Status as PermitStatus};

use super::record::{MoveOut, Status};

/// What kind of item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Lift,
    Inspection,
    Settlement,
    Completion,
    Refund,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Lift,
        Kind::Inspection,
        Kind::Settlement,
        Kind::Completion,
        Kind::Refund,
    ];

    /// The stable code scripts read.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Lift => "moveout-lift",
            Kind::Inspection => "moveout-inspection",
            Kind::Settlement => "moveout-settlement",
            Kind::Completion => "moveout-completion",
            Kind::Refund => "moveout-refund",
        }
    }
}

/// What exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    /// The refund to pay.
    Refund(Money),
    /// The goods lift's booking; whether the exit pass is issued.
    Lift {
        from: NaiveTime,
        to: NaiveTime,
        pass_issued: bool,
    },
    /// Inspect against the move-in record.
    Inspection,
    /// Settle: deposits less fees, energy and damage.
    Settlement,
    /// Keys, cleaning, leasing told.
    Completion,
}

/// `permits` holds the move-out's goods exit pass, if it has one: whether the goods
/// have left decides the lift's item.
pub fn items(m: &MoveOut, permits: &[Permit], w: &Window, out: &mut Vec<Item<Kind, Detail>>) {
    let item = |due, kind, detail, who| Item {
        due,
        kind,
        key: String::new(),
        detail,
        record: m.id.clone(),
        unit: m.unit.clone(),
        who,
    };
    if let Some((amount, due)) = m.refund_due() {
        out.push(item(
            Due::Day(due),
            Kind::Refund,
            Detail::Refund(amount),
            Role::Finance,
        ));
    }
    if m.status != Status::InProgress {
        return;
    }
    if let Some(lift) = &m.lift
        && lift.date >= w.today
    {
        let pass = m
            .goods_exit
            .as_ref()
            .and_then(|id| permits.iter().find(|p| &p.id == id));
        let taken = pass.is_some_and(|p| p.status() == PermitStatus::Closed);
        let issued = pass.is_some_and(|p| p.status() == PermitStatus::Issued);
        if !taken {
            out.push(item(
                Due::At(local(w.tz, lift.date, lift.from)),
                Kind::Lift,
                Detail::Lift {
                    from: lift.from,
                    to: lift.to,
                    pass_issued: issued,
                },
                if issued { Role::Security } else { Role::Desk },
            ));
        }
    }
    match (&m.inspection, &m.settlement) {
        (None, _) => out.push(item(
            Due::Day(m.date),
            Kind::Inspection,
            Detail::Inspection,
            Role::Engineering,
        )),
        (Some(i), None) => out.push(item(
            Due::Day(i.date.max(m.date)),
            Kind::Settlement,
            Detail::Settlement,
            Role::Finance,
        )),
        (Some(_), Some(s)) => out.push(item(
            Due::Day(s.date.max(m.date)),
            Kind::Completion,
            Detail::Completion,
            Role::Desk,
        )),
    }
}
