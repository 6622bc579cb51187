//! The move-out record (`moveouts/<YYYY>/<ID>.yaml`): the written notice and its
//! terms, the owner's consent, the goods lift and the goods exit pass, restoration,
//! cleaning, the refund; its parts with their own files: the inspection against the
//! move-in handover record ([`super::inspection`]), the keys ([`super::keys`]) and the
//! settlement statement ([`super::statement`]). Its history is a list of [`Event`]s;
//! [`next`] says which event may follow which [`Stage`].

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::steps::{Field, filled};
use crate::model::history::Entry;
use crate::model::money::Money;
use crate::model::party::Role;
use crate::model::record::{FieldProblem, Record};

pub use crate::procedure::{Act, Refused};

use super::MoveOutRules;
use super::inspection::Inspection;
use super::keys::KeysBack;
use super::statement::{Refund, Settlement};
use super::steps::Refusal;

/// Where a move-out stands, as the record stores it.
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

/// Where a move-out stands for its steps: in progress before or after the settlement
/// (which fixes what is charged), or completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// In progress, not settled: every step may still change the statement.
    Open,
    /// In progress and settled: nothing that changes the statement any more.
    Settled,
    Completed,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Open, Stage::Settled, Stage::Completed];
}

/// What happens to a move-out, as its history says it (`event:` of each entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    /// The written notice recorded: the move-out opened.
    Notified,
    Rescheduled,
    /// The owner's written consent.
    Consent,
    LiftBooked,
    ExitPass,
    /// The restoration works linked, or a restoration cost charged.
    Restoration,
    Inspected,
    KeysReturned,
    Cleaning,
    Settled,
    Completed,
    Refunded,
}

impl Event {
    pub const ALL: [Event; 12] = [
        Event::Notified,
        Event::Rescheduled,
        Event::Consent,
        Event::LiftBooked,
        Event::ExitPass,
        Event::Restoration,
        Event::Inspected,
        Event::KeysReturned,
        Event::Cleaning,
        Event::Settled,
        Event::Completed,
        Event::Refunded,
    ];

    /// The word in the history.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Notified => "notified",
            Event::Rescheduled => "rescheduled",
            Event::Consent => "consent",
            Event::LiftBooked => "lift-booked",
            Event::ExitPass => "exit-pass",
            Event::Restoration => "restoration",
            Event::Inspected => "inspected",
            Event::KeysReturned => "keys-returned",
            Event::Cleaning => "cleaning",
            Event::Settled => "settled",
            Event::Completed => "completed",
            Event::Refunded => "refunded",
        }
    }

    /// The event a history word names.
    pub fn parse(word: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == word)
    }
}

/// The stage a move-out is in after `event`, or `None` when the event cannot happen
/// in `stage`. The written notice makes the record; it follows no stage. What changes
/// the statement waits for nothing after the settlement; the refund follows it.
pub fn next(stage: Stage, event: Event) -> Option<Stage> {
    use Stage::{Completed, Open, Settled};
    match (stage, event) {
        (Open | Settled | Completed, Event::Notified) => None,
        (
            Open,
            Event::Rescheduled | Event::Restoration | Event::Inspected | Event::KeysReturned,
        ) => Some(Open),
        (
            Settled | Completed,
            Event::Rescheduled | Event::Restoration | Event::Inspected | Event::KeysReturned,
        ) => None,
        (Open, Event::Consent | Event::LiftBooked | Event::ExitPass | Event::Cleaning) => {
            Some(Open)
        }
        (Settled, Event::Consent | Event::LiftBooked | Event::ExitPass | Event::Cleaning) => {
            Some(Settled)
        }
        (Completed, Event::Consent | Event::LiftBooked | Event::ExitPass | Event::Cleaning) => None,
        (Open, Event::Settled) => Some(Settled),
        (Settled | Completed, Event::Settled) => None,
        (Open | Completed, Event::Completed) => None,
        (Settled, Event::Completed) => Some(Completed),
        (Open, Event::Refunded) => None,
        (Settled, Event::Refunded) => Some(Settled),
        (Completed, Event::Refunded) => Some(Completed),
    }
}

/// The steps a move-out in `stage` allows, from [`next`].
pub fn allowed(stage: Stage) -> Vec<Event> {
    Event::ALL
        .into_iter()
        .filter(|e| next(stage, *e).is_some())
        .collect()
}

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

/// A time of day booked, from and to: `09:00-12:00` as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub from: NaiveTime,
    pub to: NaiveTime,
}

impl std::str::FromStr for Slot {
    type Err = String;
    fn from_str(s: &str) -> Result<Slot, String> {
        let bad = || format!("{s:?}: expected HH:MM-HH:MM, like 09:00-12:00");
        let (a, b) = s.split_once('-').ok_or_else(bad)?;
        let t = |x: &str| NaiveTime::parse_from_str(x.trim(), "%H:%M").map_err(|_| bad());
        Ok(Slot {
            from: t(a)?,
            to: t(b)?,
        })
    }
}

impl Lift {
    /// The lift on `date` for `slot`.
    pub fn at(date: NaiveDate, slot: Slot) -> Lift {
        let Slot { from, to } = slot;
        Lift { date, from, to }
    }

    pub fn overlaps(&self, other: &Lift) -> bool {
        self.date == other.date && self.from < other.to && other.from < self.to
    }

    /// The slot, "09:00–12:00".
    pub fn slot(&self) -> String {
        format!("{}–{}", self.from.format("%H:%M"), self.to.format("%H:%M"))
    }
}

impl std::fmt::Display for Lift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.date, self.slot())
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

/// Cleaning arranged (安排保洁).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cleaning {
    pub with: String,
    pub date: NaiveDate,
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

/// What a move-out on `date`, given notice on `notice_date`, needs: a short-notice
/// approval (notice fewer than `[moveout] notice_days` ahead), and the termination
/// agreement (a date before the lease's end).
pub fn terms_needed(
    rules: &MoveOutRules,
    notice_date: NaiveDate,
    date: NaiveDate,
    lease_end: Option<NaiveDate>,
) -> (bool, bool) {
    let short = (date - notice_date).num_days() < i64::from(rules.notice_days);
    (short, lease_end.is_some_and(|end| date < end))
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
        return Err(Refusal::DateBeforeNotice { date, notice_date }.into());
    }
    let given = (date - notice_date).num_days();
    let clean = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let notice_days = rules.notice_days;
    let (short, early) = terms_needed(rules, notice_date, date, lease_end);
    let short = if short {
        match (clean(&t.short_reason), clean(&t.short_approved_by)) {
            (Some(reason), Some(approved_by)) => Some(Approval {
                reason,
                approved_by,
            }),
            _ => {
                let r = Refusal::ShortNotice {
                    given,
                    date,
                    notice_days,
                };
                return Err(r.into());
            }
        }
    } else {
        if t.short_reason.is_some() || t.short_approved_by.is_some() {
            return Err(Refusal::NotShort { given, notice_days }.into());
        }
        None
    };
    let termination = match lease_end {
        Some(end) if early => match (clean(&t.agreement), clean(&t.agreement_approved_by)) {
            (Some(agreement), Some(approved_by)) => Some(Termination {
                agreement,
                approved_by,
            }),
            _ => return Err(Refusal::EarlyTermination { end, date }.into()),
        },
        _ => {
            if t.agreement.is_some() || t.agreement_approved_by.is_some() {
                return Err(match lease_end {
                    Some(end) => Refusal::NotEarly { end, date },
                    None => Refusal::NoLeaseEnd,
                }
                .into());
            }
            None
        }
    };
    Ok((short, termination))
}

impl MoveOut {
    /// Opens a move-out from the written notice, checking its terms.
    pub fn new(id: &str, n: Notice, rules: &MoveOutRules, act: Act) -> Result<MoveOut, Refused> {
        if n.role == Role::Contractor {
            return Err(Refusal::Contractor.into());
        }
        if n.notice_date > act.today {
            let r = Refusal::NoticeInFuture {
                notice_date: n.notice_date,
            };
            return Err(r.into());
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
            history: vec![Entry::new(
                act.at,
                act.by,
                Event::Notified.as_str(),
                Some(note),
            )],
        })
    }

    /// The stage the move-out is in: from its status and its settlement.
    pub fn stage(&self) -> Stage {
        match (self.status, &self.settlement) {
            (Status::Completed, _) => Stage::Completed,
            (Status::InProgress, Some(_)) => Stage::Settled,
            (Status::InProgress, None) => Stage::Open,
        }
    }

    /// Refuses `event` unless [`next`] allows it in the move-out's stage.
    pub fn may(&self, event: Event) -> Result<(), Refused> {
        match next(self.stage(), event) {
            Some(_) => Ok(()),
            None => Err(self.refused(event)),
        }
    }

    /// `event` refused in the move-out's stage, with the steps allowed in it.
    fn refused(&self, event: Event) -> Refused {
        let stage = self.stage();
        Refusal::Step {
            id: self.id.clone(),
            stage,
            step: event,
            allowed: allowed(stage),
            settled: self.settlement.as_ref().map(|s| s.date),
            completed: self.completed,
        }
        .into()
    }

    /// Appends `event` to the history (the stage follows from what the step set).
    pub(super) fn log(&mut self, act: Act, event: Event, note: String) {
        self.history
            .push(Entry::new(act.at, act.by, event.as_str(), Some(note)));
    }

    /// A new move-out date, its terms checked again; the lift must be booked again.
    pub fn reschedule(
        &mut self,
        act: Act,
        rules: &MoveOutRules,
        date: NaiveDate,
        terms: &Terms,
    ) -> Result<(), Refused> {
        self.may(Event::Rescheduled)?;
        if date == self.date {
            return Err(Refusal::SameDate { date }.into());
        }
        if date < act.today {
            return Err(Refusal::Past { date }.into());
        }
        if self.inspection.is_some() {
            let id = self.id.clone();
            return Err(Refusal::InspectedOnItsDate { id }.into());
        }
        if let Some(p) = &self.goods_exit {
            return Err(Refusal::PassMadeOut {
                pass: p.clone(),
                date: self.lift.map_or(self.date, |l| l.date),
            }
            .into());
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
        self.log(act, Event::Rescheduled, note);
        Ok(())
    }

    /// The owner's written consent to a tenant's move-out (业主书面同意).
    pub fn consent(&mut self, act: Act, signed_by: &str) -> Result<(), Refused> {
        self.may(Event::Consent)?;
        if self.role != Role::Tenant {
            return Err(Refusal::NotTenant {
                party: self.party.clone(),
                role: self.role,
            }
            .into());
        }
        if let Some(c) = &self.owner_consent {
            return Err(Refusal::ConsentRecorded {
                on: c.date,
                by: c.by.clone(),
            }
            .into());
        }
        let by = filled(Field::OwnerSigner, signed_by)?;
        self.owner_consent = Some(Signed {
            by: by.clone(),
            date: act.today,
        });
        self.log(act, Event::Consent, by);
        Ok(())
    }

    /// Books the goods lift; `taken` are the other move-outs' bookings.
    pub fn book_lift(
        &mut self,
        act: Act,
        lift: Lift,
        taken: &[(String, Lift)],
    ) -> Result<(), Refused> {
        self.may(Event::LiftBooked)?;
        if lift.to <= lift.from {
            let (from, to) = (lift.from, lift.to);
            return Err(Refusal::LiftEndsBeforeStart { from, to }.into());
        }
        if lift.date < act.today {
            return Err(Refusal::Past { date: lift.date }.into());
        }
        if lift.date > self.date {
            return Err(Refusal::LiftAfterMoveOut {
                lift: lift.date,
                date: self.date,
            }
            .into());
        }
        if let Some(g) = &self.goods_exit {
            return Err(Refusal::LiftPassIssued { pass: g.clone() }.into());
        }
        if let Some((other, l)) = taken.iter().find(|(_, l)| l.overlaps(&lift)) {
            return Err(Refusal::LiftTaken {
                lift: *l,
                other: other.clone(),
            }
            .into());
        }
        self.lift = Some(lift);
        self.log(act, Event::LiftBooked, lift.to_string());
        Ok(())
    }

    /// Whether a goods exit pass may be made now: the lift booked, and a tenant's
    /// owner consent in hand. The booking the pass is for.
    pub fn may_issue_exit_pass(&self) -> Result<Lift, Refused> {
        self.may(Event::ExitPass)?;
        let id = self.id.clone();
        if let Some(g) = &self.goods_exit {
            let pass = g.clone();
            return Err(Refusal::HasPass { id, pass }.into());
        }
        if self.role == Role::Tenant && self.owner_consent.is_none() {
            return Err(Refusal::ConsentFirst { id }.into());
        }
        self.lift.ok_or_else(|| Refusal::LiftFirst { id }.into())
    }

    /// Links the goods exit pass made for this move-out.
    pub fn exit_pass(&mut self, act: Act, permit: &str, items: usize) -> Result<(), Refused> {
        self.may_issue_exit_pass()?;
        self.goods_exit = Some(permit.to_string());
        self.log(act, Event::ExitPass, format!("{permit}: {items} item(s)"));
        Ok(())
    }

    /// Links the restoration works' renovation permit.
    pub fn link_restoration(&mut self, act: Act, permit: &str) -> Result<(), Refused> {
        self.may(Event::Restoration)?;
        if !self.restoration_required {
            let id = self.id.clone();
            return Err(Refusal::RestorationNotRequired { id }.into());
        }
        if let Some(p) = &self.restoration {
            let permit = p.clone();
            return Err(Refusal::RestorationLinked { permit }.into());
        }
        self.restoration = Some(permit.to_string());
        self.log(act, Event::Restoration, format!("permit {permit}"));
        Ok(())
    }

    /// A restoration cost charged to the party (the office restored at its cost): what
    /// it was for, and the amount.
    pub fn restoration_cost(&mut self, act: Act, amount: Money, text: &str) -> Result<(), Refused> {
        let description = filled(Field::CostFor, text)?;
        if self.stage() == Stage::Settled
            && let Some(s) = &self.settlement
        {
            let (id, settled) = (self.id.clone(), s.date);
            return Err(Refusal::CostAfterSettlement { id, settled }.into());
        }
        self.may(Event::Restoration)?;
        if !self.restoration_required {
            let id = self.id.clone();
            return Err(Refusal::CostNotRequired { id }.into());
        }
        self.log(act, Event::Restoration, format!("{description}: {amount}"));
        self.restoration_costs.push(Cost {
            item: "restoration".into(),
            description,
            amount,
            entry: None,
        });
        Ok(())
    }

    /// Cleaning arranged.
    pub fn arrange_cleaning(&mut self, act: Act, with: &str) -> Result<(), Refused> {
        self.may(Event::Cleaning)?;
        if let Some(c) = &self.cleaning {
            return Err(Refusal::CleaningArranged {
                on: c.date,
                with: c.with.clone(),
            }
            .into());
        }
        let with = filled(Field::Cleaner, with)?;
        self.cleaning = Some(Cleaning {
            with: with.clone(),
            date: act.today,
        });
        self.log(act, Event::Cleaning, with);
        Ok(())
    }

    /// Records the settlement.
    pub fn settled(&mut self, act: Act, s: Settlement) -> Result<(), Refused> {
        self.may(Event::Settled)?;
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
        self.log(act, Event::Settled, note);
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

    /// The refund to pay and the settlement it comes from, or why none may be paid:
    /// only after the settlement, once.
    pub fn may_refund(&self) -> Result<(Money, &Settlement), Refused> {
        self.may(Event::Refunded)?;
        let Some(s) = &self.settlement else {
            return Err(self.refused(Event::Refunded));
        };
        if let Some(r) = &self.refund {
            return Err(Refusal::RefundPaid {
                amount: r.amount,
                on: r.date,
            }
            .into());
        }
        if s.refund.minor() <= 0 {
            return Err(Refusal::NoRefund { owed: s.owed }.into());
        }
        Ok((s.refund, s))
    }

    /// The refund paid.
    pub fn refunded(&mut self, act: Act, entries: Vec<u32>) -> Result<Money, Refused> {
        let (amount, _) = self.may_refund()?;
        let listed: Vec<String> = entries.iter().map(|n| n.to_string()).collect();
        self.refund = Some(Refund {
            date: act.today,
            amount,
            entries,
        });
        let note = format!("{amount} (ledger entries {})", listed.join(", "));
        self.log(act, Event::Refunded, note);
        Ok(amount)
    }

    /// Completes the move-out if nothing is missing; a debt still owed is carried.
    pub fn complete(
        &mut self,
        act: Act,
        around: &super::Around,
        debt: Option<Money>,
    ) -> Result<(), Refused> {
        if self.stage() == Stage::Completed {
            self.may(Event::Completed)?;
        }
        let missing = self.missing(around);
        if !missing.is_empty() {
            let id = self.id.clone();
            return Err(Refusal::Missing { id, missing }.into());
        }
        self.may(Event::Completed)?;
        let mut note = format!("{} moved out of {}", self.party, self.unit);
        if let Some(d) = debt.filter(|d| d.minor() > 0) {
            note.push_str(&format!("; debt {d} carried"));
            self.debt = Some(d);
        }
        self.status = Status::Completed;
        self.completed = Some(act.today);
        self.log(act, Event::Completed, note);
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
            &Event::ALL.map(Event::as_str),
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
}
