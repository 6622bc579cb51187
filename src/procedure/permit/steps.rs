//! The steps on a permit that reach beyond it: what issuing still misses (the ledger,
//! the deposits the unit's other permits rely on), the fees charged (a renovation's, a
//! parking term's, overtime air-conditioning), a violation's fine, the access cards'
//! deposit refunded, the renovation's deposits settled. Each is a function over the
//! records it reads and changes, with no I/O; the command line and the generator call
//! the same ones. What they refuse ([`Refusal`]), what a permit misses ([`Missing`])
//! and what they did ([`Done`]) are data, worded by the message catalogue.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use crate::error::Result;
use crate::model::ledger::{ChargeItem, DepositKind, Ledger, State};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::unit::Unit;
use crate::procedure::fees::accounts::{Books, NewCharge};
use crate::procedure::fees::steps as ledger_steps;

use super::gate::{Barrier, ExitOverride, GateStep};
use super::goods_exit::Side;
use super::overtime_ac::AcRequest;
use super::record::{Act, Event, Kind, Permit, Refused, Status};
use super::settle::{self, Settlement};
use super::{OvertimeAcRules, PermitRules};

/// Why a step on a permit is refused. The message catalogue words each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A step the permit's state does not take: where it stands, the states the step
    /// needs and the steps allowed now, from its kind's transition function.
    Step {
        id: String,
        state: Status,
        step: Event,
        needs: Vec<Status>,
        allowed: Vec<Event>,
    },
    /// A step of another kind of permit: `kind` is the one it is for.
    NotA {
        id: String,
        kind: Kind,
    },
    /// Documents (or agreements) received for a kind that has none.
    NothingToRecord {
        id: String,
        kind: Kind,
        agreements: bool,
    },
    /// `permit bill` for a kind without fees; `permit refund` without deposits.
    NoFees {
        id: String,
        kind: Kind,
    },
    NoDeposits {
        id: String,
        kind: Kind,
    },
    /// The applicant is neither the unit's owner nor its occupant.
    NotOwnerOrOccupant {
        party: String,
        unit: String,
    },
    // The application.
    EndsBeforeStart {
        start: NaiveDate,
        end: NaiveDate,
    },
    NoWorkers,
    ContractorNeeded,
    StructuralNotSimple,
    AcBackwards {
        from: NaiveTime,
        to: NaiveTime,
    },
    AcTooLate {
        date: NaiveDate,
        deadline: NaiveDateTime,
        cutoff: String,
    },
    NoCards,
    /// `--card-no` given a number of cards other than the permit's.
    CardCount {
        cards: u32,
        given: usize,
    },
    /// A card number that is empty, holds a comma or a space, or is given twice.
    CardNumber {
        typed: String,
    },
    /// The card is out on another permit.
    CardTaken {
        card: String,
        by: String,
    },
    /// The bay is held by another parking permit for days of this term.
    BayTaken {
        bay: String,
        by: String,
        from: NaiveDate,
        until: NaiveDate,
    },
    NoGoods,
    GoodsPast {
        date: NaiveDate,
    },
    // Papers.
    NoItems,
    NotOnList {
        item: String,
        agreements: bool,
        expected: Vec<String>,
    },
    AlreadyRecorded {
        item: String,
        on: Option<NaiveDate>,
    },
    // The chain.
    EverySignature {
        id: String,
    },
    SignsNext {
        next: String,
        role: String,
        chain: Vec<String>,
    },
    ReasonNeeded,
    // Fees and issue.
    FeesCharged {
        id: String,
    },
    FeeCharged {
        id: String,
    },
    Missing {
        id: String,
        missing: Vec<Missing>,
    },
    ValidityTooLong {
        months: u32,
        from: NaiveDate,
        limit: NaiveDate,
        until: NaiveDate,
    },
    UntilBeforeFrom {
        until: NaiveDate,
        from: NaiveDate,
    },
    IssuedByDesk {
        id: String,
    },
    // The works.
    DeadlinePast {
        deadline: NaiveDate,
    },
    FineNotPositive,
    AlreadyRectified {
        no: u32,
        on: NaiveDate,
    },
    NoViolation {
        no: u32,
    },
    NoHotWork {
        id: String,
    },
    NoWorksOn {
        id: String,
        date: NaiveDate,
    },
    HotWorkBackwards {
        from: NaiveTime,
        to: NaiveTime,
    },
    HotWorkPast {
        date: NaiveDate,
    },
    NoValidity {
        id: String,
    },
    ExpiredNoExtension {
        id: String,
        on: NaiveDate,
    },
    DoesNotExtend {
        until: NaiveDate,
        old: NaiveDate,
    },
    ExtensionTooLong {
        months: u32,
        limit: NaiveDate,
    },
    // Completion and the end.
    CompletionTooSoon {
        days: u32,
        earliest: NaiveDate,
        on: NaiveDate,
    },
    NotRectified {
        no: u32,
    },
    AcceptanceNotToday {
        on: NaiveDate,
    },
    DeadlineNeeded,
    PassesSettled {
        id: String,
    },
    PassesDontAddUp {
        workers: u32,
        returned: u32,
        lost: u32,
    },
    PassesFirst {
        id: String,
    },
    // The goods exit pass.
    DeskSignsLast {
        unsigned: Side,
    },
    AlreadySigned {
        side: Side,
        by: String,
    },
    /// The gate is shut ([`super::gate`]): a goods exit pass of `unit` (`pass`, once
    /// made) is not made, issued or printed while `barriers` stand.
    GateShut {
        step: GateStep,
        pass: Option<String>,
        unit: String,
        barriers: Vec<Barrier>,
    },
    /// An override by a role the office does not let override (`roles` are those it
    /// does).
    OverrideRole {
        role: String,
        roles: Vec<String>,
    },
    /// An override where the unit's dunning case has not reached its suspension step:
    /// nothing to override.
    NothingToOverride {
        unit: String,
    },
    /// An override with another side's signature: it goes with the desk's, which
    /// issues the pass.
    OverrideAtDesk {
        id: String,
        side: Side,
    },
    /// A value the step needs is empty.
    Empty(Field),
    /// A notice printed for a permit it does not fit.
    NoticeMisfit {
        id: String,
        kind: Kind,
        notice: String,
        why: Misfit,
    },
}

/// A value a step needs, as the clerk gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Description,
    Findings,
    WhatInspected,
    Work,
    FireWatch,
    Note,
    Who,
    Signature,
    Guard,
    Bay,
    Plate,
    /// The manager overriding the dunning suspension, and why.
    OverrideBy,
    OverrideReason,
}

/// `v` trimmed, or refused as empty.
pub fn filled(field: Field, v: &str) -> std::result::Result<String, Refused> {
    crate::procedure::filled(v, || refuse(Refusal::Empty(field)))
}

/// Why a notice does not fit a permit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misfit {
    NotIssuedRenovation,
    NoViolation,
    NoAcceptance,
    NotClosedRenovation,
    NotGoodsExit,
    NotParking,
}

/// What a permit still needs before it is issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    Document {
        id: String,
        item: String,
    },
    Agreement {
        id: String,
        item: String,
    },
    /// A renovation's fees, a parking term's fee, not charged yet.
    Fees {
        id: String,
    },
    Fee {
        id: String,
    },
    /// A fee charged and not paid: a renovation's is shown as written in the ledger,
    /// the other kinds' grouped in thousands (as the desk has always shown them).
    Unpaid {
        kind: Kind,
        no: u32,
        owed: Money,
        unit: String,
    },
    /// A deposit held short of what this permit and the unit's other permits need.
    Deposit {
        kind: DepositKind,
        required: Money,
        others: Money,
        held: Money,
        unit: String,
    },
}

/// What a step on the permit alone did (the words of its confirmation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Did {
    DocumentsReceived,
    AgreementsSigned,
    Approved,
    Rejected,
    Revised,
    Inspected,
    Rectified,
    HotWork,
    Extended,
    CompletionApplied,
    Accepted,
    NotAccepted,
    PassesSettled,
    Signed,
    ToSecurity,
}

/// What a step did, for the clerk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// A step on the permit alone, and where it stands now.
    Step {
        id: String,
        did: Did,
        status: Status,
    },
    /// A renovation's fees charged; the deposits to take.
    Billed {
        id: String,
        total: Money,
        unit: String,
        deposits: Vec<(DepositKind, Money)>,
    },
    /// A parking term's fee charged (at a renewal too).
    ParkingFee {
        id: String,
        renewed: bool,
        from: NaiveDate,
        until: NaiveDate,
        fee: Money,
        unit: String,
        entry: u32,
    },
    /// Issued, valid from and until (a renovation, a parking term).
    Issued {
        id: String,
        valid: Option<(NaiveDate, NaiveDate)>,
    },
    /// A violation recorded, and its fine charged (amount, ledger entry).
    Violation {
        id: String,
        no: u32,
        deadline: NaiveDate,
        fine: Option<(Money, u32)>,
    },
    CardsReturned {
        id: String,
        refunded: Money,
    },
    /// The deposits settled and the permit closed.
    Refunded {
        id: String,
        lines: Vec<Settlement>,
    },
    /// The desk's signature issued a goods exit pass over the unit's dunning
    /// suspension, a manager's override recorded on it.
    Overridden {
        id: String,
        status: Status,
        overridden: ExitOverride,
    },
    /// Security took a goods exit pass: what it was warned of (the barriers standing
    /// as the goods leave), and the override the pass was issued under.
    Taken {
        id: String,
        status: Status,
        warnings: Vec<Barrier>,
        overridden: Option<ExitOverride>,
    },
    /// Overtime air-conditioning charged to the unit.
    OvertimeAc {
        id: String,
        amount: Money,
        unit: String,
        entry: u32,
    },
}

/// What a step changed, as the commit of its files names it (`permit ID: ...`).
#[derive(Debug, Clone, Copy)]
pub struct Change<'a>(pub &'a Done);

fn refuse(r: Refusal) -> Refused {
    Refused::Permit(r)
}

/// Whether `party` may apply for a permit of `unit`: its owner or its occupant. True
/// if it is a tenant (who needs the owner's consent).
pub fn tenant_applicant(unit: &Unit, party: &str) -> std::result::Result<bool, Refused> {
    let owner = unit.owner.as_deref() == Some(party);
    if !owner && unit.occupant.as_deref() != Some(party) {
        return Err(refuse(Refusal::NotOwnerOrOccupant {
            party: party.to_string(),
            unit: unit.id.clone(),
        }));
    }
    Ok(!owner)
}

/// The numbers of an access-card permit's cards, recorded as they are issued: one per
/// card, each out on no other permit among `holders` (the permits holding any of them).
pub fn number_cards(
    p: &mut Permit,
    numbers: &[String],
    holders: &[Permit],
) -> std::result::Result<(), Refused> {
    use crate::model::record::Record;
    let id = p.id.clone();
    let Some(c) = p.access_card() else {
        return Err(refuse(Refusal::NotA {
            id,
            kind: Kind::AccessCard,
        }));
    };
    let mut clean: Vec<String> = Vec::new();
    for typed in numbers {
        let n = card_key(typed);
        let bad = n.is_empty() || n.contains(',') || n.chars().any(char::is_whitespace);
        if bad || clean.contains(&n) {
            return Err(refuse(Refusal::CardNumber {
                typed: typed.clone(),
            }));
        }
        clean.push(n);
    }
    if clean.len() != c.cards as usize {
        return Err(refuse(Refusal::CardCount {
            cards: c.cards,
            given: clean.len(),
        }));
    }
    for n in &clean {
        let held = held_card(n);
        if let Some(o) = holders
            .iter()
            .find(|o| o.id != id && o.holds().contains(&held))
        {
            return Err(refuse(Refusal::CardTaken {
                card: n.clone(),
                by: o.id.clone(),
            }));
        }
    }
    if let super::PermitKind::AccessCard(c) = &mut p.part {
        c.numbers = clean;
    }
    Ok(())
}

/// What a permit holds while card `number` (as compared) is out on it.
pub fn held_card(number: &str) -> String {
    format!("card:{number}")
}

/// What an access card's number holds (`card:0007`), the number as compared: trimmed,
/// letters in capitals.
pub fn card_key(number: &str) -> String {
    number.trim().to_ascii_uppercase()
}

/// A bay as compared: trimmed, letters in capitals (`b1-018` is `B1-018`).
pub fn bay_key(bay: &str) -> String {
    bay.trim().to_ascii_uppercase()
}

/// A parking permit's bay is free for its term: no other parking permit among
/// `holders` (the permits holding the bay, `p` among them or not) has a term that
/// shares a day with it. A lapsed permit's term is over and holds nothing.
pub fn bay_free(p: &Permit, holders: &[Permit]) -> std::result::Result<(), Refused> {
    let Some(x) = p.parking() else {
        return Ok(());
    };
    let bay = bay_key(&x.bay);
    let taken = holders
        .iter()
        .filter(|o| o.id != p.id)
        .filter_map(|o| o.parking().map(|y| (o, y)))
        .filter(|(_, y)| bay_key(&y.bay) == bay && y.from <= x.until && x.from <= y.until)
        .min_by_key(|(o, y)| (y.from, o.id.clone()));
    match taken {
        None => Ok(()),
        Some((o, y)) => Err(refuse(Refusal::BayTaken {
            bay: x.bay.trim().to_string(),
            by: o.id.clone(),
            from: y.from,
            until: y.until,
        })),
    }
}

/// The deposits of `kind` the unit's other permits still rely on (issued or approved,
/// not closed): deposits are held per unit, so each permit's share is kept apart.
/// `unit_permits` are the unit's permits (`p` among them or not).
pub fn others_rely_on(
    p: &Permit,
    unit_permits: &[Permit],
    kind: DepositKind,
    rules: &PermitRules,
) -> Money {
    let mut sum = Money::ZERO;
    for o in unit_permits {
        if o.id == p.id
            || o.unit != p.unit
            || matches!(
                o.status(),
                Status::Closed | Status::Rejected | Status::Applied
            )
        {
            continue;
        }
        for (k, m) in o.required_deposits(rules) {
            if k == kind {
                sum = sum.checked_add(m).unwrap_or(sum);
            }
        }
    }
    sum
}

/// A deposit the permit needs held: its own share and the unit's other permits'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DepositNeed {
    pub kind: DepositKind,
    pub required: Money,
    pub others: Money,
}

impl DepositNeed {
    /// What must be held in all.
    pub fn total(self) -> Money {
        self.required
            .checked_add(self.others)
            .unwrap_or(self.required)
    }
}

/// The deposits `p` needs held, with what the unit's other permits rely on.
pub fn deposits_needed(
    p: &Permit,
    unit_permits: &[Permit],
    rules: &PermitRules,
) -> Vec<DepositNeed> {
    p.required_deposits(rules)
        .into_iter()
        .map(|(kind, required)| DepositNeed {
            kind,
            required,
            others: others_rely_on(p, unit_permits, kind, rules),
        })
        .collect()
}

fn held(state: &State, kind: DepositKind) -> Money {
    state.deposits.get(&kind).map_or(Money::ZERO, |t| t.held())
}

/// The deposits `p` needs that the unit's ledger (`state`) holds short of, and what it
/// holds of each.
pub fn deposits_short(
    p: &Permit,
    unit_permits: &[Permit],
    state: &State,
    rules: &PermitRules,
) -> Vec<(DepositNeed, Money)> {
    deposits_needed(p, unit_permits, rules)
        .into_iter()
        .map(|d| (d, held(state, d.kind)))
        .filter(|(d, held)| *held < d.total())
        .collect()
}

/// What a payment for `p` (`pay UNIT AMOUNT --for PM-…`) clears first: its fees
/// still owed, then the deposits it and the unit's other permits still need.
pub fn owed_for(
    p: &Permit,
    unit_permits: &[Permit],
    state: &State,
    rules: &PermitRules,
) -> (Vec<u32>, Vec<(DepositKind, Money)>) {
    let charges = p
        .charges()
        .iter()
        .copied()
        .filter(|no| state.charge(*no).is_some_and(|c| c.outstanding.minor() > 0))
        .collect();
    let deposits = deposits_short(p, unit_permits, state, rules)
        .into_iter()
        .map(|(d, held)| (d.kind, Money::from_minor(d.total().minor() - held.minor())))
        .collect();
    (charges, deposits)
}

/// Everything `p` still needs to be issued: documents, agreements, its fees charged
/// and paid (`state` is the unit's ledger replayed), the deposits held.
pub fn missing(
    p: &Permit,
    unit_permits: &[Permit],
    state: &State,
    rules: &PermitRules,
) -> Vec<Missing> {
    let charges = p.charges();
    let unpaid: Vec<Missing> = state
        .charges
        .iter()
        .filter(|c| charges.contains(&c.no) && c.outstanding.minor() > 0)
        .map(|c| Missing::Unpaid {
            kind: p.kind(),
            no: c.no,
            owed: c.outstanding,
            unit: p.unit.clone(),
        })
        .collect();
    let short: Vec<Missing> = deposits_short(p, unit_permits, state, rules)
        .into_iter()
        .map(|(d, held)| Missing::Deposit {
            kind: d.kind,
            required: d.required,
            others: d.others,
            held,
            unit: p.unit.clone(),
        })
        .collect();
    if let Some(r) = p.renovation() {
        return p.renovation_missing(r, unpaid, short);
    }
    let mut out = Vec::new();
    if let Some(x) = p.parking() {
        for d in x.documents.iter().filter(|d| !d.done()) {
            out.push(Missing::Document {
                id: p.id.clone(),
                item: d.item.clone(),
            });
        }
        if x.charges.is_empty() {
            out.push(Missing::Fee { id: p.id.clone() });
        }
    }
    out.extend(unpaid);
    out.extend(short);
    out
}

/// What `missing` is worth showing for: a permit not issued yet.
pub fn before_issue(p: &Permit) -> bool {
    matches!(
        p.status(),
        Status::Applied | Status::Approved | Status::Rejected
    )
}

/// `permit bill`: a renovation's fees (debris removal, the worker passes' cost)
/// charged to the unit's ledger, due today; a parking permit's term fee
/// ([`parking_fee`]). Other kinds have none.
pub fn bill(
    p: &mut Permit,
    ledger: &mut Ledger,
    books: &Books,
    rules: &PermitRules,
    act: Act,
) -> Result<Done> {
    if p.parking().is_some() {
        return parking_fee(p, ledger, books, rules, act, false);
    }
    let Some(r) = p.renovation() else {
        return Err(refuse(Refusal::NoFees {
            id: p.id.clone(),
            kind: p.kind(),
        })
        .into());
    };
    books.state(ledger)?;
    if !r.charges.is_empty() {
        return Err(refuse(Refusal::FeesCharged { id: p.id.clone() }).into());
    }
    let mut entries = Vec::new();
    for (amount, text) in rules.renovation_fees(r.workers, books.locale()) {
        entries.push(ledger_steps::charge(
            ledger,
            act,
            NewCharge {
                item: ChargeItem::RenovationFee,
                amount,
                text: format!("{text} {}", p.id),
                due: act.today,
                reference: Some(p.id.clone()),
            },
        )?);
    }
    let total = Money::from_minor(
        ledger
            .entries
            .iter()
            .filter(|e| entries.contains(&e.no))
            .map(|e| e.amount.minor())
            .sum(),
    );
    p.billed(act, &entries, total)?;
    Ok(Done::Billed {
        id: p.id.clone(),
        total,
        unit: p.unit.clone(),
        deposits: p.required_deposits(rules),
    })
}

/// `permit renew`: a parking permit renewed for another term, its fee charged.
pub fn renew(
    p: &mut Permit,
    ledger: &mut Ledger,
    books: &Books,
    rules: &PermitRules,
    act: Act,
) -> Result<Done> {
    parking_fee(p, ledger, books, rules, act, true)
}

/// A parking permit's fee for its term (`renew`: for the next term first), due today.
fn parking_fee(
    p: &mut Permit,
    ledger: &mut Ledger,
    books: &Books,
    rules: &PermitRules,
    act: Act,
    renew: bool,
) -> Result<Done> {
    if renew {
        p.renew(act)?;
    } else if p.parking().is_some_and(|x| !x.charges.is_empty()) {
        return Err(refuse(Refusal::FeeCharged { id: p.id.clone() }).into());
    }
    let Some(x) = p.parking().cloned() else {
        return Err(refuse(Refusal::NotA {
            id: p.id.clone(),
            kind: Kind::Parking,
        })
        .into());
    };
    let fee = x.term.fee(&rules.parking);
    let text = match books.locale() {
        Locale::ZhCn => format!(
            "停车费 车位{} {} {}至{} {}",
            x.bay, x.plate, x.from, x.until, p.id
        ),
        Locale::En => format!(
            "Parking bay {} {} {} to {} {}",
            x.bay, x.plate, x.from, x.until, p.id
        ),
    };
    let entry = ledger_steps::charge(
        ledger,
        act,
        NewCharge {
            item: ChargeItem::Parking,
            amount: fee,
            text,
            due: act.today,
            reference: Some(p.id.clone()),
        },
    )?;
    p.parking_billed(act, entry, fee)?;
    Ok(Done::ParkingFee {
        id: p.id.clone(),
        renewed: renew,
        from: x.from,
        until: x.until,
        fee,
        unit: p.unit.clone(),
        entry,
    })
}

/// `permit violation`: a rectification notice with a deadline, the permit suspended;
/// a fine is charged to the unit's ledger (`fine`: the amount and the ledger), due on
/// the deadline, with the office's text.
pub fn violation(
    p: &mut Permit,
    act: Act,
    description: &str,
    deadline: NaiveDate,
    fine: Option<(Money, &mut Ledger)>,
    locale: Locale,
) -> Result<Done> {
    let amount = fine.as_ref().map(|(m, _)| *m);
    let no = p.violation(act, description, deadline, amount)?;
    let mut charged = None;
    if let Some((f, ledger)) = fine {
        let text = match locale {
            Locale::ZhCn => format!("装修违章罚款 {} 第{no}号", p.id),
            Locale::En => format!("Renovation fine {} no. {no}", p.id),
        };
        let entry = ledger_steps::charge(
            ledger,
            act,
            NewCharge {
                item: ChargeItem::Fine,
                amount: f,
                text,
                due: deadline,
                reference: Some(p.id.clone()),
            },
        )?;
        if let Some(v) = p
            .renovation_mut()
            .and_then(|r| r.violations.iter_mut().find(|v| v.no == no))
        {
            v.fine_entry = Some(entry);
        }
        charged = Some((f, entry));
    }
    Ok(Done::Violation {
        id: p.id.clone(),
        no,
        deadline,
        fine: charged,
    })
}

/// `permit return`: the access cards handed back, the permit closed, their deposit
/// refunded as far as the ledger holds it.
pub fn return_cards(p: &mut Permit, ledger: &mut Ledger, books: &Books, act: Act) -> Result<Done> {
    let back = p.return_cards(act)?;
    let state = books.state(ledger)?;
    let refunded = back.min(held(&state, DepositKind::Card));
    if refunded.minor() > 0 {
        ledger_steps::refund_deposit(
            books,
            ledger,
            act,
            DepositKind::Card,
            refunded,
            None,
            Some(p.id.clone()),
        )?;
    }
    Ok(Done::CardsReturned {
        id: p.id.clone(),
        refunded,
    })
}

/// Overtime air-conditioning taken before the cut-off, issued at once (`id`), its
/// amount charged to the unit's ledger, due on the next month's due day.
pub fn overtime_ac(
    id: &str,
    request: AcRequest,
    rules: &OvertimeAcRules,
    ledger: &mut Ledger,
    books: &Books,
    act: Act,
) -> Result<(Permit, Done)> {
    let mut p = Permit::new_overtime_ac(id, request, rules, act)?;
    let (date, from, to) = (request.date, request.from, request.to);
    let amount = p.overtime_ac().map_or(Money::ZERO, |o| o.amount);
    let next_month = date
        .with_day(1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .unwrap_or(date);
    let slot = format!("{}-{}", from.format("%H:%M"), to.format("%H:%M"));
    let text = match books.locale() {
        Locale::ZhCn => format!("加时空调 {date} {slot} {id}"),
        Locale::En => format!("Overtime air-conditioning {date} {slot} {id}"),
    };
    let entry = ledger_steps::charge(
        ledger,
        act,
        NewCharge {
            item: ChargeItem::Energy,
            amount,
            text,
            due: books.billing.due_date(next_month),
            reference: Some(id.to_string()),
        },
    )?;
    if let Some(o) = p.overtime_ac_mut() {
        o.charge = Some(entry);
    }
    let done = Done::OvertimeAc {
        id: id.to_string(),
        amount,
        unit: p.unit.clone(),
        entry,
    };
    Ok((p, done))
}

/// `permit refund`: a renovation's deposits back net of what is owed ([`settle`]), paid
/// out by `cashier`, and the permit closed by `desk`; `damage` is an amount and what
/// was damaged.
pub fn refund(
    p: &mut Permit,
    unit_permits: &[Permit],
    ledger: &mut Ledger,
    books: &Books,
    rules: &PermitRules,
    (cashier, desk): (Act, Act),
    damage: Option<(Money, &str)>,
) -> Result<Done> {
    if p.renovation().is_none() {
        return Err(refuse(Refusal::NoDeposits {
            id: p.id.clone(),
            kind: p.kind(),
        })
        .into());
    }
    p.may_close()?;
    let keep = |kind| others_rely_on(p, unit_permits, kind, rules);
    let keep = [
        (DepositKind::Renovation, keep(DepositKind::Renovation)),
        (DepositKind::Pass, keep(DepositKind::Pass)),
    ];
    let lines = settle::refund(
        p,
        ledger,
        books,
        cashier,
        rules.worker_pass_deposit,
        keep,
        damage,
    )?;
    let refunded: Vec<String> = lines
        .iter()
        .filter_map(|l| match l {
            Settlement::Refunded { kind, amount } => Some(format!("{kind} {}", amount.grouped())),
            Settlement::PassesKept { .. } | Settlement::Applied { .. } => None,
        })
        .collect();
    let note = match refunded.is_empty() {
        true => "no deposit to refund".to_string(),
        false => format!("refunded {}", refunded.join(", ")),
    };
    p.close(desk, note)?;
    Ok(Done::Refunded {
        id: p.id.clone(),
        lines,
    })
}

#[cfg(test)]
mod tests;
