//! The permit record (`permits/<YYYY>/<ID>.yaml`) and the renovation permit's steps:
//! application with the documents its scope needs, agreements, the approval chain,
//! issue with a validity, inspections, violations that suspend it until rectified,
//! hot work, extension before expiry, completion and acceptance, passes and the
//! deposit refund.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::model::history::Entry;
use crate::model::money::Money;
use crate::model::record::FieldProblem;
use crate::model::record::Record;
use crate::procedure::nonempty;
pub use crate::procedure::{Act, Check, Refused};

use super::PermitRules;

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
}

named_enum!(Kind, "permit kind");

/// The scope of renovation works: decides the documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Simple work such as painting: no contractor qualification needed.
    Simple,
    /// Ordinary renovation.
    Standard,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::Simple, Scope::Standard];
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Simple => "simple",
            Scope::Standard => "standard",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Scope::Simple => "简单装修",
            Scope::Standard => "一般装修",
        }
    }
}

named_enum!(Scope, "scope");

/// Where a permit stands.
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

/// A permit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Permit {
    pub id: String,
    pub kind: Kind,
    pub unit: String,
    /// The applicant, a party ID (owner or tenant).
    pub applicant: String,
    /// The applicant is not the owner: the owner's written consent is required.
    pub tenant_applicant: bool,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renovation: Option<Renovation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overtime_ac: Option<OvertimeAc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parking: Option<Parking>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_card: Option<AccessCard>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_exit: Option<GoodsExit>,
    pub history: Vec<Entry>,
}

/// A parking permit (停车证): a bay, a vehicle, its papers, a paid term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parking {
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
}

named_enum!(Term, "term");

/// Access cards issued against a deposit each (门禁卡押金).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessCard {
    pub cards: u32,
    pub deposit_each: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned: Option<NaiveDate>,
}

/// A goods exit pass (放行条): the items, the three signatures, security.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoodsExit {
    pub items: Vec<String>,
    /// The day the goods leave.
    pub date: NaiveDate,
    /// The owner side's signature...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_side: Option<String>,
    /// ...the tenant side's...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_side: Option<String>,
    /// ...and the desk's, last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desk: Option<String>,
    /// The guard who took the pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<String>,
    /// The move-out the goods leave with, and its goods lift booking (`09:00–12:00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moveout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lift: Option<String>,
}

/// Who signs a goods exit pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    Owner,
    Tenant,
    Desk,
}

impl Side {
    pub const ALL: [Side; 3] = [Side::Owner, Side::Tenant, Side::Desk];
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Owner => "owner",
            Side::Tenant => "tenant",
            Side::Desk => "desk",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Side::Owner => "业主方",
            Side::Tenant => "租户方",
            Side::Desk => "客服中心",
        }
    }
}

named_enum!(Side, "side");

/// An overtime air-conditioning request (加时空调申请).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OvertimeAc {
    pub date: NaiveDate,
    pub from: NaiveTime,
    pub to: NaiveTime,
    pub rate_per_hour: Money,
    pub amount: Money,
    /// The ledger entry of the charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<u32>,
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
    /// `permits/<YYYY>/<ID>.yaml`.
    fn rel_path(id: &str) -> PathBuf {
        crate::model::record::dated_path(Self::DIR, id, false)
    }
}

/// A renovation permit's own page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renovation {
    /// The contractor (装修单位); none for self-renovation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contractor: Option<String>,
    pub scope: Scope,
    pub structural: bool,
    pub hot_work: bool,
    pub description: String,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub workers: u32,
    pub documents: Vec<Check>,
    pub agreements: Vec<Check>,
    /// The application's round: 1, then one more for each revision after a rejection.
    pub round: u32,
    /// This round's signatures, in the chain's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<Approval>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inspections: Vec<Inspection>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Violation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hot_works: Vec<HotWork>,
    /// The day the contractor asked for the completion acceptance to be held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acceptances: Vec<Acceptance>,
    /// Worker passes returned and lost at the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passes: Option<PassReturn>,
}

/// A signature of the approval chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub role: String,
    pub by: String,
    pub date: NaiveDate,
    pub approved: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An inspection during works (装修检查记录表).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    pub date: NaiveDate,
    pub by: String,
    pub what: String,
    pub findings: String,
}

/// A violation: the rectification notice (违章整改通知单), its deadline and fine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Violation {
    pub no: u32,
    pub date: NaiveDate,
    pub description: String,
    pub deadline: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine: Option<Money>,
    /// The ledger entry of the fine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_entry: Option<u32>,
    /// The day the rectification was accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rectified: Option<NaiveDate>,
}

/// A hot-work permit (动火作业) under the renovation permit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HotWork {
    pub no: u32,
    pub date: NaiveDate,
    pub from: NaiveTime,
    pub to: NaiveTime,
    pub work: String,
    pub fire_watch: String,
}

/// The joint completion acceptance (装修验收单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    pub date: NaiveDate,
    pub by: String,
    pub passed: bool,
    pub note: String,
}

/// Worker passes at the end of works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassReturn {
    pub returned: u32,
    pub lost: u32,
}

/// The events of a permit's history.
pub mod event {
    pub const APPLIED: &str = "applied";
    pub const RECEIVED: &str = "received";
    pub const SIGNED: &str = "signed";
    pub const BILLED: &str = "billed";
    pub const APPROVED: &str = "approved";
    pub const REJECTED: &str = "rejected";
    pub const REVISED: &str = "revised";
    pub const ISSUED: &str = "issued";
    pub const INSPECTED: &str = "inspected";
    pub const VIOLATION: &str = "violation";
    pub const RECTIFIED: &str = "rectified";
    pub const HOT_WORK: &str = "hot-work";
    pub const EXTENDED: &str = "extended";
    pub const COMPLETION_APPLIED: &str = "completion-applied";
    pub const ACCEPTED: &str = "accepted";
    pub const NOT_ACCEPTED: &str = "not-accepted";
    pub const PASSES: &str = "passes";
    pub const CLOSED: &str = "closed";
    pub const RENEWED: &str = "renewed";
    pub const RETURNED: &str = "returned";
    pub const EXIT_SIGNED: &str = "exit-signed";
    pub const TO_SECURITY: &str = "to-security";
    pub const ALL: &[&str] = &[
        RENEWED,
        RETURNED,
        EXIT_SIGNED,
        TO_SECURITY,
        APPLIED,
        RECEIVED,
        SIGNED,
        BILLED,
        APPROVED,
        REJECTED,
        REVISED,
        ISSUED,
        INSPECTED,
        VIOLATION,
        RECTIFIED,
        HOT_WORK,
        EXTENDED,
        COMPLETION_APPLIED,
        ACCEPTED,
        NOT_ACCEPTED,
        PASSES,
        CLOSED,
    ];
}

/// A renovation application as typed at the desk.
#[derive(Debug, Clone)]
pub struct Application {
    pub unit: String,
    pub applicant: String,
    pub tenant_applicant: bool,
    pub contractor: Option<String>,
    pub scope: Scope,
    pub structural: bool,
    pub hot_work: bool,
    pub description: String,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub workers: u32,
}

/// The documents a renovation needs: by scope, plus structural, hot work, and the
/// owner's consent for a tenant.
pub fn documents_for(rules: &PermitRules, a: &Application) -> Vec<String> {
    let d = &rules.documents;
    let mut out: Vec<String> = match a.scope {
        Scope::Simple => d.simple.clone(),
        Scope::Standard => d.standard.clone(),
    };
    let extra = [
        (a.structural, &d.structural),
        (a.hot_work, &d.hot_work),
        (a.tenant_applicant, &d.tenant),
    ];
    for (on, list) in extra {
        if on {
            for x in list {
                if !out.contains(x) {
                    out.push(x.clone());
                }
            }
        }
    }
    out
}

impl Permit {
    /// A renovation application.
    pub fn renovation(
        id: &str,
        a: Application,
        rules: &PermitRules,
        act: Act,
    ) -> Result<Permit, Refused> {
        if a.planned_end < a.planned_start {
            return Err(Refused::Said(format!(
                "the works end {} before they start {}",
                a.planned_end, a.planned_start
            )));
        }
        if a.workers == 0 {
            return Err(Refused::Said(
                "the number of workers must be at least 1".into(),
            ));
        }
        if a.scope == Scope::Standard && a.contractor.is_none() {
            return Err(Refused::Said(
                "standard works need a contractor (--contractor); simple work such as painting may be done by the applicant (--scope simple)".into(),
            ));
        }
        if a.structural && a.scope == Scope::Simple {
            return Err(Refused::Said(
                "structural changes are not simple work: use --scope standard".into(),
            ));
        }
        let description = nonempty("description", &a.description)?;
        let documents = documents_for(rules, &a)
            .iter()
            .map(|d| Check::new(d))
            .collect();
        let note = format!(
            "{} for {} by {}, {} to {}, {} worker(s)",
            a.scope, a.unit, a.applicant, a.planned_start, a.planned_end, a.workers
        );
        Ok(Permit {
            id: id.to_string(),
            kind: Kind::Renovation,
            unit: a.unit,
            applicant: a.applicant,
            tenant_applicant: a.tenant_applicant,
            status: Status::Applied,
            renovation: Some(Renovation {
                contractor: a.contractor,
                scope: a.scope,
                structural: a.structural,
                hot_work: a.hot_work,
                description,
                planned_start: a.planned_start,
                planned_end: a.planned_end,
                workers: a.workers,
                documents,
                agreements: rules.agreements.iter().map(|x| Check::new(x)).collect(),
                round: 1,
                approvals: Vec::new(),
                charges: Vec::new(),
                valid_from: None,
                valid_until: None,
                inspections: Vec::new(),
                violations: Vec::new(),
                hot_works: Vec::new(),
                completion_on: None,
                acceptances: Vec::new(),
                passes: None,
            }),
            overtime_ac: None,
            parking: None,
            access_card: None,
            goods_exit: None,
            history: vec![Entry::new(act.at, act.by, event::APPLIED, Some(note))],
        })
    }

    /// An overtime air-conditioning request, taken only before the cut-off: by noon
    /// on a working day for that day, by noon of the working day before for a day off
    /// (`deadline`, office time). Issued at once; the caller charges `amount`.
    #[allow(clippy::too_many_arguments)]
    pub fn overtime_ac(
        id: &str,
        unit: &str,
        applicant: &str,
        date: NaiveDate,
        from: NaiveTime,
        to: NaiveTime,
        rules: &super::OvertimeAcRules,
        deadline: chrono::NaiveDateTime,
        requested: chrono::NaiveDateTime,
        act: Act,
    ) -> Result<Permit, Refused> {
        if to <= from {
            return Err(Refused::Said(format!(
                "the air-conditioning runs {} to {}: the end must be after the start",
                from.format("%H:%M"),
                to.format("%H:%M")
            )));
        }
        if requested > deadline {
            return Err(Refused::Said(format!(
                "too late for overtime air-conditioning on {date}: requests are taken until {} (the cut-off is {} on a working day for that day, or on the working day before a day off)",
                deadline.format("%Y-%m-%d %H:%M"),
                rules.cutoff
            )));
        }
        let minutes = (to - from).num_minutes();
        let amount = rules
            .rate_per_hour
            .mul_ratio(minutes, 60)
            .ok_or_else(|| Refused::Said("the amount is too large".into()))?;
        let note = format!(
            "{date} {}-{}: {} at {}/h",
            from.format("%H:%M"),
            to.format("%H:%M"),
            amount,
            rules.rate_per_hour
        );
        Ok(Permit {
            id: id.to_string(),
            kind: Kind::OvertimeAc,
            unit: unit.to_string(),
            applicant: applicant.to_string(),
            tenant_applicant: false,
            status: Status::Issued,
            renovation: None,
            overtime_ac: Some(OvertimeAc {
                date,
                from,
                to,
                rate_per_hour: rules.rate_per_hour,
                amount,
                charge: None,
            }),
            parking: None,
            access_card: None,
            goods_exit: None,
            history: vec![
                Entry::new(act.at, act.by, event::APPLIED, Some(note)),
                Entry::new(act.at, act.by, event::ISSUED, None),
            ],
        })
    }

    fn log(&mut self, act: Act, event: &str, note: String) {
        let note = Some(note).filter(|n| !n.is_empty());
        self.history.push(Entry::new(act.at, act.by, event, note));
    }

    fn reno(&mut self) -> Result<&mut Renovation, Refused> {
        let id = self.id.clone();
        self.renovation
            .as_mut()
            .ok_or_else(|| Refused::Said(format!("permit {id} is not a renovation permit")))
    }

    /// Refuses unless the permit is in one of `states`.
    fn must_be(&self, states: &[Status], what: &str) -> Result<(), Refused> {
        if states.contains(&self.status) {
            return Ok(());
        }
        Err(Refused::Said(format!(
            "cannot {what}: permit {} is {}; that needs it {}",
            self.id,
            self.status,
            states
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" or ")
        )))
    }

    fn tick(
        &mut self,
        act: Act,
        agreements: bool,
        items: &[String],
        who: &str,
    ) -> Result<(), Refused> {
        self.must_be(
            &[Status::Applied, Status::Rejected, Status::Approved],
            if agreements {
                "sign agreements"
            } else {
                "receive documents"
            },
        )?;
        let who = nonempty("who (--from / --signed-by)", who)?;
        let id = self.id.clone();
        let list = match (self.renovation.as_mut(), self.parking.as_mut(), agreements) {
            (Some(r), _, true) => &mut r.agreements,
            (Some(r), _, false) => &mut r.documents,
            (None, Some(p), false) => &mut p.documents,
            _ => {
                return Err(Refused::Said(format!(
                    "permit {id} ({}) has no {} to record",
                    self.kind,
                    if agreements {
                        "agreements"
                    } else {
                        "documents"
                    }
                )));
            }
        };
        if items.is_empty() {
            return Err(Refused::Said("name at least one item".into()));
        }
        for item in items {
            let names: Vec<String> = list.iter().map(|c| c.item.clone()).collect();
            let Some(c) = list.iter_mut().find(|c| &c.item == item) else {
                return Err(Refused::Said(format!(
                    "{item:?} is not on this permit's {} list: expected one of {}",
                    if agreements { "agreement" } else { "document" },
                    names.join(", ")
                )));
            };
            if c.done() {
                return Err(Refused::Said(format!(
                    "{item} was already recorded on {}",
                    c.date.map(|d| d.to_string()).unwrap_or_default()
                )));
            }
            c.by = Some(who.clone());
            c.date = Some(act.today);
        }
        let note = format!("{} ({who})", items.join(", "));
        self.log(
            act,
            if agreements {
                event::SIGNED
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

    pub fn sign(&mut self, act: Act, items: &[String], signer: &str) -> Result<(), Refused> {
        self.tick(act, true, items, signer)
    }

    /// Records the fees charged to the ledger.
    pub fn billed(&mut self, act: Act, entries: &[u32], total: Money) -> Result<(), Refused> {
        let id = self.id.clone();
        let r = self.reno()?;
        if !r.charges.is_empty() {
            return Err(Refused::Said(format!(
                "the fees of permit {id} were already charged"
            )));
        }
        r.charges = entries.to_vec();
        let list = entries
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        self.log(
            act,
            event::BILLED,
            format!("{total} (ledger entries {list})"),
        );
        Ok(())
    }

    /// The next signer of the chain this round, if any.
    pub fn next_signer<'r>(&self, rules: &'r PermitRules) -> Option<&'r str> {
        let done = self.renovation.as_ref().map_or(0, |r| r.approvals.len());
        rules.approval_chain.get(done).map(String::as_str)
    }

    /// The next signer of the chain approves, or rejects with a reason (which ends
    /// the chain until a revised application).
    pub fn decide(
        &mut self,
        act: Act,
        rules: &PermitRules,
        role: &str,
        approve: bool,
        reason: Option<&str>,
    ) -> Result<(), Refused> {
        self.must_be(
            &[Status::Applied],
            if approve { "approve" } else { "reject" },
        )?;
        let Some(next) = self.next_signer(rules) else {
            return Err(Refused::Said(format!(
                "permit {} has every signature",
                self.id
            )));
        };
        if role != next {
            let chain = rules.approval_chain.join(" → ");
            return Err(Refused::Said(format!(
                "the {next} signs next, not the {role} (the chain: {chain})"
            )));
        }
        let reason = match (approve, reason.map(str::trim)) {
            (false, None | Some("")) => {
                return Err(Refused::Said(
                    "a rejection needs a reason (--reason)".into(),
                ));
            }
            (_, r) => r.filter(|r| !r.is_empty()).map(str::to_string),
        };
        let last = rules.approval_chain.len()
            == self.renovation.as_ref().map_or(0, |r| r.approvals.len()) + 1;
        self.reno()?.approvals.push(Approval {
            role: role.to_string(),
            by: act.by.to_string(),
            date: act.today,
            approved: approve,
            reason: reason.clone(),
        });
        if approve {
            if last {
                self.status = Status::Approved;
            }
            self.log(act, event::APPROVED, role.to_string());
        } else {
            self.status = Status::Rejected;
            self.log(
                act,
                event::REJECTED,
                format!("{role}: {}", reason.unwrap_or_default()),
            );
        }
        Ok(())
    }

    /// A revised application after a rejection: a new round of the chain.
    pub fn revise(&mut self, act: Act, description: Option<&str>) -> Result<(), Refused> {
        self.must_be(&[Status::Rejected], "revise")?;
        let r = self.reno()?;
        if let Some(d) = description {
            r.description = nonempty("description", d)?;
        }
        r.round += 1;
        r.approvals.clear();
        let round = r.round;
        self.status = Status::Applied;
        self.log(act, event::REVISED, format!("round {round}"));
        Ok(())
    }

    /// Everything issuing still needs: documents, agreements, fees and deposits.
    pub fn missing_to_issue(
        &self,
        unpaid: &[(u32, Money)],
        deposits_short: &[String],
    ) -> Vec<String> {
        let mut out = Vec::new();
        let Some(r) = &self.renovation else {
            return out;
        };
        for d in r.documents.iter().filter(|d| !d.done()) {
            out.push(format!(
                "document not received: {} (propdesk permit receive {} {} --from NAME)",
                d.item, self.id, d.item
            ));
        }
        for a in r.agreements.iter().filter(|a| !a.done()) {
            out.push(format!(
                "agreement not signed: {} (propdesk permit sign {} {} --signed-by NAME)",
                a.item, self.id, a.item
            ));
        }
        if r.charges.is_empty() {
            out.push(format!(
                "fees not charged (propdesk permit bill {})",
                self.id
            ));
        }
        for (no, owed) in unpaid {
            out.push(format!(
                "not paid: ledger entry {no}, {owed} outstanding (propdesk pay {} AMOUNT)",
                self.unit
            ));
        }
        out.extend(deposits_short.iter().cloned());
        out
    }

    /// Issues an approved permit, valid from the planned start (or today, if later)
    /// until `until` (default the planned end), at most `max_validity_months`.
    pub fn issue(
        &mut self,
        act: Act,
        rules: &PermitRules,
        missing: &[String],
        until: Option<NaiveDate>,
    ) -> Result<(), Refused> {
        self.must_be(&[Status::Approved], "issue")?;
        if !missing.is_empty() {
            return Err(Refused::Said(format!(
                "permit {} cannot be issued; missing:\n  - {}",
                self.id,
                missing.join("\n  - ")
            )));
        }
        let r = self.reno()?;
        let from = r.planned_start.max(act.today);
        let until = until.unwrap_or(r.planned_end);
        let limit = max_until(from, rules.max_validity_months);
        if until > limit {
            return Err(Refused::Said(format!(
                "a permit is valid at most {} month(s): from {from} until {limit} at the latest, not {until}; longer works extend before expiry",
                rules.max_validity_months
            )));
        }
        if until < from {
            return Err(Refused::Said(format!(
                "valid until {until} is before {from}"
            )));
        }
        r.valid_from = Some(from);
        r.valid_until = Some(until);
        self.status = Status::Issued;
        self.log(act, event::ISSUED, format!("valid {from} to {until}"));
        Ok(())
    }

    /// Whether works may go on on `date`: issued (not suspended) and within validity.
    pub fn works_allowed_on(&self, date: NaiveDate) -> bool {
        self.status == Status::Issued
            && self.renovation.as_ref().is_some_and(|r| {
                r.valid_from.is_some_and(|f| f <= date) && r.valid_until.is_some_and(|u| date <= u)
            })
    }

    /// Whether the permit has expired by `date` without completion.
    pub fn expired_on(&self, date: NaiveDate) -> bool {
        matches!(self.status, Status::Issued | Status::Suspended)
            && self
                .renovation
                .as_ref()
                .and_then(|r| r.valid_until)
                .is_some_and(|u| u < date)
    }

    /// An inspection logged.
    pub fn inspect(&mut self, act: Act, what: &str, findings: &str) -> Result<(), Refused> {
        self.must_be(
            &[Status::Issued, Status::Suspended, Status::CompletionApplied],
            "inspect",
        )?;
        let what = nonempty("what was inspected (--what)", what)?;
        let findings = nonempty("findings", findings)?;
        self.reno()?.inspections.push(Inspection {
            date: act.today,
            by: act.by.to_string(),
            what: what.clone(),
            findings: findings.clone(),
        });
        self.log(act, event::INSPECTED, format!("{what}: {findings}"));
        Ok(())
    }

    /// A violation: a rectification notice with a deadline and an optional fine. The
    /// permit is suspended until the rectification is accepted. Returns its number.
    pub fn violation(
        &mut self,
        act: Act,
        description: &str,
        deadline: NaiveDate,
        fine: Option<Money>,
    ) -> Result<u32, Refused> {
        self.must_be(&[Status::Issued, Status::Suspended], "record a violation")?;
        if deadline < act.today {
            return Err(Refused::Said(format!(
                "the deadline {deadline} is before today"
            )));
        }
        if fine.is_some_and(|f| f.minor() <= 0) {
            return Err(Refused::Said("a fine must be more than 0".into()));
        }
        let description = nonempty("description", description)?;
        let r = self.reno()?;
        let no = r.violations.len() as u32 + 1;
        r.violations.push(Violation {
            no,
            date: act.today,
            description: description.clone(),
            deadline,
            fine,
            fine_entry: None,
            rectified: None,
        });
        self.status = Status::Suspended;
        let mut note = format!("no. {no}: {description}; rectify by {deadline}");
        if let Some(f) = fine {
            note.push_str(&format!("; fine {f}"));
        }
        self.log(act, event::VIOLATION, note);
        Ok(no)
    }

    /// The rectification of violation `no` accepted; works resume when none is open.
    pub fn rectified(&mut self, act: Act, no: u32) -> Result<(), Refused> {
        if let Some(d) = self
            .renovation
            .as_ref()
            .and_then(|r| r.violations.iter().find(|v| v.no == no))
            .and_then(|v| v.rectified)
        {
            return Err(Refused::Said(format!(
                "violation no. {no} was rectified on {d}"
            )));
        }
        self.must_be(
            &[Status::Suspended, Status::CompletionApplied],
            "accept a rectification",
        )?;
        let r = self.reno()?;
        let Some(v) = r.violations.iter_mut().find(|v| v.no == no) else {
            return Err(Refused::Said(format!("there is no violation no. {no}")));
        };
        if let Some(d) = v.rectified {
            return Err(Refused::Said(format!(
                "violation no. {no} was rectified on {d}"
            )));
        }
        v.rectified = Some(act.today);
        let open = r.violations.iter().any(|v| v.rectified.is_none());
        if !open && self.status == Status::Suspended {
            self.status = Status::Issued;
        }
        self.log(
            act,
            event::RECTIFIED,
            format!("no. {no}{}", if open { "" } else { "; works resume" }),
        );
        Ok(())
    }

    /// The open violations.
    pub fn open_violations(&self) -> Vec<&Violation> {
        self.renovation
            .as_ref()
            .map(|r| {
                r.violations
                    .iter()
                    .filter(|v| v.rectified.is_none())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A hot-work permit under this one: its day, time window and fire watch.
    #[allow(clippy::too_many_arguments)]
    pub fn hot_work(
        &mut self,
        act: Act,
        date: NaiveDate,
        from: NaiveTime,
        to: NaiveTime,
        work: &str,
        fire_watch: &str,
    ) -> Result<u32, Refused> {
        self.must_be(&[Status::Issued], "permit hot work")?;
        let id = self.id.clone();
        if !self.renovation.as_ref().is_some_and(|r| r.hot_work) {
            return Err(Refused::Said(format!(
                "permit {id} was not applied for with hot work: its documents (the hot-work permit) were never checked"
            )));
        }
        if !self.works_allowed_on(date) {
            return Err(Refused::Said(format!(
                "permit {id} does not allow works on {date}"
            )));
        }
        if to <= from {
            return Err(Refused::Said(format!(
                "the hot work ends {to} before it starts {from}"
            )));
        }
        if date < act.today {
            return Err(Refused::Said(format!(
                "{date} is past: hot work is permitted ahead"
            )));
        }
        let work = nonempty("work (--work)", work)?;
        let watch = nonempty("fire watch (--fire-watch)", fire_watch)?;
        let r = self.reno()?;
        let no = r.hot_works.len() as u32 + 1;
        r.hot_works.push(HotWork {
            no,
            date,
            from,
            to,
            work: work.clone(),
            fire_watch: watch.clone(),
        });
        self.log(
            act,
            event::HOT_WORK,
            format!(
                "no. {no}: {date} {}-{}: {work}; fire watch {watch}",
                from.format("%H:%M"),
                to.format("%H:%M")
            ),
        );
        Ok(no)
    }

    /// Extends the validity before it expires, at most the office's limit from today.
    pub fn extend(
        &mut self,
        act: Act,
        rules: &PermitRules,
        until: NaiveDate,
    ) -> Result<(), Refused> {
        self.must_be(&[Status::Issued, Status::Suspended], "extend")?;
        let id = self.id.clone();
        let r = self.reno()?;
        let Some(old) = r.valid_until else {
            return Err(Refused::Said(format!(
                "permit {id} has no validity to extend"
            )));
        };
        if act.today > old {
            return Err(Refused::Said(format!(
                "permit {id} expired on {old}: an extension is applied for before expiry; a new application is needed"
            )));
        }
        if until <= old {
            return Err(Refused::Said(format!("{until} does not extend {old}")));
        }
        let limit = max_until(act.today, rules.max_validity_months);
        if until > limit {
            return Err(Refused::Said(format!(
                "an extension runs at most {} month(s): until {limit} at the latest",
                rules.max_validity_months
            )));
        }
        r.valid_until = Some(until);
        self.log(act, event::EXTENDED, format!("{old} → {until}"));
        Ok(())
    }

    /// The contractor applies in writing for the completion acceptance on `on`, at
    /// least `completion_notice_days` ahead.
    pub fn apply_completion(
        &mut self,
        act: Act,
        rules: &PermitRules,
        on: NaiveDate,
    ) -> Result<(), Refused> {
        self.must_be(&[Status::Issued], "apply for completion")?;
        let earliest = act.today + chrono::Days::new(u64::from(rules.completion_notice_days));
        if on < earliest {
            return Err(Refused::Said(format!(
                "completion is applied for {} day(s) ahead: {earliest} at the earliest, not {on}",
                rules.completion_notice_days
            )));
        }
        self.reno()?.completion_on = Some(on);
        self.status = Status::CompletionApplied;
        self.log(
            act,
            event::COMPLETION_APPLIED,
            format!("acceptance on {on}"),
        );
        Ok(())
    }

    /// The joint acceptance: passed, or failed (a rectification notice with a
    /// deadline; the contractor applies again after it).
    pub fn accept(
        &mut self,
        act: Act,
        passed: bool,
        note: &str,
        deadline: Option<NaiveDate>,
    ) -> Result<(), Refused> {
        self.must_be(&[Status::CompletionApplied], "hold the acceptance")?;
        let note = nonempty("note (--note)", note)?;
        if let Some(v) = self.open_violations().first()
            && passed
        {
            return Err(Refused::Said(format!(
                "violation no. {} is not rectified: the works cannot be accepted",
                v.no
            )));
        }
        if let Some(on) = self.renovation.as_ref().and_then(|r| r.completion_on)
            && act.today < on
        {
            return Err(Refused::Said(format!(
                "the acceptance was applied for {on}, not today"
            )));
        }
        self.reno()?.acceptances.push(Acceptance {
            date: act.today,
            by: act.by.to_string(),
            passed,
            note: note.clone(),
        });
        if passed {
            self.status = Status::Accepted;
            self.log(act, event::ACCEPTED, note);
        } else {
            let deadline = deadline.ok_or_else(|| {
                Refused::Said(
                    "a failed acceptance needs a rectification deadline (--deadline)".into(),
                )
            })?;
            self.log(act, event::NOT_ACCEPTED, note.clone());
            // The failure is a rectification notice; works resume to rectify it.
            self.status = Status::Issued;
            self.violation(act, &note, deadline, None)?;
            self.reno()?.completion_on = None;
        }
        Ok(())
    }

    /// Passes returned and lost; the pass deposit of a lost pass is forfeited.
    pub fn return_passes(&mut self, act: Act, returned: u32, lost: u32) -> Result<(), Refused> {
        self.must_be(&[Status::Accepted], "settle the passes")?;
        let id = self.id.clone();
        let r = self.reno()?;
        if r.passes.is_some() {
            return Err(Refused::Said(format!(
                "the passes of permit {id} were already settled"
            )));
        }
        if returned + lost != r.workers {
            return Err(Refused::Said(format!(
                "{} pass(es) were issued: returned {returned} + lost {lost} must make {}",
                r.workers, r.workers
            )));
        }
        r.passes = Some(PassReturn { returned, lost });
        self.log(
            act,
            event::PASSES,
            format!("{returned} returned, {lost} lost"),
        );
        Ok(())
    }

    /// Closes the permit once the deposits are settled.
    pub fn close(&mut self, act: Act, note: String) -> Result<(), Refused> {
        self.must_be(&[Status::Accepted], "close")?;
        if self.renovation.as_ref().is_some_and(|r| r.passes.is_none()) {
            return Err(Refused::Said(format!(
                "settle the passes first (`propdesk permit passes {} --returned N --lost N`)",
                self.id
            )));
        }
        self.status = Status::Closed;
        self.log(act, event::CLOSED, note);
        Ok(())
    }

    /// What the record contradicts on its own, for `check`.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        if self.kind == Kind::Renovation && self.renovation.is_none() {
            out.push(FieldProblem {
                field: "renovation",
                message: "a renovation permit needs its `renovation:` page".into(),
            });
        }
        for (kind, has, field) in [
            (Kind::OvertimeAc, self.overtime_ac.is_some(), "overtime_ac"),
            (Kind::Parking, self.parking.is_some(), "parking"),
            (Kind::AccessCard, self.access_card.is_some(), "access_card"),
            (Kind::GoodsExit, self.goods_exit.is_some(), "goods_exit"),
        ] {
            if self.kind == kind && !has {
                out.push(FieldProblem {
                    field,
                    message: format!("a {kind} permit needs its `{field}:` page"),
                });
            }
        }
        if let Some(e) = self
            .history
            .iter()
            .find(|e| !event::ALL.contains(&e.event.as_str()))
        {
            out.push(FieldProblem {
                field: "history",
                message: format!(
                    "unknown permit event {:?}: expected one of {}",
                    e.event,
                    event::ALL.join(", ")
                ),
            });
        }
        let closed = self.history.iter().any(|e| e.event == event::CLOSED);
        if closed != (self.status == Status::Closed) {
            out.push(FieldProblem {
                field: "status",
                message: format!(
                    "status {:?} but the history {} \"closed\" entry",
                    self.status.as_str(),
                    if closed { "has a" } else { "has no" }
                ),
            });
        }
        if let Some(r) = &self.renovation
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

/// The other permits: parking, access cards, goods exit.
impl Permit {
    fn plain(id: &str, kind: Kind, unit: &str, applicant: &str, act: Act, note: String) -> Permit {
        Permit {
            id: id.to_string(),
            kind,
            unit: unit.to_string(),
            applicant: applicant.to_string(),
            tenant_applicant: false,
            status: Status::Applied,
            renovation: None,
            overtime_ac: None,
            parking: None,
            access_card: None,
            goods_exit: None,
            history: vec![Entry::new(act.at, act.by, event::APPLIED, Some(note))],
        }
    }

    /// A parking permit application: the bay, the plate, the term from `from`.
    #[allow(clippy::too_many_arguments)]
    pub fn parking(
        id: &str,
        unit: &str,
        applicant: &str,
        bay: &str,
        plate: &str,
        term: Term,
        from: NaiveDate,
        rules: &super::ParkingRules,
        act: Act,
    ) -> Result<Permit, Refused> {
        let bay = nonempty("bay (--bay)", bay)?;
        let plate = nonempty("plate (--plate)", plate)?.to_uppercase();
        let until = max_until(from, term.months());
        let mut p = Permit::plain(
            id,
            Kind::Parking,
            unit,
            applicant,
            act,
            format!("bay {bay}, {plate}, {term} from {from}"),
        );
        p.parking = Some(Parking {
            bay,
            plate,
            term,
            documents: rules.documents.iter().map(|d| Check::new(d)).collect(),
            from,
            until,
            charges: Vec::new(),
        });
        Ok(p)
    }

    /// Access cards against a deposit each.
    pub fn access_card(
        id: &str,
        unit: &str,
        applicant: &str,
        cards: u32,
        deposit_each: Money,
        act: Act,
    ) -> Result<Permit, Refused> {
        if cards == 0 {
            return Err(Refused::Said("at least one card (--cards N)".into()));
        }
        let mut p = Permit::plain(
            id,
            Kind::AccessCard,
            unit,
            applicant,
            act,
            format!("{cards} card(s), deposit {deposit_each} each"),
        );
        p.access_card = Some(AccessCard {
            cards,
            deposit_each,
            returned: None,
        });
        Ok(p)
    }

    /// A goods exit pass for `items` leaving on `date`.
    pub fn goods_exit(
        id: &str,
        unit: &str,
        applicant: &str,
        items: &[String],
        date: NaiveDate,
        act: Act,
    ) -> Result<Permit, Refused> {
        let items: Vec<String> = items
            .iter()
            .map(|i| i.trim().to_string())
            .filter(|i| !i.is_empty())
            .collect();
        if items.is_empty() {
            return Err(Refused::Said("list the goods (--item, once each)".into()));
        }
        if date < act.today {
            return Err(Refused::Said(format!(
                "{date} is past: a pass is for goods still to leave"
            )));
        }
        let mut p = Permit::plain(
            id,
            Kind::GoodsExit,
            unit,
            applicant,
            act,
            format!("{} item(s) on {date}", items.len()),
        );
        p.goods_exit = Some(GoodsExit {
            items,
            date,
            owner_side: None,
            tenant_side: None,
            desk: None,
            security: None,
            moveout: None,
            lift: None,
        });
        Ok(p)
    }

    /// The parking permit's charges, recorded.
    pub fn parking_billed(&mut self, act: Act, entry: u32, amount: Money) -> Result<(), Refused> {
        let id = self.id.clone();
        let Some(p) = self.parking.as_mut() else {
            return Err(Refused::Said(format!(
                "permit {id} is not a parking permit"
            )));
        };
        p.charges.push(entry);
        let note = format!(
            "{amount} for {} to {} (ledger entry {entry})",
            p.from, p.until
        );
        self.log(act, event::BILLED, note);
        Ok(())
    }

    /// Issues a parking permit or access cards once everything is in (`missing` is
    /// what the caller found lacking: papers, the fee, the deposit).
    pub fn issue_plain(&mut self, act: Act, missing: &[String]) -> Result<(), Refused> {
        self.must_be(&[Status::Applied], "issue")?;
        if self.goods_exit.is_some() {
            return Err(Refused::Said(format!(
                "a goods exit pass is issued by the desk's signature, after the owner side's and the tenant side's (`propdesk permit sign-exit {} --side owner|tenant|desk --signed-by NAME`)",
                self.id
            )));
        }
        if !missing.is_empty() {
            return Err(Refused::Said(format!(
                "permit {} cannot be issued; missing:\n  - {}",
                self.id,
                missing.join("\n  - ")
            )));
        }
        let note = match &self.parking {
            Some(p) => format!(
                "bay {} for {} from {} to {}",
                p.bay, p.plate, p.from, p.until
            ),
            None => String::new(),
        };
        self.status = Status::Issued;
        self.log(act, event::ISSUED, note);
        Ok(())
    }

    /// The day a parking permit's renewal falls due: `notice_days` before it ends.
    pub fn renewal_due(&self, notice_days: u32) -> Option<NaiveDate> {
        let p = self.parking.as_ref()?;
        (self.status == Status::Issued).then(|| p.until - chrono::Days::new(u64::from(notice_days)))
    }

    /// Renews a parking permit for another term from the day after it ends (or from
    /// today, if it has lapsed); the caller charges the fee.
    pub fn renew(&mut self, act: Act) -> Result<(NaiveDate, NaiveDate), Refused> {
        self.must_be(&[Status::Issued], "renew")?;
        let id = self.id.clone();
        let Some(p) = self.parking.as_mut() else {
            return Err(Refused::Said(format!(
                "permit {id} is not a parking permit"
            )));
        };
        let from = (p.until + chrono::Days::new(1)).max(act.today);
        let until = max_until(from, p.term.months());
        p.from = from;
        p.until = until;
        self.log(act, event::RENEWED, format!("{from} to {until}"));
        Ok((from, until))
    }

    /// The access cards handed back; the caller refunds their deposit.
    pub fn return_cards(&mut self, act: Act) -> Result<Money, Refused> {
        self.must_be(&[Status::Issued], "take the cards back")?;
        let id = self.id.clone();
        let Some(c) = self.access_card.as_mut() else {
            return Err(Refused::Said(format!(
                "permit {id} is not an access-card permit"
            )));
        };
        c.returned = Some(act.today);
        let back = c
            .deposit_each
            .mul_ratio(i64::from(c.cards), 1)
            .unwrap_or(Money::ZERO);
        let cards = c.cards;
        self.status = Status::Closed;
        self.log(
            act,
            event::RETURNED,
            format!("{cards} card(s), deposit {back} to refund"),
        );
        self.log(act, event::CLOSED, String::new());
        Ok(back)
    }

    /// A signature on a goods exit pass: the owner side and the tenant side first,
    /// then the desk, which issues it.
    pub fn sign_exit(&mut self, act: Act, side: Side, who: &str) -> Result<(), Refused> {
        self.must_be(&[Status::Applied], "sign the pass")?;
        let id = self.id.clone();
        let who = nonempty("signature (--signed-by)", who)?;
        let Some(g) = self.goods_exit.as_mut() else {
            return Err(Refused::Said(format!(
                "permit {id} is not a goods exit pass"
            )));
        };
        let slot = match side {
            Side::Owner => &mut g.owner_side,
            Side::Tenant => &mut g.tenant_side,
            Side::Desk => {
                if g.owner_side.is_none() || g.tenant_side.is_none() {
                    return Err(Refused::Said(format!(
                        "the desk signs last: the {} side has not signed",
                        if g.owner_side.is_none() {
                            "owner"
                        } else {
                            "tenant"
                        }
                    )));
                }
                &mut g.desk
            }
        };
        if let Some(x) = slot {
            return Err(Refused::Said(format!(
                "the {side} side already signed ({x})"
            )));
        }
        *slot = Some(who.clone());
        self.log(act, event::EXIT_SIGNED, format!("{side}: {who}"));
        if side == Side::Desk {
            self.status = Status::Issued;
            self.log(act, event::ISSUED, String::new());
        }
        Ok(())
    }

    /// Security takes the pass as the goods leave; the pass is done.
    pub fn to_security(&mut self, act: Act, guard: &str) -> Result<(), Refused> {
        self.must_be(&[Status::Issued], "hand the pass to security")?;
        let id = self.id.clone();
        let guard = nonempty("guard (--guard)", guard)?;
        let Some(g) = self.goods_exit.as_mut() else {
            return Err(Refused::Said(format!(
                "permit {id} is not a goods exit pass"
            )));
        };
        g.security = Some(guard.clone());
        self.status = Status::Closed;
        self.log(act, event::TO_SECURITY, guard);
        self.log(act, event::CLOSED, String::new());
        Ok(())
    }
}

impl Permit {
    /// The deposits the permit needs held: a renovation's deposit and a pass deposit
    /// per worker; an access card's deposit per card.
    pub fn required_deposits(
        &self,
        rules: &PermitRules,
    ) -> Vec<(crate::model::ledger::DepositKind, Money)> {
        use crate::model::ledger::DepositKind;
        let mut out = Vec::new();
        if let Some(r) = &self.renovation {
            out.push((DepositKind::Renovation, rules.renovation_deposit));
            if let Some(pass) = rules.worker_pass_deposit.mul_ratio(i64::from(r.workers), 1) {
                out.push((DepositKind::Pass, pass));
            }
        }
        if let Some(c) = &self.access_card
            && let Some(m) = c.deposit_each.mul_ratio(i64::from(c.cards), 1)
        {
            out.push((DepositKind::Card, m));
        }
        out.retain(|(_, m)| m.minor() > 0);
        out
    }
}

/// The last day a validity of `months` starting `from` may run to.
pub fn max_until(from: NaiveDate, months: u32) -> NaiveDate {
    from.checked_add_months(chrono::Months::new(months))
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(day: &str) -> Act<'static> {
        Act {
            by: "desk",
            at: chrono::DateTime::parse_from_rfc3339(&format!("{day}T10:00:00+08:00")).unwrap(),
            today: day.parse().unwrap(),
        }
    }

    fn app(scope: Scope) -> Application {
        Application {
            unit: "A-1203".into(),
            applicant: "P-20261101-AAAAAA".into(),
            tenant_applicant: true,
            contractor: Some("华美装饰".into()),
            scope,
            structural: false,
            hot_work: false,
            description: "办公室隔断及地毯".into(),
            planned_start: "2026-12-01".parse().unwrap(),
            planned_end: "2027-01-31".parse().unwrap(),
            workers: 5,
        }
    }

    fn docs(p: &Permit) -> Vec<&str> {
        p.renovation
            .as_ref()
            .unwrap()
            .documents
            .iter()
            .map(|d| d.item.as_str())
            .collect()
    }

    #[test]
    fn the_documents_follow_the_scope_structure_hot_work_and_the_applicant() {
        let r = PermitRules::default();
        let mut a = app(Scope::Simple);
        a.tenant_applicant = false;
        let p = Permit::renovation("PM-20261123-AAAAAA", a, &r, act("2026-11-23")).unwrap();
        assert_eq!(docs(&p), ["application-form", "workers-list"]);
        let mut a = app(Scope::Standard);
        a.structural = true;
        a.hot_work = true;
        let p = Permit::renovation("PM-20261123-AAAAAA", a, &r, act("2026-11-23")).unwrap();
        assert_eq!(
            docs(&p),
            [
                "application-form",
                "drawings",
                "materials-list",
                "contractor-licence",
                "contractor-qualification",
                "site-manager-id-copy",
                "workers-list",
                "design-institute-plan",
                "hot-work-permit",
                "owner-consent"
            ]
        );
    }

    #[test]
    fn overtime_ac_is_refused_after_the_cutoff_with_the_office_calendar() {
        use crate::model::calendar::{Calendar, CalendarRules};
        let cal = Calendar::new(
            &toml::from_str::<CalendarRules>(
                "working_days = [\"Mon\",\"Tue\",\"Wed\",\"Thu\",\"Fri\"]\nhours = \"09:00-18:00\"\nholidays = [\"2026-10-01..2026-10-07\"]\nmakeup_days = [\"2026-10-10\"]\n",
            )
            .unwrap(),
        )
        .unwrap();
        let rules = super::super::OvertimeAcRules::default();
        let d = |s: &str| -> NaiveDate { s.parse().unwrap() };
        let dl = |s: &str| rules.deadline(&cal, d(s)).unwrap().to_string();
        // A working day: noon that day. Saturday: noon on Friday. The National Day
        // week: noon on 30 September. The make-up Saturday is a working day.
        assert_eq!(dl("2026-11-23"), "2026-11-23 12:00:00");
        assert_eq!(dl("2026-11-28"), "2026-11-27 12:00:00");
        assert_eq!(dl("2026-10-04"), "2026-09-30 12:00:00");
        assert_eq!(dl("2026-10-10"), "2026-10-10 12:00:00");
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").unwrap();
        let make = |requested: &str, day: &str| {
            Permit::overtime_ac(
                "PM-20261127-AAAAAA",
                "A-1203",
                "P-20261101-AAAAAA",
                d(day),
                t("18:00"),
                t("21:30"),
                &rules,
                rules.deadline(&cal, d(day)).unwrap(),
                chrono::NaiveDateTime::parse_from_str(requested, "%Y-%m-%d %H:%M").unwrap(),
                act("2026-11-27"),
            )
        };
        let e = make("2026-11-27 12:01", "2026-11-28").unwrap_err();
        assert!(
            e.to_string()
                .contains("requests are taken until 2026-11-27 12:00"),
            "{}",
            e.to_string()
        );
        let p = make("2026-11-27 11:59", "2026-11-28").unwrap();
        // 3.5 hours at 300.00.
        assert_eq!(p.overtime_ac.unwrap().amount.to_string(), "1050.00");
    }

    fn approved() -> (Permit, PermitRules) {
        let r = PermitRules::default();
        let mut p = Permit::renovation(
            "PM-20261123-AAAAAA",
            app(Scope::Standard),
            &r,
            act("2026-11-23"),
        )
        .unwrap();
        for role in r.approval_chain.clone() {
            p.decide(act("2026-11-24"), &r, &role, true, None).unwrap();
        }
        (p, r)
    }

    #[test]
    fn the_chain_signs_in_order_and_a_rejection_ends_it_until_a_revision() {
        let r = PermitRules::default();
        let mut p = Permit::renovation(
            "PM-20261123-AAAAAA",
            app(Scope::Standard),
            &r,
            act("2026-11-23"),
        )
        .unwrap();
        let e = p
            .decide(act("2026-11-23"), &r, "manager", true, None)
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("the desk-clerk signs next, not the manager"),
            "{}",
            e.to_string()
        );
        p.decide(act("2026-11-23"), &r, "desk-clerk", true, None)
            .unwrap();
        assert!(
            p.decide(act("2026-11-23"), &r, "engineering-supervisor", false, None)
                .is_err()
        );
        p.decide(
            act("2026-11-23"),
            &r,
            "engineering-supervisor",
            false,
            Some("图纸未标明承重墙"),
        )
        .unwrap();
        assert_eq!(p.status, Status::Rejected);
        assert!(
            p.decide(act("2026-11-23"), &r, "security-supervisor", true, None)
                .is_err()
        );
        p.revise(act("2026-11-24"), Some("隔断避开承重墙")).unwrap();
        assert_eq!(p.next_signer(&r), Some("desk-clerk"));
        for role in r.approval_chain.clone() {
            p.decide(act("2026-11-25"), &r, &role, true, None).unwrap();
        }
        assert_eq!(p.status, Status::Approved);
        assert_eq!(p.renovation.as_ref().unwrap().round, 2);
    }

    #[test]
    fn issue_needs_everything_and_validity_is_at_most_three_months() {
        let (mut p, r) = approved();
        let e = p
            .issue(
                act("2026-11-25"),
                &r,
                &["document not received: drawings".into()],
                None,
            )
            .unwrap_err();
        assert!(e.to_string().contains("drawings"), "{}", e.to_string());
        let e = p
            .issue(
                act("2026-11-25"),
                &r,
                &[],
                Some("2027-03-01".parse().unwrap()),
            )
            .unwrap_err();
        assert!(
            e.to_string().contains("until 2027-02-28 at the latest"),
            "{}",
            e.to_string()
        );
        p.issue(act("2026-11-25"), &r, &[], None).unwrap();
        let v = p.renovation.as_ref().unwrap();
        assert_eq!(
            (
                v.valid_from.unwrap().to_string(),
                v.valid_until.unwrap().to_string()
            ),
            ("2026-12-01".into(), "2027-01-31".into())
        );
        assert!(!p.works_allowed_on("2026-11-30".parse().unwrap()));
        assert!(p.works_allowed_on("2026-12-01".parse().unwrap()));
    }

    #[test]
    fn a_violation_suspends_until_rectified_and_extension_is_refused_after_expiry() {
        let (mut p, r) = approved();
        p.issue(act("2026-11-25"), &r, &[], None).unwrap();
        let no = p
            .violation(
                act("2026-12-03"),
                "午休时间电钻施工",
                "2026-12-05".parse().unwrap(),
                Some("200.00".parse().unwrap()),
            )
            .unwrap();
        assert_eq!(p.status, Status::Suspended);
        assert!(!p.works_allowed_on("2026-12-04".parse().unwrap()));
        assert!(
            p.apply_completion(act("2026-12-04"), &r, "2026-12-10".parse().unwrap())
                .is_err()
        );
        p.rectified(act("2026-12-05"), no).unwrap();
        assert_eq!(p.status, Status::Issued);
        p.extend(act("2027-01-20"), &r, "2027-02-28".parse().unwrap())
            .unwrap();
        let e = p
            .extend(act("2027-03-01"), &r, "2027-03-31".parse().unwrap())
            .unwrap_err();
        assert!(
            e.to_string().contains("expired on 2027-02-28"),
            "{}",
            e.to_string()
        );
        assert!(p.expired_on("2027-03-01".parse().unwrap()));
    }

    #[test]
    fn completion_is_applied_for_three_days_ahead_and_passes_must_add_up() {
        let (mut p, r) = approved();
        p.issue(act("2026-11-25"), &r, &[], None).unwrap();
        let e = p
            .apply_completion(act("2027-01-20"), &r, "2027-01-22".parse().unwrap())
            .unwrap_err();
        assert!(
            e.to_string().contains("2027-01-23 at the earliest"),
            "{}",
            e.to_string()
        );
        p.apply_completion(act("2027-01-20"), &r, "2027-01-23".parse().unwrap())
            .unwrap();
        p.accept(
            act("2027-01-23"),
            false,
            "地面未清理",
            Some("2027-01-25".parse().unwrap()),
        )
        .unwrap();
        assert_eq!(p.status, Status::Suspended);
        p.rectified(act("2027-01-25"), 1).unwrap();
        p.apply_completion(act("2027-01-25"), &r, "2027-01-28".parse().unwrap())
            .unwrap();
        p.accept(act("2027-01-28"), true, "验收合格", None).unwrap();
        assert!(p.return_passes(act("2027-01-28"), 3, 1).is_err());
        p.return_passes(act("2027-01-28"), 4, 1).unwrap();
        p.close(act("2027-01-28"), "refunded".into()).unwrap();
        assert_eq!(p.status, Status::Closed);
    }

    #[test]
    fn hot_work_needs_the_hot_work_scope_a_working_day_of_the_permit_and_a_window() {
        let r = PermitRules::default();
        let mut a = app(Scope::Standard);
        a.hot_work = true;
        let mut p = Permit::renovation("PM-20261123-AAAAAA", a, &r, act("2026-11-23")).unwrap();
        for role in r.approval_chain.clone() {
            p.decide(act("2026-11-24"), &r, &role, true, None).unwrap();
        }
        p.issue(act("2026-11-25"), &r, &[], None).unwrap();
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").unwrap();
        assert!(
            p.hot_work(
                act("2026-11-25"),
                "2026-11-30".parse().unwrap(),
                t("14:00"),
                t("16:00"),
                "焊接",
                "保安-钱"
            )
            .is_err()
        );
        assert!(
            p.hot_work(
                act("2026-12-02"),
                "2026-12-02".parse().unwrap(),
                t("16:00"),
                t("14:00"),
                "焊接",
                "保安-钱"
            )
            .is_err()
        );
        assert_eq!(
            p.hot_work(
                act("2026-12-02"),
                "2026-12-02".parse().unwrap(),
                t("14:00"),
                t("16:00"),
                "焊接",
                "保安-钱"
            )
            .unwrap(),
            1
        );
        let (mut q, _) = approved();
        q.issue(act("2026-11-25"), &r, &[], None).unwrap();
        assert!(
            q.hot_work(
                act("2026-12-02"),
                "2026-12-02".parse().unwrap(),
                t("14:00"),
                t("16:00"),
                "焊接",
                "x"
            )
            .is_err()
        );
    }
}
