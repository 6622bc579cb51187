//! The permit record (`permits/<YYYY>/<ID>.yaml`): what every permit has (the unit, the
//! applicant, the history) and its part, one of five kinds ([`PermitKind`]), each with
//! its own page, its own states and its own transition function, in its own file.
//!
//! The file keeps the shape it always had: a `kind:` and a `status:` line and the page
//! of that kind (`renovation:`, `parking:`, ...). [`Wire`] reads and writes that shape
//! and refuses a file whose kind, status and page disagree, naming what is wrong.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::history::Entry;
use crate::model::money::Money;
use crate::model::record::{FieldProblem, Record};
pub use crate::procedure::{Act, Check, Refused};

use super::PermitRules;
use super::access_card::{self, AccessCard};
use super::goods_exit::{self, GoodsExit};
use super::overtime_ac::{self, OvertimeAc};
use super::parking::{self, Parking};
use super::renovation::{self, Renovation};
use super::steps::{self, Did, Done, Missing, Refusal, filled};

/// What a permit is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// 装修许可.
    Renovation,
    /// 加时空调.
    OvertimeAc,
    /// 停车证.
    Parking,
    /// 门禁卡 / 出入证.
    AccessCard,
    /// 大件物品出门证 / 放行条.
    GoodsExit,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Renovation,
        Kind::OvertimeAc,
        Kind::Parking,
        Kind::AccessCard,
        Kind::GoodsExit,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Renovation => "renovation",
            Kind::OvertimeAc => "overtime-ac",
            Kind::Parking => "parking",
            Kind::AccessCard => "access-card",
            Kind::GoodsExit => "goods-exit",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Kind::Renovation => "装修许可",
            Kind::OvertimeAc => "加时空调",
            Kind::Parking => "停车证",
            Kind::AccessCard => "门禁卡",
            Kind::GoodsExit => "物品放行条",
        }
    }
    /// The field of its page in the file.
    pub fn field(self) -> &'static str {
        match self {
            Kind::Renovation => "renovation",
            Kind::OvertimeAc => "overtime_ac",
            Kind::Parking => "parking",
            Kind::AccessCard => "access_card",
            Kind::GoodsExit => "goods_exit",
        }
    }
}

named_enum!(Kind, "permit kind");

/// Where a permit stands: the words of every kind's states, as the file and the
/// tables say them. Each kind has only some of them (its own `State`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Applied for; the approval chain signs in order.
    Applied,
    /// A signer rejected it; a revised application starts the chain again.
    Rejected,
    /// Every signer approved; not issued yet.
    Approved,
    /// Issued: works may go on within its validity.
    Issued,
    /// A rectification is open: works stop until it is accepted.
    Suspended,
    /// The contractor applied for completion acceptance.
    CompletionApplied,
    /// Jointly accepted; passes and deposits to settle.
    Accepted,
    /// Settled and closed.
    Closed,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Applied,
        Status::Rejected,
        Status::Approved,
        Status::Issued,
        Status::Suspended,
        Status::CompletionApplied,
        Status::Accepted,
        Status::Closed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Applied => "applied",
            Status::Rejected => "rejected",
            Status::Approved => "approved",
            Status::Issued => "issued",
            Status::Suspended => "suspended",
            Status::CompletionApplied => "completion-applied",
            Status::Accepted => "accepted",
            Status::Closed => "closed",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Status::Applied => "审批中",
            Status::Rejected => "已驳回",
            Status::Approved => "已批准",
            Status::Issued => "已签发",
            Status::Suspended => "停工整改",
            Status::CompletionApplied => "申请验收",
            Status::Accepted => "已验收",
            Status::Closed => "已结案",
        }
    }
}

named_enum!(Status, "permit status");

/// The steps of a permit's history, every kind's: the history stores their words
/// ([`Event::as_str`]); each kind's transition function says which it takes, and from
/// where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    Applied,
    Received,
    Signed,
    Billed,
    Approved,
    Rejected,
    Revised,
    Issued,
    Inspected,
    Violation,
    Rectified,
    HotWork,
    Extended,
    CompletionApplied,
    Accepted,
    NotAccepted,
    Passes,
    Closed,
    Renewed,
    Returned,
    ExitSigned,
    ToSecurity,
}

impl Event {
    /// Every event, in the order `check` names them.
    pub const ALL: [Event; 22] = [
        Event::Renewed,
        Event::Returned,
        Event::ExitSigned,
        Event::ToSecurity,
        Event::Applied,
        Event::Received,
        Event::Signed,
        Event::Billed,
        Event::Approved,
        Event::Rejected,
        Event::Revised,
        Event::Issued,
        Event::Inspected,
        Event::Violation,
        Event::Rectified,
        Event::HotWork,
        Event::Extended,
        Event::CompletionApplied,
        Event::Accepted,
        Event::NotAccepted,
        Event::Passes,
        Event::Closed,
    ];

    /// The word the history stores.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Applied => "applied",
            Event::Received => "received",
            Event::Signed => "signed",
            Event::Billed => "billed",
            Event::Approved => "approved",
            Event::Rejected => "rejected",
            Event::Revised => "revised",
            Event::Issued => "issued",
            Event::Inspected => "inspected",
            Event::Violation => "violation",
            Event::Rectified => "rectified",
            Event::HotWork => "hot-work",
            Event::Extended => "extended",
            Event::CompletionApplied => "completion-applied",
            Event::Accepted => "accepted",
            Event::NotAccepted => "not-accepted",
            Event::Passes => "passes",
            Event::Closed => "closed",
            Event::Renewed => "renewed",
            Event::Returned => "returned",
            Event::ExitSigned => "exit-signed",
            Event::ToSecurity => "to-security",
        }
    }

    /// The event a history word stands for.
    pub fn parse(word: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == word)
    }
}

/// A kind's states: its transition function, and the words of the shared [`Status`].
pub trait Machine: Copy + Eq + 'static {
    /// Every state, in the order of the procedure.
    const ALL: &'static [Self];
    /// The word of the file and the tables.
    fn status(self) -> Status;
    /// Where `event` leads from here, if it is a step from here: the kind's transition
    /// function.
    fn after(self, event: Event) -> Option<Self>;
    /// Whether `event` is a step from here.
    fn takes(self, event: Event) -> bool {
        self.after(event).is_some()
    }
    /// Where `event` leads permit `id` from here, or the refusal.
    fn step(self, id: &str, event: Event) -> Result<Self, Refused> {
        self.after(event).ok_or_else(|| refused(id, self, event))
    }
    /// The state a status word names, if this kind has it.
    fn of(status: Status) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.status() == status)
    }
}

/// The refusal of `event` on permit `id` standing at `state`: the states the step needs
/// and the steps allowed now, from the kind's transition function.
pub fn refused<S: Machine>(id: &str, state: S, event: Event) -> Refused {
    Refused::Permit(Refusal::Step {
        id: id.to_string(),
        state: state.status(),
        step: event,
        needs: S::ALL
            .iter()
            .filter(|s| s.takes(event))
            .map(|s| s.status())
            .collect(),
        allowed: Event::ALL.into_iter().filter(|e| state.takes(*e)).collect(),
    })
}

/// A permit: the unit, the applicant, the kind's page and state, the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Wire", into = "Wire")]
pub struct Permit {
    pub id: String,
    pub unit: String,
    /// The applicant, a party ID (owner or tenant).
    pub applicant: String,
    /// The applicant is not the owner: the owner's written consent is required.
    pub tenant_applicant: bool,
    /// What the permit is for: its page and where it stands.
    pub part: PermitKind,
    pub history: Vec<Entry>,
}

/// The part of a permit of each kind: its page, holding its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PermitKind {
    Renovation(Renovation),
    OvertimeAc(OvertimeAc),
    Parking(Parking),
    AccessCard(AccessCard),
    GoodsExit(GoodsExit),
}

impl Record for Permit {
    const DIR: &'static str = "permits";
    const WHAT: &'static str = "permit";
    const DEPTH: u32 = 1;
    fn id(&self) -> &str {
        &self.id
    }
    fn unit(&self) -> Option<&str> {
        Some(&self.unit)
    }
    /// Two desks' signatures joined: the round's chain signs each role once, and a
    /// rejection ends the round (an approval and a rejection by one signer, at two
    /// desks, cannot both stand).
    fn replays(&self) -> bool {
        let Some(r) = self.renovation() else {
            return true;
        };
        let mut roles = std::collections::HashSet::new();
        let once = r.approvals.iter().all(|a| roles.insert(a.role.as_str()));
        let last_rejects = r
            .approvals
            .iter()
            .position(|a| !a.approved)
            .is_none_or(|i| i + 1 == r.approvals.len());
        once && last_rejects
    }
    /// A parking permit holds its bay (`bay:B1-018`); access cards out hold their
    /// numbers (`card:0007`) until they are handed back.
    fn holds(&self) -> Vec<String> {
        if let Some(x) = self.parking() {
            return vec![format!("bay:{}", super::steps::bay_key(&x.bay))];
        }
        match self.access_card() {
            Some(c) if c.state == super::access_card::State::Issued => c
                .numbers
                .iter()
                .map(|n| super::steps::held_card(n))
                .collect(),
            _ => Vec::new(),
        }
    }
    /// `permits/<YYYY>/<ID>.yaml`.
    fn rel_path(id: &str) -> PathBuf {
        crate::model::record::dated_path(Self::DIR, id, false)
    }
}

impl Permit {
    /// A new permit of `part`, applied for (and perhaps issued) in `history`.
    pub(super) fn with(
        id: &str,
        unit: &str,
        applicant: &str,
        part: PermitKind,
        history: Vec<Entry>,
    ) -> Permit {
        Permit {
            id: id.to_string(),
            unit: unit.to_string(),
            applicant: applicant.to_string(),
            tenant_applicant: false,
            part,
            history,
        }
    }

    pub fn kind(&self) -> Kind {
        match &self.part {
            PermitKind::Renovation(_) => Kind::Renovation,
            PermitKind::OvertimeAc(_) => Kind::OvertimeAc,
            PermitKind::Parking(_) => Kind::Parking,
            PermitKind::AccessCard(_) => Kind::AccessCard,
            PermitKind::GoodsExit(_) => Kind::GoodsExit,
        }
    }

    /// Where it stands, in the words every kind shares.
    pub fn status(&self) -> Status {
        match &self.part {
            PermitKind::Renovation(r) => r.state.status(),
            PermitKind::OvertimeAc(o) => o.state.status(),
            PermitKind::Parking(x) => x.state.status(),
            PermitKind::AccessCard(c) => c.state.status(),
            PermitKind::GoodsExit(g) => g.state.status(),
        }
    }

    /// The steps allowed now, from the kind's transition function.
    pub fn allowed(&self) -> Vec<Event> {
        let takes = |e: Event| match &self.part {
            PermitKind::Renovation(r) => r.state.takes(e),
            PermitKind::OvertimeAc(o) => o.state.takes(e),
            PermitKind::Parking(x) => x.state.takes(e),
            PermitKind::AccessCard(c) => c.state.takes(e),
            PermitKind::GoodsExit(g) => g.state.takes(e),
        };
        Event::ALL.into_iter().filter(|e| takes(*e)).collect()
    }

    pub fn renovation(&self) -> Option<&Renovation> {
        match &self.part {
            PermitKind::Renovation(r) => Some(r),
            _ => None,
        }
    }
    pub fn renovation_mut(&mut self) -> Option<&mut Renovation> {
        match &mut self.part {
            PermitKind::Renovation(r) => Some(r),
            _ => None,
        }
    }
    pub fn parking(&self) -> Option<&Parking> {
        match &self.part {
            PermitKind::Parking(x) => Some(x),
            _ => None,
        }
    }
    pub fn access_card(&self) -> Option<&AccessCard> {
        match &self.part {
            PermitKind::AccessCard(c) => Some(c),
            _ => None,
        }
    }
    pub fn goods_exit(&self) -> Option<&GoodsExit> {
        match &self.part {
            PermitKind::GoodsExit(g) => Some(g),
            _ => None,
        }
    }
    pub fn goods_exit_mut(&mut self) -> Option<&mut GoodsExit> {
        match &mut self.part {
            PermitKind::GoodsExit(g) => Some(g),
            _ => None,
        }
    }
    pub fn overtime_ac(&self) -> Option<&OvertimeAc> {
        match &self.part {
            PermitKind::OvertimeAc(o) => Some(o),
            _ => None,
        }
    }
    pub fn overtime_ac_mut(&mut self) -> Option<&mut OvertimeAc> {
        match &mut self.part {
            PermitKind::OvertimeAc(o) => Some(o),
            _ => None,
        }
    }

    /// The ledger entries of the permit's fees (a renovation's, a parking term's).
    pub fn charges(&self) -> &[u32] {
        match &self.part {
            PermitKind::Renovation(r) => &r.charges,
            PermitKind::Parking(x) => &x.charges,
            PermitKind::OvertimeAc(_) | PermitKind::AccessCard(_) | PermitKind::GoodsExit(_) => &[],
        }
    }

    /// Listed among the permits not closed on `today`: an overtime air-conditioning
    /// request is done once its day has passed.
    pub fn open_on(&self, today: NaiveDate) -> bool {
        self.status() != Status::Closed && self.overtime_ac().is_none_or(|o| o.date >= today)
    }

    /// The deposits the permit needs held: a renovation's deposit and a pass deposit
    /// per worker; an access card's deposit per card.
    pub fn required_deposits(
        &self,
        rules: &PermitRules,
    ) -> Vec<(crate::model::ledger::DepositKind, Money)> {
        use crate::model::ledger::DepositKind;
        let mut out = Vec::new();
        if let Some(r) = self.renovation() {
            out.push((DepositKind::Renovation, rules.renovation_deposit));
            if let Some(pass) = rules.worker_pass_deposit.mul_ratio(i64::from(r.workers), 1) {
                out.push((DepositKind::Pass, pass));
            }
        }
        if let Some(c) = self.access_card()
            && let Some(m) = c.deposit_each.mul_ratio(i64::from(c.cards), 1)
        {
            out.push((DepositKind::Card, m));
        }
        out.retain(|(_, m)| m.minor() > 0);
        out
    }

    /// What the record contradicts on its own, for `check`.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        if let Some(e) = self.history.iter().find(|e| {
            Event::parse(&e.event).is_none()
                && e.event != crate::model::history::RESOLVED
                && !crate::model::history::is_reveal(e)
        }) {
            let all: Vec<&str> = Event::ALL.iter().map(|e| e.as_str()).collect();
            out.push(FieldProblem {
                field: "history",
                message: format!(
                    "unknown permit event {:?}: expected one of {}",
                    e.event,
                    all.join(", ")
                ),
            });
        }
        let closed = self
            .history
            .iter()
            .any(|e| e.event == Event::Closed.as_str());
        if closed != (self.status() == Status::Closed) {
            out.push(FieldProblem {
                field: "status",
                message: format!(
                    "status {:?} but the history {} \"closed\" entry",
                    self.status().as_str(),
                    if closed { "has a" } else { "has no" }
                ),
            });
        }
        if let Some(r) = self.renovation()
            && let (Some(f), Some(u)) = (r.valid_from, r.valid_until)
            && u < f
        {
            out.push(FieldProblem {
                field: "renovation",
                message: format!("valid until {u} is before valid from {f}"),
            });
        }
        out
    }
}

/// Appends a history entry; an empty note is left out.
pub(super) fn log(history: &mut Vec<Entry>, act: Act, event: Event, note: String) {
    let note = Some(note).filter(|n| !n.is_empty());
    history.push(Entry::new(act.at, act.by, event.as_str(), note));
}

/// Refuses to issue permit `id` while anything is `missing`.
pub(super) fn complete(id: &str, missing: Vec<Missing>) -> Result<(), Refused> {
    match missing.is_empty() {
        true => Ok(()),
        false => Err(Refused::Permit(Refusal::Missing {
            id: id.to_string(),
            missing,
        })),
    }
}

/// The steps every kind has, each kind's part doing its own.
impl Permit {
    /// Documents received: a renovation's (by scope), a parking permit's papers.
    pub fn receive(&mut self, act: Act, items: &[String], from: &str) -> Result<Done, Refused> {
        self.tick(act, false, items, from)
    }

    /// Agreements signed: a renovation's.
    pub fn sign(&mut self, act: Act, items: &[String], signer: &str) -> Result<Done, Refused> {
        self.tick(act, true, items, signer)
    }

    fn tick(
        &mut self,
        act: Act,
        agreements: bool,
        items: &[String],
        who: &str,
    ) -> Result<Done, Refused> {
        let event = if agreements {
            Event::Signed
        } else {
            Event::Received
        };
        let kind = self.kind();
        let Permit {
            id, part, history, ..
        } = self;
        let (list, status) = match part {
            PermitKind::Renovation(r) => {
                r.state = r.state.step(id, event)?;
                let list = match agreements {
                    true => &mut r.agreements,
                    false => &mut r.documents,
                };
                (list, r.state.status())
            }
            PermitKind::Parking(x) if !agreements => {
                x.state = x.state.step(id, event)?;
                (&mut x.documents, x.state.status())
            }
            PermitKind::Parking(_)
            | PermitKind::OvertimeAc(_)
            | PermitKind::AccessCard(_)
            | PermitKind::GoodsExit(_) => {
                return Err(Refused::Permit(Refusal::NothingToRecord {
                    id: id.clone(),
                    kind,
                    agreements,
                }));
            }
        };
        let who = filled(steps::Field::Who, who)?;
        if items.is_empty() {
            return Err(Refused::Permit(Refusal::NoItems));
        }
        for item in items {
            let names: Vec<String> = list.iter().map(|c| c.item.clone()).collect();
            let Some(c) = list.iter_mut().find(|c| &c.item == item) else {
                return Err(Refused::Permit(Refusal::NotOnList {
                    item: item.clone(),
                    agreements,
                    expected: names,
                }));
            };
            if c.done() {
                return Err(Refused::Permit(Refusal::AlreadyRecorded {
                    item: item.clone(),
                    on: c.date,
                }));
            }
            c.by = Some(who.clone());
            c.date = Some(act.today);
        }
        log(history, act, event, format!("{} ({who})", items.join(", ")));
        let did = match agreements {
            true => Did::AgreementsSigned,
            false => Did::DocumentsReceived,
        };
        Ok(Done::Step {
            id: id.clone(),
            did,
            status,
        })
    }

    /// Issues the permit once nothing is `missing` (`steps::missing`): a renovation
    /// valid until `until` (default its planned end), a parking permit for its term,
    /// access cards. A goods exit pass is issued by the desk's signature instead.
    pub fn issue(
        &mut self,
        act: Act,
        rules: &PermitRules,
        missing: Vec<Missing>,
        until: Option<NaiveDate>,
    ) -> Result<Done, Refused> {
        let Permit {
            id, part, history, ..
        } = self;
        match part {
            PermitKind::Renovation(r) => {
                renovation::issue(id, r, history, act, rules, missing, until)
            }
            PermitKind::Parking(x) => {
                let note = format!(
                    "bay {} for {} from {} to {}",
                    x.bay, x.plate, x.from, x.until
                );
                let valid = Some((x.from, x.until));
                issue_plain(id, &mut x.state, history, act, missing, (note, valid))
            }
            PermitKind::AccessCard(c) => {
                issue_plain(id, &mut c.state, history, act, missing, Default::default())
            }
            PermitKind::OvertimeAc(o) => {
                issue_plain(id, &mut o.state, history, act, missing, Default::default())
            }
            PermitKind::GoodsExit(g) => goods_exit::issue(id, g),
        }
    }
}

/// Issues a permit without a validity of its own to check once nothing is missing: a
/// parking permit for its term (the note and the term), access cards, an overtime
/// request left applied for.
fn issue_plain<S: Machine>(
    id: &str,
    state: &mut S,
    history: &mut Vec<Entry>,
    act: Act,
    missing: Vec<Missing>,
    (note, valid): (String, Option<(NaiveDate, NaiveDate)>),
) -> Result<Done, Refused> {
    let to = state.step(id, Event::Issued)?;
    complete(id, missing)?;
    *state = to;
    log(history, act, Event::Issued, note);
    Ok(Done::Issued {
        id: id.to_string(),
        valid,
    })
}

/// The last day a validity of `months` starting `from` may run to.
pub fn max_until(from: NaiveDate, months: u32) -> NaiveDate {
    from.checked_add_months(chrono::Months::new(months))
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// The permit as its file holds it: the kind, the status, and one page per kind of
/// which only the kind's own may be there. Read field by field, so that a status or a
/// page the kind does not have is refused on its own line.
#[derive(Debug, Clone, Serialize)]
#[serde(rename = "Permit")]
pub struct Wire {
    id: String,
    kind: Kind,
    unit: String,
    applicant: String,
    tenant_applicant: bool,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    renovation: Option<Renovation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    overtime_ac: Option<OvertimeAc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parking: Option<Parking>,
    #[serde(skip_serializing_if = "Option::is_none")]
    access_card: Option<AccessCard>,
    #[serde(skip_serializing_if = "Option::is_none")]
    goods_exit: Option<GoodsExit>,
    history: Vec<Entry>,
}

/// The fields of a permit file, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Key {
    Id,
    Kind,
    Unit,
    Applicant,
    TenantApplicant,
    Status,
    Renovation,
    OvertimeAc,
    Parking,
    AccessCard,
    GoodsExit,
    History,
}

const FIELDS: &[&str] = &[
    "id",
    "kind",
    "unit",
    "applicant",
    "tenant_applicant",
    "status",
    "renovation",
    "overtime_ac",
    "parking",
    "access_card",
    "goods_exit",
    "history",
];

impl<'de> Deserialize<'de> for Wire {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Wire, D::Error> {
        d.deserialize_struct("Permit", FIELDS, WireVisitor)
    }
}

struct WireVisitor;

// A status, and a page, the kind (read before them) does not have is refused as its
// value is read, so that the error names its line.

/// A status, checked against the kind if it was read before.
struct StatusOf(Option<Kind>);

impl<'de> serde::de::DeserializeSeed<'de> for StatusOf {
    type Value = Status;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Status, D::Error> {
        let status = Status::deserialize(d)?;
        if let Some(kind) = self.0 {
            status_of(kind, status).map_err(serde::de::Error::custom)?;
        }
        Ok(status)
    }
}

/// A kind's page, refused if the kind read before it is another.
struct Page<T> {
    kind: Option<Kind>,
    page: Kind,
    of: std::marker::PhantomData<T>,
}

impl<T> Page<T> {
    fn new(kind: Option<Kind>, page: Kind) -> Page<T> {
        Page {
            kind,
            page,
            of: std::marker::PhantomData,
        }
    }
}

impl<'de, T: Deserialize<'de>> serde::de::DeserializeSeed<'de> for Page<T> {
    type Value = Option<T>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        let v = Option::<T>::deserialize(d)?;
        match self.kind {
            Some(kind) if v.is_some() && kind != self.page => {
                Err(serde::de::Error::custom(WireProblem::OtherPage {
                    kind,
                    other: self.page,
                }))
            }
            _ => Ok(v),
        }
    }
}

/// A field read once, or the error of a field given twice.
fn once<T, E: serde::de::Error>(slot: &mut Option<T>, v: T, name: &'static str) -> Result<(), E> {
    match slot.replace(v) {
        None => Ok(()),
        Some(_) => Err(E::duplicate_field(name)),
    }
}

impl<'de> serde::de::Visitor<'de> for WireVisitor {
    type Value = Wire;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("struct Permit")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Wire, A::Error> {
        use serde::de::Error;
        let (mut id, mut kind, mut unit, mut applicant) = (None, None, None, None);
        let (mut tenant, mut status, mut history) = (None, None, None);
        let (mut renovation, mut overtime_ac, mut parking) = (None, None, None);
        let (mut access_card, mut goods_exit) = (None, None);
        while let Some(field) = map.next_key::<Key>()? {
            match field {
                Key::Id => once(&mut id, map.next_value()?, "id")?,
                Key::Kind => once(&mut kind, map.next_value()?, "kind")?,
                Key::Unit => once(&mut unit, map.next_value()?, "unit")?,
                Key::Applicant => once(&mut applicant, map.next_value()?, "applicant")?,
                Key::TenantApplicant => once(&mut tenant, map.next_value()?, "tenant_applicant")?,
                Key::Status => {
                    let s = map.next_value_seed(StatusOf(kind))?;
                    once(&mut status, s, "status")?
                }
                Key::Renovation => {
                    let v = map.next_value_seed(Page::new(kind, Kind::Renovation))?;
                    once(&mut renovation, v, "renovation")?
                }
                Key::OvertimeAc => {
                    let v = map.next_value_seed(Page::new(kind, Kind::OvertimeAc))?;
                    once(&mut overtime_ac, v, "overtime_ac")?
                }
                Key::Parking => {
                    let v = map.next_value_seed(Page::new(kind, Kind::Parking))?;
                    once(&mut parking, v, "parking")?
                }
                Key::AccessCard => {
                    let v = map.next_value_seed(Page::new(kind, Kind::AccessCard))?;
                    once(&mut access_card, v, "access_card")?
                }
                Key::GoodsExit => {
                    let v = map.next_value_seed(Page::new(kind, Kind::GoodsExit))?;
                    once(&mut goods_exit, v, "goods_exit")?
                }
                Key::History => once(&mut history, map.next_value()?, "history")?,
            }
        }
        Ok(Wire {
            id: id.ok_or_else(|| A::Error::missing_field("id"))?,
            kind: kind.ok_or_else(|| A::Error::missing_field("kind"))?,
            unit: unit.ok_or_else(|| A::Error::missing_field("unit"))?,
            applicant: applicant.ok_or_else(|| A::Error::missing_field("applicant"))?,
            tenant_applicant: tenant.ok_or_else(|| A::Error::missing_field("tenant_applicant"))?,
            status: status.ok_or_else(|| A::Error::missing_field("status"))?,
            renovation: renovation.flatten(),
            overtime_ac: overtime_ac.flatten(),
            parking: parking.flatten(),
            access_card: access_card.flatten(),
            goods_exit: goods_exit.flatten(),
            history: history.ok_or_else(|| A::Error::missing_field("history"))?,
        })
    }
}

/// Whether kind `kind` has status `status`.
fn status_of(kind: Kind, status: Status) -> Result<(), WireProblem> {
    match kind {
        Kind::Renovation => state_of::<renovation::State>(kind, status).map(drop),
        Kind::OvertimeAc => state_of::<overtime_ac::State>(kind, status).map(drop),
        Kind::Parking => state_of::<parking::State>(kind, status).map(drop),
        Kind::AccessCard => state_of::<access_card::State>(kind, status).map(drop),
        Kind::GoodsExit => state_of::<goods_exit::State>(kind, status).map(drop),
    }
}

/// What a permit file's kind, status and pages contradict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireProblem {
    /// The kind's page is not there.
    NoPage { kind: Kind },
    /// The page of another kind is there.
    OtherPage { kind: Kind, other: Kind },
    /// A status the kind does not have.
    Status {
        kind: Kind,
        status: Status,
        expected: Vec<Status>,
    },
}

/// "a parking permit", "an access-card permit".
fn a_permit(kind: Kind) -> String {
    match kind {
        Kind::AccessCard | Kind::OvertimeAc => format!("an {kind} permit"),
        Kind::Renovation | Kind::Parking | Kind::GoodsExit => format!("a {kind} permit"),
    }
}

impl std::fmt::Display for WireProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireProblem::NoPage { kind } => {
                write!(f, "{} needs its `{}:` page", a_permit(*kind), kind.field())
            }
            WireProblem::OtherPage { kind, other } => write!(
                f,
                "{} has no `{}:` page: that is {}'s",
                a_permit(*kind),
                other.field(),
                a_permit(*other)
            ),
            WireProblem::Status {
                kind,
                status,
                expected,
            } => {
                let words: Vec<&str> = expected.iter().map(|s| s.as_str()).collect();
                write!(
                    f,
                    "status {:?} is not a status of {}: expected one of {}",
                    status.as_str(),
                    a_permit(*kind),
                    words.join(", ")
                )
            }
        }
    }
}

/// The kind's state of a status word, or the problem.
fn state_of<S: Machine>(kind: Kind, status: Status) -> Result<S, WireProblem> {
    S::of(status).ok_or_else(|| WireProblem::Status {
        kind,
        status,
        expected: S::ALL.iter().map(|s| s.status()).collect(),
    })
}

impl TryFrom<Wire> for Permit {
    type Error = WireProblem;

    fn try_from(w: Wire) -> Result<Permit, WireProblem> {
        let pages = [
            (Kind::Renovation, w.renovation.is_some()),
            (Kind::OvertimeAc, w.overtime_ac.is_some()),
            (Kind::Parking, w.parking.is_some()),
            (Kind::AccessCard, w.access_card.is_some()),
            (Kind::GoodsExit, w.goods_exit.is_some()),
        ];
        if let Some((other, _)) = pages.iter().find(|(k, has)| *has && *k != w.kind) {
            return Err(WireProblem::OtherPage {
                kind: w.kind,
                other: *other,
            });
        }
        let no_page = WireProblem::NoPage { kind: w.kind };
        let part = match w.kind {
            Kind::Renovation => {
                let mut r = w.renovation.ok_or(no_page)?;
                r.state = state_of::<renovation::State>(w.kind, w.status)?;
                PermitKind::Renovation(r)
            }
            Kind::OvertimeAc => {
                let mut o = w.overtime_ac.ok_or(no_page)?;
                o.state = state_of::<overtime_ac::State>(w.kind, w.status)?;
                PermitKind::OvertimeAc(o)
            }
            Kind::Parking => {
                let mut x = w.parking.ok_or(no_page)?;
                x.state = state_of::<parking::State>(w.kind, w.status)?;
                PermitKind::Parking(x)
            }
            Kind::AccessCard => {
                let mut c = w.access_card.ok_or(no_page)?;
                c.state = state_of::<access_card::State>(w.kind, w.status)?;
                PermitKind::AccessCard(c)
            }
            Kind::GoodsExit => {
                let mut g = w.goods_exit.ok_or(no_page)?;
                g.state = state_of::<goods_exit::State>(w.kind, w.status)?;
                PermitKind::GoodsExit(g)
            }
        };
        Ok(Permit {
            id: w.id,
            unit: w.unit,
            applicant: w.applicant,
            tenant_applicant: w.tenant_applicant,
            part,
            history: w.history,
        })
    }
}

impl From<Permit> for Wire {
    fn from(p: Permit) -> Wire {
        let (kind, status) = (p.kind(), p.status());
        let mut w = Wire {
            id: p.id,
            kind,
            unit: p.unit,
            applicant: p.applicant,
            tenant_applicant: p.tenant_applicant,
            status,
            renovation: None,
            overtime_ac: None,
            parking: None,
            access_card: None,
            goods_exit: None,
            history: p.history,
        };
        match p.part {
            PermitKind::Renovation(r) => w.renovation = Some(r),
            PermitKind::OvertimeAc(o) => w.overtime_ac = Some(o),
            PermitKind::Parking(x) => w.parking = Some(x),
            PermitKind::AccessCard(c) => w.access_card = Some(c),
            PermitKind::GoodsExit(g) => w.goods_exit = Some(g),
        }
        w
    }
}

#[cfg(test)]
mod tests;
