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
    use super::super::event::{Event, Flow};
    use super::State;

    /// Every event, and where it leads from new and from closed (`-` refused, `=`
    /// recorded without moving).
    #[rustfmt::skip]
    const TABLE: &[(Event, &str, &str)] = &[
        (Event::Reported, "-", "-"),
        (Event::Quoted, "-", "-"),
        (Event::Consented, "-", "-"),
        (Event::Dispatched, "-", "-"),
        (Event::Arrived, "-", "-"),
        (Event::Paused, "-", "-"),
        (Event::Resumed, "-", "-"),
        (Event::Finished, "-", "-"),
        (Event::Returned, "-", "-"),
        (Event::CalledBack, "-", "-"),
        (Event::NotSatisfied, "-", "-"),
        (Event::Shelved, "-", "-"),
        (Event::Dead, "-", "-"),
        (Event::Unreasonable, "-", "-"),
        (Event::Feedback, "=", "="),
        (Event::Accepted, "-", "-"),
        (Event::Explained, "-", "-"),
        (Event::Replied, "=", "-"),
        (Event::Action, "-", "-"),
        (Event::SignedOff, "-", "-"),
        (Event::Closed, "cls", "-"),
        (Event::Repeated, "=", "="),
        (Event::Charged, "-", "-"),
    ];

    #[test]
    fn every_state_against_every_event() {
        let mut events: Vec<Event> = TABLE.iter().map(|r| r.0).collect();
        events.sort();
        events.dedup();
        assert_eq!(events.len(), Event::ALL.len(), "every event has its row");
        for (event, from_new, from_closed) in TABLE {
            for (from, cell) in [(State::New, from_new), (State::Closed, from_closed)] {
                let want = match *cell {
                    "-" => None,
                    "=" => Some(from),
                    _ => Some(State::Closed),
                };
                assert_eq!(from.next(*event), want, "{from:?} + {event:?}");
                assert_eq!(State::of(from.position()), Some(from));
            }
        }
    }
}
