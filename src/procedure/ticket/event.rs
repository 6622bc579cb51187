//! What happens to a ticket: the events of its history, and where they lead.
//!
//! Each entry of a ticket's history names one [`Event`] (stored as its string,
//! `dispatched`). Where the ticket stands is a [`Position`]: its status, paused or not,
//! and the status a shelved ticket resumes to. Each kind of ticket walks its own flow,
//! with its own states and its own transition function: repairs and special services
//! ([`super::repair`]), complaints ([`super::complaint`]), inquiries
//! ([`super::inquiry`]). [`next`] picks the flow; [`allowed`] and [`replay`] are
//! computed from it, so a refused step names exactly the steps the flow allows.

use std::str::FromStr;

use crate::model::history::Entry;

use super::codes::{Kind, Status};
use super::{complaint, inquiry, repair};

/// The events of a ticket's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Event {
    /// Taken at the desk: the first entry, and only there.
    Reported,
    Quoted,
    Consented,
    Dispatched,
    Arrived,
    Paused,
    Resumed,
    Finished,
    Returned,
    CalledBack,
    NotSatisfied,
    Shelved,
    Dead,
    Unreasonable,
    Feedback,
    Accepted,
    Explained,
    Replied,
    Action,
    SignedOff,
    Closed,
    /// A later complaint repeats this one.
    Repeated,
    /// The fee posted to the unit's ledger on closing.
    Charged,
}

impl Event {
    /// Every event, in the order the procedure meets them (the order of "allowed now").
    pub const ALL: [Event; 23] = [
        Event::Reported,
        Event::Dispatched,
        Event::Arrived,
        Event::Finished,
        Event::Returned,
        Event::CalledBack,
        Event::NotSatisfied,
        Event::Closed,
        Event::Accepted,
        Event::Explained,
        Event::Action,
        Event::Replied,
        Event::SignedOff,
        Event::Paused,
        Event::Resumed,
        Event::Quoted,
        Event::Consented,
        Event::Shelved,
        Event::Dead,
        Event::Unreasonable,
        Event::Feedback,
        Event::Repeated,
        Event::Charged,
    ];

    /// As the history stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Reported => "reported",
            Event::Quoted => "quoted",
            Event::Consented => "consented",
            Event::Dispatched => "dispatched",
            Event::Arrived => "arrived",
            Event::Paused => "paused",
            Event::Resumed => "resumed",
            Event::Finished => "finished",
            Event::Returned => "returned",
            Event::CalledBack => "called-back",
            Event::NotSatisfied => "not-satisfied",
            Event::Shelved => "shelved",
            Event::Dead => "dead",
            Event::Unreasonable => "unreasonable",
            Event::Feedback => "feedback",
            Event::Accepted => "accepted",
            Event::Explained => "explained",
            Event::Replied => "replied",
            Event::Action => "action",
            Event::SignedOff => "signed-off",
            Event::Closed => "closed",
            Event::Repeated => "repeated",
            Event::Charged => "charged",
        }
    }

    /// The step that records it, as the clerk names it (`callback` for both answers of
    /// a callback, `assess` for both verdicts); the events no clerk types keep their
    /// own name.
    pub fn verb(self) -> &'static str {
        match self {
            Event::Dispatched => "dispatch",
            Event::Arrived => "arrive",
            Event::Paused => "pause",
            Event::Resumed => "resume",
            Event::Finished => "finish",
            Event::Returned => "return",
            Event::CalledBack | Event::NotSatisfied => "callback",
            Event::Shelved => "shelve",
            Event::Dead => "dead",
            Event::Unreasonable => "unreasonable",
            Event::Feedback => "feedback",
            Event::Accepted | Event::Explained => "assess",
            Event::Replied => "reply",
            Event::Action => "action",
            Event::SignedOff => "sign-off",
            Event::Closed => "close",
            Event::Quoted => "quote",
            Event::Consented => "consent",
            Event::Reported | Event::Repeated | Event::Charged => self.as_str(),
        }
    }

    /// A step the clerk takes (the others are written by another step: the report
    /// opens the ticket, a repeat complaint links itself, closing charges the fee).
    pub fn is_step(self) -> bool {
        self.role().0
    }

    /// Recorded whatever the state, even after the end: what was told to the tenant,
    /// a repeat complaint linked.
    pub fn recorded_anywhere(self) -> bool {
        self.role().1
    }

    /// (a step the clerk takes, recorded in any state).
    fn role(self) -> (bool, bool) {
        match self {
            Event::Reported | Event::Charged => (false, false),
            Event::Repeated => (false, true),
            Event::Feedback => (true, true),
            Event::Quoted
            | Event::Consented
            | Event::Dispatched
            | Event::Arrived
            | Event::Paused
            | Event::Resumed
            | Event::Finished
            | Event::Returned
            | Event::CalledBack
            | Event::NotSatisfied
            | Event::Shelved
            | Event::Dead
            | Event::Unreasonable
            | Event::Accepted
            | Event::Explained
            | Event::Replied
            | Event::Action
            | Event::SignedOff
            | Event::Closed => (true, false),
        }
    }

    /// Is `entry` this event?
    pub fn is(self, entry: &Entry) -> bool {
        entry.event == self.as_str()
    }
}

impl FromStr for Event {
    type Err = ();
    fn from_str(s: &str) -> Result<Event, ()> {
        Event::ALL.into_iter().find(|e| e.as_str() == s).ok_or(())
    }
}

impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the replay of a history stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub status: Status,
    /// Waiting on the tenant (the clock is stopped).
    pub paused: bool,
    /// While shelved: the status to resume to.
    pub shelved_from: Option<Status>,
}

impl Position {
    /// At `status`, running, not shelved.
    pub fn at(status: Status) -> Position {
        Position {
            status,
            paused: false,
            shelved_from: None,
        }
    }
}

/// A kind's flow: its own states, read from and written as a [`Position`], and its
/// transition function.
pub trait Flow: Copy {
    /// The flow's state at `pos`; `None` for a status the flow does not have (a status
    /// written by hand over a broken history).
    fn of(pos: Position) -> Option<Self>;
    fn position(self) -> Position;
    /// The state after `event`, or `None` if the flow does not allow it now.
    fn next(self, event: Event) -> Option<Self>;
}

fn walk<F: Flow>(pos: Position, event: Event) -> Option<Position> {
    match F::of(pos) {
        Some(state) => state.next(event).map(F::position),
        None => event.recorded_anywhere().then_some(pos),
    }
}

/// The position after `event` from `pos`, by the flow of `kind`; `None` if the step
/// is illegal. Events that record something without moving the ticket keep it.
pub fn next(kind: Kind, pos: Position, event: Event) -> Option<Position> {
    match kind {
        Kind::Repair | Kind::SpecialService => walk::<repair::State>(pos, event),
        Kind::Complaint => walk::<complaint::State>(pos, event),
        Kind::Inquiry => walk::<inquiry::State>(pos, event),
    }
}

/// The steps allowed from `pos`, one event per step the clerk names (the first of
/// `callback`'s and `assess`'s two), in the procedure's order.
pub fn allowed(kind: Kind, pos: Position) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for e in Event::ALL {
        if e.is_step() && next(kind, pos, e).is_some() && !out.iter().any(|o| o.verb() == e.verb())
        {
            out.push(e);
        }
    }
    out
}

/// The steps' names, joined for a message: "dispatch, arrive", or "nothing".
pub fn verbs(events: &[Event]) -> String {
    if events.is_empty() {
        return "nothing".to_string();
    }
    let names: Vec<&str> = events.iter().map(|e| e.verb()).collect();
    names.join(", ")
}

/// Replays a history: the position it leads to, or the first entry that is not a
/// legal step (its index and why).
pub fn replay(kind: Kind, history: &[Entry]) -> Result<Position, (usize, String)> {
    let mut pos = Position::at(Status::New);
    for (i, e) in history.iter().enumerate() {
        if i == 0 {
            if !Event::Reported.is(e) {
                return Err((
                    0,
                    format!(
                        "a ticket's history starts with {:?}",
                        Event::Reported.as_str()
                    ),
                ));
            }
            continue;
        }
        if e.event == crate::model::history::RESOLVED || crate::model::history::is_reveal(e) {
            continue;
        }
        let event = match e.event.parse::<Event>() {
            Ok(Event::Reported) | Err(()) => {
                let names: Vec<&str> = Event::ALL[1..].iter().map(|e| e.as_str()).collect();
                return Err((
                    i,
                    format!(
                        "unknown ticket event {:?}: expected one of {}",
                        e.event,
                        names.join(", ")
                    ),
                ));
            }
            Ok(event) => event,
        };
        pos = next(kind, pos, event).ok_or_else(|| {
            (
                i,
                format!(
                    "{:?} cannot follow status {} (a {}): allowed then: {}",
                    e.event,
                    pos.status,
                    kind,
                    verbs(&allowed(kind, pos))
                ),
            )
        })?;
    }
    Ok(pos)
}

/// The table tests of the flows: every state against every event.
#[cfg(test)]
pub(super) mod grid {
    use super::{Event, Flow};

    /// The columns of a flow's table, in this order.
    const EVENTS: [Event; 23] = [
        Event::Reported,
        Event::Quoted,
        Event::Consented,
        Event::Dispatched,
        Event::Arrived,
        Event::Paused,
        Event::Resumed,
        Event::Finished,
        Event::Returned,
        Event::CalledBack,
        Event::NotSatisfied,
        Event::Shelved,
        Event::Dead,
        Event::Unreasonable,
        Event::Feedback,
        Event::Accepted,
        Event::Explained,
        Event::Replied,
        Event::Action,
        Event::SignedOff,
        Event::Closed,
        Event::Repeated,
        Event::Charged,
    ];

    /// Checks a flow's `table`: a row per state, named as `state` reads it, with a
    /// cell per event in the order of [`EVENTS`] (`-` refused, `=` recorded without
    /// moving, else the state it leads to); `states` rows, one for each state.
    pub fn check<F>(table: &[(&str, &str)], state: impl Fn(&str) -> F, states: usize)
    where
        F: Flow + std::fmt::Debug + PartialEq,
    {
        let mut columns = EVENTS.to_vec();
        columns.sort();
        columns.dedup();
        assert_eq!(columns.len(), Event::ALL.len(), "a column per event");
        let mut rows: Vec<F> = Vec::new();
        for (name, row) in table {
            let from = state(name);
            assert!(!rows.contains(&from), "{from:?}: one row");
            rows.push(from);
            let cells: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(cells.len(), EVENTS.len(), "{from:?}: a cell per event");
            for (event, cell) in EVENTS.iter().zip(cells) {
                let want = match cell {
                    "-" => None,
                    "=" => Some(from),
                    to => Some(state(to)),
                };
                assert_eq!(from.next(*event), want, "{from:?} + {event:?}");
            }
            // The state round-trips through the position the history replays to.
            assert_eq!(F::of(from.position()), Some(from));
        }
        assert_eq!(rows.len(), states, "a row per state");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_reads_back_from_its_history_string() {
        for e in Event::ALL {
            assert_eq!(e.as_str().parse::<Event>(), Ok(e));
        }
        assert_eq!("visited".parse::<Event>(), Err(()));
        let mut names: Vec<&str> = Event::ALL.iter().map(|e| e.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Event::ALL.len());
    }

    #[test]
    fn allowed_names_each_step_once_in_the_procedures_order() {
        let at = |s| Position::at(s);
        assert_eq!(
            verbs(&allowed(Kind::Repair, at(Status::New))),
            "dispatch, pause, quote, consent, shelve, dead, unreasonable, feedback"
        );
        assert_eq!(
            verbs(&allowed(Kind::Repair, at(Status::Returned))),
            "callback, feedback"
        );
        assert_eq!(
            verbs(&allowed(Kind::Complaint, at(Status::New))),
            "assess, reply, feedback"
        );
        assert_eq!(verbs(&allowed(Kind::Inquiry, at(Status::Dead))), "feedback");
        assert_eq!(verbs(&[]), "nothing");
    }

    #[test]
    fn a_status_foreign_to_the_flow_allows_only_what_any_state_records() {
        let pos = Position::at(Status::Assigned);
        assert_eq!(next(Kind::Repair, pos, Event::Feedback), Some(pos));
        assert_eq!(next(Kind::Repair, pos, Event::Dispatched), None);
        assert_eq!(
            next(Kind::Inquiry, Position::at(Status::OnSite), Event::Closed),
            None
        );
    }
}
