//! What a move-out still misses before the settlement and before completion, as
//! typed values the message catalogue words: for the desk with the command that
//! records each, for the party (a notice) in plain words.

use chrono::NaiveDate;

use crate::model::money::Money;
use crate::model::party::Role;
use crate::procedure::permit::Status as PermitStatus;

use super::record::{MoveOut, Status};

/// What the rest of the office says about a move-out, for [`MoveOut::missing`]: made
/// from the unit's permits by [`super::permits::around`].
#[derive(Debug, Clone, Default)]
pub struct Around {
    /// The goods exit pass's status.
    pub goods_exit: Option<PermitStatus>,
    /// The restoration permit's status and the day it was accepted.
    pub restoration: Option<(PermitStatus, Option<NaiveDate>)>,
    /// The unit's permits still holding deposits.
    pub permits_holding: Vec<Holding>,
}

/// A permit of the unit still holding deposits: its ID, its kind's code, and whether
/// it is access cards (returned, rather than settled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    pub permit: String,
    pub kind: String,
    pub cards: bool,
}

/// One thing settling or completing still needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// A tenant's move-out: the owner's written consent.
    Consent {
        moveout: String,
    },
    /// The goods lift not booked.
    Lift {
        moveout: String,
    },
    /// No goods exit pass.
    ExitPass {
        moveout: String,
    },
    /// The pass not signed by the owner side, tenant side and desk.
    PassUnsigned {
        pass: String,
    },
    /// The pass not taken by security as the goods leave.
    PassNotTaken {
        pass: String,
    },
    /// The lease requires restoration: neither the works linked nor a cost charged.
    Restoration {
        moveout: String,
    },
    /// The restoration works not accepted yet.
    RestorationWorks {
        permit: String,
        status: PermitStatus,
    },
    Inspection {
        moveout: String,
    },
    Keys {
        moveout: String,
    },
    /// A permit of the unit still holding deposits.
    Deposits(Holding),
    Settlement {
        moveout: String,
    },
    Cleaning {
        moveout: String,
    },
}

/// A missing item in the words of a notice for the party: plain, without commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForParty(pub Missing);

/// What a move-out waits for, in one line of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waiting {
    /// In progress: what is missing (nothing: ready to complete).
    Missing(Vec<Missing>),
    /// Completed with the refund still to pay.
    Refund { amount: Money, due: NaiveDate },
    /// Completed, nothing owed to the party.
    Nothing,
}

impl MoveOut {
    /// The day the unit was accepted back: the inspection, or the restoration's
    /// acceptance if later.
    pub fn accepted_on(&self, around: &Around) -> Option<NaiveDate> {
        let inspected = self.inspection.as_ref()?.date;
        match around.restoration {
            Some((_, Some(d))) if d > inspected => Some(d),
            _ => Some(inspected),
        }
    }

    /// What settling still needs: the unit accepted back (restoration, inspection),
    /// keys back, the unit's permits holding deposits settled.
    pub fn missing_to_settle(&self, around: &Around) -> Vec<Missing> {
        let id = || self.id.clone();
        let mut out = Vec::new();
        if self.restoration_required {
            match (&self.restoration, around.restoration) {
                // Restored by the office at the party's cost: charged, nothing to wait for.
                (None, _) if !self.restoration_costs.is_empty() => {}
                (None, _) => out.push(Missing::Restoration { moveout: id() }),
                (Some(p), Some((s, _)))
                    if s != PermitStatus::Accepted && s != PermitStatus::Closed =>
                {
                    out.push(Missing::RestorationWorks {
                        permit: p.clone(),
                        status: s,
                    })
                }
                _ => {}
            }
        }
        if self.inspection.is_none() {
            out.push(Missing::Inspection { moveout: id() });
        }
        if self.keys.is_none() {
            out.push(Missing::Keys { moveout: id() });
        }
        for h in &around.permits_holding {
            out.push(Missing::Deposits(h.clone()));
        }
        out
    }

    /// Everything `complete` still needs, in the procedure's order.
    pub fn missing(&self, around: &Around) -> Vec<Missing> {
        let id = || self.id.clone();
        let mut out = Vec::new();
        if self.role == Role::Tenant && self.owner_consent.is_none() {
            out.push(Missing::Consent { moveout: id() });
        }
        if self.lift.is_none() {
            out.push(Missing::Lift { moveout: id() });
        }
        // Settlement before the exit pass.
        if self.settlement.is_none() {
            out.extend(self.missing_to_settle(around));
            out.push(Missing::Settlement { moveout: id() });
        }
        match (&self.goods_exit, around.goods_exit) {
            (None, _) => out.push(Missing::ExitPass { moveout: id() }),
            (Some(p), Some(PermitStatus::Applied)) => {
                out.push(Missing::PassUnsigned { pass: p.clone() })
            }
            (Some(p), Some(PermitStatus::Issued)) => {
                out.push(Missing::PassNotTaken { pass: p.clone() })
            }
            _ => {}
        }
        if self.cleaning.is_none() {
            out.push(Missing::Cleaning { moveout: id() });
        }
        out
    }

    /// What the move-out waits for: what is missing while in progress, the refund once
    /// completed.
    pub fn waiting(&self, around: &Around) -> Waiting {
        match (self.status, self.refund_due()) {
            (Status::InProgress, _) => Waiting::Missing(self.missing(around)),
            (Status::Completed, Some((amount, due))) => Waiting::Refund { amount, due },
            (Status::Completed, None) => Waiting::Nothing,
        }
    }
}
