//! Overtime air-conditioning (加时空调): requested before noon on a working day for
//! that day, by noon of the working day before for a day off; issued at once, the hours
//! times the rate charged to the unit (`steps::overtime_ac`).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::model::history::Entry;
use crate::model::money::Money;

use super::OvertimeAcRules;
use super::record::{Act, Event, Machine, Permit, PermitKind, Refused, Status};
use super::steps::Refusal;

/// Where an overtime air-conditioning request stands: issued as it is taken (its
/// history says `applied`, then `issued`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum State {
    Applied,
    #[default]
    Issued,
}

impl Machine for State {
    const ALL: &'static [State] = &[State::Applied, State::Issued];
    fn status(self) -> Status {
        match self {
            State::Applied => Status::Applied,
            State::Issued => Status::Issued,
        }
    }
    fn after(self, event: Event) -> Option<State> {
        next(self, event)
    }
}

/// Where `event` takes an overtime air-conditioning request standing at `state`;
/// `None`: not a step from there.
pub fn next(state: State, event: Event) -> Option<State> {
    use Event as E;
    use State::*;
    match (state, event) {
        (Applied, E::Issued) => Some(Issued),
        (Issued, E::Issued) => None,
        (
            Applied | Issued,
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
            | E::Closed
            | E::Renewed
            | E::Returned
            | E::ExitSigned
            | E::ToSecurity,
        ) => None,
    }
}

/// An overtime air-conditioning request (加时空调申请).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OvertimeAc {
    #[serde(skip)]
    pub state: State,
    pub date: NaiveDate,
    pub from: NaiveTime,
    pub to: NaiveTime,
    pub rate_per_hour: Money,
    pub amount: Money,
    /// The ledger entry of the charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<u32>,
}

/// A request as typed at the desk: the day and hours, taken at `requested` (office
/// time) against the `deadline` of [`OvertimeAcRules::deadline`].
#[derive(Debug, Clone, Copy)]
pub struct AcRequest<'a> {
    pub unit: &'a str,
    pub applicant: &'a str,
    pub date: NaiveDate,
    pub from: NaiveTime,
    pub to: NaiveTime,
    pub deadline: NaiveDateTime,
    pub requested: NaiveDateTime,
}

impl Permit {
    /// An overtime air-conditioning request, taken only before the cut-off. Issued at
    /// once; `steps::overtime_ac` charges its amount.
    pub fn new_overtime_ac(
        id: &str,
        r: AcRequest,
        rules: &OvertimeAcRules,
        act: Act,
    ) -> Result<Permit, Refused> {
        let (date, from, to) = (r.date, r.from, r.to);
        if to <= from {
            return Err(Refused::Permit(Refusal::AcBackwards { from, to }));
        }
        if r.requested > r.deadline {
            return Err(Refused::Permit(Refusal::AcTooLate {
                date,
                deadline: r.deadline,
                cutoff: rules.cutoff.clone(),
            }));
        }
        let minutes = (to - from).num_minutes();
        let amount = rules
            .rate_per_hour
            .mul_ratio(minutes, 60)
            .ok_or(Refused::TooLarge)?;
        let note = format!(
            "{date} {}-{}: {} at {}/h",
            from.format("%H:%M"),
            to.format("%H:%M"),
            amount,
            rules.rate_per_hour
        );
        let page = OvertimeAc {
            state: State::Issued,
            date,
            from,
            to,
            rate_per_hour: rules.rate_per_hour,
            amount,
            charge: None,
        };
        let history = vec![
            Entry::new(act.at, act.by, Event::Applied.as_str(), Some(note)),
            Entry::new(act.at, act.by, Event::Issued.as_str(), None),
        ];
        Ok(Permit::with(
            id,
            r.unit,
            r.applicant,
            PermitKind::OvertimeAc(page),
            history,
        ))
    }
}
