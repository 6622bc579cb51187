//! The steps on a move-in, each a function over the records it reads and changes, with
//! no I/O: opening from leasing's notice, the joint inspection with its defect tickets,
//! the bill, and the completion that makes the unit occupied. The single-record steps
//! (documents, handouts, keys, handover, re-inspection, visit) are methods of
//! [`MoveIn`]. What a step refuses, and why, is data ([`Refusal`]); what it did is
//! data too ([`Done`]); the message catalogue words both.

use chrono::NaiveDate;

use crate::model::history::Entry;
use crate::model::ledger::{Ledger, State};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::party::{Party, Role};
use crate::model::unit::{Unit, UnitStatus, UnitUse};
use crate::procedure::fees::accounts::Books;
use crate::procedure::ticket::Ticket;

use super::inspection::Found;
use super::missing::{Around, Missing};
use super::record::{Event, MoveIn, Notice, Status};
use super::{Act, Meter, MoveInRules, Refused};

/// A value a step needs, refused when empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Who,
    Signature,
    Found,
    Said,
}

/// `v` trimmed, or refused as empty.
pub fn filled(field: Field, v: &str) -> Result<String, Refused> {
    crate::procedure::filled(v, || Refusal::Empty(field))
}

/// Why a step on a move-in is refused. The message catalogue words each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A value the step needs is empty.
    Empty(Field),
    /// The step does not follow the move-in's state ([`super::record::next`]).
    Step {
        id: String,
        state: Status,
        step: Event,
        allowed: Vec<Event>,
        completed: Option<NaiveDate>,
    },
    /// The party does not hold the role it would move in as.
    NoRole {
        party: String,
        name: String,
        role: Role,
    },
    /// The unit has another occupant: their move-out comes first.
    Occupied {
        unit: String,
        occupant: String,
    },
    /// The unit became occupied by someone else while the move-in was under way.
    OccupiedSince {
        unit: String,
        occupant: String,
    },
    /// An owner moves into their own unit only.
    OwnedBy {
        unit: String,
        owner: String,
        party: String,
    },
    /// The unit has a move-in in progress already.
    InProgress {
        unit: String,
        other: String,
    },
    Contractor,
    LeaseEndsBeforeStart {
        end: NaiveDate,
        start: NaiveDate,
    },
    /// A checklist item not on this move-in's documents (or handouts).
    NotOnList {
        item: String,
        handouts: bool,
        expected: Vec<String>,
    },
    AlreadyTicked {
        item: String,
        handouts: bool,
        on: Option<NaiveDate>,
    },
    NoItems,
    AlreadyInspected {
        id: String,
        on: NaiveDate,
    },
    /// Nobody named as attending an inspection (move-in or move-out).
    NoAttendees,
    MeterNotRead {
        meter: Meter,
        usage: UnitUse,
        meters: Vec<Meter>,
    },
    NoSuchMeter {
        usage: UnitUse,
        meter: Meter,
    },
    /// A meter read twice (move-in or move-out).
    MeterTwice {
        meter: Meter,
    },
    DefectTwice {
        item: String,
    },
    NotOnChecklist {
        item: String,
        usage: UnitUse,
        expected: Vec<String>,
    },
    /// The deadline to fix defects is already past.
    FixByPast {
        fix_by: NaiveDate,
    },
    /// Nothing left to bill: the fees are on the ledger already.
    NothingToCharge {
        unit: String,
        fees_from: NaiveDate,
    },
    /// Nothing to bill at all: no fee for the unit's use, no move-in charges.
    NoFee {
        unit: String,
        usage: UnitUse,
    },
    AlreadyCharged {
        entries: Vec<u32>,
    },
    KeysHanded {
        count: u32,
        on: NaiveDate,
    },
    /// Keys not given as KIND=COUNT (move-in or move-out).
    BadKeys,
    /// A kind of key given twice (move-in or move-out).
    KeyKindTwice {
        kind: String,
    },
    /// The handover record lists the inspection.
    InspectFirst {
        id: String,
    },
    NothingToReinspect,
    ReinspectionPast {
        date: NaiveDate,
    },
    /// `complete` with items missing.
    Missing {
        id: String,
        missing: Vec<Missing>,
    },
    OverrideNeedsReason,
    NothingMissing,
    /// No re-inspection was booked at completion.
    NotBooked {
        id: String,
    },
    AlreadyReinspected {
        id: String,
    },
    AlreadyVisited {
        id: String,
    },
    /// The re-inspection appointment without a re-inspection booked.
    NoticeWithoutReinspection {
        id: String,
    },
    /// The handover record before the inspection.
    NoticeWithoutInspection {
        id: String,
    },
}

impl From<Refusal> for Refused {
    fn from(r: Refusal) -> Refused {
        Refused::MoveIn(r)
    }
}

/// What a step did, for the clerk. The message catalogue words each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// A single-record step done (documents received, keys handed over, ...).
    Step { id: String, step: Event },
    /// Inspected; each defect's repair ticket: (item, ticket, fix by).
    Inspected {
        id: String,
        defects: Vec<(String, String, NaiveDate)>,
    },
    /// The fees and charges posted to the unit's ledger.
    Billed {
        id: String,
        total: Money,
        unit: String,
        entries: Vec<u32>,
    },
    /// Completed: the party occupies the unit, billed from the fee start.
    Completed {
        id: String,
        party: String,
        unit: String,
        on: NaiveDate,
        fees_from: NaiveDate,
        /// A manager's override: by, reason, how many items were missing.
        overridden: Option<(String, String, usize)>,
        reinspection: Option<NaiveDate>,
        visit_due: Option<NaiveDate>,
    },
}

impl Done {
    /// A single-record step done on move-in `id`.
    pub fn step(id: &str, step: Event) -> Done {
        let id = id.to_string();
        Done::Step { id, step }
    }
}

/// How the desk completes a move-in: a re-inspection booked for defects still open,
/// and a manager's override of what is missing, with its reason.
#[derive(Debug, Clone, Default)]
pub struct Completion {
    pub reinspect: Option<NaiveDate>,
    /// The override's reason: completed despite what is missing.
    pub reason: Option<String>,
}

/// Opens a move-in from leasing's notice (step 1), once the unit is free for the
/// party: it holds the role it moves in as, no one else occupies the unit, an owner
/// moves into their own unit, and no other move-in into the unit is in progress
/// (`unit_moveins` are the unit's move-ins).
pub fn open(
    id: &str,
    notice: Notice,
    unit: &Unit,
    party: &Party,
    unit_moveins: &[MoveIn],
    rules: &MoveInRules,
    act: Act,
) -> Result<MoveIn, Refused> {
    if !party.roles.contains(&notice.role) {
        return Err(Refusal::NoRole {
            party: party.id.clone(),
            name: party.name.clone(),
            role: notice.role,
        }
        .into());
    }
    if let Some(o) = &unit.occupant
        && unit.status == UnitStatus::Occupied
        && o != &party.id
    {
        return Err(Refusal::Occupied {
            unit: unit.id.clone(),
            occupant: o.clone(),
        }
        .into());
    }
    if notice.role == Role::Owner
        && let Some(owner) = &unit.owner
        && owner != &party.id
    {
        return Err(Refusal::OwnedBy {
            unit: unit.id.clone(),
            owner: owner.clone(),
            party: party.id.clone(),
        }
        .into());
    }
    if let Some(other) = unit_moveins
        .iter()
        .find(|m| m.unit == unit.id && m.status == Status::InProgress)
    {
        return Err(Refusal::InProgress {
            unit: unit.id.clone(),
            other: other.id.clone(),
        }
        .into());
    }
    MoveIn::new(id, &unit.id, party, notice, rules, act)
}

/// The joint inspection (step 4), and a repair ticket for each defect found, to be
/// fixed by `found.fix_by` (default: `[movein] defect_fix_days` from today), reported
/// by the party's contact, described in the office's words (`locale`). `ticket_id`
/// gives the ID of the next ticket, knowing those made so far.
#[allow(clippy::too_many_arguments)]
pub fn inspect<E: From<Refused>>(
    m: &mut MoveIn,
    rules: &MoveInRules,
    unit: &Unit,
    party: Option<&Party>,
    found: &Found,
    locale: Locale,
    act: Act,
    mut ticket_id: impl FnMut(&[Ticket]) -> Result<String, E>,
) -> Result<(Vec<Ticket>, Done), E> {
    let fix_by = found
        .fix_by
        .unwrap_or_else(|| act.today + chrono::Days::new(u64::from(rules.defect_fix_days)));
    if fix_by < act.today {
        return Err(Refused::from(Refusal::FixByPast { fix_by }).into());
    }
    let defects = m.inspect(act, rules, unit.usage, found)?;
    let reporter = party.map_or_else(
        || m.party.clone(),
        |p| p.contact.clone().unwrap_or_else(|| p.name.clone()),
    );
    let mut tickets = Vec::new();
    let mut lines = Vec::new();
    for (item, description) in &defects {
        let tid = ticket_id(&tickets)?;
        let t = m.defect_ticket(&tid, item, description, &reporter, fix_by, locale, act)?;
        tickets.push(t);
        lines.push((item.to_string(), tid, fix_by));
    }
    let done = Done::Inspected {
        id: m.id.clone(),
        defects: lines,
    };
    Ok((tickets, done))
}

/// What `bill` posted.
#[derive(Debug)]
pub struct Billed {
    pub bill: super::bill::Bill,
    /// The ledger replayed after the bill.
    pub state: State,
    pub total: Money,
    pub done: Done,
}

/// Bills the move-in (step 5): the fees from the fee start and the `[movein]` charges
/// ([`super::bill::charge`]), noted on the move-in; refused when there is nothing to
/// charge.
pub fn bill(
    m: &mut MoveIn,
    ledger: &mut Ledger,
    unit: &Unit,
    books: &Books,
    rules: &MoveInRules,
    act: Act,
) -> crate::error::Result<Billed> {
    books.state(ledger)?;
    let bill = super::bill::charge(books, rules, ledger, unit, m, act)?;
    if bill.entries.is_empty() {
        let has_fee = books
            .billing
            .fees
            .iter()
            .any(|f| f.uses.contains(&unit.usage));
        let r = match has_fee {
            true => Refusal::NothingToCharge {
                unit: m.unit.clone(),
                fees_from: m.fees_from,
            },
            false => Refusal::NoFee {
                unit: m.unit.clone(),
                usage: unit.usage,
            },
        };
        return Err(Refused::from(r).into());
    }
    let state = books.state(ledger)?;
    let total = Money::from_minor(
        state
            .charges
            .iter()
            .filter(|c| bill.entries.contains(&c.no))
            .map(|c| c.amount.minor())
            .sum(),
    );
    m.billed(act, &bill.entries, total)?;
    let done = Done::Billed {
        id: m.id.clone(),
        total,
        unit: m.unit.clone(),
        entries: bill.entries.clone(),
    };
    Ok(Billed {
        bill,
        state,
        total,
        done,
    })
}

/// Completes the move-in (step 8) and makes the unit occupied: the party its occupant
/// (and its owner if it had none and the party moves in as owner), billed from the fee
/// start, open-ended; noted in the unit's history. Refused while the unit is occupied
/// by someone else, and with what is missing ([`MoveIn::complete`]).
pub fn complete(
    m: &mut MoveIn,
    unit: &mut Unit,
    around: &Around,
    how: &Completion,
    rules: &MoveInRules,
    act: Act,
) -> Result<Done, Refused> {
    if let Some(o) = &unit.occupant
        && unit.status == UnitStatus::Occupied
        && o != &m.party
    {
        return Err(Refusal::OccupiedSince {
            unit: unit.id.clone(),
            occupant: o.clone(),
        }
        .into());
    }
    m.complete(act, around, how.reinspect, how.reason.as_deref())?;
    let old = (unit.occupant.clone(), unit.status, unit.fees_from);
    unit.occupant = Some(m.party.clone());
    let mut owner_note = String::new();
    if m.role == Role::Owner && unit.owner.is_none() {
        unit.owner = Some(m.party.clone());
        owner_note = format!("; owner {} (was none)", m.party);
    }
    unit.status = UnitStatus::Occupied;
    unit.fees_from = Some(m.fees_from);
    unit.fees_until = None;
    let note = format!(
        "{} ({}); occupant {} (was {}), status occupied (was {}), fees from {} (was {}){owner_note}",
        m.id,
        m.role,
        m.party,
        old.0.as_deref().unwrap_or("none"),
        old.1,
        m.fees_from,
        old.2.map_or("unset".to_string(), |d| d.to_string())
    );
    unit.history
        .push(Entry::new(act.at, act.by, "moved-in", Some(note)));
    Ok(Done::Completed {
        id: m.id.clone(),
        party: m.party.clone(),
        unit: m.unit.clone(),
        on: act.today,
        fees_from: m.fees_from,
        overridden: m
            .overridden
            .as_ref()
            .map(|o| (o.by.clone(), o.reason.clone(), o.missing.len())),
        reinspection: m.reinspection,
        visit_due: m.visit_due(rules),
    })
}
