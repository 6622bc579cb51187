//! The gate a goods exit pass (出门证 / 放行条) opens: no goods leave while money is
//! owed. The manuals say it three times over:
//! - 退租: settlement before the exit pass (结算后方可开具出门证); 退租搬离: what is owed
//!   is paid before moving out (应付款项结清). A move-out's pass is neither made nor
//!   issued before the move-out is settled (`moveout settle`) and what the leaving
//!   occupant owes is paid, or covered by the deposits held.
//! - 催款, day 6: with the request to suspend services, security is told to stop the
//!   tenant moving goods out. A unit whose dunning case has reached that step gets no
//!   pass issued unless a manager overrides it with a reason (one of `[permit]
//!   exit_override_roles`), recorded on the pass and printed on it.
//! - Security, taking a pass of such a unit as the goods leave, is warned, and the pass
//!   keeps the warning.
//!
//! [`Standing`] is what the rest of the office says about a unit's goods leaving, read
//! from its move-out in progress, its ledger and its dunning case; its
//! [`Standing::barriers`] are what shuts the gate. The steps that make, issue, print or
//! take a pass ask it (`goods_exit.rs`, `notices.rs`, the move-out's `permits.rs`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::ledger::State;
use crate::model::money::Money;
use crate::procedure::dunning::{DunningCase, StepStatus};
use crate::procedure::fees::accounts::Books;
use crate::procedure::moveout::{MoveOut, Status as MoveOutStatus};

use super::record::Refused;
use super::steps::Refusal;

/// What the leaving occupant of a unit owes at the gate: the move-out, what is owed
/// now (the fee balance and the late fees accrued, not yet posted) and the deposits
/// held that cover it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Owing {
    pub moveout: String,
    pub unit: String,
    pub owed: Money,
    pub held: Money,
}

impl Owing {
    /// What the deposits held do not cover.
    pub fn short(&self) -> Money {
        Money::from_minor((self.owed.minor() - self.held.minor()).max(0))
    }
}

/// A unit's dunning case at its suspension step (停止服务, day 6 of the manuals):
/// the step's ladder day, the day it fell due, whether it is taken (approved) or waits
/// for the approval of `who`, what is overdue now and what is owed in all (late fees
/// accrued included in both): paying that closes the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suspension {
    pub unit: String,
    pub day: u32,
    pub due: NaiveDate,
    pub who: String,
    pub taken: bool,
    pub overdue: Money,
    pub owed: Money,
}

/// What shuts the gate. A pass keeps those security was warned of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Barrier {
    /// The move-out is not settled (`moveout settle`).
    NotSettled(Owing),
    /// The move-out is settled, and the leaving occupant owes more than the deposits
    /// held cover (`pay`).
    Owed(Owing),
    /// The unit's dunning case has reached its suspension step.
    Suspended(Suspension),
}

/// A manager's override of the dunning suspension, given with the desk's signature:
/// who, in which of the office's override roles, why, on what day, and the suspension
/// it overrode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitOverride {
    pub by: String,
    pub role: String,
    pub reason: String,
    pub date: NaiveDate,
    pub suspension: Suspension,
}

/// A manager's override as typed at the desk: who, as which role, why.
#[derive(Debug, Clone, Copy)]
pub struct Overriding<'a> {
    pub by: &'a str,
    pub role: &'a str,
    pub reason: &'a str,
}

/// Which step the gate refuses: making a pass, issuing it (the desk's signature), or
/// printing it to hand out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateStep {
    Make,
    Issue,
    Print,
}

/// What the office says about a unit's goods leaving: its move-out in progress (the
/// day it was settled, if it was, and what the leaving occupant owes), and its dunning
/// case at the suspension step with money still overdue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    pub moveout: Option<(Option<NaiveDate>, Owing)>,
    pub suspension: Option<Suspension>,
}

impl Standing {
    /// The standing of `unit` on `today`: `unit_moveouts` are the unit's move-outs (the
    /// one in progress counts), `state` its ledger replayed, `case` its dunning case.
    /// `occupant`: the occupancy whose goods leave when no move-out is in progress (a
    /// move-out's are the leaver's): only its money holds them, not another's left on
    /// the unit.
    pub fn of(
        unit: &str,
        unit_moveouts: &[MoveOut],
        state: &State,
        books: &Books,
        case: Option<&DunningCase>,
        occupant: Option<&str>,
        today: NaiveDate,
    ) -> Standing {
        let leaving = unit_moveouts
            .iter()
            .find(|m| m.unit == unit && m.status == MoveOutStatus::InProgress);
        let party = leaving.map(|m| m.party.as_str()).or(occupant);
        let state = &state.of_party(party);
        let accrued = books.late_fees_accrued(state, today);
        let plus = |m: Money| Money::from_minor(m.minor() + accrued.minor());
        let owed = Money::from_minor(plus(state.balance()).minor().max(0));
        let moveout = leaving.map(|m| {
            let owing = Owing {
                moveout: m.id.clone(),
                unit: unit.to_string(),
                owed,
                held: state.deposits_held(),
            };
            (m.settlement.as_ref().map(|s| s.date), owing)
        });
        let overdue = plus(state.overdue_total(today));
        let suspension = case
            .and_then(DunningCase::suspension)
            .filter(|_| overdue.minor() > 0)
            .map(|s| Suspension {
                unit: unit.to_string(),
                day: s.day,
                due: s.due,
                who: s.who.clone(),
                taken: s.status == StepStatus::Taken,
                overdue,
                owed,
            });
        Standing {
            moveout,
            suspension,
        }
    }

    /// The move-out's barrier: not settled, or settled and owing more than the
    /// deposits held.
    pub fn moveout_barrier(&self) -> Option<Barrier> {
        match &self.moveout {
            None => None,
            Some((None, o)) => Some(Barrier::NotSettled(o.clone())),
            Some((Some(_), o)) if o.short().minor() > 0 => Some(Barrier::Owed(o.clone())),
            Some((Some(_), _)) => None,
        }
    }

    /// Everything that shuts the gate now, the move-out's first.
    pub fn barriers(&self) -> Vec<Barrier> {
        let suspended = self.suspension.clone().map(Barrier::Suspended);
        self.moveout_barrier()
            .into_iter()
            .chain(suspended)
            .collect()
    }
}

/// Refuses `step` on the pass `pass` (none: not made yet) of `unit` while `barriers`
/// shut the gate.
pub fn open(
    step: GateStep,
    pass: Option<&str>,
    unit: &str,
    barriers: Vec<Barrier>,
) -> Result<(), Refused> {
    if barriers.is_empty() {
        return Ok(());
    }
    Err(Refused::Permit(Refusal::GateShut {
        step,
        pass: pass.map(str::to_string),
        unit: unit.to_string(),
        barriers,
    }))
}

/// Whether a goods exit pass may be made for `unit`: not while its move-out is not
/// settled or what its leaving occupant owes is not paid or covered. (The dunning
/// suspension is the desk's to decide, with a manager, when it issues the pass.)
pub fn may_make(standing: &Standing, unit: &str) -> Result<(), Refused> {
    let barriers = standing.moveout_barrier().into_iter().collect();
    open(GateStep::Make, None, unit, barriers)
}

#[cfg(test)]
mod tests;
