//! The flow of a complaint (投诉).
//!
//! The desk records it and gives first feedback; the complaint is assessed: valid, it
//! goes to the department and person responsible (assigned), who write the action
//! taken (actioned); not valid, what was explained to the tenant closes it at the
//! desk. The reply is given while it is open; after the action the desk calls back
//! (not satisfied sends it back to the department) and the manager signs the report,
//! which closes it. What was told to the tenant and a repeat complaint are recorded in
//! any state.

use super::codes::Status;
use super::event::{Event, Flow, Position};

/// The states of a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    New,
    /// Valid: with its department and person.
    Assigned,
    /// Not valid: explained to the tenant.
    Explained,
    /// The department wrote the action taken.
    Actioned,
    CalledBack,
    Closed,
}

impl Flow for State {
    fn of(pos: Position) -> Option<State> {
        use Status as S;
        if pos.paused {
            return None;
        }
        match pos.status {
            S::New => Some(State::New),
            S::Assigned => Some(State::Assigned),
            S::Explained => Some(State::Explained),
            S::Actioned => Some(State::Actioned),
            S::CalledBack => Some(State::CalledBack),
            S::Closed => Some(State::Closed),
            S::Dispatched | S::OnSite | S::Done | S::Returned | S::Shelved => None,
            S::Dead | S::Unreasonable => None,
        }
    }

    fn position(self) -> Position {
        Position::at(match self {
            State::New => Status::New,
            State::Assigned => Status::Assigned,
            State::Explained => Status::Explained,
            State::Actioned => Status::Actioned,
            State::CalledBack => Status::CalledBack,
            State::Closed => Status::Closed,
        })
    }

    /// The complaint's transitions: every event against every state.
    fn next(self, event: Event) -> Option<State> {
        use Event as E;
        use State as S;
        match event {
            // Engineering's events, and the events no step of a complaint writes.
            E::Reported | E::Quoted | E::Consented | E::Dispatched | E::Arrived => None,
            E::Paused | E::Resumed | E::Finished | E::Returned | E::Charged => None,
            E::Shelved | E::Dead | E::Unreasonable => None,
            // Recorded in any state: what was told to the tenant, a repeat linked.
            E::Feedback | E::Repeated => Some(self),
            E::Accepted | E::Explained => match self {
                S::New if event == E::Accepted => Some(S::Assigned),
                S::New => Some(S::Explained),
                S::Assigned | S::Explained | S::Actioned | S::CalledBack | S::Closed => None,
            },
            E::Replied => match self {
                S::New | S::Assigned | S::Actioned => Some(self),
                S::Explained | S::CalledBack | S::Closed => None,
            },
            E::Action => match self {
                S::Assigned => Some(S::Actioned),
                S::New | S::Explained | S::Actioned | S::CalledBack | S::Closed => None,
            },
            E::CalledBack | E::NotSatisfied => match self {
                S::Actioned if event == E::CalledBack => Some(S::CalledBack),
                // Not satisfied: back to the department.
                S::Actioned => Some(S::Assigned),
                S::New | S::Assigned | S::Explained | S::CalledBack | S::Closed => None,
            },
            E::SignedOff => match self {
                S::CalledBack => Some(S::Closed),
                S::New | S::Assigned | S::Explained | S::Actioned | S::Closed => None,
            },
            // An invalid complaint is closed at the desk.
            E::Closed => match self {
                S::Explained => Some(S::Closed),
                S::New | S::Assigned | S::Actioned | S::CalledBack | S::Closed => None,
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
            "asg" => State::Assigned,
            "exp" => State::Explained,
            "act" => State::Actioned,
            "cb" => State::CalledBack,
            "cls" => State::Closed,
            other => panic!("no state {other:?}"),
        }
    }

    /// `-` refused, `=` recorded without moving, else the state it leads to.
    #[rustfmt::skip]
    const TABLE: &[(&str, &str)] = &[
        //      rep quo con dis arr pau res fin ret cb  ns   she dea unr fee acc  exp  rpl act  sig  clo  rpt chg
        ("new", "-   -   -   -   -   -   -   -   -   -   -    -   -   -   =   asg  exp  =   -    -    -    =   -"),
        ("asg", "-   -   -   -   -   -   -   -   -   -   -    -   -   -   =   -    -    =   act  -    -    =   -"),
        ("exp", "-   -   -   -   -   -   -   -   -   -   -    -   -   -   =   -    -    -   -    -    cls  =   -"),
        ("act", "-   -   -   -   -   -   -   -   -   cb  asg  -   -   -   =   -    -    =   -    -    -    =   -"),
        ("cb",  "-   -   -   -   -   -   -   -   -   -   -    -   -   -   =   -    -    -   -    cls  -    =   -"),
        ("cls", "-   -   -   -   -   -   -   -   -   -   -    -   -   -   =   -    -    -   -    -    -    =   -"),
    ];

    #[test]
    fn every_state_against_every_event() {
        grid::check(TABLE, state, 6);
    }
}
