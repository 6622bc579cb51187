//! The steps on a move-out that read or change more than the move-out, each once, for
//! the command line and the generator alike: the written notice (which stops the
//! unit's billing at the move-out day), the goods lift against the other bookings, the
//! goods exit pass, restoration, the inspection and the keys with what they charge,
//! the settlement and the refund, and the completion that empties the unit, closes or
//! carries the dunning case. The single-record steps (consent, cleaning, reschedule)
//! are methods of [`MoveOut`]. No I/O; what a step refuses ([`Refusal`]) and what it
//! did ([`Done`]) are data the message catalogue words.

use chrono::{NaiveDate, NaiveTime};

use crate::model::history::Entry;
use crate::model::ledger::{ChargeItem, Ledger, PayMethod};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::party::Role;
use crate::model::unit::{Unit, UnitStatus};
use crate::procedure::dunning::{self, CaseStatus, DunningCase};
use crate::procedure::fees::accounts::{Books, NewCharge};
use crate::procedure::fees::steps as ledger_steps;
use crate::procedure::movein::{self, KeySet, Meter, MeterValue, MoveIn};
use crate::procedure::permit::gate::Standing;
use crate::procedure::permit::{Permit, Status as PermitStatus};

use super::inspection::{Baseline, Found};
use super::keys::keys_handed;
use super::missing::{Around, Missing};
use super::record::{Act, Approval, Event, Lift, MoveOut, Notice, Refused, Stage, Status, Terms};
use super::settle::{self, Shortfall};
use super::{MoveOutRules, Section, Settlement};

/// A value a step needs, refused when empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    OwnerSigner,
    CostFor,
    Cleaner,
    KeysReceivedBy,
}

/// `v` trimmed, or refused as empty.
pub fn filled(field: Field, v: &str) -> Result<String, Refused> {
    crate::procedure::filled(v, || Refusal::Empty(field))
}

/// Why a step on a move-out is refused. The message catalogue words each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A value the step needs is empty.
    Empty(Field),
    /// The step does not follow the move-out's stage ([`super::record::next`]).
    Step {
        id: String,
        stage: Stage,
        step: Event,
        allowed: Vec<Event>,
        settled: Option<NaiveDate>,
        completed: Option<NaiveDate>,
    },
    /// The unit has no occupant to move out.
    NoOccupant {
        unit: String,
        status: UnitStatus,
    },
    /// The unit has a move-out in progress already.
    InProgress {
        unit: String,
        other: String,
    },
    Contractor,
    NoticeInFuture {
        notice_date: NaiveDate,
    },
    DateBeforeNotice {
        date: NaiveDate,
        notice_date: NaiveDate,
    },
    /// Notice shorter than the office needs, without a reason and a manager.
    ShortNotice {
        given: i64,
        date: NaiveDate,
        notice_days: u32,
    },
    /// A short-notice approval where the notice is not short.
    NotShort {
        given: i64,
        notice_days: u32,
    },
    /// A move-out before the lease's end, without the termination agreement.
    EarlyTermination {
        end: NaiveDate,
        date: NaiveDate,
    },
    /// A termination agreement where the move-out is not early.
    NotEarly {
        end: NaiveDate,
        date: NaiveDate,
    },
    /// A termination agreement with no lease end known.
    NoLeaseEnd,
    SameDate {
        date: NaiveDate,
    },
    /// A date already past (a new move-out date, a lift booking).
    Past {
        date: NaiveDate,
    },
    InspectedOnItsDate {
        id: String,
    },
    PassMadeOut {
        pass: String,
        date: NaiveDate,
    },
    NotTenant {
        party: String,
        role: Role,
    },
    ConsentRecorded {
        on: NaiveDate,
        by: String,
    },
    LiftEndsBeforeStart {
        from: NaiveTime,
        to: NaiveTime,
    },
    LiftAfterMoveOut {
        lift: NaiveDate,
        date: NaiveDate,
    },
    LiftPassIssued {
        pass: String,
    },
    /// The slot overlaps another move-out's booking.
    LiftTaken {
        lift: Lift,
        other: String,
    },
    HasPass {
        id: String,
        pass: String,
    },
    /// The goods leave with the owner's consent.
    ConsentFirst {
        id: String,
    },
    /// The pass is for the lift's day.
    LiftFirst {
        id: String,
    },
    RestorationNotRequired {
        id: String,
    },
    RestorationLinked {
        permit: String,
    },
    /// Restoration works need a renovation permit of the unit.
    NotRestorationPermit {
        permit: String,
        kind: String,
        unit: String,
        expected: String,
    },
    CostNotRequired {
        id: String,
    },
    CostAfterSettlement {
        id: String,
        settled: NaiveDate,
    },
    AlreadyInspected {
        id: String,
        on: NaiveDate,
    },
    /// The lease requires restoration: link its works or charge it before inspecting.
    RestoreFirst {
        id: String,
    },
    RestorationNotAccepted {
        permit: String,
    },
    MeterNotRead {
        meter: Meter,
        meters: Vec<Meter>,
    },
    NoLastReading {
        meter: Meter,
    },
    BelowLastReading {
        meter: Meter,
        reading: MeterValue,
        last: MeterValue,
    },
    UseTooLarge {
        meter: Meter,
        used: MeterValue,
    },
    NoSuchMeter {
        meter: Meter,
    },
    DamageTwice {
        item: String,
    },
    /// A damage without a price (a usage error at the command line).
    Unpriced {
        item: String,
    },
    /// A price of no damage (a usage error at the command line).
    PriceOfNoDamage {
        item: String,
    },
    NotOnHandover {
        item: String,
        expected: Vec<String>,
    },
    DescribeDamage {
        item: String,
    },
    DamageNeedsPrice {
        item: String,
    },
    DefectiveAtMoveIn {
        item: String,
    },
    KeysReturned {
        count: u32,
        on: NaiveDate,
    },
    NoKeyToCharge,
    /// Keys short against the move-in's: (kind, handed over, returned).
    KeysMissing {
        short: Vec<(String, u32, u32)>,
    },
    ChargeNotPositive,
    NoKeyReturned,
    CleaningArranged {
        on: NaiveDate,
        with: String,
    },
    /// Settling with items missing.
    CannotSettle {
        id: String,
        missing: Vec<Missing>,
    },
    /// An earlier occupant's refund not paid is on the same ledger.
    RefundOwedBefore {
        id: String,
        amount: Money,
        party: String,
        other: String,
        due: NaiveDate,
    },
    /// The settlement follows the acceptance.
    NotInspected {
        id: String,
    },
    MonthOutOfRange {
        month: NaiveDate,
    },
    RefundPaid {
        amount: Money,
        on: NaiveDate,
    },
    NoRefund {
        owed: Money,
    },
    /// The ledger no longer holds what the settlement refunds.
    LedgerChanged {
        unit: String,
        settled: NaiveDate,
        refund: Money,
        short: Vec<Shortfall>,
    },
    /// `complete` with items missing.
    Missing {
        id: String,
        missing: Vec<Missing>,
    },
    /// The unit has another occupant than the party moving out.
    OccupantChanged {
        unit: String,
        occupant: Option<String>,
        party: String,
    },
    /// The settlement statement of a move-out not settled.
    NoticeNotSettled {
        id: String,
    },
    /// The unit-available notice before completion.
    NoticeNotCompleted {
        id: String,
    },
    /// The goods exit pass of a move-out that has none yet.
    NoExitPass {
        id: String,
    },
}

impl From<Refusal> for Refused {
    fn from(r: Refusal) -> Refused {
        Refused::MoveOut(r)
    }
}

impl Done {
    /// A single-record step done on move-out `id`.
    pub fn step(id: &str, step: Event) -> Done {
        let id = id.to_string();
        Done::Step { id, step }
    }
}

/// What a step did, for the clerk. The message catalogue words each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// A single-record step done: the owner's consent, cleaning.
    Step {
        id: String,
        step: Event,
    },
    /// The notice taken with short notice: who approved it, why.
    ShortNotice {
        id: String,
        approval: Approval,
    },
    Rescheduled {
        id: String,
        date: NaiveDate,
    },
    LiftBooked {
        id: String,
        lift: Lift,
    },
    /// The goods exit pass made, for the booked lift: it still needs its signatures.
    ExitPass {
        id: String,
        pass: String,
        lift: Lift,
    },
    /// The restoration works linked (the permit and its status), or a cost charged.
    Restoration {
        id: String,
        unit: String,
        works: Option<(String, PermitStatus)>,
        cost: Option<Money>,
    },
    /// Inspected: the meters, the damages since move-in, what was charged.
    Inspected {
        id: String,
        unit: String,
        /// (meter, last, reading, used, price, amount).
        meters: Vec<(
            Meter,
            MeterValue,
            MeterValue,
            MeterValue,
            super::Price,
            Money,
        )>,
        /// (item, note).
        damaged: Vec<(String, String)>,
        charged: Money,
    },
    /// Keys returned: how many, of how many handed over (none: no move-in record),
    /// and what was charged for those not returned.
    KeysReturned {
        id: String,
        count: u32,
        expected: Option<u32>,
        charged: Option<Money>,
    },
    Refunded {
        id: String,
        amount: Money,
        party: String,
        /// Paid late: the due day and how many days after it.
        late: Option<(NaiveDate, i64)>,
    },
    /// Completed: the unit vacant and billed until the move-out; the dunning case;
    /// leasing's notice (`notice`, filled in by who filed it); the refund still due.
    Completed {
        id: String,
        unit: String,
        party: String,
        date: NaiveDate,
        dunning: Dunning,
        owed: Money,
        notice: Option<String>,
        refund_due: Option<(Money, NaiveDate)>,
    },
}

/// What completion did to the unit's dunning case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dunning {
    /// No open case: nothing, or a debt still owed noted on the move-out.
    None,
    /// Nothing overdue: the case closed.
    Closed,
    /// Owed: the case carried as the party's debt.
    Carried,
}

/// The desk a step is taken at: the office's move-out and money rules, the clerk who
/// records the step, and who posts to the ledger (finance; at the command line, the
/// clerk too).
pub struct Desk<'a> {
    pub rules: &'a MoveOutRules,
    pub books: Books<'a>,
    pub act: Act<'a>,
    pub finance: Act<'a>,
}

impl<'a> Desk<'a> {
    /// A clerk who records the step and posts to the ledger alike.
    pub fn clerk(rules: &'a MoveOutRules, books: Books<'a>, act: Act<'a>) -> Desk<'a> {
        let finance = act;
        Desk {
            rules,
            books,
            act,
            finance,
        }
    }
}

/// The move-out as written, with the written notice of the unit's occupant.
pub struct Written {
    pub notice_date: NaiveDate,
    pub date: NaiveDate,
    pub lease_end: Option<NaiveDate>,
    pub restoration_required: bool,
    pub terms: Terms,
}

/// Opens a move-out from the occupant's written notice (step 1), and stops the unit's
/// billing at the move-out day. The unit must have an occupant and no move-out in
/// progress (`unit_moveouts`); the occupant moves out as owner if it owns the unit,
/// else as tenant, against its last completed move-in into the unit (`unit_moveins`),
/// whose lease end applies unless another is given.
pub fn open(
    id: &str,
    unit: &mut Unit,
    unit_moveouts: &[MoveOut],
    unit_moveins: &[MoveIn],
    w: Written,
    rules: &MoveOutRules,
    act: Act,
) -> Result<MoveOut, Refused> {
    let Some(party) = unit
        .occupant
        .clone()
        .filter(|_| unit.status == UnitStatus::Occupied)
    else {
        let (unit, status) = (unit.id.clone(), unit.status);
        return Err(Refusal::NoOccupant { unit, status }.into());
    };
    if let Some(other) = unit_moveouts
        .iter()
        .find(|o| o.unit == unit.id && o.status == Status::InProgress)
    {
        let (unit, other) = (unit.id.clone(), other.id.clone());
        return Err(Refusal::InProgress { unit, other }.into());
    }
    let role = match unit.owner.as_deref() == Some(party.as_str()) {
        true => Role::Owner,
        false => Role::Tenant,
    };
    let movein = unit_moveins
        .iter()
        .filter(|x| x.unit == unit.id && x.party == party && x.status == movein::Status::Completed)
        .max_by_key(|x| (x.completed, x.id.clone()));
    let notice = Notice {
        unit: unit.id.clone(),
        party,
        role,
        notice_date: w.notice_date,
        date: w.date,
        lease_end: w.lease_end.or(movein.and_then(|x| x.lease_end)),
        movein: movein.map(|x| x.id.clone()),
        restoration_required: w.restoration_required,
        terms: w.terms,
    };
    let m = MoveOut::new(id, notice, rules, act)?;
    stop_billing(unit, &m, act);
    Ok(m)
}

/// Billing stops at the move-out day (`fees_until`), noted in the unit's history.
pub fn stop_billing(unit: &mut Unit, m: &MoveOut, act: Act) {
    let old = unit.fees_until;
    unit.fees_until = Some(m.date);
    let note = format!(
        "{}: {} moves out on {}; billed until {} (was {})",
        m.id,
        m.party,
        m.date,
        m.date,
        old.map_or("unset".to_string(), |d| d.to_string())
    );
    unit.history
        .push(Entry::new(act.at, act.by, "moving-out", Some(note)));
}

/// Books the goods lift (step 3) for a slot no other move-out in progress has
/// (`others`: the move-outs with a booking; this one is left out).
pub fn book_lift(
    m: &mut MoveOut,
    lift: Lift,
    others: &[MoveOut],
    act: Act,
) -> Result<Done, Refused> {
    let taken: Vec<(String, Lift)> = others
        .iter()
        .filter(|o| o.id != m.id && o.status == Status::InProgress)
        .filter_map(|o| o.lift.map(|l| (o.id.clone(), l)))
        .collect();
    m.book_lift(act, lift, &taken)?;
    Ok(Done::LiftBooked {
        id: m.id.clone(),
        lift,
    })
}

/// Makes the goods exit pass: the goods-exit permit `pid` for the lift, once the
/// move-out is settled and what the occupant owes is paid or covered (`standing`).
pub fn exit_pass(
    m: &mut MoveOut,
    pid: &str,
    items: &[String],
    standing: &Standing,
    act: Act,
) -> Result<(Permit, Done), Refused> {
    let lift = m.may_issue_exit_pass()?;
    let p = super::permits::issue_exit_pass(m, pid, items, standing, act)?;
    let done = Done::ExitPass {
        id: m.id.clone(),
        pass: pid.to_string(),
        lift,
    };
    Ok((p, done))
}

/// Posts the move-out's charges not yet on the ledger (energy, damages, restoration
/// costs), due today, in the office's words (`books.locale`), with the move-out as
/// reference. Returns what they come to.
pub fn post_charges(
    m: &mut MoveOut,
    ledger: &mut Ledger,
    books: &Books,
    act: Act,
) -> crate::error::Result<Money> {
    let locale = books.locale;
    let mut total = 0;
    for (section, index, item, amount, text) in uncharged(m, locale) {
        let text = match (section, locale) {
            (Section::Energy, Locale::ZhCn) => format!("退租能源费：{text}"),
            (Section::Energy, Locale::En) => format!("Final energy: {text}"),
            (Section::Damage, Locale::ZhCn) => format!("退租验房损坏赔偿：{text}"),
            (Section::Damage, Locale::En) => format!("Move-out damage: {text}"),
            (_, Locale::ZhCn) => format!("恢复原状费用：{text}"),
            (_, Locale::En) => format!("Restoration: {text}"),
        };
        let charge = NewCharge {
            item,
            amount,
            text,
            due: act.today,
            reference: Some(m.id.clone()),
        };
        let no = ledger_steps::charge(ledger, act, charge)?;
        charged(m, section, index, no);
        total += amount.minor();
    }
    Ok(Money::from_minor(total))
}

/// The charges still to post: (which list, index, item, amount, what it is), for
/// energy, damages and restoration costs without a ledger entry.
fn uncharged(m: &MoveOut, locale: Locale) -> Vec<(Section, usize, ChargeItem, Money, String)> {
    let mut out = Vec::new();
    if let Some(i) = &m.inspection {
        for (n, r) in i.meters.iter().enumerate() {
            if r.entry.is_none() && r.amount.minor() > 0 {
                let text = format!(
                    "{} {}→{} ({} × {})",
                    r.meter.label(locale),
                    r.last,
                    r.reading,
                    r.used(),
                    r.price
                );
                out.push((Section::Energy, n, ChargeItem::Energy, r.amount, text));
            }
        }
    }
    for (n, d) in m.damages.iter().enumerate() {
        if d.entry.is_none() {
            let text = format!("{}: {}", movein::words(&d.item, locale), d.description);
            out.push((Section::Damage, n, ChargeItem::Damage, d.amount, text));
        }
    }
    for (n, c) in m.restoration_costs.iter().enumerate() {
        if c.entry.is_none() {
            let text = c.description.clone();
            out.push((
                Section::Restoration,
                n,
                ChargeItem::Restoration,
                c.amount,
                text,
            ));
        }
    }
    out
}

/// Records the ledger entry of a charge [`uncharged`] listed.
fn charged(m: &mut MoveOut, section: Section, index: usize, entry: u32) {
    let slot = match section {
        Section::Energy => m
            .inspection
            .as_mut()
            .and_then(|i| i.meters.get_mut(index))
            .map(|m| &mut m.entry),
        Section::Damage => m.damages.get_mut(index).map(|d| &mut d.entry),
        Section::Restoration => m.restoration_costs.get_mut(index).map(|c| &mut c.entry),
        Section::Fees | Section::Billing => None,
    };
    if let Some(s) = slot {
        *s = Some(entry);
    }
}

/// Restoration (step 4): the works' renovation permit linked, and/or a cost the office
/// charges for restoring at the party's cost (what it was for, and the unit's ledger
/// to charge it on).
pub fn restore(
    m: &mut MoveOut,
    works: Option<&Permit>,
    cost: Option<(Money, &str, &mut Ledger)>,
    d: &Desk,
) -> crate::error::Result<Done> {
    let (books, act) = (&d.books, d.act);
    if let Some(p) = works {
        super::permits::link_restoration(m, p, act)?;
    }
    let mut charged = None;
    if let Some((amount, text, ledger)) = cost {
        m.restoration_cost(act, amount, text)?;
        books.state(ledger)?;
        post_charges(m, ledger, books, act)?;
        charged = Some(amount);
    }
    Ok(Done::Restoration {
        id: m.id.clone(),
        unit: m.unit.clone(),
        works: works.map(|p| (p.id.clone(), p.status())),
        cost: charged,
    })
}

/// The move-out inspection (step 5) against the move-in (`b`), and the energy and
/// damages it finds charged to the unit's ledger.
pub fn inspect(
    m: &mut MoveOut,
    ledger: &mut Ledger,
    b: &Baseline,
    found: &Found,
    d: &Desk,
) -> crate::error::Result<Done> {
    let (rules, books, act) = (d.rules, &d.books, d.act);
    books.state(ledger)?;
    m.inspect(act, rules, b, found)?;
    let charged = post_charges(m, ledger, books, act)?;
    let (meters, damaged) = match &m.inspection {
        Some(i) => (
            i.meters
                .iter()
                .map(|r| (r.meter, r.last, r.reading, r.used(), r.price, r.amount))
                .collect(),
            i.facilities
                .iter()
                .filter(|f| f.damaged())
                .map(|f| (f.item.clone(), f.note.clone().unwrap_or_default()))
                .collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    Ok(Done::Inspected {
        id: m.id.clone(),
        unit: m.unit.clone(),
        meters,
        damaged,
        charged,
    })
}

/// Keys returned (step 6), counted against those handed over at `movein`; keys not
/// returned are priced (`charge`, with the unit's ledger to post it on) and charged
/// as damage.
pub fn return_keys(
    m: &mut MoveOut,
    movein: Option<&MoveIn>,
    sets: Vec<KeySet>,
    received_by: &str,
    charge: Option<(Money, &mut Ledger)>,
    d: &Desk,
) -> crate::error::Result<Done> {
    let (books, act) = (&d.books, d.act);
    let expected = keys_handed(movein);
    let (amount, ledger) = match charge {
        Some((a, l)) => (Some(a), Some(l)),
        None => (None, None),
    };
    m.return_keys(act, sets, &expected, received_by, amount)?;
    let mut charged = None;
    if let Some(ledger) = ledger {
        books.state(ledger)?;
        charged = Some(post_charges(m, ledger, books, act)?);
    }
    Ok(Done::KeysReturned {
        id: m.id.clone(),
        count: m.keys.as_ref().map_or(0, |k| k.count()),
        expected: (!expected.is_empty()).then(|| expected.iter().map(|k| k.count).sum()),
        charged,
    })
}

/// Refuses the settlement while an earlier occupant's refund on the unit's ledger is
/// not paid (`unit_moveouts`: the unit's move-outs): it is paid first, so that a
/// settlement never counts one occupant's money as another's.
fn no_refund_owed_before(m: &MoveOut, unit_moveouts: &[MoveOut]) -> Result<(), Refused> {
    let owed = unit_moveouts
        .iter()
        .filter(|o| o.unit == m.unit && o.id != m.id)
        .find_map(|o| o.refund_due().map(|(amount, due)| (o, amount, due)));
    match owed {
        None => Ok(()),
        Some((o, amount, due)) => Err(Refusal::RefundOwedBefore {
            id: m.id.clone(),
            amount,
            party: o.party.clone(),
            other: o.id.clone(),
            due,
        }
        .into()),
    }
}

/// Settles the move-out (step 8) on the unit's ledger ([`settle::settle`]) once the
/// unit is accepted back, the keys are in and the unit's permits are settled.
pub fn settle(
    m: &mut MoveOut,
    ledger: &mut Ledger,
    unit: &Unit,
    around: &Around,
    unit_moveouts: &[MoveOut],
    d: &Desk,
) -> crate::error::Result<Settlement> {
    let (rules, books, act, finance) = (d.rules, &d.books, d.act, d.finance);
    m.may(Event::Settled)?;
    let missing = m.missing_to_settle(around);
    if !missing.is_empty() {
        let id = m.id.clone();
        return Err(Refused::from(Refusal::CannotSettle { id, missing }).into());
    }
    no_refund_owed_before(m, unit_moveouts)?;
    let Some(accepted) = m.accepted_on(around) else {
        let id = m.id.clone();
        return Err(Refused::from(Refusal::NotInspected { id }).into());
    };
    let s = settle::settle(books, ledger, unit, m, accepted, rules, finance)?;
    m.settled(act, s.clone())?;
    Ok(s)
}

/// The statement of a move-out not settled yet, as settling today would make it, on a
/// copy of the ledger. Before the inspection there is no acceptance day, so no refund
/// deadline either.
pub fn preview(
    m: &MoveOut,
    copy: &mut Ledger,
    unit: &Unit,
    around: &Around,
    unit_moveouts: &[MoveOut],
    d: &Desk,
) -> crate::error::Result<Settlement> {
    let (rules, books, act) = (d.rules, &d.books, d.act);
    no_refund_owed_before(m, unit_moveouts)?;
    let accepted = m.accepted_on(around).unwrap_or(act.today);
    let mut s = settle::settle(books, copy, unit, m, accepted, rules, act)?;
    if m.inspection.is_none() {
        s.refund_due = None;
    }
    Ok(s)
}

/// Pays the settled refund (deposits left and credit) to the ledger: how much.
pub fn refund(
    m: &mut MoveOut,
    ledger: &mut Ledger,
    method: Option<PayMethod>,
    reference: Option<String>,
    d: &Desk,
) -> crate::error::Result<(Money, Done)> {
    let (books, act, finance) = (&d.books, d.act, d.finance);
    let (_, s) = m.may_refund()?;
    let due = s.refund_due;
    // Paid back to the leaving occupancy, from its own deposits and credit.
    ledger.posting_for = Some(m.party.clone());
    let entries = settle::pay_refund(books, ledger, s, finance, method, reference)?;
    let amount = m.refunded(act, entries)?;
    let late = due
        .filter(|d| act.today > *d)
        .map(|d| (d, (act.today - d).num_days()));
    let done = Done::Refunded {
        id: m.id.clone(),
        amount,
        party: m.party.clone(),
        late,
    };
    Ok((amount, done))
}

/// Completes the move-out (step 9) once nothing is missing: the unit vacant, billed
/// until the move-out day, noted in its history; what is still owed on the ledger
/// carried as the party's debt, and the unit's open dunning case closed when nothing
/// is owed, else carried. The unit must still be the party's.
pub fn complete(
    m: &mut MoveOut,
    unit: &mut Unit,
    ledger: &Ledger,
    case: &mut Option<DunningCase>,
    around: &Around,
    d: &Desk,
) -> crate::error::Result<Done> {
    let (books, act) = (&d.books, d.act);
    let state = books.state(ledger)?;
    let owed = Money::from_minor(state.open().map(|c| c.outstanding.minor()).sum());
    m.complete(act, around, Some(owed))?;
    if unit.occupant.as_deref() != Some(m.party.as_str()) {
        return Err(Refused::from(Refusal::OccupantChanged {
            unit: unit.id.clone(),
            occupant: unit.occupant.clone(),
            party: m.party.clone(),
        })
        .into());
    }
    let old = (unit.occupant.take(), unit.status);
    unit.status = UnitStatus::Vacant;
    unit.fees_until = Some(m.date);
    let note = format!(
        "{}: occupant none (was {}), status vacant (was {}), billed until {}",
        m.id,
        old.0.as_deref().unwrap_or("none"),
        old.1,
        m.date
    );
    unit.history
        .push(Entry::new(act.at, act.by, "moved-out", Some(note)));
    let open = case.as_ref().is_some_and(|c| c.status == CaseStatus::Open);
    let dunning = match (open, owed.is_zero()) {
        (false, _) => Dunning::None,
        (true, true) => {
            dunning::advance(case, ledger, &state, books.dunning, books.calendar, act);
            Dunning::Closed
        }
        (true, false) => {
            if let Some(c) = case.as_mut() {
                let note = format!("{} moved out ({}): {owed} carried as a debt", m.party, m.id);
                c.carry(act, note);
            }
            Dunning::Carried
        }
    };
    Ok(Done::Completed {
        id: m.id.clone(),
        unit: m.unit.clone(),
        party: m.party.clone(),
        date: m.date,
        dunning,
        owed,
        notice: None,
        refund_due: m.refund_due(),
    })
}
