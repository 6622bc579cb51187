//! The ticket record (`tickets/<YYYY>/<MM>/<ID>.yaml`) and its steps.
//!
//! The history is the truth: every step is an entry `{at, by, event, note}`, the times
//! of the procedure (accepted, arrived, finished, returned, replied, ...) are the times
//! of those entries, and the status is what [`replay`] makes of the events. The record
//! also keeps what each step wrote down (the technician, the work done, the quote, the
//! callbacks, the complaint's department) for reading and printing.
//!
//! A step is a pure function of the ticket, checked before anything changes: an
//! illegal one is refused with the current status and the steps allowed from it.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::model::history::Entry;
use crate::model::money::Money;
use crate::model::record::FieldProblem;
use crate::model::record::Record;

use super::TicketRules;
use crate::procedure::nonempty;
pub use crate::procedure::{Act, Refused};

/// What a ticket is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A repair: the work order (工程派工单).
    Repair,
    /// A complaint (投诉).
    Complaint,
    /// A suggestion or an inquiry (建议、咨询).
    Inquiry,
    /// A paid service outside the contract (特约服务).
    SpecialService,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Repair,
        Kind::Complaint,
        Kind::Inquiry,
        Kind::SpecialService,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Repair => "repair",
            Kind::Complaint => "complaint",
            Kind::Inquiry => "inquiry",
            Kind::SpecialService => "special-service",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Kind::Repair => "报修",
            Kind::Complaint => "投诉",
            Kind::Inquiry => "咨询建议",
            Kind::SpecialService => "特约服务",
        }
    }
    /// Repairs and special services are worked by engineering: dispatched, on site,
    /// done, returned, called back.
    pub fn is_work(self) -> bool {
        matches!(self, Kind::Repair | Kind::SpecialService)
    }
}

named_enum!(Kind, "ticket kind");

/// How the ticket came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Phone,
    Visit,
    Letter,
    /// Found by a staff patrol (巡楼发现).
    Patrol,
    /// An internal request.
    Internal,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Phone,
        Channel::Visit,
        Channel::Letter,
        Channel::Patrol,
        Channel::Internal,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Visit => "visit",
            Channel::Letter => "letter",
            Channel::Patrol => "patrol",
            Channel::Internal => "internal",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Channel::Phone => "电话",
            Channel::Visit => "来访",
            Channel::Letter => "信函",
            Channel::Patrol => "巡楼发现",
            Channel::Internal => "内部",
        }
    }
}

named_enum!(Channel, "channel");

/// Repair step 3: how fast engineering must arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Priority {
    ExtraUrgent,
    Urgent,
    Normal,
}

impl Priority {
    pub const ALL: [Priority; 3] = [Priority::ExtraUrgent, Priority::Urgent, Priority::Normal];
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::ExtraUrgent => "extra-urgent",
            Priority::Urgent => "urgent",
            Priority::Normal => "normal",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Priority::ExtraUrgent => "特急",
            Priority::Urgent => "急",
            Priority::Normal => "一般",
        }
    }
}

named_enum!(Priority, "priority");

/// Repair step 4: the completion standard the work falls under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    /// Worked continuously until fixed: no deadline but "now".
    Emergency,
    /// Done the same (working) day.
    Minor,
    /// Within two working days.
    General,
    /// Within 72 hours.
    Difficult,
}

impl Grade {
    pub const ALL: [Grade; 4] = [
        Grade::Emergency,
        Grade::Minor,
        Grade::General,
        Grade::Difficult,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Emergency => "emergency",
            Grade::Minor => "minor",
            Grade::General => "general",
            Grade::Difficult => "difficult",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Grade::Emergency => "紧急维修",
            Grade::Minor => "小修",
            Grade::General => "一般维修",
            Grade::Difficult => "疑难维修",
        }
    }
}

named_enum!(Grade, "grade");

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    New,
    /// Engineering has it: a technician accepted the order.
    Dispatched,
    /// The technician is on site.
    OnSite,
    /// Work done and signed for.
    Done,
    /// The work order is back at the desk.
    Returned,
    /// The desk called back and the tenant was satisfied.
    CalledBack,
    /// A valid complaint with its department and person.
    Assigned,
    /// An invalid complaint: explained to the tenant.
    Explained,
    /// The department wrote the action taken.
    Actioned,
    /// Parked with a reason (搁置工单); resumable.
    Shelved,
    /// Cannot be done (死单).
    Dead,
    /// Not a reasonable request (不合理工单).
    Unreasonable,
    Closed,
}

impl Status {
    pub const ALL: [Status; 13] = [
        Status::New,
        Status::Dispatched,
        Status::OnSite,
        Status::Done,
        Status::Returned,
        Status::CalledBack,
        Status::Assigned,
        Status::Explained,
        Status::Actioned,
        Status::Shelved,
        Status::Dead,
        Status::Unreasonable,
        Status::Closed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Dispatched => "dispatched",
            Status::OnSite => "on-site",
            Status::Done => "done",
            Status::Returned => "returned",
            Status::CalledBack => "called-back",
            Status::Assigned => "assigned",
            Status::Explained => "explained",
            Status::Actioned => "actioned",
            Status::Shelved => "shelved",
            Status::Dead => "dead",
            Status::Unreasonable => "unreasonable",
            Status::Closed => "closed",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Status::New => "新建",
            Status::Dispatched => "已派工",
            Status::OnSite => "已到场",
            Status::Done => "已完工",
            Status::Returned => "已回单",
            Status::CalledBack => "已回访",
            Status::Assigned => "已转部门",
            Status::Explained => "已解释",
            Status::Actioned => "已处理",
            Status::Shelved => "搁置",
            Status::Dead => "死单",
            Status::Unreasonable => "不合理",
            Status::Closed => "已关闭",
        }
    }
    /// No step follows (except feeding a reason back to the tenant).
    pub fn is_final(self) -> bool {
        matches!(self, Status::Closed | Status::Dead | Status::Unreasonable)
    }
}

named_enum!(Status, "status");

/// How a callback was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Phone,
    Visit,
}

impl Method {
    pub const ALL: [Method; 2] = [Method::Phone, Method::Visit];
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Phone => "phone",
            Method::Visit => "visit",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Method::Phone => "电话回访",
            Method::Visit => "上门回访",
        }
    }
}

named_enum!(Method, "callback method");

/// Who signed for finished work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Signer {
    Tenant,
    /// The engineering supervisor, for public areas.
    Supervisor,
}

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
}

pub use crate::model::record::dated_path;

/// The events of a ticket's history.
pub mod event {
    pub const REPORTED: &str = "reported";
    pub const QUOTED: &str = "quoted";
    pub const CONSENTED: &str = "consented";
    pub const DISPATCHED: &str = "dispatched";
    pub const ARRIVED: &str = "arrived";
    pub const PAUSED: &str = "paused";
    pub const RESUMED: &str = "resumed";
    pub const FINISHED: &str = "finished";
    pub const RETURNED: &str = "returned";
    pub const CALLED_BACK: &str = "called-back";
    pub const NOT_SATISFIED: &str = "not-satisfied";
    pub const SHELVED: &str = "shelved";
    pub const DEAD: &str = "dead";
    pub const UNREASONABLE: &str = "unreasonable";
    pub const FEEDBACK: &str = "feedback";
    pub const ACCEPTED: &str = "accepted";
    pub const EXPLAINED: &str = "explained";
    pub const REPLIED: &str = "replied";
    pub const ACTION: &str = "action";
    pub const SIGNED_OFF: &str = "signed-off";
    pub const CLOSED: &str = "closed";
    pub const REPEATED: &str = "repeated";
    pub const CHARGED: &str = "charged";

    /// Every event, in the order the procedure meets them.
    pub const ALL: &[&str] = &[
        REPORTED,
        DISPATCHED,
        ARRIVED,
        FINISHED,
        RETURNED,
        CALLED_BACK,
        NOT_SATISFIED,
        CLOSED,
        ACCEPTED,
        EXPLAINED,
        ACTION,
        REPLIED,
        SIGNED_OFF,
        PAUSED,
        RESUMED,
        QUOTED,
        CONSENTED,
        SHELVED,
        DEAD,
        UNREASONABLE,
        FEEDBACK,
        REPEATED,
        CHARGED,
    ];
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

/// The verbs a clerk types, for "allowed steps" messages.
fn verb(event: &str) -> &str {
    match event {
        event::DISPATCHED => "dispatch",
        event::ARRIVED => "arrive",
        event::PAUSED => "pause",
        event::RESUMED => "resume",
        event::FINISHED => "finish",
        event::RETURNED => "return",
        event::CALLED_BACK | event::NOT_SATISFIED => "callback",
        event::SHELVED => "shelve",
        event::DEAD => "dead",
        event::UNREASONABLE => "unreasonable",
        event::FEEDBACK => "feedback",
        event::ACCEPTED | event::EXPLAINED => "assess",
        event::REPLIED => "reply",
        event::ACTION => "action",
        event::SIGNED_OFF => "sign-off",
        event::CLOSED => "close",
        event::QUOTED => "quote",
        event::CONSENTED => "consent",
        other => other,
    }
}

/// The status after `event` from `pos`, or `None` if the step is illegal. Events that
/// record something without moving the ticket keep the status.
pub fn next(kind: Kind, pos: Position, event: &str) -> Option<Position> {
    use Status as S;
    let s = pos.status;
    let keep = Some(pos);
    let to = |status: Status| {
        Some(Position {
            status,
            paused: false,
            shelved_from: None,
        })
    };
    // Recorded in any state: the reason fed back, a repeat linked, the fee charged.
    match event {
        event::FEEDBACK | event::REPEATED => return keep,
        event::CHARGED => return (kind.is_work() && s == S::Closed).then_some(pos),
        _ => {}
    }
    if s.is_final() {
        return None;
    }
    if pos.paused {
        return match event {
            event::RESUMED => Some(Position {
                paused: false,
                ..pos
            }),
            event::DEAD | event::UNREASONABLE | event::SHELVED => next(
                kind,
                Position {
                    paused: false,
                    ..pos
                },
                event,
            ),
            event::QUOTED | event::CONSENTED => keep,
            _ => None,
        };
    }
    if s == S::Shelved {
        return match event {
            event::RESUMED => to(pos.shelved_from.unwrap_or(S::New)),
            event::DEAD => to(S::Dead),
            event::UNREASONABLE => to(S::Unreasonable),
            _ => None,
        };
    }
    match kind {
        Kind::Repair | Kind::SpecialService => match (s, event) {
            (S::New | S::Dispatched, event::DISPATCHED) => to(S::Dispatched),
            (S::Dispatched, event::ARRIVED) => to(S::OnSite),
            (S::New | S::Dispatched | S::OnSite, event::QUOTED | event::CONSENTED) => keep,
            (S::New | S::Dispatched | S::OnSite, event::PAUSED) => Some(Position {
                paused: true,
                ..pos
            }),
            (S::OnSite, event::FINISHED) => to(S::Done),
            (S::Done, event::RETURNED) => to(S::Returned),
            (S::Returned, event::CALLED_BACK) => to(S::CalledBack),
            (S::Returned, event::NOT_SATISFIED) => to(S::Dispatched),
            (S::CalledBack, event::CLOSED) => to(S::Closed),
            (S::New | S::Dispatched | S::OnSite, event::SHELVED) => Some(Position {
                status: S::Shelved,
                paused: false,
                shelved_from: Some(s),
            }),
            (S::New | S::Dispatched | S::OnSite, event::DEAD) => to(S::Dead),
            (S::New | S::Dispatched | S::OnSite, event::UNREASONABLE) => to(S::Unreasonable),
            _ => None,
        },
        Kind::Complaint => match (s, event) {
            (S::New, event::ACCEPTED) => to(S::Assigned),
            (S::New, event::EXPLAINED) => to(S::Explained),
            (S::New | S::Assigned | S::Actioned, event::REPLIED) => keep,
            (S::Assigned, event::ACTION) => to(S::Actioned),
            (S::Actioned, event::CALLED_BACK) => to(S::CalledBack),
            (S::Actioned, event::NOT_SATISFIED) => to(S::Assigned),
            (S::CalledBack, event::SIGNED_OFF) => to(S::Closed),
            (S::Explained, event::CLOSED) => to(S::Closed),
            _ => None,
        },
        Kind::Inquiry => match (s, event) {
            (S::New, event::REPLIED) => keep,
            (S::New, event::CLOSED) => to(S::Closed),
            _ => None,
        },
    }
}

/// The steps allowed from `pos`, as the verbs a clerk types.
pub fn allowed(kind: Kind, pos: Position) -> Vec<&'static str> {
    let mut verbs: Vec<&'static str> = Vec::new();
    for e in event::ALL {
        if matches!(*e, event::REPORTED | event::REPEATED | event::CHARGED) {
            continue;
        }
        let v = verb(e);
        if next(kind, pos, e).is_some() && !verbs.contains(&v) {
            verbs.push(v);
        }
    }
    verbs
}

/// Replays a history: the position it leads to, or the first entry that is not a
/// legal step (its index and why).
pub fn replay(kind: Kind, history: &[Entry]) -> Result<Position, (usize, String)> {
    let mut pos = Position {
        status: Status::New,
        paused: false,
        shelved_from: None,
    };
    for (i, e) in history.iter().enumerate() {
        if i == 0 {
            if e.event != event::REPORTED {
                return Err((
                    0,
                    format!("a ticket's history starts with {:?}", event::REPORTED),
                ));
            }
            continue;
        }
        if !event::ALL.contains(&e.event.as_str()) || e.event == event::REPORTED {
            return Err((
                i,
                format!(
                    "unknown ticket event {:?}: expected one of {}",
                    e.event,
                    event::ALL[1..].join(", ")
                ),
            ));
        }
        pos = next(kind, pos, &e.event).ok_or_else(|| {
            (
                i,
                format!(
                    "{:?} cannot follow status {} (a {}): allowed then: {}",
                    e.event,
                    pos.status,
                    kind,
                    shown_allowed(kind, pos)
                ),
            )
        })?;
    }
    Ok(pos)
}

fn shown_allowed(kind: Kind, pos: Position) -> String {
    let a = allowed(kind, pos);
    if a.is_empty() {
        "nothing".to_string()
    } else {
        a.join(", ")
    }
}

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
        if !work && (intake.priority.is_some() || intake.grade.is_some()) {
            return Err(Refused::Said(format!(
                "{} has no priority or grade: those are for repairs and special services",
                a_kind(intake.kind)
            )));
        }
        if intake.unit.is_none() && intake.area.is_none() {
            return Err(Refused::Said(
                "say where: --unit for a unit, or --area for a public area".to_string(),
            ));
        }
        if intake.unit.is_some() && intake.area.is_some() {
            return Err(Refused::Said("give --unit or --area, not both".to_string()));
        }
        if intake.kind == Kind::SpecialService && intake.unit.is_none() {
            return Err(Refused::Said(
                "a special service is paid by a unit: give --unit".to_string(),
            ));
        }
        if intake.repeat_of.is_some() && intake.kind != Kind::Complaint {
            return Err(Refused::Said(
                "only a complaint can repeat a complaint".to_string(),
            ));
        }
        for (what, v) in [
            ("reporter", &intake.reporter),
            ("category", &intake.category),
            ("description", &intake.description),
        ] {
            if v.trim().is_empty() {
                return Err(Refused::Said(format!("the {what} is empty")));
            }
        }
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
            history: vec![Entry::new(act.at, act.by, event::REPORTED, Some(note))],
        })
    }

    /// Where the history leaves the ticket (the stored status is checked against it).
    pub fn position(&self) -> Position {
        replay(self.kind, &self.history).unwrap_or(Position {
            status: self.status,
            paused: false,
            shelved_from: None,
        })
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
    pub fn first(&self, event: &str) -> Option<DateTime<FixedOffset>> {
        self.history.iter().find(|e| e.event == event).map(|e| e.at)
    }

    /// The time of the last entry with `event`.
    pub fn last(&self, event: &str) -> Option<DateTime<FixedOffset>> {
        self.history
            .iter()
            .rev()
            .find(|e| e.event == event)
            .map(|e| e.at)
    }

    /// The total of the quote.
    pub fn quote_total(&self) -> Option<Money> {
        self.quote
            .iter()
            .try_fold(Money::ZERO, |sum, l| sum.checked_add(l.amount()?))
    }

    /// What closing a chargeable repair or special service charges to the unit's
    /// ledger: its item, and the ledger text naming the ticket and what was quoted.
    pub fn charge_text(
        &self,
        locale: crate::model::locale::Locale,
    ) -> (crate::model::ledger::ChargeItem, String) {
        use crate::model::ledger::ChargeItem;
        let (item, zh, en) = match self.kind {
            Kind::SpecialService => (ChargeItem::SpecialService, "特约服务费", "special service"),
            _ => (ChargeItem::RepairFee, "有偿维修费", "chargeable repair"),
        };
        let names: Vec<String> = self
            .quote
            .iter()
            .map(|l| format!("{} x{}", l.name, l.quantity))
            .collect();
        let text = match locale {
            crate::model::locale::Locale::ZhCn => format!("{zh} {}：{}", self.id, names.join("、")),
            crate::model::locale::Locale::En => format!("{en} {}: {}", self.id, names.join(", ")),
        };
        (item, text)
    }

    /// Is the work chargeable (a quote was given)?
    pub fn chargeable(&self) -> bool {
        !self.quote.is_empty()
    }

    /// Checks that `event` is a legal step now and that `act.at` keeps the history in
    /// order; returns the position after it.
    pub fn check_step(&self, event: &str, act: Act) -> Result<Position, Refused> {
        let pos = self.position();
        let Some(after) = next(self.kind, pos, event) else {
            let paused = if pos.paused {
                ", paused: waiting on the tenant"
            } else {
                ""
            };
            return Err(Refused::Said(format!(
                "cannot {} ticket {}: it is {} ({}{paused}); allowed now: {}",
                verb(event),
                self.id,
                pos.status,
                self.kind,
                self.allowed_now(pos)
            )));
        };
        if let Some(last) = self.history.last()
            && act.at < last.at
        {
            return Err(Refused::Said(format!(
                "the time {} is before the ticket's last step ({} at {}): steps are recorded in order",
                act.at.format("%Y-%m-%d %H:%M"),
                last.event,
                last.at.format("%Y-%m-%d %H:%M")
            )));
        }
        Ok(after)
    }

    /// The steps allowed from `pos` that this ticket's own state does not refuse: no
    /// consent without a quote, no dispatch of a special service before consent, no
    /// complaint callback or sign-off before the reply, no inquiry closed unreplied.
    fn allowed_now(&self, pos: Position) -> String {
        let replied = self.first(event::REPLIED).is_some();
        let consented = self.quote.is_empty() || self.consent.is_some();
        let steps: Vec<&str> = allowed(self.kind, pos)
            .into_iter()
            .filter(|v| match *v {
                "consent" => !self.quote.is_empty() && self.consent.is_none(),
                "dispatch" => {
                    self.kind != Kind::SpecialService || (!self.quote.is_empty() && consented)
                }
                "finish" => consented,
                "callback" | "sign-off" => self.kind != Kind::Complaint || replied,
                "close" => self.kind != Kind::Inquiry || replied,
                _ => true,
            })
            .collect();
        if steps.is_empty() {
            "nothing".to_string()
        } else {
            steps.join(", ")
        }
    }

    /// Records a legal step.
    fn step(&mut self, event: &str, act: Act, note: Option<String>) -> Result<(), Refused> {
        let after = self.check_step(event, act)?;
        self.record(after, event, act, note)
    }

    /// Records a step already checked by [`Ticket::check_step`], moving to `after`.
    fn record(
        &mut self,
        after: Position,
        event: &str,
        act: Act,
        note: Option<String>,
    ) -> Result<(), Refused> {
        self.status = after.status;
        self.history.push(Entry::new(
            act.at,
            act.by,
            event,
            note.filter(|n| !n.is_empty()),
        ));
        Ok(())
    }

    /// Engineering's dispatcher assigns a technician, who accepts at `act.at`. A
    /// special service needs the tenant's consent to the quote first.
    pub fn dispatch(&mut self, act: Act, technician: &str) -> Result<(), Refused> {
        let after = self.check_step(event::DISPATCHED, act)?;
        if self.kind == Kind::SpecialService {
            if self.quote.is_empty() {
                return Err(Refused::Said(format!(
                    "ticket {} is a special service: quote it first (`propdesk ticket quote {} --item ...`)",
                    self.id, self.id
                )));
            }
            self.needs_consent("dispatch")?;
        }
        let technician = nonempty("technician", technician)?;
        self.technician = Some(technician.clone());
        self.record(after, event::DISPATCHED, act, Some(technician))
    }

    fn needs_consent(&self, what: &str) -> Result<(), Refused> {
        if !self.quote.is_empty() && self.consent.is_none() {
            return Err(Refused::Said(format!(
                "cannot {what} ticket {}: the quote of {} has no consent yet; record the tenant's consent first (`propdesk ticket consent {} --signer NAME`)",
                self.id,
                self.quote_total()
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
                self.id
            )));
        }
        Ok(())
    }

    pub fn arrive(&mut self, act: Act) -> Result<(), Refused> {
        self.step(event::ARRIVED, act, None)
    }

    /// The clock stops: the tenant gave no access or asked to wait.
    pub fn pause(&mut self, act: Act, reason: &str) -> Result<(), Refused> {
        let reason = nonempty("reason", reason)?;
        self.step(event::PAUSED, act, Some(reason))
    }

    /// The clock runs again (or a shelved ticket comes back).
    pub fn resume(&mut self, act: Act, note: Option<&str>) -> Result<(), Refused> {
        self.step(event::RESUMED, act, note.map(str::to_string))
    }

    /// Adds a line to the quote: from the price list, or priced by the supervisor.
    /// A changed quote needs consent again.
    pub fn quote_item(
        &mut self,
        act: Act,
        rules: &TicketRules,
        item: &str,
        quantity: u32,
        price: Option<(Money, &str)>,
    ) -> Result<(), Refused> {
        let after = self.check_step(event::QUOTED, act)?;
        if self.unit.is_none() {
            return Err(Refused::Said(format!(
                "ticket {} is for a public area ({}): public-area work is not charged to a tenant",
                self.id,
                self.place()
            )));
        }
        if quantity == 0 {
            return Err(Refused::Said("the quantity must be at least 1".to_string()));
        }
        let line = match (rules.price(item), price) {
            (Some(p), None) => QuoteLine {
                item: p.item.clone(),
                name: p.name.clone(),
                quantity,
                price: p.price,
                priced_by: None,
            },
            (Some(p), Some(_)) => {
                return Err(Refused::Said(format!(
                    "{:?} is on the price list at {}: quote it without --price",
                    p.item, p.price
                )));
            }
            (None, Some((price, supervisor))) => {
                if price.minor() <= 0 {
                    return Err(Refused::Said("the price must be more than 0".to_string()));
                }
                QuoteLine {
                    item: nonempty("item", item)?,
                    name: nonempty("item", item)?,
                    quantity,
                    price,
                    priced_by: Some(nonempty("supervisor (--priced-by)", supervisor)?),
                }
            }
            (None, None) => {
                let list: Vec<_> = rules.prices.iter().map(|p| p.item.as_str()).collect();
                return Err(Refused::Said(format!(
                    "{item:?} is not on the price list ({}); an item off the list needs the engineering supervisor's price: --price AMOUNT --priced-by NAME",
                    if list.is_empty() {
                        "the list is empty".to_string()
                    } else {
                        list.join(", ")
                    }
                )));
            }
        };
        let amount = line
            .amount()
            .ok_or_else(|| Refused::Said("the amount is too large".to_string()))?;
        let note = format!("{} x{} = {}", line.name, line.quantity, amount);
        self.quote.push(line);
        if self.quote_total().is_none() {
            self.quote.pop();
            return Err(Refused::Said("the quote's total is too large".to_string()));
        }
        self.consent = None;
        self.record(after, event::QUOTED, act, Some(note))
    }

    /// The tenant agrees to the quote (signs the slip).
    pub fn consent(&mut self, act: Act, who: &str) -> Result<(), Refused> {
        let after = self.check_step(event::CONSENTED, act)?;
        if self.quote.is_empty() {
            return Err(Refused::Said(format!(
                "ticket {} has no quote to agree to",
                self.id
            )));
        }
        if let Some(c) = &self.consent {
            return Err(Refused::Said(format!(
                "the quote of ticket {} was already agreed to by {c}",
                self.id
            )));
        }
        let who = nonempty("signer (--signer)", who)?;
        self.consent = Some(who.clone());
        let total = self.quote_total().unwrap_or(Money::ZERO);
        self.record(
            after,
            event::CONSENTED,
            act,
            Some(format!("{who} agreed to {total}")),
        )
    }

    /// The technician writes what was done and the finish time; the tenant signs (the
    /// engineering supervisor for a public area). Chargeable work needs consent.
    pub fn finish(
        &mut self,
        act: Act,
        done: &str,
        materials: Option<&str>,
        signed_by: &str,
    ) -> Result<(), Refused> {
        let after = self.check_step(event::FINISHED, act)?;
        self.needs_consent("finish")?;
        let done = nonempty("work done (--work)", done)?;
        let signed_by = nonempty("signature (--signed-by)", signed_by)?;
        self.work = Some(Work {
            done: done.clone(),
            materials: materials
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_string),
            signed_by,
            signer: if self.unit.is_some() {
                Signer::Tenant
            } else {
                Signer::Supervisor
            },
        });
        let note = match &self.work.as_ref().and_then(|w| w.materials.clone()) {
            Some(m) => format!("{done}; materials: {m}"),
            None => done,
        };
        self.record(after, event::FINISHED, act, Some(note))
    }

    /// The work order is back at the desk.
    pub fn return_to_desk(&mut self, act: Act) -> Result<(), Refused> {
        self.step(event::RETURNED, act, None)
    }

    /// The desk calls back. Categories the office names need a visit. Not satisfied
    /// sends a repair back to engineering (a complaint back to its department).
    pub fn callback(
        &mut self,
        act: Act,
        rules: &TicketRules,
        method: Method,
        satisfied: bool,
        score: Option<u8>,
        note: Option<&str>,
    ) -> Result<(), Refused> {
        let event = if satisfied {
            event::CALLED_BACK
        } else {
            event::NOT_SATISFIED
        };
        let after = self.check_step(event, act)?;
        if self.kind == Kind::Complaint && self.first(event::REPLIED).is_none() {
            return Err(Refused::Said(format!(
                "complaint {} has no reply recorded: the desk calls back after the reply (`propdesk ticket reply {} --note ...`)",
                self.id, self.id
            )));
        }
        if method == Method::Phone && self.needs_visit(rules) {
            return Err(Refused::Said(format!(
                "ticket {} is {:?}, a category the office calls back by visit: use --method visit",
                self.id, self.category
            )));
        }
        if let Some(s) = score
            && !(1..=5).contains(&s)
        {
            return Err(Refused::Said(format!("score {s}: expected 1 to 5")));
        }
        let note = note
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        self.callbacks.push(Callback {
            at: act.at,
            by: act.by.to_string(),
            method,
            satisfied,
            score,
            note: note.clone(),
        });
        let mut text = format!(
            "{method}, {}",
            if satisfied {
                "satisfied"
            } else {
                "not satisfied"
            }
        );
        if let Some(s) = score {
            text.push_str(&format!(", score {s}"));
        }
        if let Some(n) = note {
            text.push_str(&format!(": {n}"));
        }
        self.record(after, event, act, Some(text))
    }

    /// Whether the callback must be a visit.
    pub fn needs_visit(&self, rules: &TicketRules) -> bool {
        self.kind.is_work() && rules.visit_categories.iter().any(|c| c == &self.category)
    }

    /// Shelves the ticket, or declares it dead or unreasonable, with the reason that
    /// must be fed back to the tenant.
    pub fn set_aside(&mut self, act: Act, event: &str, reason: &str) -> Result<(), Refused> {
        let after = self.check_step(event, act)?;
        let reason = nonempty("reason", reason)?;
        self.reason = Some(reason.clone());
        self.record(after, event, act, Some(reason))
    }

    /// Something said to the tenant: the first feedback on a complaint, or the reason
    /// a ticket was shelved, declared dead or unreasonable.
    pub fn feedback(&mut self, act: Act, note: &str) -> Result<(), Refused> {
        let note = nonempty("what was said (--note)", note)?;
        self.step(event::FEEDBACK, act, Some(note))
    }

    /// A complaint assessed: valid with the department and person responsible, or
    /// invalid with the explanation given to the tenant.
    pub fn assess(&mut self, act: Act, verdict: Verdict) -> Result<(), Refused> {
        let event = match verdict {
            Verdict::Valid { .. } => event::ACCEPTED,
            Verdict::Invalid { .. } => event::EXPLAINED,
        };
        let after = self.check_step(event, act)?;
        let file = self.complaint.get_or_insert_with(ComplaintFile::default);
        let note = match verdict {
            Verdict::Valid { department, person } => {
                let department = nonempty("department", department)?;
                let person = nonempty("person", person)?;
                file.valid = true;
                file.department = Some(department.clone());
                file.person = Some(person.clone());
                format!("valid: {department}, {person}")
            }
            Verdict::Invalid { explanation } => {
                let explanation = nonempty("explanation", explanation)?;
                file.valid = false;
                file.explanation = Some(explanation.clone());
                format!("not valid: {explanation}")
            }
        };
        self.record(after, event, act, Some(note))
    }

    /// The reply to a complaint or an inquiry.
    pub fn reply(&mut self, act: Act, text: &str) -> Result<(), Refused> {
        let after = self.check_step(event::REPLIED, act)?;
        let text = nonempty("reply (--note)", text)?;
        self.reply = Some(text.clone());
        self.record(after, event::REPLIED, act, Some(text))
    }

    /// The department's action on a complaint.
    pub fn action(&mut self, act: Act, text: &str) -> Result<(), Refused> {
        let after = self.check_step(event::ACTION, act)?;
        let text = nonempty("action taken (--note)", text)?;
        self.complaint
            .get_or_insert_with(ComplaintFile::default)
            .action = Some(text.clone());
        self.record(after, event::ACTION, act, Some(text))
    }

    /// The manager signs the complaint report, which closes it. The reply must have
    /// been given.
    pub fn sign_off(&mut self, act: Act) -> Result<(), Refused> {
        let after = self.check_step(event::SIGNED_OFF, act)?;
        if self.first(event::REPLIED).is_none() {
            return Err(Refused::Said(format!(
                "complaint {} has no reply recorded: `propdesk ticket reply {} --note ...` first",
                self.id, self.id
            )));
        }
        self.complaint
            .get_or_insert_with(ComplaintFile::default)
            .signed_off_by = Some(act.by.to_string());
        self.record(after, event::SIGNED_OFF, act, None)
    }

    /// Closes the ticket. An inquiry needs its reply; an invalid complaint is closed by
    /// the desk.
    pub fn close(&mut self, act: Act) -> Result<(), Refused> {
        let after = self.check_step(event::CLOSED, act)?;
        if self.kind == Kind::Inquiry && self.first(event::REPLIED).is_none() {
            return Err(Refused::Said(format!(
                "inquiry {} has no reply recorded: `propdesk ticket reply {} --note ...` first",
                self.id, self.id
            )));
        }
        self.record(after, event::CLOSED, act, None)
    }

    /// Records the ledger entry of the fee charged on closing.
    pub fn mark_charged(
        &mut self,
        act: Act,
        entry: u32,
        amount: Money,
        unit: &str,
    ) -> Result<(), Refused> {
        self.charged = Some(entry);
        self.step(
            event::CHARGED,
            act,
            Some(format!("{amount} to {unit}, ledger entry {entry}")),
        )
    }

    /// Links a later complaint that repeats this one.
    pub fn link_repeat(&mut self, act: Act, later: &str) -> Result<(), Refused> {
        if self.kind != Kind::Complaint {
            return Err(Refused::Said(format!(
                "{} is a {}, not a complaint: a repeat complaint names the first complaint",
                self.id, self.kind
            )));
        }
        let at = self.history.last().map_or(act.at, |l| l.at.max(act.at));
        self.repeated_by.push(later.to_string());
        self.history.push(Entry::new(
            at,
            act.by,
            event::REPEATED,
            Some(format!("repeated by {later}")),
        ));
        Ok(())
    }

    /// The one-line state for lists: status, plus paused.
    pub fn state_label(&self, locale: crate::model::locale::Locale) -> String {
        let zh = locale == crate::model::locale::Locale::ZhCn;
        let mut s = self.status.label(locale).to_string();
        if self.is_paused() {
            s.push_str(if zh { "（暂停）" } else { " (paused)" });
        }
        if self.repeat_of.is_some() {
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
            && first.event == event::REPORTED
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
        if self.charged.is_some() && !self.history.iter().any(|e| e.event == event::CHARGED) {
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
        if self
            .history
            .first()
            .is_none_or(|e| e.event != event::REPORTED)
        {
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

/// "a repair", "an inquiry".
pub fn a_kind(kind: Kind) -> String {
    match kind {
        Kind::Inquiry => "an inquiry".to_string(),
        k => format!("a {k}"),
    }
}

/// A complaint's assessment.
#[derive(Debug, Clone, Copy)]
pub enum Verdict<'a> {
    Valid {
        department: &'a str,
        person: &'a str,
    },
    Invalid {
        explanation: &'a str,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn act(s: &str) -> Act<'static> {
        Act {
            by: "desk",
            at: at(s),
            today: at(s).date_naive(),
        }
    }

    fn intake(kind: Kind) -> Intake {
        Intake {
            kind,
            channel: Channel::Phone,
            unit: Some("A-1203".into()),
            area: None,
            reporter: "王先生".into(),
            phone: None,
            category: "plumbing".into(),
            description: "水龙头漏水".into(),
            priority: None,
            grade: None,
            repeat_of: None,
        }
    }

    fn repair() -> Ticket {
        Ticket::new(
            "T-20261123-AAAAAA",
            intake(Kind::Repair),
            act("2026-11-23T09:00:00+08:00"),
        )
        .unwrap()
    }

    fn priced() -> TicketRules {
        TicketRules {
            prices: vec![super::super::PriceItem {
                item: "replace-tap".into(),
                name: "更换水龙头".into(),
                price: "80.00".parse().unwrap(),
            }],
            ..TicketRules::default()
        }
    }

    #[test]
    fn a_repair_walks_every_step_to_closed() {
        let mut t = repair();
        let r = TicketRules::default();
        t.dispatch(act("2026-11-23T09:02:00+08:00"), "李师傅")
            .unwrap();
        t.arrive(act("2026-11-23T09:20:00+08:00")).unwrap();
        t.finish(
            act("2026-11-23T10:00:00+08:00"),
            "换阀芯",
            Some("阀芯 1"),
            "王先生",
        )
        .unwrap();
        t.return_to_desk(act("2026-11-23T11:00:00+08:00")).unwrap();
        t.callback(
            act("2026-11-24T10:00:00+08:00"),
            &r,
            Method::Phone,
            true,
            Some(5),
            None,
        )
        .unwrap();
        t.close(act("2026-11-24T10:05:00+08:00")).unwrap();
        assert_eq!(t.status, Status::Closed);
        assert_eq!(replay(t.kind, &t.history).unwrap().status, Status::Closed);
    }

    #[test]
    fn an_illegal_step_names_the_status_and_the_allowed_steps() {
        let mut t = repair();
        let e = t
            .finish(act("2026-11-23T09:05:00+08:00"), "x", None, "y")
            .unwrap_err();
        assert!(e.to_string().contains("it is new"), "{}", e.to_string());
        assert!(
            e.to_string().contains(
                "allowed now: dispatch, pause, quote, shelve, dead, unreasonable, feedback"
            ),
            "{}",
            e.to_string()
        );
        assert_eq!(t.history.len(), 1);
    }

    #[test]
    fn not_satisfied_goes_back_to_engineering_and_needs_a_new_callback() {
        let mut t = repair();
        let r = TicketRules::default();
        t.dispatch(act("2026-11-23T09:02:00+08:00"), "李师傅")
            .unwrap();
        t.arrive(act("2026-11-23T09:20:00+08:00")).unwrap();
        t.finish(act("2026-11-23T10:00:00+08:00"), "x", None, "王")
            .unwrap();
        t.return_to_desk(act("2026-11-23T11:00:00+08:00")).unwrap();
        t.callback(
            act("2026-11-24T10:00:00+08:00"),
            &r,
            Method::Phone,
            false,
            Some(2),
            Some("还在漏"),
        )
        .unwrap();
        assert_eq!(t.status, Status::Dispatched);
        assert!(t.close(act("2026-11-24T10:01:00+08:00")).is_err());
        t.arrive(act("2026-11-24T11:00:00+08:00")).unwrap();
        t.finish(act("2026-11-24T12:00:00+08:00"), "y", None, "王")
            .unwrap();
        t.return_to_desk(act("2026-11-24T13:00:00+08:00")).unwrap();
        t.callback(
            act("2026-11-24T15:00:00+08:00"),
            &r,
            Method::Phone,
            true,
            Some(5),
            None,
        )
        .unwrap();
        t.close(act("2026-11-24T15:01:00+08:00")).unwrap();
        assert_eq!(t.callbacks.len(), 2);
    }

    #[test]
    fn a_visit_category_refuses_a_phone_callback() {
        let mut t = repair();
        t.category = "air-conditioning".into();
        let r = TicketRules::default();
        t.dispatch(act("2026-11-23T09:02:00+08:00"), "李").unwrap();
        t.arrive(act("2026-11-23T09:20:00+08:00")).unwrap();
        t.finish(act("2026-11-23T10:00:00+08:00"), "x", None, "王")
            .unwrap();
        t.return_to_desk(act("2026-11-23T11:00:00+08:00")).unwrap();
        let e = t
            .callback(
                act("2026-11-24T10:00:00+08:00"),
                &r,
                Method::Phone,
                true,
                None,
                None,
            )
            .unwrap_err();
        assert!(
            e.to_string().contains("--method visit"),
            "{}",
            e.to_string()
        );
        t.callback(
            act("2026-11-24T10:00:00+08:00"),
            &r,
            Method::Visit,
            true,
            None,
            None,
        )
        .unwrap();
    }

    #[test]
    fn chargeable_work_needs_consent_before_it_is_finished() {
        let mut t = repair();
        let r = priced();
        t.dispatch(act("2026-11-23T09:02:00+08:00"), "李").unwrap();
        t.arrive(act("2026-11-23T09:20:00+08:00")).unwrap();
        t.quote_item(act("2026-11-23T09:25:00+08:00"), &r, "replace-tap", 1, None)
            .unwrap();
        let e = t
            .finish(act("2026-11-23T10:00:00+08:00"), "x", None, "王")
            .unwrap_err();
        assert!(e.to_string().contains("no consent"), "{}", e.to_string());
        t.consent(act("2026-11-23T09:30:00+08:00"), "王先生")
            .unwrap();
        // A changed quote needs consent again.
        t.quote_item(
            act("2026-11-23T09:31:00+08:00"),
            &r,
            "fitting",
            2,
            Some(("15.50".parse().unwrap(), "赵主管")),
        )
        .unwrap();
        assert!(t.consent.is_none());
        assert!(
            t.finish(act("2026-11-23T10:00:00+08:00"), "x", None, "王")
                .is_err()
        );
        t.consent(act("2026-11-23T09:35:00+08:00"), "王先生")
            .unwrap();
        t.finish(act("2026-11-23T10:00:00+08:00"), "x", None, "王")
            .unwrap();
        assert_eq!(t.quote_total().unwrap().to_string(), "111.00");
    }

    #[test]
    fn off_list_items_need_a_supervisors_price_and_list_items_take_the_list_price() {
        let mut t = repair();
        let r = priced();
        let a = act("2026-11-23T09:25:00+08:00");
        let e = t.quote_item(a, &r, "new-sink", 1, None).unwrap_err();
        assert!(e.to_string().contains("supervisor"), "{}", e.to_string());
        let e = t
            .quote_item(
                a,
                &r,
                "replace-tap",
                1,
                Some(("1.00".parse().unwrap(), "x")),
            )
            .unwrap_err();
        assert!(e.to_string().contains("80.00"), "{}", e.to_string());
    }

    #[test]
    fn a_special_service_is_not_dispatched_before_quote_and_consent() {
        let mut t = Ticket::new(
            "T-20261123-BBBBBB",
            intake(Kind::SpecialService),
            act("2026-11-23T09:00:00+08:00"),
        )
        .unwrap();
        let r = TicketRules {
            prices: vec![super::super::PriceItem {
                item: "cleaning-hour".into(),
                name: "保洁（小时）".into(),
                price: "60.00".parse().unwrap(),
            }],
            ..TicketRules::default()
        };
        assert!(
            t.dispatch(act("2026-11-23T09:01:00+08:00"), "张")
                .unwrap_err()
                .to_string()
                .contains("quote it first")
        );
        t.quote_item(
            act("2026-11-23T09:01:00+08:00"),
            &r,
            "cleaning-hour",
            3,
            None,
        )
        .unwrap();
        assert!(
            t.dispatch(act("2026-11-23T09:02:00+08:00"), "张")
                .unwrap_err()
                .to_string()
                .contains("no consent")
        );
        t.consent(act("2026-11-23T09:03:00+08:00"), "王").unwrap();
        t.dispatch(act("2026-11-23T09:04:00+08:00"), "张").unwrap();
    }

    #[test]
    fn pause_and_shelve_stop_and_resume() {
        let mut t = repair();
        t.dispatch(act("2026-11-23T09:02:00+08:00"), "李").unwrap();
        t.pause(act("2026-11-23T09:10:00+08:00"), "no-access")
            .unwrap();
        assert!(t.is_paused());
        let e = t.arrive(act("2026-11-23T09:20:00+08:00")).unwrap_err();
        assert!(
            e.to_string().contains("paused") && e.to_string().contains("resume"),
            "{}",
            e.to_string()
        );
        t.resume(act("2026-11-23T10:00:00+08:00"), None).unwrap();
        t.arrive(act("2026-11-23T10:10:00+08:00")).unwrap();
        t.set_aside(
            act("2026-11-23T10:20:00+08:00"),
            event::SHELVED,
            "等待厂家配件",
        )
        .unwrap();
        assert_eq!(t.status, Status::Shelved);
        t.resume(act("2026-11-25T10:00:00+08:00"), None).unwrap();
        assert_eq!(t.status, Status::OnSite);
    }

    #[test]
    fn steps_are_recorded_in_time_order() {
        let mut t = repair();
        let e = t
            .dispatch(act("2026-11-23T08:00:00+08:00"), "李")
            .unwrap_err();
        assert!(
            e.to_string().contains("before the ticket's last step"),
            "{}",
            e.to_string()
        );
    }

    #[test]
    fn a_complaint_is_assessed_actioned_called_back_and_signed_off() {
        let mut t = Ticket::new(
            "T-20261123-CCCCCC",
            intake(Kind::Complaint),
            act("2026-11-23T09:00:00+08:00"),
        )
        .unwrap();
        let r = TicketRules::default();
        t.assess(
            act("2026-11-23T09:30:00+08:00"),
            Verdict::Valid {
                department: "保安部",
                person: "刘队长",
            },
        )
        .unwrap();
        t.feedback(act("2026-11-23T10:00:00+08:00"), "已致歉")
            .unwrap();
        t.action(act("2026-11-23T15:00:00+08:00"), "加强巡逻")
            .unwrap();
        assert!(t.sign_off(act("2026-11-23T15:01:00+08:00")).is_err());
        t.reply(act("2026-11-23T16:00:00+08:00"), "已处理").unwrap();
        t.callback(
            act("2026-11-24T10:00:00+08:00"),
            &r,
            Method::Phone,
            true,
            Some(4),
            None,
        )
        .unwrap();
        t.sign_off(Act {
            by: "经理",
            at: at("2026-11-24T11:00:00+08:00"),
            today: at("2026-11-24T11:00:00+08:00").date_naive(),
        })
        .unwrap();
        assert_eq!(t.status, Status::Closed);
        assert_eq!(
            t.complaint.as_ref().unwrap().signed_off_by.as_deref(),
            Some("经理")
        );
    }

    #[test]
    fn an_invalid_complaint_records_the_explanation_and_closes_at_the_desk() {
        let mut t = Ticket::new(
            "T-20261123-DDDDDD",
            intake(Kind::Complaint),
            act("2026-11-23T09:00:00+08:00"),
        )
        .unwrap();
        t.assess(
            act("2026-11-23T09:30:00+08:00"),
            Verdict::Invalid {
                explanation: "属市政停水",
            },
        )
        .unwrap();
        assert_eq!(t.status, Status::Explained);
        t.close(act("2026-11-23T09:40:00+08:00")).unwrap();
    }
}
