//! The flow of a suggestion or an inquiry (建议、咨询): the desk replies, then closes
//! it. What was told to the tenant and a repeat complaint are recorded in any state.

use super::codes::Status;
use super::event::{Event, Flow, Position};

/// The states of an inquiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    New,
    Closed,
}

impl Flow for State {
    fn of(pos: Position) -> Option<State> {
        use Status as S;
        match (pos.status, pos.paused) {
            (S::New, false) => Some(State::New),
            (S::Closed, false) => Some(State::Closed),
            (S::New | S::Closed, true) => None,
            (S::Dispatched | S::OnSite | S::Done | S::Returned | S::CalledBack, _) => None,
            (S::Assigned | S::Explained | S::Actioned | S::Shelved, _) => None,
            (S::Dead | S::Unreasonable, _) => None,
        }
    }

    fn position(self) -> Position {
        Position::at(match self {
            State::New => Status::New,
            State::Closed => Status::Closed,
        })
    }

    /// The inquiry's transitions: every event against every state.
    fn next(self, event: Event) -> Option<State> {
        use Event as E;
        use State as S;
        match event {
            // Engineering's and complaints' events, and those no step of an inquiry
            // writes.
            E::Reported | E::Quoted | E::Consented | E::Dispatched | E::Arrived => None,
            E::Paused | E::Resumed | E::Finished | E::Returned | E::Charged => None,
            E::CalledBack | E::NotSatisfied | E::Shelved | E::Dead | E::Unreasonable => None,
            E::Accepted | E::Explained | E::Action | E::SignedOff => None,
            // Recorded in any state: what was told to the tenant, a repeat linked.
            E::Feedback | E::Repeated => Some(self),
            E::Replied => match self {
                S::New => Some(S::New),
                S::Closed => None,
            },
            E::Closed => match self {
                S::New => Some(S::Closed),
                S::Closed => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::event::grid;
    use super::State;

    fn state(code: &str) -> State {
        match code {
            "new" => State::New,
            "cls" => State::Closed,
            other => panic!("no state {other:?}"),
        }
    }

    /// `-` refused, `=` recorded without moving, else the state it leads to.
    #[rustfmt::skip]
    const TABLE: &[(&str, &str)] = &[
        //      rep quo con dis arr pau res fin ret cb  ns  she dea unr fee acc exp rpl act sig clo rpt chg
        ("new", "-   -   -   -   -   -   -   -   -   -   -   -   -   -   =   -   -   =   -   -   cls =   -"),
        ("cls", "-   -   -   -   -   -   -   -   -   -   -   -   -   -   =   -   -   -   -   -   -   =   -"),
    ];

    #[test]
    fn every_state_against_every_event() {
        grid::check(TABLE, state, 2);
    }
}
