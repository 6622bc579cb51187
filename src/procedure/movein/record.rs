//! The move-in record (`moveins/<YYYY>/<ID>.yaml`): the checklist from `office.toml`,
//! each item received or signed for with who and when, the joint inspection, the
//! fees, the keys and the handover signature, and what `complete` still misses.

use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::history::Entry;
use crate::model::party::{PartyKind, Role};
use crate::model::record::FieldProblem;
use crate::model::record::Record;

use super::{Meter, MoveInRules};
use crate::procedure::nonempty;
use crate::procedure::ticket::record::Status as TicketStatus;
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
    /// `moveins/<YYYY>/<ID>.yaml`.
    fn rel_path(id: &str) -> PathBuf {
        crate::model::record::dated_path(Self::DIR, id, false)
    }
}

/// The joint inspection (陪同验房).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    pub date: NaiveDate,
    pub attendees: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meters: Vec<Reading>,
    pub facilities: Vec<Facility>,
}

/// A meter reading (底数).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    pub meter: Meter,
    pub reading: MeterValue,
}

/// A facility on the checklist and its condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facility {
    pub item: String,
    pub condition: Condition,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Condition {
    Ok,
    Defect,
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

/// Keys handed over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keys {
    pub sets: Vec<KeySet>,
    pub signed_by: String,
    pub date: NaiveDate,
}

impl Keys {
    pub fn count(&self) -> u32 {
        self.sets.iter().map(|s| s.count).sum()
    }
}

/// So many keys of one kind (门钥匙 2, 信箱钥匙 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySet {
    pub kind: String,
    pub count: u32,
}

/// A manager's override at completion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub by: String,
    pub reason: String,
    /// What was missing.
    pub missing: Vec<String>,
}

/// A meter reading, exact to a thousandth: `12345.6` in YAML as a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MeterValue(i64);

impl MeterValue {
    pub fn thousandths(self) -> i64 {
        self.0
    }
    pub fn from_thousandths(n: i64) -> MeterValue {
        MeterValue(n)
    }
}

impl std::str::FromStr for MeterValue {
    type Err = String;
    fn from_str(s: &str) -> Result<MeterValue, String> {
        let t = s.trim();
        let bad = || format!("invalid meter reading {s:?}: expected a number like 12345.6");
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 3
            || (t.contains('.') && frac.is_empty())
        {
            return Err(bad());
        }
        let w: i64 = whole.parse().map_err(|_| bad())?;
        let f: i64 = format!("{frac:0<3}").parse().map_err(|_| bad())?;
        w.checked_mul(1000)
            .and_then(|x| x.checked_add(f))
            .map(MeterValue)
            .ok_or_else(bad)
    }
}

impl fmt::Display for MeterValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (w, r) = (self.0 / 1000, self.0 % 1000);
        if r == 0 {
            write!(f, "{w}")
        } else {
            let frac = format!("{r:03}");
            write!(f, "{w}.{}", frac.trim_end_matches('0'))
        }
    }
}

impl Serialize for MeterValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for MeterValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<MeterValue, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The events of a move-in's history.
pub mod event {
    pub const OPENED: &str = "opened";
    pub const RECEIVED: &str = "received";
    pub const SIGNED_FOR: &str = "signed-for";
    pub const INSPECTED: &str = "inspected";
    pub const BILLED: &str = "billed";
    pub const KEYS: &str = "keys";
    pub const HANDOVER_SIGNED: &str = "handover-signed";
    pub const COMPLETED: &str = "completed";
    pub const REINSPECTED: &str = "reinspected";
    pub const VISITED: &str = "visited";
    pub const ALL: &[&str] = &[
        OPENED,
        RECEIVED,
        SIGNED_FOR,
        INSPECTED,
        BILLED,
        KEYS,
        HANDOVER_SIGNED,
        COMPLETED,
        REINSPECTED,
        VISITED,
    ];
}

/// Leasing's move-in notice as typed at the desk.
#[derive(Debug, Clone)]
pub struct Notice {
    pub unit: String,
    pub party: String,
    pub role: Role,
    pub party_kind: PartyKind,
    pub notice_date: NaiveDate,
    pub lease_start: NaiveDate,
    pub lease_end: Option<NaiveDate>,
    pub fees_from: Option<NaiveDate>,
    pub agent: Option<String>,
    pub promises: Vec<String>,
}

/// What the rest of the office says about a move-in, for [`MoveIn::missing`].
#[derive(Debug, Clone, Default)]
pub struct Around {
    /// The party has at least one emergency contact.
    pub emergency_contacts: bool,
    /// Move-in charges still owed (entry, amount outstanding).
    pub unpaid: Vec<(u32, crate::model::money::Money)>,
    /// Required deposits not held in full (kind, required, held).
    pub deposits_short: Vec<(
        crate::model::ledger::DepositKind,
        crate::model::money::Money,
        crate::model::money::Money,
    )>,
    /// Defect tickets not yet fixed.
    pub open_defects: Vec<String>,
}

impl Around {
    /// What the move-in's checklist reads from around it: the party's emergency
    /// contacts, its charges and `[movein] deposits` on the unit's ledger (`state`),
    /// and its defect tickets, each fixed once done (`status` gives a ticket's status
    /// by ID, `None` for no such ticket).
    pub fn of(
        m: &MoveIn,
        party: Option<&crate::model::party::Party>,
        state: &crate::model::ledger::State,
        rules: &MoveInRules,
        mut status: impl FnMut(&str) -> crate::error::Result<Option<TicketStatus>>,
    ) -> crate::error::Result<Around> {
        let unpaid = state
            .charges
            .iter()
            .filter(|c| m.charges.contains(&c.no) && c.outstanding.minor() > 0)
            .map(|c| (c.no, c.outstanding))
            .collect();
        let deposits_short = rules
            .deposits
            .iter()
            .filter_map(|d| {
                let held = state
                    .deposits
                    .get(&d.kind)
                    .map_or(crate::model::money::Money::ZERO, |t| t.held());
                (held < d.amount).then_some((d.kind, d.amount, held))
            })
            .collect();
        let mut open_defects = Vec::new();
        for d in &m.defects {
            let fixed = status(&d.ticket)?.is_some_and(|s| {
                matches!(
                    s,
                    TicketStatus::Done
                        | TicketStatus::Returned
                        | TicketStatus::CalledBack
                        | TicketStatus::Closed
                )
            });
            if !fixed {
                open_defects.push(d.ticket.clone());
            }
        }
        Ok(Around {
            emergency_contacts: party.is_some_and(|p| !p.emergency_contacts.is_empty()),
            unpaid,
            deposits_short,
            open_defects,
        })
    }
}

impl MoveIn {
    /// Opens a move-in with the checklist for the party (person or company, with an
    /// agent or not).
    pub fn new(id: &str, n: Notice, rules: &MoveInRules, act: Act) -> Result<MoveIn, Refused> {
        if n.role == Role::Contractor {
            return Err(Refused::Said(
                "a contractor does not move in: the party moves in as owner or tenant".into(),
            ));
        }
        if let Some(end) = n.lease_end
            && end < n.lease_start
        {
            return Err(Refused::Said(format!(
                "the lease ends {end}, before it starts {}",
                n.lease_start
            )));
        }
        let mut docs: Vec<&String> = match n.party_kind {
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
            "{} moves into {} as {}; fees from {fees_from}",
            n.party, n.unit, n.role
        );
        Ok(MoveIn {
            id: id.to_string(),
            unit: n.unit,
            party: n.party,
            role: n.role,
            party_kind: n.party_kind,
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
            history: vec![Entry::new(act.at, act.by, event::OPENED, Some(note))],
        })
    }

    fn open(&self) -> Result<(), Refused> {
        if self.status == Status::Completed {
            return Err(Refused::Said(format!(
                "move-in {} was completed on {}",
                self.id,
                self.completed.map(|d| d.to_string()).unwrap_or_default()
            )));
        }
        Ok(())
    }

    fn log(&mut self, act: Act, event: &str, note: String) {
        self.history
            .push(Entry::new(act.at, act.by, event, Some(note)));
    }

    /// Marks checklist items received (documents) or signed for (handouts).
    fn tick(
        &mut self,
        act: Act,
        handouts: bool,
        items: &[String],
        who: &str,
    ) -> Result<(), Refused> {
        self.open()?;
        let who = nonempty("who (--from / --signed-by)", who)?;
        let list = if handouts {
            &mut self.handouts
        } else {
            &mut self.documents
        };
        let mut done = Vec::new();
        for item in items {
            let Some(c) = list.iter_mut().find(|c| &c.item == item) else {
                let names: Vec<&str> = list.iter().map(|c| c.item.as_str()).collect();
                return Err(Refused::Said(format!(
                    "{item:?} is not on this move-in's {} list: expected one of {}",
                    if handouts { "handout" } else { "document" },
                    names.join(", ")
                )));
            };
            if c.done() {
                return Err(Refused::Said(format!(
                    "{item} was already {} on {}",
                    if handouts { "signed for" } else { "received" },
                    c.date.map(|d| d.to_string()).unwrap_or_default()
                )));
            }
            c.by = Some(who.clone());
            c.date = Some(act.today);
            done.push(item.as_str());
        }
        if done.is_empty() {
            return Err(Refused::Said("name at least one item".into()));
        }
        let note = format!("{} ({who})", done.join(", "));
        self.log(
            act,
            if handouts {
                event::SIGNED_FOR
            } else {
                event::RECEIVED
            },
            note,
        );
        Ok(())
    }

    pub fn receive(&mut self, act: Act, items: &[String], from: &str) -> Result<(), Refused> {
        self.tick(act, false, items, from)
    }

    pub fn sign_for(&mut self, act: Act, items: &[String], signer: &str) -> Result<(), Refused> {
        self.tick(act, true, items, signer)
    }

    /// Records the joint inspection: every meter the unit's use has, every facility on
    /// the checklist (ok unless named as a defect). Returns the defects; the caller
    /// opens a repair ticket for each and calls [`MoveIn::add_defect`].
    pub fn inspect(
        &mut self,
        act: Act,
        rules: &MoveInRules,
        usage: crate::model::unit::UnitUse,
        attendees: &[String],
        readings: &[(Meter, MeterValue)],
        defects: &[(String, String)],
    ) -> Result<Vec<(String, String)>, Refused> {
        self.open()?;
        if let Some(i) = &self.inspection {
            return Err(Refused::Said(format!(
                "move-in {} was inspected on {}",
                self.id, i.date
            )));
        }
        let mut who: Vec<String> = Vec::new();
        for a in attendees.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
            if !who.iter().any(|x| x == a) {
                who.push(a.to_string());
            }
        }
        let attendees = who;
        if attendees.is_empty() {
            return Err(Refused::Said(
                "name who attended (--attendee, once each: engineering, security, the tenant)"
                    .into(),
            ));
        }
        let meters = rules.meters.get(usage);
        for m in meters {
            if !readings.iter().any(|(r, _)| r == m) {
                return Err(Refused::Said(format!(
                    "the {m} meter was not read: --meter {m}=READING (a {usage} unit has {})",
                    meters
                        .iter()
                        .map(|m| m.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        for (i, (r, _)) in readings.iter().enumerate() {
            if !meters.contains(r) {
                return Err(Refused::Said(format!(
                    "{usage} units have no {r} meter in [movein.meters]"
                )));
            }
            if readings[..i].iter().any(|(x, _)| x == r) {
                return Err(Refused::Said(format!(
                    "the {r} meter is read twice: give one reading"
                )));
            }
        }
        let list = rules.facilities.get(usage);
        for (i, (item, _)) in defects.iter().enumerate() {
            if defects[..i].iter().any(|(x, _)| x == item) {
                return Err(Refused::Said(format!(
                    "{item} is named twice: describe its defect in one --defect"
                )));
            }
            if !list.contains(item) {
                return Err(Refused::Said(format!(
                    "{item:?} is not on the {usage} facility checklist: expected one of {}",
                    list.join(", ")
                )));
            }
        }
        let facilities = list
            .iter()
            .map(|item| {
                let d = defects.iter().find(|(i, _)| i == item);
                Facility {
                    item: item.clone(),
                    condition: if d.is_some() {
                        Condition::Defect
                    } else {
                        Condition::Ok
                    },
                    note: d.map(|(_, t)| t.trim().to_string()),
                }
            })
            .collect();
        self.inspection = Some(Inspection {
            date: act.today,
            attendees: attendees.clone(),
            meters: readings
                .iter()
                .map(|(m, v)| Reading {
                    meter: *m,
                    reading: *v,
                })
                .collect(),
            facilities,
        });
        let note = format!("{}; {} defect(s)", attendees.join(", "), defects.len());
        self.log(act, event::INSPECTED, note);
        Ok(defects.to_vec())
    }

    /// A defect found at the inspection, as its repair ticket `id`: an internal
    /// repair of the unit reported by `reporter`, to be fixed by `fix_by`, linked both
    /// ways (the move-in lists it).
    #[allow(clippy::too_many_arguments)]
    pub fn defect_ticket(
        &mut self,
        id: &str,
        item: &str,
        description: &str,
        reporter: &str,
        fix_by: NaiveDate,
        locale: crate::model::locale::Locale,
        act: crate::procedure::ticket::Act,
    ) -> Result<crate::procedure::ticket::Ticket, Refused> {
        use crate::model::locale::Locale;
        use crate::procedure::ticket::{Channel, Grade, Intake, Kind, Priority, Ticket};
        let intake = Intake {
            kind: Kind::Repair,
            channel: Channel::Internal,
            unit: Some(self.unit.clone()),
            area: None,
            reporter: reporter.to_string(),
            phone: None,
            category: item.to_string(),
            description: format!(
                "{}（{}）: {description}",
                super::words(item, locale),
                match locale {
                    Locale::ZhCn => "入驻验房缺陷",
                    Locale::En => "move-in inspection defect",
                }
            ),
            priority: Some(Priority::Normal),
            grade: Some(Grade::General),
            repeat_of: None,
        };
        let mut t = Ticket::new(id, intake, act)?;
        t.movein = Some(self.id.clone());
        t.fix_by = Some(fix_by);
        self.add_defect(item, description, id, fix_by);
        Ok(t)
    }

    /// Links a defect's repair ticket.
    pub fn add_defect(&mut self, item: &str, description: &str, ticket: &str, fix_by: NaiveDate) {
        self.defects.push(Defect {
            item: item.to_string(),
            description: description.to_string(),
            ticket: ticket.to_string(),
            fix_by,
        });
    }

    /// Records the move-in charges posted to the ledger.
    pub fn billed(
        &mut self,
        act: Act,
        entries: &[u32],
        total: crate::model::money::Money,
    ) -> Result<(), Refused> {
        self.open()?;
        if !self.charges.is_empty() {
            return Err(Refused::Said(format!(
                "the move-in fees were already charged (ledger entries {})",
                join_nums(&self.charges)
            )));
        }
        self.charges = entries.to_vec();
        self.log(
            act,
            event::BILLED,
            format!("{total} (ledger entries {})", join_nums(entries)),
        );
        Ok(())
    }

    /// Keys handed over and signed for.
    pub fn hand_keys(&mut self, act: Act, sets: Vec<KeySet>, signer: &str) -> Result<(), Refused> {
        self.open()?;
        if let Some(k) = &self.keys {
            return Err(Refused::Said(format!(
                "{} keys were handed over on {}",
                k.count(),
                k.date
            )));
        }
        if sets.is_empty()
            || sets
                .iter()
                .any(|s| s.count == 0 || s.kind.trim().is_empty())
        {
            return Err(Refused::Said(
                "give the keys as KIND=COUNT, e.g. --key door=2 --key mailbox=1".into(),
            ));
        }
        for (i, k) in sets.iter().enumerate() {
            if sets[..i].iter().any(|x| x.kind == k.kind) {
                return Err(Refused::Said(format!(
                    "key kind {} is given twice: give its count once",
                    k.kind
                )));
            }
        }
        let signer = nonempty("signature (--signed-by)", signer)?;
        let note = format!(
            "{} signed by {signer}",
            sets.iter()
                .map(|s| format!("{} x{}", s.kind, s.count))
                .collect::<Vec<_>>()
                .join(", ")
        );
        self.keys = Some(Keys {
            sets,
            signed_by: signer,
            date: act.today,
        });
        self.log(act, event::KEYS, note);
        Ok(())
    }

    /// The tenant signs the handover record.
    pub fn sign_handover(&mut self, act: Act, signer: &str) -> Result<(), Refused> {
        self.open()?;
        if self.inspection.is_none() {
            return Err(Refused::Said(format!(
                "the handover record lists the inspection: inspect first (`propdesk movein inspect {}`)",
                self.id
            )));
        }
        let signer = nonempty("signature (--signed-by)", signer)?;
        self.handover_signed_by = Some(signer.clone());
        self.log(act, event::HANDOVER_SIGNED, signer);
        Ok(())
    }

    /// Everything `complete` still needs, in the procedure's order, each line naming
    /// the item and the command that records it.
    pub fn missing(&self, around: &Around) -> Vec<String> {
        let mut out = Vec::new();
        for d in self.documents.iter().filter(|d| !d.done()) {
            out.push(format!(
                "document not received: {} (propdesk movein receive {} {} --from NAME)",
                d.item, self.id, d.item
            ));
        }
        for h in self.handouts.iter().filter(|h| !h.done()) {
            out.push(format!(
                "handout not signed for: {} (propdesk movein handout {} {} --signed-by NAME)",
                h.item, self.id, h.item
            ));
        }
        if !around.emergency_contacts {
            out.push(format!(
                "no emergency contact for {} (propdesk party edit {} --emergency NAME:PHONE)",
                self.party, self.party
            ));
        }
        if self.inspection.is_none() {
            out.push(format!(
                "joint inspection not done (propdesk movein inspect {} --attendee NAME --meter METER=READING)",
                self.id
            ));
        }
        if self.charges.is_empty() {
            out.push(format!(
                "move-in fees not charged (propdesk movein bill {})",
                self.id
            ));
        }
        for (no, owed) in &around.unpaid {
            out.push(format!(
                "not paid: ledger entry {no}, {owed} outstanding (propdesk pay {} AMOUNT)",
                self.unit
            ));
        }
        for (kind, required, held) in &around.deposits_short {
            out.push(format!(
                "{kind} deposit: {required} required, {held} held (propdesk pay {} AMOUNT --deposit {kind})",
                self.unit
            ));
        }
        if self.keys.is_none() {
            out.push(format!(
                "keys not handed over (propdesk movein keys {} --key KIND=COUNT --signed-by NAME)",
                self.id
            ));
        }
        if self.handover_signed_by.is_none() {
            out.push(format!(
                "handover record not signed (propdesk movein handover {} --signed-by NAME)",
                self.id
            ));
        }
        if !around.open_defects.is_empty() {
            out.push(format!(
                "defects not fixed: {} (book a re-inspection: propdesk movein complete {} --reinspect DATE)",
                around.open_defects.join(", "),
                self.id
            ));
        }
        out
    }

    /// Completes the move-in if nothing is missing, or with a manager's override and a
    /// reason. Open defects need a re-inspection date (which satisfies that line).
    pub fn complete(
        &mut self,
        act: Act,
        around: &Around,
        reinspect: Option<NaiveDate>,
        override_reason: Option<&str>,
    ) -> Result<(), Refused> {
        self.open()?;
        if let Some(d) = reinspect {
            if around.open_defects.is_empty() {
                return Err(Refused::Said(
                    "no defect is open: there is nothing to re-inspect".into(),
                ));
            }
            if d < act.today {
                return Err(Refused::Said(format!(
                    "the re-inspection date {d} is before today"
                )));
            }
        }
        let mut missing = self.missing(around);
        if reinspect.is_some() {
            missing.retain(|m| !m.starts_with("defects not fixed"));
        }
        let mut note = format!("{} moved into {}", self.party, self.unit);
        match override_reason.map(str::trim) {
            None if !missing.is_empty() => {
                return Err(Refused::Said(format!(
                    "move-in {} cannot be completed; missing:\n  - {}",
                    self.id,
                    missing.join("\n  - ")
                )));
            }
            None => {}
            Some("") => {
                return Err(Refused::Said(
                    "an override needs a reason (--reason)".into(),
                ));
            }
            Some(reason) => {
                if missing.is_empty() {
                    return Err(Refused::Said(
                        "nothing is missing: complete without --override".into(),
                    ));
                }
                let missing: Vec<String> = missing.iter().map(|m| short(m)).collect();
                note.push_str(&format!(
                    "; override by {}: {reason}; missing: {}",
                    act.by,
                    missing.join("; ")
                ));
                self.overridden = Some(Override {
                    by: act.by.to_string(),
                    reason: reason.to_string(),
                    missing,
                });
            }
        }
        if let Some(d) = reinspect {
            self.reinspection = Some(d);
            note.push_str(&format!("; re-inspection on {d}"));
        }
        self.status = Status::Completed;
        self.completed = Some(act.today);
        self.log(act, event::COMPLETED, note);
        Ok(())
    }

    /// The re-inspection done.
    pub fn reinspected(&mut self, act: Act, note: &str) -> Result<(), Refused> {
        if self.reinspection.is_none() {
            return Err(Refused::Said(format!(
                "move-in {} has no re-inspection booked",
                self.id
            )));
        }
        if self.history.iter().any(|e| e.event == event::REINSPECTED) {
            return Err(Refused::Said(format!(
                "move-in {} was already re-inspected",
                self.id
            )));
        }
        let note = nonempty("what was found (--note)", note)?;
        self.log(act, event::REINSPECTED, note);
        Ok(())
    }

    /// The welcome visit made.
    pub fn visit(&mut self, act: Act, note: &str) -> Result<(), Refused> {
        if self.status != Status::Completed {
            return Err(Refused::Said(format!(
                "move-in {} is not completed: the welcome visit follows the move-in",
                self.id
            )));
        }
        if self.welcome_visit.is_some() {
            return Err(Refused::Said(format!(
                "move-in {} had its welcome visit",
                self.id
            )));
        }
        let note = nonempty("what was said (--note)", note)?;
        self.welcome_visit = Some(note.clone());
        self.log(act, event::VISITED, note);
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
            event::ALL,
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

    /// One line of what a move-in in progress waits for.
    pub fn waiting_for(&self, around: &Around) -> String {
        let m = self.missing(around);
        match m.len() {
            0 => "ready to complete".to_string(),
            1 => short(&m[0]),
            n => format!("{} (+{} more)", short(&m[0]), n - 1),
        }
    }
}

/// A missing line without its command hint.
fn short(line: &str) -> String {
    line.split(" (").next().unwrap_or(line).to_string()
}

fn join_nums(n: &[u32]) -> String {
    n.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::unit::UnitUse;

    fn act() -> Act<'static> {
        Act {
            by: "desk",
            at: chrono::DateTime::parse_from_rfc3339("2026-11-23T09:30:00+08:00").unwrap(),
            today: "2026-11-23".parse().unwrap(),
        }
    }

    fn notice(kind: PartyKind, agent: Option<&str>) -> Notice {
        Notice {
            unit: "A-1203".into(),
            party: "P-20261101-AAAAAA".into(),
            role: Role::Tenant,
            party_kind: kind,
            notice_date: "2026-11-20".parse().unwrap(),
            lease_start: "2026-12-01".parse().unwrap(),
            lease_end: None,
            fees_from: None,
            agent: agent.map(str::to_string),
            promises: vec!["免租期一个月".into()],
        }
    }

    fn items(m: &MoveIn) -> Vec<&str> {
        m.documents.iter().map(|d| d.item.as_str()).collect()
    }

    #[test]
    fn the_documents_depend_on_the_party_and_an_agent() {
        let r = MoveInRules::default();
        let p = MoveIn::new(
            "MI-20261123-AAAAAA",
            notice(PartyKind::Person, None),
            &r,
            act(),
        )
        .unwrap();
        assert_eq!(
            items(&p),
            [
                "movein-notice",
                "lease-copy",
                "id-card-copy",
                "deposit-receipt"
            ]
        );
        let c = MoveIn::new(
            "MI-20261123-AAAAAA",
            notice(PartyKind::Company, Some("小李")),
            &r,
            act(),
        )
        .unwrap();
        assert_eq!(
            items(&c),
            [
                "movein-notice",
                "lease-copy",
                "business-licence-copy",
                "deposit-receipt",
                "authorisation-letter"
            ]
        );
        assert_eq!(
            p.fees_from.to_string(),
            "2026-11-20",
            "fees start on the notice date"
        );
        assert_eq!(p.handouts.len(), 5);
    }

    #[test]
    fn complete_lists_every_missing_item_and_an_override_records_them() {
        let r = MoveInRules::default();
        let mut m = MoveIn::new(
            "MI-20261123-AAAAAA",
            notice(PartyKind::Person, None),
            &r,
            act(),
        )
        .unwrap();
        m.receive(
            act(),
            &["movein-notice".into(), "lease-copy".into()],
            "王先生",
        )
        .unwrap();
        let around = Around::default();
        let e = m
            .complete(act(), &around, None, None)
            .unwrap_err()
            .to_string();
        for want in [
            "document not received: id-card-copy",
            "document not received: deposit-receipt",
            "handout not signed for: tenant-handbook",
            "no emergency contact",
            "joint inspection not done",
            "move-in fees not charged",
            "keys not handed over",
            "handover record not signed",
        ] {
            assert!(e.contains(want), "{want} in {e}");
        }
        assert!(!e.contains("lease-copy (propdesk movein receive"), "{e}");
        assert_eq!(m.status, Status::InProgress);
        assert!(m.complete(act(), &around, None, Some(" ")).is_err());
        m.complete(act(), &around, None, Some("租户急需入场，资料三日内补齐"))
            .unwrap();
        let o = m.overridden.as_ref().unwrap();
        assert_eq!(o.by, "desk");
        assert_eq!(o.missing.len(), 12);
        assert_eq!(m.status, Status::Completed);
    }

    #[test]
    fn the_inspection_needs_every_meter_of_the_use_and_knows_the_checklist() {
        let r = MoveInRules::default();
        let mut m = MoveIn::new(
            "MI-20261123-AAAAAA",
            notice(PartyKind::Person, None),
            &r,
            act(),
        )
        .unwrap();
        let who = ["工程部-周".to_string(), "王先生".to_string()];
        let e = m
            .inspect(
                act(),
                &r,
                UnitUse::Office,
                &who,
                &[(Meter::Electricity, "100".parse().unwrap())],
                &[],
            )
            .unwrap_err();
        assert!(
            e.to_string().contains("water meter was not read"),
            "{}",
            e.to_string()
        );
        let readings = [
            (Meter::Electricity, "12345.6".parse().unwrap()),
            (Meter::Water, "321.05".parse().unwrap()),
        ];
        let e = m
            .inspect(
                act(),
                &r,
                UnitUse::Office,
                &who,
                &readings,
                &[("toilet".into(), "x".into())],
            )
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("not on the office facility checklist"),
            "{}",
            e.to_string()
        );
        let d = m
            .inspect(
                act(),
                &r,
                UnitUse::Office,
                &who,
                &readings,
                &[("walls".into(), "窗边墙面裂缝".into())],
            )
            .unwrap();
        assert_eq!(d.len(), 1);
        let i = m.inspection.as_ref().unwrap();
        assert_eq!(
            i.facilities
                .iter()
                .filter(|f| f.condition == Condition::Defect)
                .count(),
            1
        );
        assert_eq!(i.meters[0].reading.to_string(), "12345.6");
    }

    #[test]
    fn open_defects_need_a_reinspection_date() {
        let r = MoveInRules::default();
        let mut m = MoveIn::new(
            "MI-20261123-AAAAAA",
            notice(PartyKind::Person, None),
            &r,
            act(),
        )
        .unwrap();
        let around = Around {
            open_defects: vec!["T-20261123-BBBBBB".into()],
            emergency_contacts: true,
            ..Around::default()
        };
        let e = m
            .complete(act(), &around, None, None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("defects not fixed: T-20261123-BBBBBB"), "{e}");
        let e = m
            .complete(act(), &around, Some("2026-11-20".parse().unwrap()), None)
            .unwrap_err()
            .to_string();
        assert!(
            !e.contains("defects not fixed"),
            "a re-inspection date answers it: {e}"
        );
    }

    #[test]
    fn meter_values_are_exact_and_reject_what_is_not_a_reading() {
        let v: MeterValue = "12345.600".parse().unwrap();
        assert_eq!(v.to_string(), "12345.6");
        assert_eq!(v.thousandths(), 12_345_600);
        for bad in ["", "-1", "1.2345", "1,000", "1.", "abc"] {
            assert!(bad.parse::<MeterValue>().is_err(), "{bad}");
        }
    }
}
