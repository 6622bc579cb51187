//! What the move-out reads of the unit's permits (its goods exit pass, its restoration
//! works, the permits still holding deposits) and the one permit it makes (the goods
//! exit pass for the booked lift): the only place the move-out touches the permit's
//! types.

use crate::model::ledger::Ledger;
use crate::model::money::Money;
use crate::model::party::Role;
use crate::procedure::fees::accounts::Books;
use crate::procedure::permit::gate::Standing;
use crate::procedure::permit::{self, Kind as PermitKind, Permit, PermitRules};

use super::missing::{Around, Holding};
use super::record::{Act, MoveOut, Refused};
use super::steps::Refusal;

/// What the rest of the office says about `m`, from the unit's permits: its goods exit
/// pass, its restoration permit and the day it was accepted, and the unit's issued
/// permits still holding deposits.
pub fn around(m: &MoveOut, permits: &[Permit], rules: &PermitRules) -> Around {
    let get = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| permits.iter().find(|p| &p.id == id))
    };
    let goods_exit = get(&m.goods_exit).map(|p| p.status());
    let restoration = get(&m.restoration).map(|p| {
        let accepted = p
            .renovation()
            .and_then(|r| r.acceptances.iter().rev().find(|a| a.passed))
            .map(|a| a.date);
        (p.status(), accepted)
    });
    let permits_holding = permits
        .iter()
        .filter(|p| {
            p.unit == m.unit
                && p.status() != permit::Status::Closed
                && p.status() != permit::Status::Rejected
                && !p.required_deposits(rules).is_empty()
                && p.history
                    .iter()
                    .any(|e| e.event == permit::Event::Issued.as_str())
        })
        .map(|p| Holding {
            permit: p.id.clone(),
            kind: p.kind().to_string(),
            cards: p.kind() == PermitKind::AccessCard,
        })
        .collect();
    Around {
        goods_exit,
        restoration,
        permits_holding,
    }
}

/// Whether the restoration works were accepted (or the permit closed after).
pub fn restoration_accepted(around: &Around) -> bool {
    matches!(
        around.restoration,
        Some((permit::Status::Accepted | permit::Status::Closed, _))
    )
}

/// The goods exit pass for `m`'s goods lift: whether the goods have left (security
/// took the pass), and whether it is issued (security checks the goods against it).
pub fn pass_state(m: &MoveOut, permits: &[Permit]) -> (bool, bool) {
    let pass = m
        .goods_exit
        .as_ref()
        .and_then(|id| permits.iter().find(|p| &p.id == id));
    let taken = pass.is_some_and(|p| p.status() == permit::Status::Closed);
    let issued = pass.is_some_and(|p| p.status() == permit::Status::Issued);
    (taken, issued)
}

/// Links the restoration works: a renovation permit of the move-out's unit.
pub fn link_restoration(m: &mut MoveOut, p: &Permit, act: Act) -> Result<(), Refused> {
    if p.kind() != PermitKind::Renovation || p.unit != m.unit {
        return Err(Refusal::NotRestorationPermit {
            permit: p.id.clone(),
            kind: p.kind().to_string(),
            unit: p.unit.clone(),
            expected: m.unit.clone(),
        }
        .into());
    }
    m.link_restoration(act, &p.id)
}

/// Makes the goods exit pass for the booked lift: a goods-exit permit `pid` for the
/// lift's day and slot, applied for by the occupant (the tenant side when a tenant
/// moves out), noted on the move-out. Not before the move-out is settled and what the
/// occupant owes is paid or covered by the deposits held (`standing`, the gate of
/// [`permit::gate`]): settlement before the exit pass.
pub fn issue_exit_pass(
    m: &mut MoveOut,
    pid: &str,
    items: &[String],
    standing: &Standing,
    act: Act,
) -> Result<Permit, Refused> {
    let booking = m.may_issue_exit_pass()?;
    permit::gate::may_make(standing, &m.unit)?;
    let mut p = Permit::new_goods_exit(pid, &m.unit, &m.party, items, booking.date, act)?;
    if let Some(g) = p.goods_exit_mut() {
        g.moveout = Some(m.id.clone());
        g.lift = Some(booking.slot());
    }
    p.tenant_applicant = m.role == Role::Tenant;
    let count = p.goods_exit().map_or(0, |g| g.items.len());
    m.exit_pass(act, pid, count)?;
    Ok(p)
}

/// The access cards handed back (before the move, or any time): the permit's own
/// step, which closes it and refunds the card deposit as far as the ledger holds it.
/// What was refunded.
pub fn return_cards(
    p: &mut Permit,
    ledger: &mut Ledger,
    books: &Books,
    act: Act,
) -> crate::error::Result<Money> {
    match permit::steps::return_cards(p, ledger, books, act)? {
        permit::steps::Done::CardsReturned { refunded, .. } => Ok(refunded),
        _ => Ok(Money::ZERO),
    }
}
