//! The ticket record (`tickets/<YYYY>/<MM>/<ID>.yaml`) and its parts: the quote, the
//! work done, the callbacks, the complaint's page.
//!
//! The history is the truth: every step is an entry `{at, by, event, note}`, the times
//! of the procedure (accepted, arrived, finished, returned, replied, ...) are the times
//! of those entries, and the status is what [`replay`] makes of the events. The record
//! also keeps what each step wrote down (the technician, the work done, the quote, the
//! callbacks, the complaint's department) for reading and printing. The steps that
//! write it are in [`super::steps`].

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::model::history::Entry;
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::record::FieldProblem;
use crate::model::record::Record;

pub use super::codes::*;
pub use super::event::{Event, Position, allowed, next, replay};
use super::rules::TicketRules;
use super::steps::{Field, Refusal, filled};
pub use crate::procedure::{Act, Refused};

/// A ticket: one file per ticket, in the folder of the month its ID was allocated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ticket {
    pub id: String,
    pub kind: Kind,
    pub channel: Channel,
    pub status: Status,
    /// The unit concerned; or `area` for a public area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    pub reporter: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// When the tenant reported it: every deadline counts from here.
    pub reported: DateTime<FixedOffset>,
    pub category: String,
    pub description: String,
    /// Repairs and special services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
    /// A repeat complaint: the first complaint on the same matter (二次投诉).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_of: Option<String>,
    /// On a first complaint: the complaints that repeat it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repeated_by: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technician: Option<String>,
    /// The quote for chargeable work, from the price list or priced by the supervisor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quote: Vec<QuoteLine>,
    /// Who agreed to the quote (the tenant's signature on the slip).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work: Option<Work>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub callbacks: Vec<Callback>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaint: Option<ComplaintFile>,
    /// The reply given to a complaint or an inquiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
    /// Why it was shelved, declared dead or unreasonable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A defect found at a move-in's joint inspection: the move-in...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub movein: Option<String>,
    /// ...and the rectification deadline (整改限期), which replaces the completion
    /// standard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix_by: Option<chrono::NaiveDate>,
    /// The ledger entry of the fee charged on closing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charged: Option<u32>,
    pub history: Vec<Entry>,
}

/// A line of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteLine {
    /// The price-list code, or a short text for an item not on the list.
    pub item: String,
    pub name: String,
    pub quantity: u32,
    pub price: Money,
    /// The engineering supervisor who priced an item not on the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priced_by: Option<String>,
}

impl QuoteLine {
    pub fn amount(&self) -> Option<Money> {
        self.price.mul_ratio(i64::from(self.quantity), 1)
    }
}

/// What the technician wrote on the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Work {
    pub done: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub materials: Option<String>,
    pub signed_by: String,
    pub signer: Signer,
}

/// A callback (回访).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Callback {
    pub at: DateTime<FixedOffset>,
    pub by: String,
    pub method: Method,
    pub satisfied: bool,
    /// 1 (very dissatisfied) to 5 (very satisfied).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A complaint's own page: assessment, department, action, sign-off.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintFile {
    pub valid: bool,
    /// For an invalid complaint: what was explained to the tenant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_off_by: Option<String>,
}

impl Record for Ticket {
    const DIR: &'static str = "tickets";
    const WHAT: &'static str = "ticket";
    const DEPTH: u32 = 2;
    fn id(&self) -> &str {
        &self.id
    }
    /// `tickets/<YYYY>/<MM>/<ID>.yaml`, from the date inside the ID.
    fn rel_path(id: &str) -> PathBuf {
        dated_path(Self::DIR, id, true)
    }
    /// The status is what the joined history walks to.
    fn replay_state(&mut self) -> Vec<&'static str> {
        if let Ok(pos) = super::event::replay(self.kind, &self.history) {
            self.status = pos.status;
        }
        vec!["status"]
    }
    fn replays(&self) -> bool {
        super::event::replay(self.kind, &self.history).is_ok()
    }
}

pub use crate::model::record::dated_path;

/// A new ticket as taken at the desk.
#[derive(Debug, Clone)]
pub struct Intake {
    pub kind: Kind,
    pub channel: Channel,
    pub unit: Option<String>,
    pub area: Option<String>,
    pub reporter: String,
    pub phone: Option<String>,
    pub category: String,
    pub description: String,
    pub priority: Option<Priority>,
    pub grade: Option<Grade>,
    pub repeat_of: Option<String>,
}

impl Ticket {
    /// Opens a ticket. Repairs and special services get a priority and a grade
    /// (default normal and general); the others get neither.
    pub fn new(id: &str, intake: Intake, act: Act) -> Result<Ticket, Refused> {
        let work = intake.kind.is_work();
        let refused = |r: Refusal| Err(Refused::Ticket(r));
        if !work && (intake.priority.is_some() || intake.grade.is_some()) {
            return refused(Refusal::NoPriority { kind: intake.kind });
        }
        match (&intake.unit, &intake.area) {
            (None, None) => return refused(Refusal::NoPlace),
            (Some(_), Some(_)) => return refused(Refusal::UnitAndArea),
            (Some(_), None) | (None, Some(_)) => {}
        }
        if intake.kind == Kind::SpecialService && intake.unit.is_none() {
            return refused(Refusal::ServiceWithoutUnit);
        }
        if intake.repeat_of.is_some() && intake.kind != Kind::Complaint {
            return refused(Refusal::RepeatNotComplaint);
        }
        filled(Field::Reporter, &intake.reporter)?;
        filled(Field::Category, &intake.category)?;
        filled(Field::Description, &intake.description)?;
        let note = match &intake.repeat_of {
            Some(first) => format!("{} by {}; repeats {first}", intake.channel, intake.reporter),
            None => format!("{} by {}", intake.channel, intake.reporter),
        };
        Ok(Ticket {
            id: id.to_string(),
            kind: intake.kind,
            channel: intake.channel,
            status: Status::New,
            unit: intake.unit,
            area: intake.area,
            reporter: intake.reporter.trim().to_string(),
            phone: intake.phone,
            reported: act.at,
            category: intake.category.trim().to_string(),
            description: intake.description.trim().to_string(),
            priority: work.then(|| intake.priority.unwrap_or(Priority::Normal)),
            grade: work.then(|| intake.grade.unwrap_or(Grade::General)),
            repeat_of: intake.repeat_of,
            repeated_by: Vec::new(),
            technician: None,
            quote: Vec::new(),
            consent: None,
            work: None,
            callbacks: Vec::new(),
            complaint: (intake.kind == Kind::Complaint).then(ComplaintFile::default),
            reply: None,
            reason: None,
            movein: None,
            fix_by: None,
            charged: None,
            history: vec![Entry::new(
                act.at,
                act.by,
                Event::Reported.as_str(),
                Some(note),
            )],
        })
    }

    /// Where the history leaves the ticket (the stored status is checked against it).
    pub fn position(&self) -> Position {
        replay(self.kind, &self.history).unwrap_or(Position::at(self.status))
    }

    pub fn is_paused(&self) -> bool {
        self.position().paused
    }

    /// Where it is: the unit, or the public area.
    pub fn place(&self) -> &str {
        self.unit
            .as_deref()
            .or(self.area.as_deref())
            .unwrap_or_default()
    }

    /// The time of the first entry with `event`.
    pub fn first(&self, event: Event) -> Option<DateTime<FixedOffset>> {
        self.history.iter().find(|e| event.is(e)).map(|e| e.at)
    }

    /// The time of the last entry with `event`.
    pub fn last(&self, event: Event) -> Option<DateTime<FixedOffset>> {
        self.history
            .iter()
            .rev()
            .find(|e| event.is(e))
            .map(|e| e.at)
    }

    /// The total of the quote.
    pub fn quote_total(&self) -> Option<Money> {
        self.quote
            .iter()
            .try_fold(Money::ZERO, |sum, l| sum.checked_add(l.amount()?))
    }

    /// Is the work chargeable (a quote was given)?
    pub fn chargeable(&self) -> bool {
        !self.quote.is_empty()
    }

    /// Is the quote waiting for the tenant's consent?
    pub fn awaits_consent(&self) -> bool {
        !self.quote.is_empty() && self.consent.is_none()
    }

    /// Has the reply (to a complaint or an inquiry) been given?
    pub fn replied(&self) -> bool {
        self.first(Event::Replied).is_some()
    }

    /// Whether the callback must be a visit.
    pub fn needs_visit(&self, rules: &TicketRules) -> bool {
        self.kind.is_work() && rules.visit_categories.iter().any(|c| c == &self.category)
    }

    /// Checks that `event` is a legal step now and that `act.at` keeps the history in
    /// order; returns the position after it.
    pub(super) fn check_step(&self, event: Event, act: Act) -> Result<Position, Refusal> {
        let pos = self.position();
        let Some(after) = next(self.kind, pos, event) else {
            return Err(Refusal::Step {
                id: self.id.clone(),
                kind: self.kind,
                status: pos.status,
                paused: pos.paused,
                step: event,
                allowed: self.allowed_now(pos),
            });
        };
        // A reveal note is dated when it happened, not a step: a step may be earlier.
        if let Some(last) = self
            .history
            .iter()
            .rev()
            .find(|e| !crate::model::history::is_reveal(e))
            && act.at < last.at
        {
            return Err(Refusal::OutOfOrder {
                at: act.at,
                last: last.event.clone(),
                last_at: last.at,
            });
        }
        Ok(after)
    }

    /// The steps allowed from `pos` that this ticket's own state does not refuse: no
    /// consent without a quote, no dispatch of a special service before consent, no
    /// work finished before consent, no complaint callback or sign-off before the
    /// reply, no inquiry closed unreplied.
    fn allowed_now(&self, pos: Position) -> Vec<Event> {
        let consented = !self.awaits_consent();
        let complaint_replied = self.kind != Kind::Complaint || self.replied();
        allowed(self.kind, pos)
            .into_iter()
            .filter(|e| match e {
                Event::Consented => self.awaits_consent(),
                Event::Dispatched => {
                    self.kind != Kind::SpecialService || (self.chargeable() && consented)
                }
                Event::Finished => consented,
                Event::CalledBack | Event::NotSatisfied | Event::SignedOff => complaint_replied,
                Event::Closed => self.kind != Kind::Inquiry || self.replied(),
                Event::Reported
                | Event::Quoted
                | Event::Arrived
                | Event::Paused
                | Event::Resumed
                | Event::Returned
                | Event::Shelved
                | Event::Dead
                | Event::Unreasonable
                | Event::Feedback
                | Event::Accepted
                | Event::Explained
                | Event::Replied
                | Event::Action
                | Event::Repeated
                | Event::Charged => true,
            })
            .collect()
    }

    /// Records a step checked by [`Ticket::check_step`], moving to `after`.
    pub(super) fn record(&mut self, after: Position, event: Event, act: Act, note: Option<String>) {
        self.status = after.status;
        self.history.push(Entry::new(
            act.at,
            act.by,
            event.as_str(),
            note.filter(|n| !n.is_empty()),
        ));
    }

    /// Where it stands, as lists show it.
    pub fn status_line(&self) -> StatusLine {
        StatusLine {
            status: self.status,
            paused: self.is_paused(),
            repeat: self.repeat_of.is_some(),
        }
    }

    /// The one-line state for lists: status, plus paused.
    pub fn state_label(&self, locale: Locale) -> String {
        self.status_line().label(locale)
    }
}

/// Where a ticket stands, as lists show it: the status, waiting on the tenant, a
/// repeat complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusLine {
    pub status: Status,
    pub paused: bool,
    pub repeat: bool,
}

impl StatusLine {
    pub fn label(self, locale: Locale) -> String {
        let zh = locale == Locale::ZhCn;
        let mut s = self.status.label(locale).to_string();
        if self.paused {
            s.push_str(if zh { "（暂停）" } else { " (paused)" });
        }
        if self.repeat {
            s.push_str(if zh {
                "（二次投诉）"
            } else {
                " (repeat)"
            });
        }
        s
    }
}

impl Ticket {
    /// What is wrong with the record on its own, for `check`: fields that contradict
    /// each other, and the stored status against the history's. The history's own
    /// problems (order, a step that cannot follow) come with the entry's index.
    pub fn problems(&self) -> (Vec<FieldProblem>, Vec<(usize, String)>) {
        let mut fields = Vec::new();
        let mut f =
            |field: &'static str, message: String| fields.push(FieldProblem { field, message });
        match (&self.unit, &self.area) {
            (None, None) => f("unit", "a ticket names a unit or a public `area`".into()),
            (Some(_), Some(_)) => f(
                "area",
                "a ticket names a unit or a public area, not both".into(),
            ),
            _ => {}
        }
        if self.kind.is_work() && (self.priority.is_none() || self.grade.is_none()) {
            f(
                "kind",
                format!("a {} needs a `priority` and a `grade`", self.kind),
            );
        }
        if !self.kind.is_work() && (self.priority.is_some() || self.grade.is_some()) {
            f(
                "priority",
                format!("a {} has no priority or grade", self.kind),
            );
        }
        match (self.kind == Kind::Complaint, self.complaint.is_some()) {
            (true, false) => f(
                "complaint",
                "a complaint needs its `complaint:` page".into(),
            ),
            (false, true) => f(
                "complaint",
                format!("a {} has no `complaint:` page", self.kind),
            ),
            _ => {}
        }
        if self.repeat_of.is_some() && self.kind != Kind::Complaint {
            f("repeat_of", "only a complaint repeats a complaint".into());
        }
        if self.repeat_of.as_deref() == Some(self.id.as_str()) {
            f("repeat_of", "a complaint cannot repeat itself".into());
        }
        if let Some(first) = self.history.first()
            && Event::Reported.is(first)
            && first.at != self.reported
        {
            f(
                "reported",
                format!(
                    "reported {} but the history starts at {}: they are the same moment",
                    self.reported.to_rfc3339(),
                    first.at.to_rfc3339()
                ),
            );
        }
        if self.charged.is_some() && !self.history.iter().any(|e| Event::Charged.is(e)) {
            f(
                "charged",
                "`charged` is set but the history has no \"charged\" entry".into(),
            );
        }
        if self
            .callbacks
            .iter()
            .any(|c| c.score.is_some_and(|s| !(1..=5).contains(&s)))
        {
            f("callbacks", "a callback's score is 1 to 5".into());
        }
        let mut steps = Vec::new();
        if self.history.first().is_none_or(|e| !Event::Reported.is(e)) {
            // The history's start is reported by the general history check.
            return (fields, steps);
        }
        match replay(self.kind, &self.history) {
            Ok(pos) if pos.status != self.status => f(
                "status",
                format!(
                    "status {:?} but the history leads to {:?}",
                    self.status.as_str(),
                    pos.status.as_str()
                ),
            ),
            Ok(_) => {}
            Err((i, msg)) => steps.push((i, msg)),
        }
        (fields, steps)
    }
}
