//! The move-out record (`moveouts/<YYYY>/<ID>.yaml`): the written notice and its
//! terms, the owner's consent, the goods lift and the goods exit pass, restoration,
//! the inspection against the move-in handover record, keys, cleaning, the settlement
//! statement and the refund, and what `complete` still misses.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::model::history::Entry;
use crate::model::ledger::{ChargeItem, DepositKind};
use crate::model::money::Money;
use crate::model::party::Role;
use crate::model::record::FieldProblem;
use crate::model::record::Record;
use crate::procedure::movein::{self, Condition, KeySet, Meter, MeterValue, MoveIn};
use crate::procedure::nonempty;

pub use crate::procedure::{Act, Refused};

use super::{MoveOutRules, Price};

/// Where a move-out stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    InProgress,
    /// The unit is handed back: vacant, billing stopped, leasing told. A refund may
    /// still be owed (see `refund_due`).
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
            Status::Completed => "已退租",
        }
    }
}

named_enum!(Status, "move-out status");

/// A move-out, from the written notice to the unit handed back and the refund paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveOut {
    pub id: String,
    pub unit: String,
    /// The party moving out (the unit's occupant) and whether as owner or tenant.
    pub party: String,
    pub role: Role,
    pub status: Status,
    /// The day the written notice (退租通知单) was given.
    pub notice_date: NaiveDate,
    /// The move-out date: fees are billed up to and including it.
    pub date: NaiveDate,
    /// The party's move-in into this unit: its handover record is the baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub movein: Option<String>,
    /// The lease's end, when known: a move-out before it terminates the lease early.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease_end: Option<NaiveDate>,
    /// Notice shorter than `[moveout] notice_days`: why, and the manager who approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_notice: Option<Approval>,
    /// Early termination of the lease: the agreement (解约协议书) and who approved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination: Option<Termination>,
    /// A tenant's move-out: the owner's written consent, who signed it for the owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_consent: Option<Signed>,
    /// The goods lift booked (货梯).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lift: Option<Lift>,
    /// The goods exit pass, a permit ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_exit: Option<String>,
    /// The lease requires the unit restored to its original state.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub restoration_required: bool,
    /// The renovation permit of the restoration works.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restoration: Option<String>,
    /// Restoration done by the office at the party's cost, charged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restoration_costs: Vec<Cost>,
    /// The move-out inspection against the move-in handover record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspection: Option<Inspection>,
    /// Damages found (and keys not returned), priced and charged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub damages: Vec<Cost>,
    /// Keys returned to security.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<KeysBack>,
    /// Cleaning arranged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cleaning: Option<Cleaning>,
    /// The settlement statement (费用结算说明), as settled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlement: Option<Settlement>,
    /// The refund paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund: Option<Refund>,
    /// Still owed after the deposits, carried as a debt at completion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debt: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<NaiveDate>,
    pub history: Vec<Entry>,
}

impl Record for MoveOut {
    const DIR: &'static str = "moveouts";
    const WHAT: &'static str = "move-out";
    const DEPTH: u32 = 1;
    fn id(&self) -> &str {
        &self.id
    }
    fn unit(&self) -> Option<&str> {
        Some(&self.unit)
    }
    /// `moveouts/<YYYY>/<ID>.yaml`.
    fn rel_path(id: &str) -> PathBuf {
        crate::model::record::dated_path(Self::DIR, id, false)
    }
}

/// A manager's approval of short notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub reason: String,
    pub approved_by: String,
}

/// An early termination agreement and its approval (特殊情况经总经理批准).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Termination {
    pub agreement: String,
    pub approved_by: String,
}

/// Signed by whom, on what day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signed {
    pub by: String,
    pub date: NaiveDate,
}

/// A goods lift booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lift {
    pub date: NaiveDate,
    pub from: NaiveTime,
    pub to: NaiveTime,
}

impl Lift {
    pub fn overlaps(&self, other: &Lift) -> bool {
        self.date == other.date && self.from < other.to && other.from < self.to
    }
}

impl std::fmt::Display for Lift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}–{}",
            self.date,
            self.from.format("%H:%M"),
            self.to.format("%H:%M")
        )
    }
}

/// Something charged: damage, keys not returned, restoration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    pub item: String,
    pub description: String,
    pub amount: Money,
    /// The ledger entry of the charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<u32>,
}

/// The move-out inspection (退租验房).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    pub date: NaiveDate,
    pub attendees: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meters: Vec<MeterLine>,
    pub facilities: Vec<FacilityLine>,
}

/// A meter at move-out: the last reading billed, the reading now, the energy charged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeterLine {
    pub meter: Meter,
    pub last: MeterValue,
    pub reading: MeterValue,
    pub price: Price,
    pub amount: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<u32>,
}

impl MeterLine {
    pub fn used(&self) -> MeterValue {
        MeterValue::from_thousandths(self.reading.thousandths() - self.last.thousandths())
    }
}

/// A facility at move-out against its state at move-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacilityLine {
    pub item: String,
    /// Its condition on the move-in handover record (none: no record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_movein: Option<Condition>,
    pub condition: Condition,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl FacilityLine {
    /// Worse than at move-in: a difference the party answers for.
    pub fn damaged(&self) -> bool {
        self.condition == Condition::Defect && self.at_movein != Some(Condition::Defect)
    }
}

/// Keys returned to security, against those handed over at move-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeysBack {
    pub sets: Vec<KeySet>,
    /// Handed over at move-in (none: no move-in record).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expected: Vec<KeySet>,
    pub received_by: String,
    pub date: NaiveDate,
}

impl KeysBack {
    pub fn count(&self) -> u32 {
        self.sets.iter().map(|s| s.count).sum()
    }

    /// Each kind with fewer returned than handed over: (kind, handed over, returned).
    pub fn short(&self) -> Vec<(String, u32, u32)> {
        key_shortfall(&self.expected, &self.sets)
    }
}

/// The kinds of `expected` with fewer `returned`: (kind, handed over, returned).
pub fn key_shortfall(expected: &[KeySet], returned: &[KeySet]) -> Vec<(String, u32, u32)> {
    expected
        .iter()
        .filter_map(|e| {
            let back = returned
                .iter()
                .find(|r| r.kind == e.kind)
                .map_or(0, |r| r.count);
            (back < e.count).then(|| (e.kind.clone(), e.count, back))
        })
        .collect()
}

/// Cleaning arranged (安排保洁).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cleaning {
    pub with: String,
    pub date: NaiveDate,
}

/// The settlement statement (费用结算说明) as settled: deposits held, less everything
/// owed, gives the refund or what is still owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settlement {
    pub date: NaiveDate,
    /// The day the unit was accepted back: the refund deadline counts from it.
    pub accepted: NaiveDate,
    /// Fees are billed through this day.
    pub billed_through: NaiveDate,
    /// Deposits held before settling.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deposits: Vec<Held>,
    /// Paid in advance and unused.
    pub credit: Money,
    /// Every charge still owed, by section; first the billing put right to the
    /// move-out date (section billing: charges added, credits negative), shown only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Line>,
    /// Deposits applied to what was owed.
    #[serde(default)]
    pub applied: Money,
    /// What the office pays back (deposits left and credit).
    pub refund: Money,
    /// What the party still owes.
    pub owed: Money,
    /// The refund falls due on this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_due: Option<NaiveDate>,
    /// The ledger entries the settlement posted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<u32>,
}

/// A deposit held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Held {
    pub kind: DepositKind,
    pub amount: Money,
}

/// The sections of the statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// Fees and other charges outstanding.
    Fees,
    /// The final energy charges.
    Energy,
    Damage,
    Restoration,
    /// A billing correction (shown, already in the fees).
    Billing,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::Fees,
        Section::Energy,
        Section::Damage,
        Section::Restoration,
        Section::Billing,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Fees => "fees",
            Section::Energy => "energy",
            Section::Damage => "damage",
            Section::Restoration => "restoration",
            Section::Billing => "billing",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Section::Fees => "欠缴费用",
            Section::Energy => "能源费结算",
            Section::Damage => "损坏赔偿",
            Section::Restoration => "恢复原状费用",
            Section::Billing => "计费调整",
        }
    }
}

named_enum!(Section, "statement section");

/// A statement line: a ledger entry, what it charged and what of it is still owed
/// (for billing: charged or credited, credits negative, and nothing owed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub section: Section,
    pub entry: u32,
    pub text: String,
    pub charged: Money,
    /// Still owed: what the deposits and credit are netted against.
    pub amount: Money,
}

impl Settlement {
    pub fn held(&self) -> Money {
        Money::from_minor(self.deposits.iter().map(|d| d.amount.minor()).sum())
    }

    /// What is owed in one section.
    pub fn total(&self, section: Section) -> Money {
        Money::from_minor(
            self.lines
                .iter()
                .filter(|l| l.section == section)
                .map(|l| l.amount.minor())
                .sum(),
        )
    }

    /// Everything owed.
    pub fn owed_total(&self) -> Money {
        Money::from_minor(
            self.lines
                .iter()
                .filter(|l| l.section != Section::Billing)
                .map(|l| l.amount.minor())
                .sum(),
        )
    }

    /// Deposits and credit less everything owed: positive a refund, negative owed.
    pub fn net(&self) -> Money {
        Money::from_minor(self.held().minor() + self.credit.minor() - self.owed_total().minor())
    }
}

/// The refund paid (退还押金).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refund {
    pub date: NaiveDate,
    pub amount: Money,
    pub entries: Vec<u32>,
}

/// The events of a move-out's history.
pub mod event {
    pub const NOTIFIED: &str = "notified";
    pub const RESCHEDULED: &str = "rescheduled";
    pub const CONSENT: &str = "consent";
    pub const LIFT_BOOKED: &str = "lift-booked";
    pub const EXIT_PASS: &str = "exit-pass";
    pub const RESTORATION: &str = "restoration";
    pub const INSPECTED: &str = "inspected";
    pub const KEYS_RETURNED: &str = "keys-returned";
    pub const CLEANING: &str = "cleaning";
    pub const SETTLED: &str = "settled";
    pub const COMPLETED: &str = "completed";
    pub const REFUNDED: &str = "refunded";
    pub const ALL: &[&str] = &[
        NOTIFIED,
        RESCHEDULED,
        CONSENT,
        LIFT_BOOKED,
        EXIT_PASS,
        RESTORATION,
        INSPECTED,
        KEYS_RETURNED,
        CLEANING,
        SETTLED,
        COMPLETED,
        REFUNDED,
    ];
}

/// The written notice as typed at the desk.
#[derive(Debug, Clone)]
pub struct Notice {
    pub unit: String,
    pub party: String,
    pub role: Role,
    pub notice_date: NaiveDate,
    pub date: NaiveDate,
    pub lease_end: Option<NaiveDate>,
    pub movein: Option<String>,
    pub restoration_required: bool,
    pub terms: Terms,
}

/// What may make a move-out date allowed: a short-notice approval and an early
/// termination agreement.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    pub short_reason: Option<String>,
    pub short_approved_by: Option<String>,
    pub agreement: Option<String>,
    pub agreement_approved_by: Option<String>,
}

/// The short-notice approval and termination agreement a move-out date needs, or why
/// it is refused: notice fewer than `notice_days` ahead needs a reason and a manager;
/// a date before the lease's end needs the termination agreement and its approver.
pub fn check_terms(
    rules: &MoveOutRules,
    notice_date: NaiveDate,
    date: NaiveDate,
    lease_end: Option<NaiveDate>,
    t: &Terms,
) -> Result<(Option<Approval>, Option<Termination>), Refused> {
    if date < notice_date {
        return Err(Refused::Said(format!(
            "the move-out date {date} is before the notice date {notice_date}"
        )));
    }
    let given = (date - notice_date).num_days();
    let clean = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let short = if given < i64::from(rules.notice_days) {
        match (clean(&t.short_reason), clean(&t.short_approved_by)) {
            (Some(reason), Some(approved_by)) => Some(Approval {
                reason,
                approved_by,
            }),
            _ => {
                return Err(Refused::Said(format!(
                    "notice given {given} day(s) before the move-out date {date}; the office needs {} (提前{}天书面通知): short notice needs a reason and a manager's approval (--short-reason TEXT --approved-by MANAGER)",
                    rules.notice_days, rules.notice_days
                )));
            }
        }
    } else {
        if t.short_reason.is_some() || t.short_approved_by.is_some() {
            return Err(Refused::Said(format!(
                "notice given {given} days ahead is not short (the office needs {}): drop --short-reason and --approved-by",
                rules.notice_days
            )));
        }
        None
    };
    let termination = match lease_end {
        Some(end) if date < end => match (clean(&t.agreement), clean(&t.agreement_approved_by)) {
            (Some(agreement), Some(approved_by)) => Some(Termination {
                agreement,
                approved_by,
            }),
            _ => {
                return Err(Refused::Said(format!(
                    "the lease runs to {end}: moving out on {date} terminates it early, which needs the termination agreement (解约协议书) and its approval (--agreement REF --agreement-approved-by NAME)"
                )));
            }
        },
        _ => {
            if t.agreement.is_some() || t.agreement_approved_by.is_some() {
                return Err(Refused::Said(match lease_end {
                    Some(end) => format!(
                        "the lease runs to {end}: moving out on {date} is not early, so there is no termination agreement"
                    ),
                    None => "the lease end is not known (give --lease-end): a termination agreement is for a move-out before it".to_string(),
                }));
            }
            None
        }
    };
    Ok((short, termination))
}

/// What the rest of the office says about a move-out, for [`MoveOut::missing`].
#[derive(Debug, Clone, Default)]
pub struct Around {
    /// The goods exit pass's status.
    pub goods_exit: Option<crate::procedure::permit::Status>,
    /// The restoration permit's status and the day it was accepted.
    pub restoration: Option<(crate::procedure::permit::Status, Option<NaiveDate>)>,
    /// The unit's permits still holding deposits: (id, kind, how to settle it).
    pub permits_holding: Vec<(String, String, String)>,
}

impl Around {
    /// What the rest of the office says about `m`, from the office's permits: its
    /// goods exit pass, its restoration permit and the day it was accepted, and the
    /// unit's issued permits still holding deposits.
    pub fn of(
        m: &MoveOut,
        permits: &[crate::procedure::permit::Permit],
        rules: &crate::procedure::permit::PermitRules,
    ) -> Around {
        use crate::procedure::permit::{self, Kind as PermitKind};
        let get = |id: &Option<String>| {
            id.as_ref()
                .and_then(|id| permits.iter().find(|p| &p.id == id))
        };
        let goods_exit = get(&m.goods_exit).map(|p| p.status());
        let restoration = get(&m.restoration).map(|p| {
            let accepted = p
                .renovation()
                .and_then(|r| r.acceptances.iter().rev().find(|a| a.passed))
                .map(|a| a.date);
            (p.status(), accepted)
        });
        let permits_holding = permits
            .iter()
            .filter(|p| {
                p.unit == m.unit
                    && p.status() != permit::Status::Closed
                    && p.status() != permit::Status::Rejected
                    && !p.required_deposits(rules).is_empty()
                    && p.history
                        .iter()
                        .any(|e| e.event == permit::Event::Issued.as_str())
            })
            .map(|p| {
                let how = match p.kind() {
                    PermitKind::AccessCard => {
                        format!("return the cards: propdesk permit return {}", p.id)
                    }
                    _ => format!("settle it: propdesk permit refund {}", p.id),
                };
                (p.id.clone(), p.kind().to_string(), how)
            })
            .collect();
        Around {
            goods_exit,
            restoration,
            permits_holding,
        }
    }
}

impl MoveOut {
    /// Opens a move-out from the written notice, checking its terms.
    pub fn new(id: &str, n: Notice, rules: &MoveOutRules, act: Act) -> Result<MoveOut, Refused> {
        if n.role == Role::Contractor {
            return Err(Refused::Said(
                "a contractor does not move out: the occupant moves out as owner or tenant".into(),
            ));
        }
        if n.notice_date > act.today {
            return Err(Refused::Said(format!(
                "the notice date {} is after today: record a notice once given",
                n.notice_date
            )));
        }
        let (short, termination) =
            check_terms(rules, n.notice_date, n.date, n.lease_end, &n.terms)?;
        let mut note = format!(
            "{} moves out of {} on {} (notice {})",
            n.party, n.unit, n.date, n.notice_date
        );
        if let Some(s) = &short {
            note.push_str(&format!(
                "; short notice approved by {}: {}",
                s.approved_by, s.reason
            ));
        }
        if let Some(t) = &termination {
            note.push_str(&format!(
                "; early termination, agreement {} approved by {}",
                t.agreement, t.approved_by
            ));
        }
        Ok(MoveOut {
            id: id.to_string(),
            unit: n.unit,
            party: n.party,
            role: n.role,
            status: Status::InProgress,
            notice_date: n.notice_date,
            date: n.date,
            movein: n.movein,
            lease_end: n.lease_end,
            short_notice: short,
            termination,
            owner_consent: None,
            lift: None,
            goods_exit: None,
            restoration_required: n.restoration_required,
            restoration: None,
            restoration_costs: Vec::new(),
            inspection: None,
            damages: Vec::new(),
            keys: None,
            cleaning: None,
            settlement: None,
            refund: None,
            debt: None,
            completed: None,
            history: vec![Entry::new(act.at, act.by, event::NOTIFIED, Some(note))],
        })
    }

    /// Refuses a step on a completed move-out.
    pub fn open(&self) -> Result<(), Refused> {
        if self.status == Status::Completed {
            return Err(Refused::Said(format!(
                "move-out {} was completed on {}",
                self.id,
                self.completed.map(|d| d.to_string()).unwrap_or_default()
            )));
        }
        Ok(())
    }

    fn unsettled(&self, what: &str) -> Result<(), Refused> {
        self.open()?;
        if let Some(s) = &self.settlement {
            return Err(Refused::Said(format!(
                "move-out {} was settled on {}: {what} would change the statement",
                self.id, s.date
            )));
        }
        Ok(())
    }

    fn log(&mut self, act: Act, event: &str, note: String) {
        self.history
            .push(Entry::new(act.at, act.by, event, Some(note)));
    }

    /// A new move-out date, its terms checked again; the lift must be booked again.
    pub fn reschedule(
        &mut self,
        act: Act,
        rules: &MoveOutRules,
        date: NaiveDate,
        terms: &Terms,
    ) -> Result<(), Refused> {
        self.unsettled("a new date")?;
        if date == self.date {
            return Err(Refused::Said(format!(
                "the move-out date is already {date}"
            )));
        }
        if date < act.today {
            return Err(Refused::Said(format!("{date} is past")));
        }
        if self.inspection.is_some() {
            return Err(Refused::Said(format!(
                "move-out {} was inspected on its date: the date cannot move now",
                self.id
            )));
        }
        if let Some(p) = &self.goods_exit {
            return Err(Refused::Said(format!(
                "the goods exit pass {p} is made out for {}: the date cannot move now",
                self.lift.map_or(self.date, |l| l.date)
            )));
        }
        let (short, termination) =
            check_terms(rules, self.notice_date, date, self.lease_end, terms)?;
        let note = format!("{} → {date}", self.date);
        self.date = date;
        self.short_notice = short;
        self.termination = termination;
        if self.lift.is_some_and(|l| l.date != date) {
            self.lift = None;
        }
        self.log(act, event::RESCHEDULED, note);
        Ok(())
    }

    /// The owner's written consent to a tenant's move-out (业主书面同意).
    pub fn consent(&mut self, act: Act, signed_by: &str) -> Result<(), Refused> {
        self.open()?;
        if self.role != Role::Tenant {
            return Err(Refused::Said(format!(
                "{} moves out as {}: only a tenant needs the owner's consent",
                self.party, self.role
            )));
        }
        if let Some(c) = &self.owner_consent {
            return Err(Refused::Said(format!(
                "the owner's consent was recorded on {} ({})",
                c.date, c.by
            )));
        }
        let by = nonempty("who signed for the owner (--signed-by)", signed_by)?;
        self.owner_consent = Some(Signed {
            by: by.clone(),
            date: act.today,
        });
        self.log(act, event::CONSENT, by);
        Ok(())
    }

    /// Books the goods lift; `taken` are the other move-outs' bookings.
    pub fn book_lift(
        &mut self,
        act: Act,
        lift: Lift,
        taken: &[(String, Lift)],
    ) -> Result<(), Refused> {
        self.open()?;
        if lift.to <= lift.from {
            return Err(Refused::Said(format!(
                "the lift booking ends at {} before it starts at {}",
                lift.to.format("%H:%M"),
                lift.from.format("%H:%M")
            )));
        }
        if lift.date < act.today {
            return Err(Refused::Said(format!("{} is past", lift.date)));
        }
        if lift.date > self.date {
            return Err(Refused::Said(format!(
                "the goods lift is for moving out: {} is after the move-out date {}",
                lift.date, self.date
            )));
        }
        if let Some(g) = &self.goods_exit {
            return Err(Refused::Said(format!(
                "the goods exit pass {g} is issued for the booked lift: the booking cannot change"
            )));
        }
        if let Some((other, l)) = taken.iter().find(|(_, l)| l.overlaps(&lift)) {
            return Err(Refused::Said(format!(
                "the goods lift is booked {l} for move-out {other}: choose another time"
            )));
        }
        self.lift = Some(lift);
        self.log(act, event::LIFT_BOOKED, lift.to_string());
        Ok(())
    }

    /// Whether a goods exit pass may be made now: the lift booked, and a tenant's
    /// owner consent in hand.
    pub fn may_issue_exit_pass(&self) -> Result<Lift, Refused> {
        self.open()?;
        if let Some(g) = &self.goods_exit {
            return Err(Refused::Said(format!(
                "move-out {} has its goods exit pass: {g}",
                self.id
            )));
        }
        if self.role == Role::Tenant && self.owner_consent.is_none() {
            return Err(Refused::Said(format!(
                "the goods leave with the owner's written consent: record it first (propdesk moveout consent {} --signed-by NAME)",
                self.id
            )));
        }
        self.lift.ok_or_else(|| {
            Refused::Said(format!(
                "book the goods lift first: the pass is for its date (propdesk moveout lift {} --day DATE --time HH:MM-HH:MM)",
                self.id
            ))
        })
    }

    /// Issues the goods exit pass for the booked lift: a goods-exit permit `pid` for
    /// the lift's day and slot, applied for by the occupant (the tenant side when a
    /// tenant moves out), noted on the move-out.
    pub fn issue_exit_pass(
        &mut self,
        act: Act,
        pid: &str,
        items: &[String],
    ) -> Result<crate::procedure::permit::Permit, Refused> {
        let booking = self.may_issue_exit_pass()?;
        let mut p = crate::procedure::permit::Permit::new_goods_exit(
            pid,
            &self.unit,
            &self.party,
            items,
            booking.date,
            act,
        )?;
        if let Some(g) = p.goods_exit_mut() {
            g.moveout = Some(self.id.clone());
            g.lift = Some(format!(
                "{}–{}",
                booking.from.format("%H:%M"),
                booking.to.format("%H:%M")
            ));
        }
        p.tenant_applicant = self.role == Role::Tenant;
        let count = p.goods_exit().map_or(0, |g| g.items.len());
        self.exit_pass(act, pid, count)?;
        Ok(p)
    }

    /// Links the goods exit pass made for this move-out.
    pub fn exit_pass(&mut self, act: Act, permit: &str, items: usize) -> Result<(), Refused> {
        self.may_issue_exit_pass()?;
        self.goods_exit = Some(permit.to_string());
        self.log(act, event::EXIT_PASS, format!("{permit}: {items} item(s)"));
        Ok(())
    }

    /// Links the restoration works' renovation permit.
    pub fn link_restoration(&mut self, act: Act, permit: &str) -> Result<(), Refused> {
        self.unsettled("restoration")?;
        if !self.restoration_required {
            return Err(Refused::Said(format!(
                "move-out {} does not require restoration (the lease did not say so at notice: --restore)",
                self.id
            )));
        }
        if let Some(p) = &self.restoration {
            return Err(Refused::Said(format!("the restoration permit is {p}")));
        }
        self.restoration = Some(permit.to_string());
        self.log(act, event::RESTORATION, format!("permit {permit}"));
        Ok(())
    }

    /// A restoration cost charged to the party (the office restored at its cost).
    pub fn restoration_cost(&mut self, act: Act, cost: Cost) -> Result<(), Refused> {
        self.unsettled("a restoration cost")?;
        if !self.restoration_required {
            return Err(Refused::Said(format!(
                "move-out {} does not require restoration",
                self.id
            )));
        }
        self.log(
            act,
            event::RESTORATION,
            format!("{}: {}", cost.description, cost.amount),
        );
        self.restoration_costs.push(cost);
        Ok(())
    }

    /// The move-out inspection: every meter of the unit's use read (energy priced
    /// from the last readings), every facility of the move-in handover record compared,
    /// each damage described and priced. Returns nothing; the caller charges the
    /// energy and damages and records the entries with [`MoveOut::charged`].
    #[allow(clippy::too_many_arguments)]
    pub fn inspect(
        &mut self,
        act: Act,
        rules: &MoveOutRules,
        checklist: &[String],
        meters: &[Meter],
        baseline: Option<&MoveIn>,
        attendees: &[String],
        readings: &[(Meter, MeterValue)],
        last: &[(Meter, MeterValue)],
        damages: &[(String, String, Money)],
        restoration_accepted: bool,
    ) -> Result<(), Refused> {
        self.unsettled("an inspection")?;
        if let Some(i) = &self.inspection {
            return Err(Refused::Said(format!(
                "move-out {} was inspected on {}",
                self.id, i.date
            )));
        }
        if self.restoration_required && !restoration_accepted && self.restoration_costs.is_empty() {
            return Err(Refused::Said(match &self.restoration {
                None => format!(
                    "the lease requires restoration: link its renovation permit first (propdesk moveout restore {} --permit PM-ID) and inspect once it is accepted, or charge the office's restoration (--cost AMOUNT --for TEXT)",
                    self.id
                ),
                Some(p) => format!(
                    "the restoration works ({p}) are not accepted yet: inspect once they are (propdesk permit accept {p})"
                ),
            }));
        }
        let mut who: Vec<String> = Vec::new();
        for a in attendees.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
            if !who.iter().any(|x| x == a) {
                who.push(a.to_string());
            }
        }
        if who.is_empty() {
            return Err(Refused::Said(
                "name who attended (--attendee, once each: engineering, security, the tenant)"
                    .into(),
            ));
        }
        let before = baseline.and_then(|m| m.inspection.as_ref());
        let mut lines = Vec::new();
        for m in meters {
            let Some((_, reading)) = readings.iter().find(|(r, _)| r == m) else {
                return Err(Refused::Said(format!(
                    "the {m} meter was not read: --meter {m}=READING (this unit has {})",
                    meters
                        .iter()
                        .map(|m| m.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            };
            let from = last
                .iter()
                .find(|(r, _)| r == m)
                .map(|(_, v)| *v)
                .or_else(|| {
                    before.and_then(|i| i.meters.iter().find(|r| r.meter == *m).map(|r| r.reading))
                });
            let Some(from) = from else {
                return Err(Refused::Said(format!(
                    "no last reading of the {m} meter: the move-in record has none; give the last reading billed (--last {m}=READING)"
                )));
            };
            if *reading < from {
                return Err(Refused::Said(format!(
                    "the {m} meter reads {reading}, less than the last reading {from}"
                )));
            }
            let used = MeterValue::from_thousandths(reading.thousandths() - from.thousandths());
            let price = rules.energy_prices.get(*m);
            let amount = price.times(used).ok_or_else(|| {
                Refused::Said(format!("the {m} meter's use {used} is too large to price"))
            })?;
            lines.push(MeterLine {
                meter: *m,
                last: from,
                reading: *reading,
                price,
                amount,
                entry: None,
            });
        }
        for (i, (r, _)) in readings.iter().enumerate() {
            if !meters.contains(r) {
                return Err(Refused::Said(format!("this unit has no {r} meter")));
            }
            if readings[..i].iter().any(|(x, _)| x == r) {
                return Err(Refused::Said(format!(
                    "the {r} meter is read twice: give one reading"
                )));
            }
        }
        for (r, _) in last {
            if !meters.contains(r) {
                return Err(Refused::Said(format!("this unit has no {r} meter")));
            }
        }
        // The checklist: the move-in handover record's, else the office's for the use.
        let items: Vec<(String, Option<Condition>)> = match before {
            Some(i) => i
                .facilities
                .iter()
                .map(|f| (f.item.clone(), Some(f.condition)))
                .collect(),
            None => checklist.iter().map(|i| (i.clone(), None)).collect(),
        };
        for (i, (item, description, amount)) in damages.iter().enumerate() {
            if damages[..i].iter().any(|(x, _, _)| x == item) {
                return Err(Refused::Said(format!(
                    "{item} is named twice: describe its damage in one --damage"
                )));
            }
            if !items.iter().any(|(x, _)| x == item) {
                return Err(Refused::Said(format!(
                    "{item:?} is not on the handover checklist: expected one of {}",
                    items
                        .iter()
                        .map(|(x, _)| x.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            if description.trim().is_empty() {
                return Err(Refused::Said(format!("describe the damage to {item}")));
            }
            if amount.minor() <= 0 {
                return Err(Refused::Said(format!(
                    "the damage to {item} needs a price more than 0 (--price {item}=AMOUNT); wear and tear is not a damage"
                )));
            }
            if items
                .iter()
                .any(|(x, at)| x == item && *at == Some(Condition::Defect))
            {
                return Err(Refused::Said(format!(
                    "{item} was already defective at move-in (the handover record): it is not the party's damage"
                )));
            }
        }
        let facilities = items
            .iter()
            .map(|(item, at)| {
                let d = damages.iter().find(|(i, _, _)| i == item);
                FacilityLine {
                    item: item.clone(),
                    at_movein: *at,
                    condition: if d.is_some() || *at == Some(Condition::Defect) {
                        Condition::Defect
                    } else {
                        Condition::Ok
                    },
                    note: d.map(|(_, t, _)| t.trim().to_string()),
                }
            })
            .collect();
        self.inspection = Some(Inspection {
            date: act.today,
            attendees: who.clone(),
            meters: lines,
            facilities,
        });
        for (item, description, amount) in damages {
            self.damages.push(Cost {
                item: item.clone(),
                description: description.trim().to_string(),
                amount: *amount,
                entry: None,
            });
        }
        let energy: i64 = self
            .inspection
            .as_ref()
            .map_or(0, |i| i.meters.iter().map(|m| m.amount.minor()).sum());
        let note = format!(
            "{}; energy {}; {} damage(s)",
            who.join(", "),
            Money::from_minor(energy),
            damages.len()
        );
        self.log(act, event::INSPECTED, note);
        Ok(())
    }

    /// Keys returned to security against those handed over at move-in; fewer need the
    /// missing keys priced (`charge`), which becomes a damage to charge.
    pub fn return_keys(
        &mut self,
        act: Act,
        sets: Vec<KeySet>,
        expected: &[KeySet],
        received_by: &str,
        charge: Option<Money>,
    ) -> Result<(), Refused> {
        self.unsettled("keys")?;
        if let Some(k) = &self.keys {
            return Err(Refused::Said(format!(
                "{} keys were returned on {}",
                k.count(),
                k.date
            )));
        }
        if sets.iter().any(|s| s.kind.trim().is_empty()) {
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
        let received_by = nonempty("who received them (--received-by)", received_by)?;
        let short = key_shortfall(expected, &sets);
        let words: Vec<String> = short
            .iter()
            .map(|(k, out, back)| format!("{k}: {back} of {out} returned"))
            .collect();
        match (short.is_empty(), charge) {
            (true, Some(_)) => {
                return Err(Refused::Said(
                    "every key handed over at move-in is back: there is nothing to charge".into(),
                ));
            }
            (false, None) => {
                return Err(Refused::Said(format!(
                    "keys missing against the move-in handover ({}): price them with --charge AMOUNT (charged as damage)",
                    words.join("; ")
                )));
            }
            (false, Some(amount)) if amount.minor() <= 0 => {
                return Err(Refused::Said("--charge must be more than 0".into()));
            }
            _ => {}
        }
        if sets.iter().all(|s| s.count == 0) && expected.is_empty() {
            return Err(Refused::Said(
                "no key returned: give at least one KIND=COUNT".into(),
            ));
        }
        let mut note = format!(
            "{} received by {received_by}",
            sets.iter()
                .map(|s| format!("{} x{}", s.kind, s.count))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if let Some(amount) = charge {
            note.push_str(&format!("; missing {}, charged {amount}", words.join("; ")));
            self.damages.push(Cost {
                item: "keys".into(),
                description: words.join("; "),
                amount,
                entry: None,
            });
        }
        self.keys = Some(KeysBack {
            sets,
            expected: expected.to_vec(),
            received_by,
            date: act.today,
        });
        self.log(act, event::KEYS_RETURNED, note);
        Ok(())
    }

    /// The charges the caller still has to post: (which list, index, item, amount,
    /// text), for energy, damages and restoration costs without a ledger entry.
    pub fn uncharged(
        &self,
        locale: crate::model::locale::Locale,
    ) -> Vec<(Section, usize, ChargeItem, Money, String)> {
        let mut out = Vec::new();
        if let Some(i) = &self.inspection {
            for (n, m) in i.meters.iter().enumerate() {
                if m.entry.is_none() && m.amount.minor() > 0 {
                    out.push((
                        Section::Energy,
                        n,
                        ChargeItem::Energy,
                        m.amount,
                        format!(
                            "{} {}→{} ({} × {})",
                            m.meter.label(locale),
                            m.last,
                            m.reading,
                            m.used(),
                            m.price
                        ),
                    ));
                }
            }
        }
        for (n, d) in self.damages.iter().enumerate() {
            if d.entry.is_none() {
                out.push((
                    Section::Damage,
                    n,
                    ChargeItem::Damage,
                    d.amount,
                    format!("{}: {}", movein::words(&d.item, locale), d.description),
                ));
            }
        }
        for (n, c) in self.restoration_costs.iter().enumerate() {
            if c.entry.is_none() {
                out.push((
                    Section::Restoration,
                    n,
                    ChargeItem::Restoration,
                    c.amount,
                    c.description.clone(),
                ));
            }
        }
        out
    }

    /// Records the ledger entry of a charge [`MoveOut::uncharged`] listed.
    pub fn charged(&mut self, section: Section, index: usize, entry: u32) {
        let slot = match section {
            Section::Energy => self
                .inspection
                .as_mut()
                .and_then(|i| i.meters.get_mut(index))
                .map(|m| &mut m.entry),
            Section::Damage => self.damages.get_mut(index).map(|d| &mut d.entry),
            Section::Restoration => self.restoration_costs.get_mut(index).map(|c| &mut c.entry),
            Section::Fees | Section::Billing => None,
        };
        if let Some(s) = slot {
            *s = Some(entry);
        }
    }

    /// Cleaning arranged.
    pub fn arrange_cleaning(&mut self, act: Act, with: &str) -> Result<(), Refused> {
        self.open()?;
        if let Some(c) = &self.cleaning {
            return Err(Refused::Said(format!(
                "cleaning was arranged on {} ({})",
                c.date, c.with
            )));
        }
        let with = nonempty("who cleans (--with)", with)?;
        self.cleaning = Some(Cleaning {
            with: with.clone(),
            date: act.today,
        });
        self.log(act, event::CLEANING, with);
        Ok(())
    }

    /// The day the unit was accepted back: the inspection, or the restoration's
    /// acceptance if later.
    pub fn accepted_on(&self, around: &Around) -> Option<NaiveDate> {
        let inspected = self.inspection.as_ref()?.date;
        match around.restoration {
            Some((_, Some(d))) if d > inspected => Some(d),
            _ => Some(inspected),
        }
    }

    /// What settling still needs: the unit accepted back (restoration, inspection),
    /// keys back, the unit's permits holding deposits settled.
    pub fn missing_to_settle(&self, around: &Around) -> Vec<String> {
        let mut out = Vec::new();
        if self.restoration_required {
            match (&self.restoration, around.restoration) {
                // Restored by the office at the party's cost: charged, nothing to wait for.
                (None, _) if !self.restoration_costs.is_empty() => {}
                (None, _) => out.push(format!(
                    "restoration: link the renovation permit of the works, or charge the office's (propdesk moveout restore {} --permit PM-ID | --cost AMOUNT --for TEXT)",
                    self.id
                )),
                (Some(p), Some((s, _)))
                    if s != crate::procedure::permit::Status::Accepted
                        && s != crate::procedure::permit::Status::Closed =>
                {
                    out.push(format!(
                        "restoration works {p} not accepted (it is {s}; propdesk permit accept {p})"
                    ))
                }
                _ => {}
            }
        }
        if self.inspection.is_none() {
            out.push(format!(
                "move-out inspection not done (propdesk moveout inspect {} --attendee NAME --meter METER=READING)",
                self.id
            ));
        }
        if self.keys.is_none() {
            out.push(format!(
                "keys not returned (propdesk moveout keys {} --key KIND=COUNT --received-by NAME)",
                self.id
            ));
        }
        for (id, kind, how) in &around.permits_holding {
            out.push(format!("{kind} permit {id} still holds deposits ({how})"));
        }
        out
    }

    /// Everything `complete` still needs, in the procedure's order, each line naming
    /// the item and the command that records it.
    pub fn missing(&self, around: &Around) -> Vec<String> {
        let mut out = Vec::new();
        if self.role == Role::Tenant && self.owner_consent.is_none() {
            out.push(format!(
                "owner's written consent not recorded (propdesk moveout consent {} --signed-by NAME)",
                self.id
            ));
        }
        if self.lift.is_none() {
            out.push(format!(
                "goods lift not booked (propdesk moveout lift {} --day DATE --time HH:MM-HH:MM)",
                self.id
            ));
        }
        match (&self.goods_exit, around.goods_exit) {
            (None, _) => out.push(format!(
                "no goods exit pass (propdesk moveout exit-pass {} --item ITEM)",
                self.id
            )),
            (Some(p), Some(crate::procedure::permit::Status::Applied)) => out.push(format!(
                "goods exit pass {p} not signed by the owner side, tenant side and desk (propdesk permit sign-exit {p} --side owner|tenant|desk --signed-by NAME)"
            )),
            (Some(p), Some(crate::procedure::permit::Status::Issued)) => out.push(format!(
                "goods exit pass {p} not yet taken by security as the goods leave (propdesk permit security {p} --guard NAME)"
            )),
            _ => {}
        }
        if self.settlement.is_none() {
            out.extend(self.missing_to_settle(around));
            out.push(format!("not settled (propdesk moveout settle {})", self.id));
        }
        if self.cleaning.is_none() {
            out.push(format!(
                "cleaning not arranged (propdesk moveout cleaning {} --with NAME)",
                self.id
            ));
        }
        out
    }

    /// Records the settlement.
    pub fn settled(&mut self, act: Act, s: Settlement) -> Result<(), Refused> {
        self.unsettled("settling again")?;
        let note = if s.owed.minor() > 0 {
            format!("owed {}", s.owed)
        } else {
            format!(
                "refund {}{}",
                s.refund,
                s.refund_due
                    .map_or(String::new(), |d| format!(" due by {d}"))
            )
        };
        self.settlement = Some(s);
        self.log(act, event::SETTLED, note);
        Ok(())
    }

    /// The refund still owed and its due day.
    pub fn refund_due(&self) -> Option<(Money, NaiveDate)> {
        let s = self.settlement.as_ref()?;
        if self.refund.is_some() || s.refund.minor() <= 0 {
            return None;
        }
        Some((s.refund, s.refund_due?))
    }

    /// The refund paid.
    pub fn refunded(&mut self, act: Act, entries: Vec<u32>) -> Result<Money, Refused> {
        let amount = self.may_refund()?;
        self.refund = Some(Refund {
            date: act.today,
            amount,
            entries: entries.clone(),
        });
        self.log(
            act,
            event::REFUNDED,
            format!(
                "{amount} (ledger entries {})",
                entries
                    .iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        Ok(amount)
    }

    /// The refund to pay, or why none may be paid: only after the settlement, once.
    pub fn may_refund(&self) -> Result<Money, Refused> {
        let Some(s) = &self.settlement else {
            return Err(Refused::Said(format!(
                "move-out {} is not settled: the refund is paid only after acceptance and settlement (propdesk moveout settle {})",
                self.id, self.id
            )));
        };
        if let Some(r) = &self.refund {
            return Err(Refused::Said(format!(
                "the refund of {} was paid on {}",
                r.amount, r.date
            )));
        }
        if s.refund.minor() <= 0 {
            return Err(Refused::Said(format!(
                "the settlement leaves no refund: {} is owed",
                s.owed
            )));
        }
        Ok(s.refund)
    }

    /// Completes the move-out if nothing is missing.
    pub fn complete(
        &mut self,
        act: Act,
        around: &Around,
        debt: Option<Money>,
    ) -> Result<(), Refused> {
        self.open()?;
        let missing = self.missing(around);
        if !missing.is_empty() {
            return Err(Refused::Said(format!(
                "move-out {} cannot be completed; missing:\n  - {}",
                self.id,
                missing.join("\n  - ")
            )));
        }
        let mut note = format!("{} moved out of {}", self.party, self.unit);
        if let Some(d) = debt.filter(|d| d.minor() > 0) {
            note.push_str(&format!("; debt {d} carried"));
            self.debt = Some(d);
        }
        self.status = Status::Completed;
        self.completed = Some(act.today);
        self.log(act, event::COMPLETED, note);
        Ok(())
    }

    /// What the record contradicts on its own, for `check`.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        let mut f =
            |field: &'static str, message: String| out.push(FieldProblem { field, message });
        for p in crate::procedure::completion_problems(
            "move-out",
            self.status.as_str(),
            self.status == Status::Completed,
            self.completed.is_some(),
            &self.history,
            event::ALL,
        ) {
            f(p.field, p.message);
        }
        if self.role == Role::Contractor {
            f("role", "a move-out's role is owner or tenant".into());
        }
        if self.date < self.notice_date {
            f(
                "date",
                format!(
                    "the move-out date {} is before the notice date {}",
                    self.date, self.notice_date
                ),
            );
        }
        if self.restoration.is_some() && !self.restoration_required {
            f(
                "restoration",
                "a restoration permit is linked but restoration_required is false".into(),
            );
        }
        if let Some(s) = &self.settlement {
            // Deposits and credit less everything owed: a refund, or an amount owed.
            let net = s.net();
            if s.refund.minor() - s.owed.minor() != net.minor()
                || (s.refund.minor() > 0 && s.owed.minor() > 0)
                || s.refund.is_negative()
                || s.owed.is_negative()
            {
                f(
                    "settlement",
                    format!(
                        "refund {} and owed {} do not follow from deposits {} + credit {} − owed {} = {net}",
                        s.refund,
                        s.owed,
                        s.held(),
                        s.credit,
                        s.owed_total()
                    ),
                );
            }
        }
        if self.refund.is_some() && self.settlement.is_none() {
            f("refund", "a refund without a settlement".into());
        }
        out
    }

    /// One line of what a move-out waits for.
    pub fn waiting_for(&self, around: &Around) -> String {
        if self.status == Status::Completed {
            return match self.refund_due() {
                Some((amount, due)) => format!("refund {} due by {due}", amount.grouped()),
                None => String::new(),
            };
        }
        let m = self.missing(around);
        match m.len() {
            0 => "ready to complete".to_string(),
            1 => short(&m[0]),
            n => format!("{} (+{} more)", short(&m[0]), n - 1),
        }
    }
}

/// A missing line in the words of a notice for the party: without the command, and in
/// Chinese for a zh-CN notice.
pub fn missing_words(line: &str, locale: crate::model::locale::Locale) -> String {
    let plain = short(line);
    if locale == crate::model::locale::Locale::En {
        return plain;
    }
    const ZH: &[(&str, &str)] = &[
        ("owner's written consent", "业主书面同意书"),
        ("goods lift not booked", "预约货梯"),
        ("no goods exit pass", "开具放行条"),
        ("restoration", "恢复原状及验收"),
        ("move-out inspection", "退租验房"),
        ("keys not returned", "交还钥匙"),
        ("not settled", "费用结算"),
        ("cleaning not arranged", "安排保洁"),
    ];
    if let Some((_, zh)) = ZH.iter().find(|(en, _)| plain.starts_with(en)) {
        return (*zh).to_string();
    }
    if plain.starts_with("goods exit pass") {
        return if plain.contains("security") {
            "物品出场（保安收回放行条）".to_string()
        } else {
            "放行条签字（业主方、租户方、客服中心）".to_string()
        };
    }
    if plain.contains("still holds deposits") {
        return "结清许可证押金（装修、门禁卡）".to_string();
    }
    plain
}

/// A missing line without the command that records it.
pub fn short(line: &str) -> String {
    match line.rfind(" (") {
        Some(i) if line.ends_with(')') => line[..i].to_string(),
        _ => line.to_string(),
    }
}

/// The keys handed over at move-in.
pub fn keys_handed(m: Option<&MoveIn>) -> Vec<KeySet> {
    m.and_then(|m| m.keys.as_ref())
        .map(|k| k.sets.clone())
        .unwrap_or_default()
}

/// The facility checklist of the unit's use, when there is no move-in record.
pub fn checklist(rules: &movein::MoveInRules, usage: crate::model::unit::UnitUse) -> Vec<String> {
    rules.facilities.get(usage).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn terms(short: bool, agreement: bool) -> Terms {
        Terms {
            short_reason: short.then(|| "relocating".to_string()),
            short_approved_by: short.then(|| "Mgr Lee".to_string()),
            agreement: agreement.then(|| "TA-7".to_string()),
            agreement_approved_by: agreement.then(|| "GM Ho".to_string()),
        }
    }

    #[test]
    fn notice_shorter_than_the_office_needs_takes_a_reason_and_a_manager() {
        let rules = MoveOutRules::default();
        let n = d("2026-11-10");
        // 10 days ahead is enough; 9 is short.
        assert!(check_terms(&rules, n, d("2026-11-20"), None, &terms(false, false)).is_ok());
        let e = check_terms(&rules, n, d("2026-11-19"), None, &terms(false, false)).unwrap_err();
        assert!(
            e.to_string().contains("notice given 9 day(s)"),
            "{}",
            e.to_string()
        );
        let (short, _) =
            check_terms(&rules, n, d("2026-11-19"), None, &terms(true, false)).unwrap();
        assert_eq!(short.unwrap().approved_by, "Mgr Lee");
        // An approval where none is needed is a mistake.
        assert!(check_terms(&rules, n, d("2026-11-20"), None, &terms(true, false)).is_err());
        assert!(check_terms(&rules, n, d("2026-11-09"), None, &terms(true, false)).is_err());
    }

    #[test]
    fn moving_out_before_the_lease_ends_needs_the_termination_agreement() {
        let rules = MoveOutRules::default();
        let n = d("2026-11-01");
        let end = Some(d("2027-09-30"));
        let e = check_terms(&rules, n, d("2026-11-30"), end, &terms(false, false)).unwrap_err();
        assert!(
            e.to_string().contains("terminates it early"),
            "{}",
            e.to_string()
        );
        let (_, t) = check_terms(&rules, n, d("2026-11-30"), end, &terms(false, true)).unwrap();
        assert_eq!(t.unwrap().agreement, "TA-7");
        // On the lease's last day, or with no lease end known: no agreement.
        assert!(check_terms(&rules, n, d("2027-09-30"), end, &terms(false, false)).is_ok());
        assert!(check_terms(&rules, n, d("2027-09-30"), end, &terms(false, true)).is_err());
        assert!(check_terms(&rules, n, d("2026-11-30"), None, &terms(false, true)).is_err());
    }

    #[test]
    fn keys_short_are_counted_per_kind() {
        let k = |kind: &str, count| KeySet {
            kind: kind.into(),
            count,
        };
        let out = [k("door", 2), k("mailbox", 1)];
        assert!(key_shortfall(&out, &[k("door", 2), k("mailbox", 1)]).is_empty());
        assert_eq!(
            key_shortfall(&out, &[k("door", 1), k("garage", 3)]),
            [("door".to_string(), 2, 1), ("mailbox".to_string(), 1, 0)]
        );
    }

    #[test]
    fn lift_bookings_overlap_only_on_the_same_day_and_hours() {
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").unwrap();
        let l = |day: &str, a: &str, b: &str| Lift {
            date: d(day),
            from: t(a),
            to: t(b),
        };
        let morning = l("2026-11-20", "09:00", "12:00");
        assert!(morning.overlaps(&l("2026-11-20", "11:00", "13:00")));
        assert!(!morning.overlaps(&l("2026-11-20", "12:00", "14:00")));
        assert!(!morning.overlaps(&l("2026-11-21", "09:00", "12:00")));
    }
}
