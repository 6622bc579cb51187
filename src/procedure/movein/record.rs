//! The move-in record (`moveins/<YYYY>/<ID>.yaml`): leasing's notice and its terms, the
//! checklist from `office.toml` with each item received or signed for by whom and when,
//! the joint inspection ([`super::inspection`]), the defects' repair tickets, the fees,
//! the keys ([`super::keys`]) and the handover signature. Its history is a list of
//! [`Event`]s; [`next`] says which event may follow which state.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::steps::{Field, filled};
use crate::model::history::Entry;
use crate::model::party::{Party, PartyKind, Role};
use crate::model::record::{FieldProblem, Record};

use super::MoveInRules;
use super::inspection::{Condition, Inspection};
use super::keys::Keys;
use super::steps::Refusal;

pub use crate::procedure::{Act, Check, Refused};

/// Where a move-in stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    InProgress,
    Completed,
}

impl Status {
    pub const ALL: [Status; 2] = [Status::InProgress, Status::Completed];
    pub fn as_str(self) -> &'static str {
        match self {
            Status::InProgress => "in-progress",
            Status::Completed => "completed",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Status::InProgress => "办理中",
            Status::Completed => "已入驻",
        }
    }
}

named_enum!(Status, "move-in status");

/// What happens to a move-in, as its history says it (`event:` of each entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    /// Leasing's notice received: the move-in opened.
    Opened,
    /// Documents received (step 1).
    Received,
    /// Handouts signed for (step 3).
    SignedFor,
    /// The joint inspection (step 4).
    Inspected,
    /// The move-in fees charged (step 5).
    Billed,
    /// Keys handed over (step 6).
    Keys,
    /// The handover record signed (step 7).
    HandoverSigned,
    /// Completed: the unit occupied (step 8).
    Completed,
    /// The re-inspection of defects still open at completion.
    Reinspected,
    /// The welcome visit.
    Visited,
}

impl Event {
    pub const ALL: [Event; 10] = [
        Event::Opened,
        Event::Received,
        Event::SignedFor,
        Event::Inspected,
        Event::Billed,
        Event::Keys,
        Event::HandoverSigned,
        Event::Completed,
        Event::Reinspected,
        Event::Visited,
    ];

    /// The word in the history.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Opened => "opened",
            Event::Received => "received",
            Event::SignedFor => "signed-for",
            Event::Inspected => "inspected",
            Event::Billed => "billed",
            Event::Keys => "keys",
            Event::HandoverSigned => "handover-signed",
            Event::Completed => "completed",
            Event::Reinspected => "reinspected",
            Event::Visited => "visited",
        }
    }

    /// The event a history word names.
    pub fn parse(word: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == word)
    }
}

/// The state a move-in is in after `event`, or `None` when the event cannot happen in
/// `state`. Opening makes the record; it follows no state.
pub fn next(state: Status, event: Event) -> Option<Status> {
    use Status::{Completed, InProgress};
    match (state, event) {
        (InProgress | Completed, Event::Opened) => None,
        (
            InProgress,
            Event::Received
            | Event::SignedFor
            | Event::Inspected
            | Event::Billed
            | Event::Keys
            | Event::HandoverSigned,
        ) => Some(InProgress),
        (InProgress, Event::Completed) => Some(Completed),
        (InProgress, Event::Reinspected | Event::Visited) => None,
        (
            Completed,
            Event::Received
            | Event::SignedFor
            | Event::Inspected
            | Event::Billed
            | Event::Keys
            | Event::HandoverSigned
            | Event::Completed,
        ) => None,
        (Completed, Event::Reinspected | Event::Visited) => Some(Completed),
    }
}

/// The steps a move-in in `state` allows, from [`next`].
pub fn allowed(state: Status) -> Vec<Event> {
    Event::ALL
        .into_iter()
        .filter(|e| next(state, *e).is_some())
        .collect()
}

/// A move-in, from leasing's notice to the handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveIn {
    pub id: String,
    pub unit: String,
    /// The incoming party (a party ID) and whether it moves in as owner or tenant.
    pub party: String,
    pub role: Role,
    /// A person or a company: decides the documents.
    pub party_kind: PartyKind,
    pub status: Status,
    /// The date of leasing's move-in notice (入驻通知书).
    pub notice_date: NaiveDate,
    pub lease_start: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease_end: Option<NaiveDate>,
    /// Fees are charged from this day: the notice date unless the lease says otherwise.
    pub fees_from: NaiveDate,
    /// An agent who collects the keys (needs an authorisation letter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// What leasing promised the tenant, recorded as such.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub promises: Vec<String>,
    /// Documents to receive (step 1).
    pub documents: Vec<Check>,
    /// Handouts signed for (step 3).
    pub handouts: Vec<Check>,
    /// The joint inspection (step 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspection: Option<Inspection>,
    /// Defects found, each a repair ticket with a rectification deadline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub defects: Vec<Defect>,
    /// A re-inspection booked for defects still open at completion (预约再次验房).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reinspection: Option<NaiveDate>,
    /// The ledger entries the move-in charged (step 5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<u32>,
    /// Keys handed over and signed for (step 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<Keys>,
    /// Who signed the handover record (房屋确认书, step 7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handover_signed_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<NaiveDate>,
    /// A manager's override of what was missing at completion, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overridden: Option<Override>,
    /// The welcome visit (新业主入住3日内上门走访).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub welcome_visit: Option<String>,
    pub history: Vec<Entry>,
}

impl Record for MoveIn {
    const DIR: &'static str = "moveins";
    const WHAT: &'static str = "move-in";
    const DEPTH: u32 = 1;
    fn id(&self) -> &str {
        &self.id
    }
    fn unit(&self) -> Option<&str> {
        Some(&self.unit)
    }
    /// `moveins/<YYYY>/<ID>.yaml`.
    fn rel_path(id: &str) -> PathBuf {
        crate::model::record::dated_path(Self::DIR, id, false)
    }
}

/// A defect found at the inspection: its repair ticket and the rectification deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defect {
    pub item: String,
    pub description: String,
    pub ticket: String,
    pub fix_by: NaiveDate,
}

/// A manager's override at completion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub by: String,
    pub reason: String,
    /// What was missing, as the record keeps it ([`super::Missing::recorded`]).
    pub missing: Vec<String>,
}

/// Leasing's move-in notice as typed at the desk; the unit and the party are the
/// records it names.
#[derive(Debug, Clone)]
pub struct Notice {
    pub role: Role,
    pub notice_date: NaiveDate,
    pub lease_start: NaiveDate,
    pub lease_end: Option<NaiveDate>,
    pub fees_from: Option<NaiveDate>,
    pub agent: Option<String>,
    pub promises: Vec<String>,
}

impl MoveIn {
    /// Opens a move-in of `party` into `unit` with the checklist for the party (person
    /// or company, with an agent or not).
    pub fn new(
        id: &str,
        unit: &str,
        party: &Party,
        n: Notice,
        rules: &MoveInRules,
        act: Act,
    ) -> Result<MoveIn, Refused> {
        if n.role == Role::Contractor {
            return Err(Refusal::Contractor.into());
        }
        if let Some(end) = n.lease_end
            && end < n.lease_start
        {
            return Err(Refusal::LeaseEndsBeforeStart {
                end,
                start: n.lease_start,
            }
            .into());
        }
        let mut docs: Vec<&String> = match party.kind {
            PartyKind::Person => rules.documents_person.iter().collect(),
            PartyKind::Company => rules.documents_company.iter().collect(),
        };
        if n.agent.is_some() {
            docs.extend(rules.documents_agent.iter());
        }
        let promises: Vec<String> = n
            .promises
            .iter()
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        let fees_from = n.fees_from.unwrap_or(n.notice_date);
        let note = format!(
            "{} moves into {unit} as {}; fees from {fees_from}",
            party.id, n.role
        );
        Ok(MoveIn {
            id: id.to_string(),
            unit: unit.to_string(),
            party: party.id.clone(),
            role: n.role,
            party_kind: party.kind,
            status: Status::InProgress,
            notice_date: n.notice_date,
            lease_start: n.lease_start,
            lease_end: n.lease_end,
            fees_from,
            agent: n
                .agent
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty()),
            promises,
            documents: docs.into_iter().map(|d| Check::new(d)).collect(),
            handouts: rules.handouts.iter().map(|h| Check::new(h)).collect(),
            inspection: None,
            defects: Vec::new(),
            reinspection: None,
            charges: Vec::new(),
            keys: None,
            handover_signed_by: None,
            completed: None,
            overridden: None,
            welcome_visit: None,
            history: vec![Entry::new(
                act.at,
                act.by,
                Event::Opened.as_str(),
                Some(note),
            )],
        })
    }

    /// Refuses `event` unless [`next`] allows it in the move-in's state.
    pub fn may(&self, event: Event) -> Result<(), Refused> {
        match next(self.status, event) {
            Some(_) => Ok(()),
            None => Err(Refusal::Step {
                id: self.id.clone(),
                state: self.status,
                step: event,
                allowed: allowed(self.status),
                completed: self.completed,
            }
            .into()),
        }
    }

    /// Appends `event` to the history and moves to the state it leads to.
    pub(super) fn log(&mut self, act: Act, event: Event, note: String) {
        if let Some(s) = next(self.status, event) {
            self.status = s;
        }
        self.history
            .push(Entry::new(act.at, act.by, event.as_str(), Some(note)));
    }

    /// Marks checklist items received (documents) or signed for (handouts).
    fn tick(
        &mut self,
        act: Act,
        handouts: bool,
        items: &[String],
        who: &str,
    ) -> Result<(), Refused> {
        let event = if handouts {
            Event::SignedFor
        } else {
            Event::Received
        };
        self.may(event)?;
        let who = filled(Field::Who, who)?;
        let list = if handouts {
            &mut self.handouts
        } else {
            &mut self.documents
        };
        let mut done = Vec::new();
        for item in items {
            let Some(c) = list.iter_mut().find(|c| &c.item == item) else {
                return Err(Refusal::NotOnList {
                    item: item.clone(),
                    handouts,
                    expected: list.iter().map(|c| c.item.clone()).collect(),
                }
                .into());
            };
            if c.done() {
                return Err(Refusal::AlreadyTicked {
                    item: item.clone(),
                    handouts,
                    on: c.date,
                }
                .into());
            }
            c.by = Some(who.clone());
            c.date = Some(act.today);
            done.push(item.as_str());
        }
        if done.is_empty() {
            return Err(Refusal::NoItems.into());
        }
        let note = format!("{} ({who})", done.join(", "));
        self.log(act, event, note);
        Ok(())
    }

    /// Documents received (step 1).
    pub fn receive(&mut self, act: Act, items: &[String], from: &str) -> Result<(), Refused> {
        self.tick(act, false, items, from)
    }

    /// Handouts signed for (step 3).
    pub fn sign_for(&mut self, act: Act, items: &[String], signer: &str) -> Result<(), Refused> {
        self.tick(act, true, items, signer)
    }

    /// Records the move-in charges posted to the ledger.
    pub fn billed(
        &mut self,
        act: Act,
        entries: &[u32],
        total: crate::model::money::Money,
    ) -> Result<(), Refused> {
        self.may(Event::Billed)?;
        if !self.charges.is_empty() {
            return Err(Refusal::AlreadyCharged {
                entries: self.charges.clone(),
            }
            .into());
        }
        self.charges = entries.to_vec();
        self.log(
            act,
            Event::Billed,
            format!("{total} (ledger entries {})", join_nums(entries)),
        );
        Ok(())
    }

    /// The tenant signs the handover record (step 7): it lists the inspection.
    pub fn sign_handover(&mut self, act: Act, signer: &str) -> Result<(), Refused> {
        self.may(Event::HandoverSigned)?;
        if self.inspection.is_none() {
            return Err(Refusal::InspectFirst {
                id: self.id.clone(),
            }
            .into());
        }
        let signer = filled(Field::Signature, signer)?;
        self.handover_signed_by = Some(signer.clone());
        self.log(act, Event::HandoverSigned, signer);
        Ok(())
    }

    /// The re-inspection done.
    pub fn reinspected(&mut self, act: Act, note: &str) -> Result<(), Refused> {
        if self.reinspection.is_none() {
            return Err(Refusal::NotBooked {
                id: self.id.clone(),
            }
            .into());
        }
        let done = Event::Reinspected.as_str();
        if self.history.iter().any(|e| e.event == done) {
            return Err(Refusal::AlreadyReinspected {
                id: self.id.clone(),
            }
            .into());
        }
        self.may(Event::Reinspected)?;
        let note = filled(Field::Found, note)?;
        self.log(act, Event::Reinspected, note);
        Ok(())
    }

    /// The welcome visit made.
    pub fn visit(&mut self, act: Act, note: &str) -> Result<(), Refused> {
        self.may(Event::Visited)?;
        if self.welcome_visit.is_some() {
            return Err(Refusal::AlreadyVisited {
                id: self.id.clone(),
            }
            .into());
        }
        let note = filled(Field::Said, note)?;
        self.welcome_visit = Some(note.clone());
        self.log(act, Event::Visited, note);
        Ok(())
    }

    /// The day the welcome visit falls due.
    pub fn visit_due(&self, rules: &MoveInRules) -> Option<NaiveDate> {
        self.completed
            .map(|d| d + chrono::Days::new(u64::from(rules.welcome_visit_days)))
    }

    /// What the record contradicts on its own, for `check`.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        let mut f =
            |field: &'static str, message: String| out.push(FieldProblem { field, message });
        for p in crate::procedure::completion_problems(
            "move-in",
            self.status.as_str(),
            self.status == Status::Completed,
            self.completed.is_some(),
            &self.history,
            &Event::ALL.map(Event::as_str),
        ) {
            f(p.field, p.message);
        }
        if self.role == Role::Contractor {
            f("role", "a move-in's role is owner or tenant".into());
        }
        if let Some(end) = self.lease_end
            && end < self.lease_start
        {
            f(
                "lease_end",
                format!(
                    "the lease ends {end}, before it starts {}",
                    self.lease_start
                ),
            );
        }
        for d in &self.defects {
            if !self.inspection.as_ref().is_some_and(|i| {
                i.facilities
                    .iter()
                    .any(|x| x.item == d.item && x.condition == Condition::Defect)
            }) {
                f(
                    "defects",
                    format!("defect \"{}\" is not a defect of the inspection", d.item),
                );
            }
        }
        out
    }
}

pub(super) fn join_nums(n: &[u32]) -> String {
    n.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
