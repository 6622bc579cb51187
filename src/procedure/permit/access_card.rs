//! Access cards (门禁卡): issued against a deposit per card, once the deposit is held;
//! handed back at the end, the deposit refunded (`steps::return_cards`) and the permit
//! closed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::history::Entry;
use crate::model::money::Money;

use super::record::log;
use super::record::{Act, Event, Kind, Machine, Permit, PermitKind, Refused, Status};
use super::steps::Refusal;

/// Where an access-card permit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum State {
    /// The deposit is taken.
    #[default]
    Applied,
    /// The cards are out.
    Issued,
    /// The cards are back.
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

/// Where `event` takes an access-card permit standing at `state`; `None`: not a step
/// from there.
pub fn next(state: State, event: Event) -> Option<State> {
    use Event as E;
    use State::*;
    match (state, event) {
        (Applied, E::Issued) => Some(Issued),
        (Issued | Closed, E::Issued) => None,
        (Issued, E::Returned) => Some(Issued),
        (Issued, E::Closed) => Some(Closed),
        (Applied | Closed, E::Returned | E::Closed) => None,
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
            | E::ExitSigned
            | E::ToSecurity,
        ) => None,
    }
}

/// Access cards issued against a deposit each (门禁卡押金).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessCard {
    #[serde(skip)]
    pub state: State,
    pub cards: u32,
    pub deposit_each: Money,
    /// The cards' numbers, as written on them, when the office numbers its cards
    /// (recorded at issue).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub numbers: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned: Option<NaiveDate>,
}

impl Permit {
    /// Access cards against a deposit each.
    pub fn new_access_card(
        id: &str,
        unit: &str,
        applicant: &str,
        cards: u32,
        deposit_each: Money,
        act: Act,
    ) -> Result<Permit, Refused> {
        if cards == 0 {
            return Err(Refused::Permit(Refusal::NoCards));
        }
        let note = format!("{cards} card(s), deposit {deposit_each} each");
        let page = AccessCard {
            state: State::Applied,
            cards,
            deposit_each,
            numbers: Vec::new(),
            returned: None,
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
            PermitKind::AccessCard(page),
            history,
        ))
    }

    /// The access cards handed back and the permit closed; returns the deposit to
    /// refund (`steps::return_cards` refunds what the ledger holds of it).
    pub fn return_cards(&mut self, act: Act) -> Result<Money, Refused> {
        let Permit {
            id,
            part: PermitKind::AccessCard(c),
            history,
            ..
        } = self
        else {
            return Err(Refused::Permit(Refusal::NotA {
                id: self.id.clone(),
                kind: Kind::AccessCard,
            }));
        };
        c.state.step(id, Event::Returned)?;
        let closed = c.state.step(id, Event::Closed)?;
        c.returned = Some(act.today);
        let back = c
            .deposit_each
            .mul_ratio(i64::from(c.cards), 1)
            .unwrap_or(Money::ZERO);
        c.state = closed;
        let note = format!("{} card(s), deposit {back} to refund", c.cards);
        log(history, act, Event::Returned, note);
        log(history, act, Event::Closed, String::new());
        Ok(back)
    }
}
