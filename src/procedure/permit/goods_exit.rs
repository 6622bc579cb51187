//! The goods exit pass (大件物品出门证 / 放行条): the items and the day they leave;
//! signed by the owner side and the tenant side, then by the desk, which issues it;
//! security takes it as the goods leave, and it is done. A move-out's pass is made by
//! the move-out (`moveout::permits::issue_exit_pass`) for its goods lift booking.
//!
//! The desk's signature opens the gate ([`super::gate`]): it is refused while the
//! unit's move-out is not settled or its money not paid, and while its dunning case
//! stands at the suspension step unless a manager overrides it, named on the pass.
//! Security taking the pass of such a unit is warned, and the pass keeps the warning.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::history::Entry;

use super::PermitRules;
use super::gate::{self, Barrier, ExitOverride, GateStep, Overriding, Standing};
use super::record::log;
use super::record::{Act, Event, Kind, Machine, Permit, PermitKind, Refused, Status};
use super::steps::{Did, Done, Field, Refusal, filled};

/// Where a goods exit pass stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum State {
    /// Being signed.
    #[default]
    Applied,
    /// Signed by the desk: the goods may leave.
    Issued,
    /// Taken by security.
    Closed,
}

impl Machine for State {
    const ALL: &'static [State] = &[State::Applied, State::Issued, State::Closed];
    fn status(self) -> Status {
        match self {
            State::Applied => Status::Applied,
            State::Issued => Status::Issued,
            State::Closed => Status::Closed,
        }
    }
    fn after(self, event: Event) -> Option<State> {
        next(self, event)
    }
}

/// Where `event` takes a goods exit pass standing at `state`; `None`: not a step from
/// there.
pub fn next(state: State, event: Event) -> Option<State> {
    use Event as E;
    use State::*;
    match (state, event) {
        (Applied, E::ExitSigned) => Some(Applied),
        // The desk's signature issues it.
        (Applied, E::Issued) => Some(Issued),
        (Issued | Closed, E::ExitSigned | E::Issued) => None,
        (Issued, E::ToSecurity) => Some(Issued),
        (Issued, E::Closed) => Some(Closed),
        (Applied | Closed, E::ToSecurity | E::Closed) => None,
        (
            Applied | Issued | Closed,
            E::Applied
            | E::Received
            | E::Signed
            | E::Billed
            | E::Approved
            | E::Rejected
            | E::Revised
            | E::Inspected
            | E::Violation
            | E::Rectified
            | E::HotWork
            | E::Extended
            | E::CompletionApplied
            | E::Accepted
            | E::NotAccepted
            | E::Passes
            | E::Renewed
            | E::Returned,
        ) => None,
    }
}

/// A goods exit pass (放行条): the items, the three signatures, security.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoodsExit {
    #[serde(skip)]
    pub state: State,
    pub items: Vec<String>,
    /// The day the goods leave.
    pub date: NaiveDate,
    /// The owner side's signature...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_side: Option<String>,
    /// ...the tenant side's...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_side: Option<String>,
    /// ...and the desk's, last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desk: Option<String>,
    /// The guard who took the pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<String>,
    /// The move-out the goods leave with, and its goods lift booking (`09:00–12:00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moveout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lift: Option<String>,
    /// A manager's override of the unit's dunning suspension, given with the desk's
    /// signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overridden: Option<ExitOverride>,
    /// What security was warned of as it took the pass.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Barrier>,
}

/// A signature on a goods exit pass: the side, who signs, and with the desk's, a
/// manager's override of the unit's dunning suspension.
#[derive(Debug, Clone, Copy)]
pub struct Signature<'a> {
    pub side: Side,
    pub by: &'a str,
    pub overriding: Option<Overriding<'a>>,
}

/// Who signs a goods exit pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    Owner,
    Tenant,
    Desk,
}

impl Side {
    pub const ALL: [Side; 3] = [Side::Owner, Side::Tenant, Side::Desk];
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Owner => "owner",
            Side::Tenant => "tenant",
            Side::Desk => "desk",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Side::Owner => "业主方",
            Side::Tenant => "租户方",
            Side::Desk => "客服中心",
        }
    }
}

named_enum!(Side, "side");

/// `permit issue` does not issue a pass: the desk's signature does.
pub(super) fn issue(id: &str, g: &GoodsExit) -> Result<Done, Refused> {
    g.state.step(id, Event::Issued)?;
    Err(Refused::Permit(Refusal::IssuedByDesk {
        id: id.to_string(),
    }))
}

fn refuse(r: Refusal) -> Refused {
    Refused::Permit(r)
}

impl Permit {
    /// A goods exit pass for `items` leaving on `date`.
    pub fn new_goods_exit(
        id: &str,
        unit: &str,
        applicant: &str,
        items: &[String],
        date: NaiveDate,
        act: Act,
    ) -> Result<Permit, Refused> {
        let items: Vec<String> = items
            .iter()
            .map(|i| i.trim().to_string())
            .filter(|i| !i.is_empty())
            .collect();
        if items.is_empty() {
            return Err(refuse(Refusal::NoGoods));
        }
        if date < act.today {
            return Err(refuse(Refusal::GoodsPast { date }));
        }
        let note = format!("{} item(s) on {date}", items.len());
        let page = GoodsExit {
            state: State::Applied,
            items,
            date,
            owner_side: None,
            tenant_side: None,
            desk: None,
            security: None,
            moveout: None,
            lift: None,
            overridden: None,
            warnings: Vec::new(),
        };
        let history = vec![Entry::new(
            act.at,
            act.by,
            Event::Applied.as_str(),
            Some(note),
        )];
        Ok(Permit::with(
            id,
            unit,
            applicant,
            PermitKind::GoodsExit(page),
            history,
        ))
    }

    /// The pass page and the history, or the refusal of a pass's step on another kind
    /// of permit.
    fn pass(&mut self) -> Result<(&str, &mut GoodsExit, &mut Vec<Entry>), Refused> {
        match self {
            Permit {
                id,
                part: PermitKind::GoodsExit(g),
                history,
                ..
            } => Ok((id.as_str(), g, history)),
            _ => Err(refuse(Refusal::NotA {
                id: self.id.clone(),
                kind: Kind::GoodsExit,
            })),
        }
    }

    /// A signature on a goods exit pass: the owner side and the tenant side first,
    /// then the desk, which issues it once the gate is open (`standing`: what the
    /// office says about the unit's goods leaving). The unit's dunning suspension is
    /// lifted for this pass only by a manager's override in one of the office's
    /// `exit_override_roles`, with a reason, recorded on the pass.
    pub fn sign_exit(
        &mut self,
        act: Act,
        sig: Signature,
        standing: &Standing,
        rules: &PermitRules,
    ) -> Result<Done, Refused> {
        let unit = self.unit.clone();
        let (id, g, history) = self.pass()?;
        g.state.step(id, Event::ExitSigned)?;
        let (side, who) = (sig.side, filled(Field::Signature, sig.by)?);
        if sig.overriding.is_some() && side != Side::Desk {
            let id = id.to_string();
            return Err(refuse(Refusal::OverrideAtDesk { id, side }));
        }
        let slot = match side {
            Side::Owner => &mut g.owner_side,
            Side::Tenant => &mut g.tenant_side,
            Side::Desk => {
                if g.owner_side.is_none() || g.tenant_side.is_none() {
                    let unsigned = match g.owner_side {
                        None => Side::Owner,
                        Some(_) => Side::Tenant,
                    };
                    return Err(refuse(Refusal::DeskSignsLast { unsigned }));
                }
                &mut g.desk
            }
        };
        if let Some(by) = slot {
            return Err(refuse(Refusal::AlreadySigned {
                side,
                by: by.clone(),
            }));
        }
        let overridden = match side {
            Side::Desk => {
                let mut barriers = standing.barriers();
                let overridden = sig
                    .overriding
                    .map(|o| overrides(o, standing, &unit, rules, act))
                    .transpose()?;
                if overridden.is_some() {
                    barriers.retain(|b| !matches!(b, Barrier::Suspended(_)));
                }
                gate::open(GateStep::Issue, Some(id), &unit, barriers)?;
                overridden
            }
            Side::Owner | Side::Tenant => None,
        };
        *slot = Some(who.clone());
        log(history, act, Event::ExitSigned, format!("{side}: {who}"));
        if side == Side::Desk {
            g.state = g.state.step(id, Event::Issued)?;
            let note = overridden.as_ref().map_or(String::new(), |o| {
                format!(
                    "dunning suspension (day {}, {} overdue) overridden by {} ({}): {}",
                    o.suspension.day, o.suspension.overdue, o.by, o.role, o.reason
                )
            });
            log(history, act, Event::Issued, note);
            if let Some(o) = overridden {
                g.overridden = Some(o.clone());
                return Ok(Done::Overridden {
                    id: id.to_string(),
                    status: g.state.status(),
                    overridden: o,
                });
            }
        }
        Ok(Done::Step {
            id: id.to_string(),
            did: Did::Signed,
            status: g.state.status(),
        })
    }

    /// Security takes the pass as the goods leave; the pass is done. Security is
    /// warned of what shuts the gate now (`standing`): the unit's dunning case at its
    /// suspension step, a move-out not settled or not paid. The pass keeps the
    /// warning.
    pub fn to_security(
        &mut self,
        act: Act,
        guard: &str,
        standing: &Standing,
    ) -> Result<Done, Refused> {
        let (id, g, history) = self.pass()?;
        g.state.step(id, Event::ToSecurity)?;
        let closed = g.state.step(id, Event::Closed)?;
        let guard = filled(Field::Guard, guard)?;
        let warnings = standing.barriers();
        g.security = Some(guard.clone());
        g.warnings = warnings.clone();
        g.state = closed;
        let mut note = guard;
        if !warnings.is_empty() {
            let what: Vec<&str> = warnings.iter().map(warned).collect();
            note.push_str(&format!("; warned: {}", what.join(", ")));
        }
        log(history, act, Event::ToSecurity, note);
        log(history, act, Event::Closed, String::new());
        Ok(Done::Taken {
            id: id.to_string(),
            status: g.state.status(),
            warnings,
            overridden: g.overridden.clone(),
        })
    }
}

/// A barrier security was warned of, as the history notes it.
fn warned(b: &Barrier) -> &'static str {
    match b {
        Barrier::NotSettled(_) => "move-out not settled",
        Barrier::Owed(_) => "move-out not paid",
        Barrier::Suspended(_) => "dunning suspension",
    }
}

/// A manager's override of the unit's dunning suspension, checked: a role of the
/// office's `exit_override_roles`, a name and a reason, and a suspension to override.
fn overrides(
    o: Overriding,
    standing: &Standing,
    unit: &str,
    rules: &PermitRules,
    act: Act,
) -> Result<ExitOverride, Refused> {
    let role = o.role.trim();
    if !rules.exit_override_roles.iter().any(|r| r == role) {
        return Err(refuse(Refusal::OverrideRole {
            role: role.to_string(),
            roles: rules.exit_override_roles.clone(),
        }));
    }
    let by = filled(Field::OverrideBy, o.by)?;
    let reason = filled(Field::OverrideReason, o.reason)?;
    let Some(suspension) = standing.suspension.clone() else {
        let unit = unit.to_string();
        return Err(refuse(Refusal::NothingToOverride { unit }));
    };
    Ok(ExitOverride {
        by,
        role: role.to_string(),
        reason,
        date: act.today,
        suspension,
    })
}
