//! The flow of a repair (报修, the work order 工程派工单) and of a special service
//! (特约服务), which engineering works the same way.
//!
//! New at the desk; dispatched to a technician who accepts the order; on site; done and
//! signed for; the order returned to the desk; called back (satisfied) and closed. A
//! tenant not satisfied at the callback sends the work back to engineering
//! (dispatched). Until the work is done it may wait on the tenant (paused: the clocks
//! stop), be shelved with a reason (搁置, resumed later where it stood), or end as dead
//! (死单) or unreasonable (不合理工单). Chargeable work is quoted and agreed to while
//! it is open. What was told to the tenant and a repeat complaint are recorded in any
//! state; the fee is charged once the ticket is closed.

use super::codes::Status;
use super::event::{Event, Flow, Position};

/// Where open work stands: before engineering has it, accepted, on site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    New,
    Dispatched,
    OnSite,
}

impl Stage {
    pub fn status(self) -> Status {
        match self {
            Stage::New => Status::New,
            Stage::Dispatched => Status::Dispatched,
            Stage::OnSite => Status::OnSite,
        }
    }

    fn of(status: Status) -> Option<Stage> {
        match status {
            Status::New => Some(Stage::New),
            Status::Dispatched => Some(Stage::Dispatched),
            Status::OnSite => Some(Stage::OnSite),
            Status::Done
            | Status::Returned
            | Status::CalledBack
            | Status::Assigned
            | Status::Explained
            | Status::Actioned
            | Status::Shelved
            | Status::Dead
            | Status::Unreasonable
            | Status::Closed => None,
        }
    }

    fn running(self) -> State {
        match self {
            Stage::New => State::New,
            Stage::Dispatched => State::Dispatched,
            Stage::OnSite => State::OnSite,
        }
    }
}

/// The states of a repair or special service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    New,
    Dispatched,
    OnSite,
    /// Waiting on the tenant at a stage: the clocks stop.
    Paused(Stage),
    /// Parked with a reason; resumes to its stage.
    Shelved(Stage),
    Done,
    Returned,
    CalledBack,
    Closed,
    Dead,
    Unreasonable,
}

impl State {
    /// The stage of open work, running or paused.
    fn open(self) -> Option<Stage> {
        match self {
            State::Paused(s) => Some(s),
            State::New | State::Dispatched | State::OnSite => self.running(),
            State::Shelved(_) | State::Done | State::Returned | State::CalledBack => None,
            State::Closed | State::Dead | State::Unreasonable => None,
        }
    }

    /// The stage of open work that is running (not paused).
    fn running(self) -> Option<Stage> {
        match self {
            State::New => Some(Stage::New),
            State::Dispatched => Some(Stage::Dispatched),
            State::OnSite => Some(Stage::OnSite),
            State::Paused(_) | State::Shelved(_) | State::Done | State::Returned => None,
            State::CalledBack | State::Closed | State::Dead | State::Unreasonable => None,
        }
    }
}

impl Flow for State {
    fn of(pos: Position) -> Option<State> {
        use Status as S;
        Some(match (pos.status, pos.paused) {
            (S::New | S::Dispatched | S::OnSite, false) => Stage::of(pos.status)?.running(),
            (S::New | S::Dispatched | S::OnSite, true) => State::Paused(Stage::of(pos.status)?),
            (S::Shelved, false) => State::Shelved(match pos.shelved_from {
                None => Stage::New,
                Some(s) => Stage::of(s)?,
            }),
            (S::Done, false) => State::Done,
            (S::Returned, false) => State::Returned,
            (S::CalledBack, false) => State::CalledBack,
            (S::Closed, false) => State::Closed,
            (S::Dead, false) => State::Dead,
            (S::Unreasonable, false) => State::Unreasonable,
            (S::Shelved | S::Done | S::Returned | S::CalledBack, true) => return None,
            (S::Closed | S::Dead | S::Unreasonable, true) => return None,
            (S::Assigned | S::Explained | S::Actioned, _) => return None,
        })
    }

    fn position(self) -> Position {
        match self {
            State::New => Position::at(Status::New),
            State::Dispatched => Position::at(Status::Dispatched),
            State::OnSite => Position::at(Status::OnSite),
            State::Paused(s) => Position {
                paused: true,
                ..Position::at(s.status())
            },
            State::Shelved(s) => Position {
                shelved_from: Some(s.status()),
                ..Position::at(Status::Shelved)
            },
            State::Done => Position::at(Status::Done),
            State::Returned => Position::at(Status::Returned),
            State::CalledBack => Position::at(Status::CalledBack),
            State::Closed => Position::at(Status::Closed),
            State::Dead => Position::at(Status::Dead),
            State::Unreasonable => Position::at(Status::Unreasonable),
        }
    }

    /// The repair's transitions: every event against every state.
    fn next(self, event: Event) -> Option<State> {
        use Event as E;
        use State as S;
        match event {
            // Not a repair's events, or not a step (the report opens the ticket).
            E::Reported | E::Accepted | E::Explained | E::Replied | E::Action | E::SignedOff => {
                None
            }
            // Recorded in any state: the reason fed back, a repeat linked.
            E::Feedback | E::Repeated => Some(self),
            // While the work is open, even paused.
            E::Quoted | E::Consented => self.open().map(|_| self),
            E::Dispatched => match self.running() {
                Some(Stage::New | Stage::Dispatched) => Some(S::Dispatched),
                Some(Stage::OnSite) | None => None,
            },
            E::Arrived => match self.running() {
                Some(Stage::Dispatched) => Some(S::OnSite),
                Some(Stage::New | Stage::OnSite) | None => None,
            },
            E::Paused => self.running().map(S::Paused),
            E::Resumed => match self {
                S::Paused(s) => Some(s.running()),
                S::Shelved(s) => Some(s.running()),
                S::New | S::Dispatched | S::OnSite | S::Done | S::Returned | S::CalledBack => None,
                S::Closed | S::Dead | S::Unreasonable => None,
            },
            E::Shelved => self.open().map(S::Shelved),
            E::Dead | E::Unreasonable => match self {
                S::New | S::Dispatched | S::OnSite | S::Paused(_) | S::Shelved(_) => {
                    Some(if event == E::Dead {
                        S::Dead
                    } else {
                        S::Unreasonable
                    })
                }
                S::Done | S::Returned | S::CalledBack | S::Closed | S::Dead | S::Unreasonable => {
                    None
                }
            },
            E::Finished => match self {
                S::OnSite => Some(S::Done),
                S::New | S::Dispatched | S::Paused(_) | S::Shelved(_) | S::Done => None,
                S::Returned | S::CalledBack | S::Closed | S::Dead | S::Unreasonable => None,
            },
            E::Returned => match self {
                S::Done => Some(S::Returned),
                S::New | S::Dispatched | S::OnSite | S::Paused(_) | S::Shelved(_) => None,
                S::Returned | S::CalledBack | S::Closed | S::Dead | S::Unreasonable => None,
            },
            E::CalledBack | E::NotSatisfied => match self {
                S::Returned if event == E::CalledBack => Some(S::CalledBack),
                // Not satisfied: back to engineering.
                S::Returned => Some(S::Dispatched),
                S::New | S::Dispatched | S::OnSite | S::Paused(_) | S::Shelved(_) => None,
                S::Done | S::CalledBack | S::Closed | S::Dead | S::Unreasonable => None,
            },
            E::Closed => match self {
                S::CalledBack => Some(S::Closed),
                S::New | S::Dispatched | S::OnSite | S::Paused(_) | S::Shelved(_) => None,
                S::Done | S::Returned | S::Closed | S::Dead | S::Unreasonable => None,
            },
            // The fee of chargeable work, once closed.
            E::Charged => match self {
                S::Closed => Some(S::Closed),
                S::New | S::Dispatched | S::OnSite | S::Paused(_) | S::Shelved(_) => None,
                S::Done | S::Returned | S::CalledBack | S::Dead | S::Unreasonable => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::event::grid;
    use super::{Stage, State};

    fn state(code: &str) -> State {
        match code {
            "new" => State::New,
            "dis" => State::Dispatched,
            "ons" => State::OnSite,
            "p:new" => State::Paused(Stage::New),
            "p:dis" => State::Paused(Stage::Dispatched),
            "p:ons" => State::Paused(Stage::OnSite),
            "s:new" => State::Shelved(Stage::New),
            "s:dis" => State::Shelved(Stage::Dispatched),
            "s:ons" => State::Shelved(Stage::OnSite),
            "done" => State::Done,
            "ret" => State::Returned,
            "cb" => State::CalledBack,
            "cls" => State::Closed,
            "dead" => State::Dead,
            "unr" => State::Unreasonable,
            other => panic!("no state {other:?}"),
        }
    }

    /// `-` refused, `=` recorded without moving, else the state it leads to.
    #[rustfmt::skip]
    const TABLE: &[(&str, &str)] = &[
        //        rep quo con dis   arr   pau    res    fin   ret  cb  ns    she    dea  unr  fee acc exp rpl act sig clo  rpt chg
        ("new",   "-   =   =   dis   -     p:new  -      -     -    -   -     s:new  dead unr  =   -   -   -   -   -   -    =   -"),
        ("dis",   "-   =   =   dis   ons   p:dis  -      -     -    -   -     s:dis  dead unr  =   -   -   -   -   -   -    =   -"),
        ("ons",   "-   =   =   -     -     p:ons  -      done  -    -   -     s:ons  dead unr  =   -   -   -   -   -   -    =   -"),
        ("p:new", "-   =   =   -     -     -      new    -     -    -   -     s:new  dead unr  =   -   -   -   -   -   -    =   -"),
        ("p:dis", "-   =   =   -     -     -      dis    -     -    -   -     s:dis  dead unr  =   -   -   -   -   -   -    =   -"),
        ("p:ons", "-   =   =   -     -     -      ons    -     -    -   -     s:ons  dead unr  =   -   -   -   -   -   -    =   -"),
        ("s:new", "-   -   -   -     -     -      new    -     -    -   -     -      dead unr  =   -   -   -   -   -   -    =   -"),
        ("s:dis", "-   -   -   -     -     -      dis    -     -    -   -     -      dead unr  =   -   -   -   -   -   -    =   -"),
        ("s:ons", "-   -   -   -     -     -      ons    -     -    -   -     -      dead unr  =   -   -   -   -   -   -    =   -"),
        ("done",  "-   -   -   -     -     -      -      -     ret  -   -     -      -    -    =   -   -   -   -   -   -    =   -"),
        ("ret",   "-   -   -   -     -     -      -      -     -    cb  dis   -      -    -    =   -   -   -   -   -   -    =   -"),
        ("cb",    "-   -   -   -     -     -      -      -     -    -   -     -      -    -    =   -   -   -   -   -   cls  =   -"),
        ("cls",   "-   -   -   -     -     -      -      -     -    -   -     -      -    -    =   -   -   -   -   -   -    =   ="),
        ("dead",  "-   -   -   -     -     -      -      -     -    -   -     -      -    -    =   -   -   -   -   -   -    =   -"),
        ("unr",   "-   -   -   -     -     -      -      -     -    -   -     -      -    -    =   -   -   -   -   -   -    =   -"),
    ];

    #[test]
    fn every_state_against_every_event() {
        grid::check(TABLE, state, 15);
    }
}
