//! The parking permit (停车证): a bay and a vehicle; its papers received, the term's
//! fee charged and paid in advance, then issued; renewed term by term (the renewal
//! falls due `renewal_notice_days` before the term ends; a lapsed permit renews from
//! the day it is renewed).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::history::Entry;
use crate::model::money::Money;

use super::ParkingRules;
use super::record::{Act, Check, Event, Kind, Machine, Permit, PermitKind, Refused, Status};
use super::record::{log, max_until};
use super::steps::{Field, Refusal, filled};

/// Where a parking permit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum State {
    /// Papers and the fee are taken.
    #[default]
    Applied,
    /// Valid for its term, renewed term by term.
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

/// Where `event` takes a parking permit standing at `state`; `None`: not a step from
/// there.
pub fn next(state: State, event: Event) -> Option<State> {
    use Event as E;
    use State::*;
    match (state, event) {
        (Applied, E::Received) => Some(Applied),
        (Issued, E::Received) => None,
        // A term's fee, charged before issue and at each renewal.
        (Applied | Issued, E::Billed) => Some(state),
        (Applied, E::Issued) => Some(Issued),
        (Issued, E::Issued) => None,
        (Issued, E::Renewed) => Some(Issued),
        (Applied, E::Renewed) => None,
        (
            Applied | Issued,
            E::Applied
            | E::Signed
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
            | E::Returned
            | E::ExitSigned
            | E::ToSecurity,
        ) => None,
    }
}

/// A parking permit (停车证): a bay, a vehicle, its papers, a paid term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parking {
    #[serde(skip)]
    pub state: State,
    pub bay: String,
    pub plate: String,
    pub term: Term,
    pub documents: Vec<Check>,
    /// The term being applied for or paid: from...
    pub from: NaiveDate,
    /// ...until (inclusive).
    pub until: NaiveDate,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<u32>,
}

/// A parking term, paid in advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Term {
    HalfYear,
    Year,
}

impl Term {
    pub const ALL: [Term; 2] = [Term::HalfYear, Term::Year];
    pub fn as_str(self) -> &'static str {
        match self {
            Term::HalfYear => "half-year",
            Term::Year => "year",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Term::HalfYear => "半年",
            Term::Year => "一年",
        }
    }
    pub fn months(self) -> u32 {
        match self {
            Term::HalfYear => 6,
            Term::Year => 12,
        }
    }
    /// The fee of the term.
    pub fn fee(self, rules: &ParkingRules) -> Money {
        match self {
            Term::HalfYear => rules.half_year_fee,
            Term::Year => rules.year_fee,
        }
    }
}

named_enum!(Term, "term");

/// A parking permit application: who, the bay, the vehicle, the term from `from`.
#[derive(Debug, Clone)]
pub struct ParkingApplication<'a> {
    pub unit: &'a str,
    pub applicant: &'a str,
    pub bay: &'a str,
    pub plate: &'a str,
    pub term: Term,
    pub from: NaiveDate,
}

impl Permit {
    /// A parking permit application.
    pub fn new_parking(
        id: &str,
        a: ParkingApplication,
        rules: &ParkingRules,
        act: Act,
    ) -> Result<Permit, Refused> {
        let bay = filled(Field::Bay, a.bay)?;
        let plate = filled(Field::Plate, a.plate)?.to_uppercase();
        let (term, from) = (a.term, a.from);
        let until = max_until(from, term.months());
        let note = format!("bay {bay}, {plate}, {term} from {from}");
        let page = Parking {
            state: State::Applied,
            bay,
            plate,
            term,
            documents: rules.documents.iter().map(|d| Check::new(d)).collect(),
            from,
            until,
            charges: Vec::new(),
        };
        let history = vec![Entry::new(
            act.at,
            act.by,
            Event::Applied.as_str(),
            Some(note),
        )];
        Ok(Permit::with(
            id,
            a.unit,
            a.applicant,
            PermitKind::Parking(page),
            history,
        ))
    }

    /// The parking page and the history, or the refusal of a parking step on another
    /// kind of permit.
    fn park(&mut self) -> Result<(&str, &mut Parking, &mut Vec<Entry>), Refused> {
        match self {
            Permit {
                id,
                part: PermitKind::Parking(x),
                history,
                ..
            } => Ok((id.as_str(), x, history)),
            _ => Err(Refused::Permit(Refusal::NotA {
                id: self.id.clone(),
                kind: Kind::Parking,
            })),
        }
    }

    /// The term's fee charged: its ledger entry recorded (`steps::bill`, `steps::renew`).
    pub fn parking_billed(&mut self, act: Act, entry: u32, amount: Money) -> Result<(), Refused> {
        let (id, x, history) = self.park()?;
        x.state = x.state.step(id, Event::Billed)?;
        x.charges.push(entry);
        let note = format!(
            "{amount} for {} to {} (ledger entry {entry})",
            x.from, x.until
        );
        log(history, act, Event::Billed, note);
        Ok(())
    }

    /// The day a parking permit's renewal falls due: `notice_days` before it ends.
    pub fn renewal_due(&self, notice_days: u32) -> Option<NaiveDate> {
        let x = self.parking()?;
        (x.state == State::Issued).then(|| x.until - chrono::Days::new(u64::from(notice_days)))
    }

    /// Renews a parking permit for another term from the day after it ends (or from
    /// today, if it has lapsed); `steps::renew` charges the fee.
    pub fn renew(&mut self, act: Act) -> Result<(NaiveDate, NaiveDate), Refused> {
        let (id, x, history) = self.park()?;
        x.state = x.state.step(id, Event::Renewed)?;
        let from = (x.until + chrono::Days::new(1)).max(act.today);
        let until = max_until(from, x.term.months());
        x.from = from;
        x.until = until;
        log(history, act, Event::Renewed, format!("{from} to {until}"));
        Ok((from, until))
    }
}
