//! The steps on a unit's ledger (台账), each a function over the ledger it changes,
//! with no I/O: a charge, the month's bill, a payment, a waiver, an adjustment, a
//! credit, a deposit taken, paid back or used, and the late fees. Every procedure
//! posts its money through these, so the rules hold whoever posts: a payment first
//! posts the late fees accrued through its day, then clears the charge named, then
//! the others in the office's clearing order; deposits are held apart and never go
//! below zero; nothing is forgiven, credited or applied beyond what is owed.
//!
//! A step appends entries and returns what it did ([`Done`]) or why it is refused
//! ([`Refusal`], the ledger left as it was): the message catalogue words both. The
//! texts of the entries are the office's, in its language: they are the record.

use chrono::{Datelike, NaiveDate};

use crate::model::ledger::{
    Applied, ChargeItem, ChargeLine, DepositKind, EntryKind, Ledger, LedgerEntry, PayMethod, State,
};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::unit::Unit;
use crate::procedure::{Act, Refused};

use super::accounts::{Books, NewCharge, NewPayment, Paid};
use super::billing;
use super::late::{self, LateFee};
use super::rules::BillingRules;

/// Why a step on a unit's ledger is refused. The message catalogue words each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The ledger does not replay: `entry` (counted from 1) is the first that fails.
    Broken {
        unit: String,
        year: i32,
        entry: usize,
        problem: String,
    },
    /// An amount of zero or less.
    NotPositive { amount: Money },
    /// An entry dated before the ledger's latest day: only a payment received
    /// earlier (`--received`) may be.
    BackDated {
        unit: String,
        date: NaiveDate,
        latest: NaiveDate,
    },
    /// Money said to have arrived in a year whose book is closed.
    BooksClosed {
        unit: String,
        date: NaiveDate,
        year: i32,
    },
    /// A month older than what the open book carries (the last two months of the year
    /// before): its charges, paid, are in a closed book, so billing it could bill it twice.
    MonthClosed {
        unit: String,
        month: String,
        year: i32,
    },
    /// An entry of another year than the book's (a caller that did not open the
    /// year's book first).
    OtherYear {
        unit: String,
        year: i32,
        date: NaiveDate,
    },
    /// Money said to have arrived after today.
    ReceivedAhead { date: NaiveDate, today: NaiveDate },
    /// `--for` names neither entry numbers nor a record's ID.
    NotAPurpose { typed: String },
    /// `--for` names a record of another unit.
    OtherUnitsRecord {
        id: String,
        of: String,
        unit: String,
    },
    /// Late fees are posted by the ladder and by payments, never charged by hand.
    LateFeeByHand,
    /// A value the entry must have is empty.
    Empty { what: Needed },
    /// The charge named (`--for`) is not one of the unit's.
    NoCharge { unit: String, no: u32 },
    /// The charge a credit is to reduce is not one of the unit's.
    NoChargeToCredit { unit: String, no: u32 },
    /// The charge named is cleared already.
    Cleared { unit: String, no: u32, text: String },
    /// A waiver of more than is owed (on the charge named, if one is).
    WaiveMore {
        amount: Money,
        owed: Money,
        on: Option<u32>,
    },
    /// A credit of more than its charge charged.
    CreditMore {
        amount: Money,
        no: u32,
        charged: Money,
    },
    /// Paying back more than was paid in advance.
    PayBackMore {
        amount: Money,
        unit: String,
        credit: Money,
    },
    /// A deposit paid back or used beyond what is held of it.
    DepositShort {
        unit: String,
        kind: DepositKind,
        held: Money,
        amount: Money,
    },
    /// A deposit used beyond what is owed.
    ApplyMore { amount: Money, owed: Money },
}

/// A value an entry must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needed {
    /// What it is for (the entry's `for:`).
    Text,
    Approver,
    Reason,
}

impl From<Refusal> for Refused {
    fn from(r: Refusal) -> Refused {
        Refused::Fees(r)
    }
}

/// A posting the desk makes by hand: `bill charge`, `bill waive`, `bill adjust`,
/// `ledger refund`, `ledger apply`.
#[derive(Debug, Clone)]
pub enum Post {
    Charge(NewCharge),
    Waive {
        amount: Money,
        target: Option<u32>,
        approver: String,
        reason: String,
    },
    Adjust {
        charge: NewCharge,
        approver: String,
        reason: String,
    },
    Refund {
        kind: DepositKind,
        amount: Money,
        method: Option<PayMethod>,
        reference: Option<String>,
    },
    Apply {
        kind: DepositKind,
        amount: Money,
        target: Option<u32>,
    },
}

impl Post {
    /// A one-off charge (`bill charge`).
    pub fn charge(
        item: ChargeItem,
        amount: Money,
        text: String,
        due: NaiveDate,
        reference: Option<String>,
    ) -> Post {
        Post::Charge(NewCharge {
            item,
            amount,
            text,
            due,
            reference,
        })
    }

    /// A waiver (`bill waive`).
    pub fn waive(amount: Money, target: Option<u32>, approver: String, reason: String) -> Post {
        Post::Waive {
            amount,
            target,
            approver,
            reason,
        }
    }

    /// An adjustment (`bill adjust`).
    pub fn adjust(
        item: ChargeItem,
        amount: Money,
        text: String,
        due: NaiveDate,
        approver: String,
        reason: String,
    ) -> Post {
        let charge = NewCharge {
            item,
            amount,
            text,
            due,
            reference: None,
        };
        Post::Adjust {
            charge,
            approver,
            reason,
        }
    }

    /// A deposit paid back (`ledger refund`).
    pub fn refund(
        kind: DepositKind,
        amount: Money,
        method: Option<PayMethod>,
        reference: Option<String>,
    ) -> Post {
        Post::Refund {
            kind,
            amount,
            method,
            reference,
        }
    }

    /// A deposit used to pay charges (`ledger apply`).
    pub fn apply(kind: DepositKind, amount: Money, target: Option<u32>) -> Post {
        Post::Apply {
            kind,
            amount,
            target,
        }
    }
}

/// What kind of posting it was: the word the confirmation and the commit use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Posting {
    Charge,
    Waiver,
    Adjustment,
    Refund,
    DepositApplied,
}

impl Posting {
    pub fn as_str(self) -> &'static str {
        match self {
            Posting::Charge => "charge",
            Posting::Waiver => "waiver",
            Posting::Adjustment => "adjustment",
            Posting::Refund => "refund",
            Posting::DepositApplied => "deposit applied",
        }
    }
}

/// What a step did, to tell the clerk. The message catalogue words each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// An entry posted by hand, and the fee balance after; a deposit paid back or used
    /// also says the deposits `held` after.
    Posted {
        unit: String,
        no: u32,
        posting: Posting,
        amount: Money,
        text: String,
        held: Option<Money>,
        balance: Money,
    },
    /// A deposit taken, and the deposits held after.
    DepositReceived {
        unit: String,
        no: u32,
        kind: DepositKind,
        amount: Money,
        held: Money,
    },
    /// A late fee on charge `on` posted, covering `from` through `through`.
    LateFee {
        unit: String,
        on: u32,
        amount: Money,
        from: NaiveDate,
        through: NaiveDate,
    },
    /// A late fee (entry `fee`) credited back by `amount` after payment `payment`,
    /// recorded late, counted from the day the money arrived.
    CreditedBack {
        unit: String,
        fee: u32,
        amount: Money,
        payment: u32,
    },
    /// A payment: how it cleared charges, what is left paid in advance, the balance.
    Paid {
        unit: String,
        no: u32,
        amount: Money,
        applied: Vec<Applied>,
        credit: Money,
        balance: Money,
    },
    /// The month's charges posted to a unit (what they come to), the late fees of the
    /// month before posted, and its payment notice filed.
    Billed {
        unit: String,
        charged: Money,
        late_fees: Money,
        notice: String,
    },
    /// The month is billed after its due day: its charges fall due `due`, the grace
    /// days after today.
    BilledLate {
        month: String,
        month_due: NaiveDate,
        due: NaiveDate,
        grace: u32,
    },
}

/// The ledger replayed, or refused naming the first entry that does not replay.
pub fn replay(books: &Books, ledger: &Ledger) -> Result<State, Refused> {
    let (state, problems) = ledger.replay(books.clearing());
    match problems.first() {
        None => Ok(state),
        Some(p) => Err(Refusal::Broken {
            unit: ledger.unit.clone(),
            year: ledger.year,
            entry: ledger.first_no() as usize + p.index,
            problem: p.message.clone(),
        }
        .into()),
    }
}

/// Posts the late fees `due` (see [`late`]), one entry per charge, dated today and due
/// today; `state` is the ledger replayed, and is kept in step with it.
pub fn post_late_fees(
    books: &Books,
    ledger: &mut Ledger,
    state: &mut State,
    due: Vec<LateFee>,
    act: Act,
) -> Result<Vec<LateFee>, Refused> {
    for f in &due {
        let blank = blank(ledger, act, EntryKind::Charge, f.amount, String::new())?;
        let e = late::entry(books, state, f, blank);
        ledger.entries.push(e);
    }
    state.catch_up(ledger, books.clearing());
    Ok(due)
}

/// The latest day on the ledger: of its entries' days and the days payments received
/// earlier were recorded.
pub fn latest_day(ledger: &Ledger) -> Option<NaiveDate> {
    ledger
        .entries
        .iter()
        .map(|e| e.recorded.unwrap_or(e.date).max(e.date))
        .max()
}

/// A new entry with the next number, dated today; refused if the ledger already has
/// a later day (the clock is behind it).
fn blank(
    ledger: &Ledger,
    act: Act,
    kind: EntryKind,
    amount: Money,
    text: String,
) -> Result<LedgerEntry, Refused> {
    if act.today.year() != ledger.year {
        return Err(Refusal::OtherYear {
            unit: ledger.unit.clone(),
            year: ledger.year,
            date: act.today,
        }
        .into());
    }
    if let Some(latest) = latest_day(ledger).filter(|d| *d > act.today) {
        return Err(Refusal::BackDated {
            unit: ledger.unit.clone(),
            date: act.today,
            latest,
        }
        .into());
    }
    Ok(LedgerEntry {
        no: ledger.next_no(),
        date: act.today,
        kind,
        party: ledger.posting_for.clone(),
        item: None,
        deposit: None,
        amount,
        text,
        period: None,
        due: None,
        charge: None,
        from: None,
        through: None,
        recorded: None,
        payment: None,
        method: None,
        reference: None,
        receipt: None,
        payer: None,
        approver: None,
        reason: None,
        applied: Vec::new(),
        by: act.by.to_string(),
        at: act.at,
    })
}

/// Appends `e`; its number.
fn push(ledger: &mut Ledger, e: LedgerEntry) -> u32 {
    let no = e.no;
    ledger.entries.push(e);
    no
}

fn positive(amount: Money) -> Result<(), Refused> {
    if amount.minor() <= 0 {
        return Err(Refusal::NotPositive { amount }.into());
    }
    Ok(())
}

fn required(what: Needed, value: &str) -> Result<String, Refused> {
    crate::procedure::filled(value, || Refusal::Empty { what })
}

/// Posts a charge; money paid in advance clears it at once.
pub fn charge(ledger: &mut Ledger, act: Act, c: NewCharge) -> Result<u32, Refused> {
    positive(c.amount)?;
    if c.item == ChargeItem::LateFee {
        return Err(Refusal::LateFeeByHand.into());
    }
    let mut e = blank(
        ledger,
        act,
        EntryKind::Charge,
        c.amount,
        required(Needed::Text, &c.text)?,
    )?;
    e.item = Some(c.item);
    e.due = Some(c.due);
    e.reference = c.reference;
    Ok(push(ledger, e))
}

/// An approved correction that adds to what is owed.
pub fn adjust(
    ledger: &mut Ledger,
    act: Act,
    c: NewCharge,
    approver: &str,
    reason: &str,
) -> Result<u32, Refused> {
    positive(c.amount)?;
    let mut e = blank(
        ledger,
        act,
        EntryKind::Adjustment,
        c.amount,
        required(Needed::Text, &c.text)?,
    )?;
    e.item = Some(c.item);
    e.due = Some(c.due);
    e.reference = c.reference;
    e.approver = Some(required(Needed::Approver, approver)?);
    e.reason = Some(required(Needed::Reason, reason)?);
    Ok(push(ledger, e))
}

/// A payment against charges, and the state after. The late fees accrued on what it
/// reaches are posted first, through the day the money arrived, so the clearing order
/// sees them and none is lost; then the payment clears `target` (`--for`) first, then
/// by the office's clearing order. Money received on an earlier day (`received`)
/// keeps that day: the late fees posted since on what it cleared are credited back.
pub fn pay(
    books: &Books,
    ledger: &mut Ledger,
    act: Act,
    p: NewPayment,
) -> Result<(Paid, State), Refused> {
    positive(p.amount)?;
    let day = match p.received {
        Some(date) if date > act.today => {
            return Err(Refusal::ReceivedAhead {
                date,
                today: act.today,
            }
            .into());
        }
        Some(date) if date < ledger.first_day() => {
            return Err(Refusal::BooksClosed {
                unit: ledger.unit.clone(),
                date,
                year: date.year(),
            }
            .into());
        }
        Some(date) => date,
        None => act.today,
    };
    let mut state = replay(books, ledger)?;
    for t in &p.targets {
        check_target(&state, &ledger.unit, Some(*t))?;
    }
    let party = occupancy(ledger, &state, &p.targets);
    let (late_fees, applied, credit) = reach(
        books,
        ledger,
        &mut state,
        party.as_deref(),
        p.amount,
        &p.targets,
        day,
        act,
    )?;
    let text = match books.locale() {
        Locale::ZhCn => "缴款".to_string(),
        Locale::En => "Payment".to_string(),
    };
    let mut e = blank(ledger, act, EntryKind::Payment, p.amount, text)?;
    e.party = party;
    e.date = day;
    e.recorded = (day < act.today).then_some(act.today);
    // One charge named is kept as the payment's target; several, in what it applied.
    e.charge = match p.targets.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    e.method = p.method;
    e.reference = p.reference;
    e.applied = applied.clone();
    let no = push(ledger, e);
    state.catch_up(ledger, books.clearing());
    let credited_back = match day < act.today {
        true => credit_back(books, ledger, &mut state, no, act)?,
        false => Vec::new(),
    };
    let paid = Paid {
        no,
        late_fees,
        applied,
        credit,
        credited_back,
    };
    Ok((paid, state))
}

/// A credit of `amount` (a payment, a deposit applied, a waiver) clearing the
/// `targets` first: the late fees it reaches posted first, through `day`, then how it
/// clears the charges and what is left over.
#[allow(clippy::too_many_arguments)]
fn reach(
    books: &Books,
    ledger: &mut Ledger,
    state: &mut State,
    party: Option<&str>,
    amount: Money,
    targets: &[u32],
    day: NaiveDate,
    act: Act,
) -> Result<(Vec<LateFee>, Vec<Applied>, Money), Refused> {
    let next = ledger.next_no();
    let reached = late::touched(books, state, party, amount, targets, next, day);
    let late_fees = post_late_fees(books, ledger, state, reached, act)?;
    let (applied, left) = state.allocate_for(party, amount, targets, books.clearing());
    Ok((late_fees, applied, left))
}

/// Whose money a payment, a deposit or a waiver at the desk is when it names no
/// charge: the occupancy of the latest charge on the ledger (a move-in's charges,
/// posted before the tenant occupies; the occupant's month), else the party billed.
pub fn payer(ledger: &Ledger, billed: Option<&String>) -> Option<String> {
    let principal = |item: Option<ChargeItem>| item != Some(ChargeItem::LateFee);
    let posted = ledger
        .entries
        .iter()
        .rev()
        .find(|e| e.kind.is_debit() && principal(e.item))
        .map(|e| e.party.clone());
    let carried = || {
        ledger
            .opening
            .iter()
            .flat_map(|o| o.charges.iter())
            .filter(|c| principal(Some(c.item)))
            .max_by_key(|c| c.no)
            .map(|c| c.party.clone())
    };
    posted
        .or_else(carried)
        .flatten()
        .or_else(|| billed.cloned())
}

/// The occupancy a credit belongs to: that of the charge it names first, else the one
/// the ledger posts for (the party billed, or the party a step acts for). Money paid
/// for a charge is its occupancy's, whoever is billed today.
fn occupancy(ledger: &Ledger, state: &State, targets: &[u32]) -> Option<String> {
    targets
        .first()
        .and_then(|t| state.charge(*t))
        .and_then(|c| c.party.clone())
        .or_else(|| payer(ledger, ledger.posting_for.as_ref()))
}

/// Whose deposit of `kind` a refund or an application of `amount` takes: the
/// occupancy the ledger posts for if it holds that much, else the one holding most.
fn holder(ledger: &Ledger, state: &State, kind: DepositKind, amount: Money) -> Option<String> {
    let held = |p: &Option<String>| {
        state
            .party_deposits
            .get(&(p.clone(), kind))
            .map_or(0, |t| t.held().minor())
    };
    if held(&ledger.posting_for) >= amount.minor() {
        return ledger.posting_for.clone();
    }
    state
        .party_deposits
        .keys()
        .filter(|(_, k)| *k == kind)
        .map(|(p, _)| p.clone())
        .max_by_key(|p| held(p))
        .unwrap_or_else(|| ledger.posting_for.clone())
}

/// After payment `no`, recorded late: the late fees posted beyond the day the money
/// arrived, on what it cleared, credited back (冲减) by entries naming the payment.
fn credit_back(
    books: &Books,
    ledger: &mut Ledger,
    state: &mut State,
    no: u32,
    act: Act,
) -> Result<Vec<(u32, Money)>, Refused> {
    let Some(payment) = ledger.entries.iter().rfind(|e| e.no == no).cloned() else {
        return Ok(Vec::new());
    };
    let over = late::excess(books, ledger, state, &payment);
    for &(fee, amount) in &over {
        let party = payment.party.as_deref();
        let (applied, _) = state.allocate_for(party, amount, &[fee], books.clearing());
        let text = match books.locale() {
            Locale::ZhCn => format!("冲减滞纳金：第{no}项缴款于{}到账", payment.date),
            Locale::En => format!(
                "Late fee credited back: payment {no} arrived {}",
                payment.date
            ),
        };
        let mut e = blank(ledger, act, EntryKind::Credit, amount, text)?;
        e.party = payment.party.clone();
        e.charge = Some(fee);
        e.payment = Some(no);
        e.applied = applied;
        e.reason = Some(match books.locale() {
            Locale::ZhCn => format!("缴款于{}到账，{}入账", payment.date, act.today),
            Locale::En => format!("received {}, recorded {}", payment.date, act.today),
        });
        push(ledger, e);
        state.catch_up(ledger, books.clearing());
    }
    Ok(over)
}

/// The late fees a step posted, said one by one.
pub fn said_late_fees(unit: &str, fees: &[LateFee]) -> Vec<Done> {
    fees.iter()
        .map(|f| Done::LateFee {
            unit: unit.to_string(),
            on: f.on,
            amount: f.amount,
            from: f.from,
            through: f.through,
        })
        .collect()
}

/// `pay`: a payment, said as the late fees posted before it and what it cleared; and
/// the state after, which decides whether the unit's dunning case closes.
pub fn take_payment(
    books: &Books,
    ledger: &mut Ledger,
    act: Act,
    p: NewPayment,
) -> Result<(Vec<Done>, State), Refused> {
    let amount = p.amount;
    let (paid, state) = pay(books, ledger, act, p)?;
    let unit = &ledger.unit;
    let mut said = said_late_fees(unit, &paid.late_fees);
    said.push(Done::Paid {
        unit: unit.clone(),
        no: paid.no,
        amount,
        applied: paid.applied,
        credit: paid.credit,
        balance: state.balance(),
    });
    said.extend(
        paid.credited_back
            .iter()
            .map(|&(fee, amount)| Done::CreditedBack {
                unit: unit.clone(),
                fee,
                amount,
                payment: paid.no,
            }),
    );
    Ok((said, state))
}

/// The open charges record `id` (of unit `of`) posted to `ledger` (`ref:` its ID: a
/// move-in's, a ticket's, a move-out's, a permit's), in ledger order: what
/// `pay --for ID` clears first. Refused for a record of another unit.
pub fn charges_of_record(
    ledger: &Ledger,
    state: &State,
    id: &str,
    of: &str,
) -> Result<Vec<u32>, Refused> {
    if of != ledger.unit {
        return Err(Refusal::OtherUnitsRecord {
            id: id.to_string(),
            of: of.to_string(),
            unit: ledger.unit.clone(),
        }
        .into());
    }
    Ok(state
        .open()
        .filter(|c| c.reference.as_deref() == Some(id))
        .map(|c| c.no)
        .collect())
}

/// `pay --for`: a payment that clears the `targets` first and then takes the
/// `deposits` a record still needs (a renovation's deposits), each as a deposit
/// received; what is left is a payment by the clearing order. What it did, said.
pub fn take_payment_for(
    books: &Books,
    ledger: &mut Ledger,
    act: Act,
    p: NewPayment,
    deposits: &[(DepositKind, Money)],
) -> Result<(Vec<Done>, State), Refused> {
    positive(p.amount)?;
    let state = replay(books, ledger)?;
    let owed: i64 = p
        .targets
        .iter()
        .filter_map(|t| state.charge(*t))
        .map(|c| c.outstanding.minor())
        .sum();
    let mut left = (p.amount.minor() - owed).max(0);
    let mut said = Vec::new();
    let mut taken = 0;
    for &(kind, short) in deposits {
        let take = left.min(short.minor());
        if take <= 0 {
            continue;
        }
        let (method, reference) = (p.method, p.reference.clone());
        let amount = Money::from_minor(take);
        said.push(take_deposit(
            books, ledger, act, kind, amount, method, reference,
        )?);
        left -= take;
        taken += take;
    }
    let rest = Money::from_minor(p.amount.minor() - taken);
    if rest.is_zero() {
        let state = replay(books, ledger)?;
        return Ok((said, state));
    }
    let (paid, state) = take_payment(books, ledger, act, NewPayment { amount: rest, ..p })?;
    said.extend(paid);
    Ok((said, state))
}

fn check_target(state: &State, unit: &str, target: Option<u32>) -> Result<(), Refused> {
    let Some(no) = target else { return Ok(()) };
    match state.charge(no) {
        None => Err(Refusal::NoCharge {
            unit: unit.to_string(),
            no,
        }
        .into()),
        Some(c) if c.outstanding.is_zero() => Err(Refusal::Cleared {
            unit: unit.to_string(),
            no,
            text: c.text.clone(),
        }
        .into()),
        Some(_) => Ok(()),
    }
}

/// What is owed on `day` with the late fees accrued to it: the most a waiver or a
/// deposit applied may clear.
fn owed_to(books: &Books, state: &State, day: NaiveDate) -> Money {
    Money::from_minor(owed(state).minor() + books.late_fees_accrued(state, day).minor())
}

fn owed(state: &State) -> Money {
    Money::from_minor(state.open().map(|c| c.outstanding.minor()).sum())
}

/// Forgives part of what is owed (减免), approved: clears `target` first, then by the
/// clearing order. Cannot forgive more than is owed. The late fees accrued on what it
/// reaches are posted first, so they can be forgiven.
pub fn waive(
    books: &Books,
    ledger: &mut Ledger,
    act: Act,
    amount: Money,
    target: Option<u32>,
    approver: &str,
    reason: &str,
) -> Result<u32, Refused> {
    positive(amount)?;
    let (approver, reason) = (
        required(Needed::Approver, approver)?,
        required(Needed::Reason, reason)?,
    );
    let mut state = replay(books, ledger)?;
    check_target(&state, &ledger.unit, target)?;
    // What may be forgiven: the charge named, or all that is owed with the late fees
    // accrued to today.
    let open = match target {
        Some(t) => state.charge(t).map_or(Money::ZERO, |c| c.outstanding),
        None => owed_to(books, &state, act.today),
    };
    if amount > open {
        return Err(Refusal::WaiveMore {
            amount,
            owed: open,
            on: target,
        }
        .into());
    }
    let party = occupancy(ledger, &state, target.as_slice());
    let (_, applied, _) = reach(
        books,
        ledger,
        &mut state,
        party.as_deref(),
        amount,
        target.as_slice(),
        act.today,
        act,
    )?;
    let text = match books.locale() {
        Locale::ZhCn => "减免".to_string(),
        Locale::En => "Waiver".to_string(),
    };
    let mut e = blank(ledger, act, EntryKind::Waiver, amount, text)?;
    e.party = party;
    e.charge = target;
    e.applied = applied;
    e.approver = Some(approver);
    e.reason = Some(reason);
    Ok(push(ledger, e))
}

/// Reduces a charge that billed days no longer owed (冲减): clears `target` first, then
/// by the clearing order; what is left becomes credit (paid in advance). The rules
/// decide the amount, so no approver; the reason says which rule.
pub fn credit(
    books: &Books,
    ledger: &mut Ledger,
    act: Act,
    target: u32,
    amount: Money,
    text: String,
    reason: &str,
) -> Result<u32, Refused> {
    positive(amount)?;
    let state = replay(books, ledger)?;
    let Some(c) = state.charge(target) else {
        return Err(Refusal::NoChargeToCredit {
            unit: ledger.unit.clone(),
            no: target,
        }
        .into());
    };
    if amount > c.amount {
        return Err(Refusal::CreditMore {
            amount,
            no: target,
            charged: c.amount,
        }
        .into());
    }
    let party = c.party.clone();
    let (applied, _) = state.allocate_for(party.as_deref(), amount, &[target], books.clearing());
    let text = required(Needed::Text, &text)?;
    let mut e = blank(ledger, act, EntryKind::Credit, amount, text)?;
    e.party = party;
    e.charge = Some(target);
    e.applied = applied;
    e.reason = Some(required(Needed::Reason, reason)?);
    Ok(push(ledger, e))
}

/// Money paid in advance paid back (退预交款): never more than the credit.
pub fn refund_credit(
    books: &Books,
    ledger: &mut Ledger,
    act: Act,
    amount: Money,
    method: Option<PayMethod>,
    reference: Option<String>,
) -> Result<u32, Refused> {
    positive(amount)?;
    let state = replay(books, ledger)?;
    // Only the occupancy's own credit is paid back to it.
    let credit = state.credit_of(ledger.posting_for.as_deref());
    if amount > credit {
        return Err(Refusal::PayBackMore {
            amount,
            unit: ledger.unit.clone(),
            credit,
        }
        .into());
    }
    let text = match books.locale() {
        Locale::ZhCn => "退还预交款".to_string(),
        Locale::En => "Advance payment refunded".to_string(),
    };
    let mut e = blank(ledger, act, EntryKind::CreditRefunded, amount, text)?;
    e.method = method;
    e.reference = reference;
    Ok(push(ledger, e))
}

/// A deposit taken (收押金).
pub fn receive_deposit(
    books: &Books,
    ledger: &mut Ledger,
    act: Act,
    kind: DepositKind,
    amount: Money,
    method: Option<PayMethod>,
    reference: Option<String>,
) -> Result<u32, Refused> {
    positive(amount)?;
    let text = deposit_text(kind, books.locale(), "收取", "received");
    let mut e = blank(ledger, act, EntryKind::DepositReceived, amount, text)?;
    // The payer's: a move-in's deposits are the incoming occupancy's.
    e.party = payer(ledger, ledger.posting_for.as_ref());
    e.deposit = Some(kind);
    e.method = method;
    e.reference = reference;
    Ok(push(ledger, e))
}

/// `pay --deposit`: a deposit taken, said with the deposits held after.
pub fn take_deposit(
    books: &Books,
    ledger: &mut Ledger,
    act: Act,
    kind: DepositKind,
    amount: Money,
    method: Option<PayMethod>,
    reference: Option<String>,
) -> Result<Done, Refused> {
    let no = receive_deposit(books, ledger, act, kind, amount, method, reference)?;
    Ok(Done::DepositReceived {
        unit: ledger.unit.clone(),
        no,
        kind,
        amount,
        held: replay(books, ledger)?.deposits_held(),
    })
}

fn deposit_text(kind: DepositKind, locale: Locale, zh: &str, en: &str) -> String {
    match locale {
        Locale::ZhCn => format!("{zh}{}", kind.zh()),
        Locale::En => format!("{} deposit {en}", billing::capitalised(kind.as_str())),
    }
}

/// Refused unless `amount` of the `kind` deposit is held.
fn held(state: &State, unit: &str, kind: DepositKind, amount: Money) -> Result<(), Refused> {
    let held = state.deposits.get(&kind).map_or(Money::ZERO, |t| t.held());
    if amount > held {
        return Err(Refusal::DepositShort {
            unit: unit.to_string(),
            kind,
            held,
            amount,
        }
        .into());
    }
    Ok(())
}

/// A deposit paid back (退押金); never more than is held.
pub fn refund_deposit(
    books: &Books,
    ledger: &mut Ledger,
    act: Act,
    kind: DepositKind,
    amount: Money,
    method: Option<PayMethod>,
    reference: Option<String>,
) -> Result<u32, Refused> {
    positive(amount)?;
    let state = replay(books, ledger)?;
    held(&state, &ledger.unit, kind, amount)?;
    let text = deposit_text(kind, books.locale(), "退还", "refunded");
    let mut e = blank(ledger, act, EntryKind::DepositRefunded, amount, text)?;
    e.party = holder(ledger, &state, kind, amount);
    e.deposit = Some(kind);
    e.method = method;
    e.reference = reference;
    Ok(push(ledger, e))
}

/// A deposit used to pay charges (押金抵扣): never more than is held or owed. The late
/// fees accrued on what it reaches are posted first, as before a payment.
pub fn apply_deposit(
    books: &Books,
    ledger: &mut Ledger,
    act: Act,
    kind: DepositKind,
    amount: Money,
    target: Option<u32>,
) -> Result<u32, Refused> {
    positive(amount)?;
    let mut state = replay(books, ledger)?;
    held(&state, &ledger.unit, kind, amount)?;
    check_target(&state, &ledger.unit, target)?;
    let owed = owed_to(books, &state, act.today);
    if amount > owed {
        return Err(Refusal::ApplyMore { amount, owed }.into());
    }
    // The deposit's occupancy: it pays that occupancy's charges.
    let party = holder(ledger, &state, kind, amount);
    let (_, applied, _) = reach(
        books,
        ledger,
        &mut state,
        party.as_deref(),
        amount,
        target.as_slice(),
        act.today,
        act,
    )?;
    let text = deposit_text(kind, books.locale(), "抵扣欠费：", "applied to charges");
    let mut e = blank(ledger, act, EntryKind::DepositApplied, amount, text)?;
    e.party = party;
    e.deposit = Some(kind);
    e.charge = target;
    e.applied = applied;
    Ok(push(ledger, e))
}

/// A posting by hand (`bill charge/waive/adjust`, `ledger refund/apply`) on a ledger
/// that replays, said with the fee balance after (and the deposits held, for a
/// deposit paid back or used).
pub fn post(books: &Books, ledger: &mut Ledger, act: Act, p: Post) -> Result<Done, Refused> {
    replay(books, ledger)?;
    let (posting, no) = match p {
        Post::Charge(c) => (Posting::Charge, charge(ledger, act, c)?),
        Post::Waive {
            amount,
            target,
            approver,
            reason,
        } => (
            Posting::Waiver,
            waive(books, ledger, act, amount, target, &approver, &reason)?,
        ),
        Post::Adjust {
            charge,
            approver,
            reason,
        } => (
            Posting::Adjustment,
            adjust(ledger, act, charge, &approver, &reason)?,
        ),
        Post::Refund {
            kind,
            amount,
            method,
            reference,
        } => (
            Posting::Refund,
            refund_deposit(books, ledger, act, kind, amount, method, reference)?,
        ),
        Post::Apply {
            kind,
            amount,
            target,
        } => (
            Posting::DepositApplied,
            apply_deposit(books, ledger, act, kind, amount, target)?,
        ),
    };
    let state = replay(books, ledger)?;
    let deposit = matches!(posting, Posting::Refund | Posting::DepositApplied);
    let (amount, text) = ledger
        .entries
        .iter()
        .rfind(|e| e.no == no)
        .map_or((Money::ZERO, String::new()), |e| (e.amount, e.text.clone()));
    Ok(Done::Posted {
        unit: ledger.unit.clone(),
        no,
        posting,
        amount,
        text,
        held: deposit.then(|| state.deposits_held()),
        balance: state.balance(),
    })
}

/// `2026-11`.
pub fn period_of(month: NaiveDate) -> String {
    month.format("%Y-%m").to_string()
}

/// Charges the month's recurring fees to the unit, each fee once per month, with only
/// the charges `ours` accepts counting as the month already billed: the numbers of
/// the new entries (none if already billed or not billable). Due on the month's due
/// day, or billed after it, `late_bill_grace_days` after today.
pub fn bill_month(
    rules: &BillingRules,
    ledger: &mut Ledger,
    unit: &Unit,
    month: NaiveDate,
    locale: Locale,
    act: Act,
    ours: impl Fn(&ChargeLine) -> bool,
) -> Result<Vec<u32>, Refused> {
    let period = period_of(month);
    if let Some(first) = ledger.first_open_month()
        && month < first
    {
        return Err(Refusal::MonthClosed {
            unit: ledger.unit.clone(),
            month: period,
            year: month.year(),
        }
        .into());
    }
    let due = rules.billed_due(month, act.today);
    let mut new = Vec::new();
    for c in billing::month_charges(rules, unit, month, locale) {
        if ledger.period_charges(c.item, &period).any(|c| ours(&c)) {
            continue;
        }
        let mut e = blank(ledger, act, EntryKind::Charge, c.amount, c.text)?;
        e.item = Some(c.item);
        e.period = Some(period.clone());
        e.due = Some(due);
        new.push(push(ledger, e));
    }
    Ok(new)
}

/// One unit's month on `bill run`: the late fees posted, the charges posted, and when
/// they fall due.
#[derive(Debug, Clone)]
pub struct Bill {
    pub late_fees: Vec<LateFee>,
    pub new: Vec<u32>,
    /// What the new charges come to.
    pub charged: Money,
    pub due: NaiveDate,
    /// Billed after the month's due day: `due` is the grace days after today.
    pub late: bool,
}

/// `bill run` for one unit whose ledger replays: the late fees accrued through the
/// end of the month before posted, one entry per charge, then the month's fees; or
/// nothing if the month is billed already. With the state after.
pub fn bill(
    books: &Books,
    ledger: &mut Ledger,
    unit: &Unit,
    month: NaiveDate,
    act: Act,
) -> Result<Option<(Bill, State)>, Refused> {
    let mut state = replay(books, ledger)?;
    let bill = bill_on(books, ledger, &mut state, unit, month, act)?;
    Ok(bill.map(|b| (b, state)))
}

/// [`bill`] on a ledger whose replayed `state` the caller keeps in step with it (the
/// office generator, which bills years of months without replaying each).
pub fn bill_on(
    books: &Books,
    ledger: &mut Ledger,
    state: &mut State,
    unit: &Unit,
    month: NaiveDate,
    act: Act,
) -> Result<Option<Bill>, Refused> {
    let period = period_of(month);
    let rules = books.billing;
    let unbilled = billing::month_charges(rules, unit, month, books.locale())
        .iter()
        .any(|c| !ledger.has_period_charge(c.item, &period));
    if !unbilled {
        return Ok(None);
    }
    let through = late::month_end(month, act.today);
    let due_fees = books.late_fees_due(state, through);
    let late_fees = post_late_fees(books, ledger, state, due_fees, act)?;
    let new = bill_month(rules, ledger, unit, month, books.locale(), act, |_| true)?;
    state.catch_up(ledger, books.clearing());
    let charged = Money::from_minor(
        state
            .charges
            .iter()
            .filter(|c| new.contains(&c.no))
            .map(|c| c.amount.minor())
            .sum(),
    );
    let due = rules.billed_due(month, act.today);
    Ok(Some(Bill {
        late_fees,
        new,
        charged,
        due,
        late: due != rules.due_date(month),
    }))
}

#[cfg(test)]
mod tests {
    //! The ledger's steps on ledgers built in memory: no files.

    use super::*;
    use crate::testkit::{Office as Fixture, clerk, d, m, payment};

    fn with_charge(amount: &str, due: &str) -> Ledger {
        let mut l = Ledger::new("A-1203", 2026);
        charge(&mut l, clerk("2026-11-01"), fee(amount, due)).unwrap();
        l
    }

    fn fee(amount: &str, due: &str) -> NewCharge {
        NewCharge {
            item: ChargeItem::PropertyFee,
            amount: m(amount),
            text: "fee".into(),
            due: d(due),
            reference: None,
        }
    }

    fn refused(r: Refusal) -> Refused {
        Refused::Fees(r)
    }

    /// A-1203 occupied by P-1, owner unknown, billed from the first bill.
    fn unit() -> Unit {
        Unit {
            owner: None,
            occupant: Some("P-1".into()),
            fees_from: None,
            ..crate::testkit::office_unit()
        }
    }

    #[test]
    fn late_fees_start_on_the_ladder_late_fee_day() {
        let f = Fixture::new();
        // Due the 15th; the late-fee step is day 5: the 20th is the first day.
        assert_eq!(
            f.books().late_fee_start(d("2026-11-15")),
            Some(d("2026-11-20"))
        );
        let mut f = Fixture::new();
        f.config.dunning.days = crate::procedure::dunning::DayCount::Working;
        // Working days after Fri 13 Nov: 16, 17, 18, 19, 20.
        assert_eq!(
            f.books().late_fee_start(d("2026-11-13")),
            Some(d("2026-11-20"))
        );
        f.config
            .dunning
            .ladder
            .retain(|s| s.action != crate::procedure::dunning::LadderAction::LateFee);
        assert_eq!(f.books().late_fee_start(d("2026-11-13")), None);
    }

    #[test]
    fn a_payment_posts_the_late_fee_first_and_clears_it_first() {
        let f = Fixture::new();
        let b = f.books();
        let mut l = with_charge("1000.00", "2026-11-15");
        let (paid, state) = pay(&b, &mut l, clerk("2026-11-25"), payment("500.00")).unwrap();
        // Days 20-25 at 0.05% of 1000.00.
        let fee = |amount, from, through| LateFee {
            on: 1,
            amount: m(amount),
            from: d(from),
            through: d(through),
        };
        assert_eq!(
            paid.late_fees,
            vec![fee("3.00", "2026-11-20", "2026-11-25")]
        );
        assert_eq!(
            l.entries[1].text,
            "Late fee on fee, 20 Nov to 25 Nov, 6 days at 0.05% a day"
        );
        assert_eq!(
            paid.applied,
            vec![
                Applied {
                    charge: 2,
                    amount: m("3.00")
                },
                Applied {
                    charge: 1,
                    amount: m("497.00")
                },
            ]
        );
        assert_eq!(paid.no, 3);
        assert_eq!(state, b.state(&l).unwrap(), "the state after is the replay");
        // Through the 30th: only the increment on 503.00 accrues, from the 26th.
        assert_eq!(
            b.late_fees_due(&state, d("2026-11-30")),
            vec![fee("1.26", "2026-11-26", "2026-11-30")]
        );
        // The same day twice posts nothing new.
        let again = b
            .post_late_fees(&mut l, d("2026-11-25"), clerk("2026-11-25"), None)
            .unwrap();
        assert!(again.is_empty());
    }

    #[test]
    fn a_payment_before_late_fees_start_posts_none_and_says_what_it_cleared() {
        let f = Fixture::new();
        let mut l = with_charge("1000.00", "2026-11-15");
        let (said, state) =
            take_payment(&f.books(), &mut l, clerk("2026-11-19"), payment("1200.00")).unwrap();
        assert_eq!(
            said,
            vec![Done::Paid {
                unit: "A-1203".into(),
                no: 2,
                amount: m("1200.00"),
                applied: vec![Applied {
                    charge: 1,
                    amount: m("1000.00")
                }],
                credit: m("200.00"),
                balance: m("-200.00"),
            }]
        );
        assert_eq!(state.credit, m("200.00"));
    }

    #[test]
    fn a_record_names_the_charges_it_posted_on_its_own_unit_only() {
        let f = Fixture::new();
        let mut l = with_charge("1000.00", "2026-11-15");
        let mut c = fee("80.00", "2026-11-30");
        c.reference = Some("T-20261120-ABC123".into());
        charge(&mut l, clerk("2026-11-20"), c).unwrap();
        let state = f.books().state(&l).unwrap();
        assert_eq!(
            charges_of_record(&l, &state, "T-20261120-ABC123", "A-1203").unwrap(),
            vec![2]
        );
        assert_eq!(
            charges_of_record(&l, &state, "T-20261120-ABC123", "A-1204").unwrap_err(),
            refused(Refusal::OtherUnitsRecord {
                id: "T-20261120-ABC123".into(),
                of: "A-1204".into(),
                unit: "A-1203".into(),
            })
        );
    }

    #[test]
    fn paying_for_a_cleared_or_unknown_charge_is_refused() {
        let f = Fixture::new();
        let b = f.books();
        let mut l = with_charge("100.00", "2026-11-15");
        let mut p = payment("10.00");
        p.targets = vec![7];
        assert_eq!(
            pay(&b, &mut l, clerk("2026-11-02"), p).unwrap_err(),
            refused(Refusal::NoCharge {
                unit: "A-1203".into(),
                no: 7
            })
        );
        pay(&b, &mut l, clerk("2026-11-02"), payment("100.00")).unwrap();
        let mut p = payment("10.00");
        p.targets = vec![1];
        assert_eq!(
            pay(&b, &mut l, clerk("2026-11-03"), p).unwrap_err(),
            refused(Refusal::Cleared {
                unit: "A-1203".into(),
                no: 1,
                text: "fee".into()
            })
        );
    }

    #[test]
    fn waivers_cannot_exceed_what_is_owed_and_need_an_approver() {
        let f = Fixture::new();
        let b = f.books();
        let mut l = with_charge("100.00", "2026-11-15");
        let day = clerk("2026-11-02");
        assert_eq!(
            waive(&b, &mut l, day, m("100.01"), None, "mgr", "goodwill").unwrap_err(),
            refused(Refusal::WaiveMore {
                amount: m("100.01"),
                owed: m("100.00"),
                on: None
            })
        );
        assert_eq!(
            waive(&b, &mut l, day, m("10.00"), None, " ", "goodwill").unwrap_err(),
            refused(Refusal::Empty {
                what: Needed::Approver
            })
        );
        waive(&b, &mut l, day, m("40.00"), Some(1), "mgr", "goodwill").unwrap();
        assert_eq!(b.state(&l).unwrap().balance(), m("60.00"));
    }

    #[test]
    fn deposits_cannot_go_below_zero_and_apply_only_to_what_is_owed() {
        let f = Fixture::new();
        let b = f.books();
        let lease = DepositKind::Lease;
        let mut l = with_charge("100.00", "2026-11-15");
        let day = clerk("2026-11-02");
        receive_deposit(&b, &mut l, day, lease, m("300.00"), None, None).unwrap();
        assert_eq!(
            refund_deposit(&b, &mut l, day, lease, m("300.01"), None, None).unwrap_err(),
            refused(Refusal::DepositShort {
                unit: "A-1203".into(),
                kind: lease,
                held: m("300.00"),
                amount: m("300.01")
            })
        );
        let card = refund_deposit(&b, &mut l, day, DepositKind::Card, m("1.00"), None, None);
        assert!(
            matches!(card, Err(Refused::Fees(Refusal::DepositShort { held, .. })) if held.is_zero())
        );
        assert_eq!(
            apply_deposit(&b, &mut l, day, lease, m("150.00"), None).unwrap_err(),
            refused(Refusal::ApplyMore {
                amount: m("150.00"),
                owed: m("100.00")
            })
        );
        apply_deposit(&b, &mut l, day, lease, m("100.00"), None).unwrap();
        refund_deposit(&b, &mut l, day, lease, m("200.00"), None, None).unwrap();
        let st = b.state(&l).unwrap();
        assert_eq!(st.balance(), Money::ZERO);
        assert_eq!(st.deposits_held(), Money::ZERO);
    }

    #[test]
    fn a_late_fee_is_never_charged_by_hand_and_a_charge_needs_its_text() {
        let mut l = Ledger::new("A-1203", 2026);
        let mut c = fee("5.00", "2026-11-15");
        c.item = ChargeItem::LateFee;
        assert_eq!(
            charge(&mut l, clerk("2026-11-02"), c).unwrap_err(),
            refused(Refusal::LateFeeByHand)
        );
        let mut c = fee("5.00", "2026-11-15");
        c.text = "  ".into();
        assert_eq!(
            charge(&mut l, clerk("2026-11-02"), c).unwrap_err(),
            refused(Refusal::Empty { what: Needed::Text })
        );
        assert_eq!(
            charge(&mut l, clerk("2026-11-02"), fee("0.00", "2026-11-15")).unwrap_err(),
            refused(Refusal::NotPositive { amount: m("0.00") })
        );
        assert!(l.entries.is_empty(), "nothing posted");
    }

    #[test]
    fn a_credit_reduces_its_charge_and_the_rest_can_be_paid_back() {
        let f = Fixture::new();
        let b = f.books();
        let mut l = with_charge("100.00", "2026-11-15");
        let day = clerk("2026-11-19");
        let why = "billing stops at the move-out";
        assert_eq!(
            credit(&b, &mut l, day, 9, m("1.00"), "x".into(), why).unwrap_err(),
            refused(Refusal::NoChargeToCredit {
                unit: "A-1203".into(),
                no: 9
            })
        );
        assert_eq!(
            credit(&b, &mut l, day, 1, m("100.01"), "x".into(), why).unwrap_err(),
            refused(Refusal::CreditMore {
                amount: m("100.01"),
                no: 1,
                charged: m("100.00")
            })
        );
        pay(&b, &mut l, day, payment("100.00")).unwrap();
        credit(&b, &mut l, day, 1, m("40.00"), "冲减".into(), why).unwrap();
        assert_eq!(
            refund_credit(&b, &mut l, day, m("40.01"), None, None).unwrap_err(),
            refused(Refusal::PayBackMore {
                amount: m("40.01"),
                unit: "A-1203".into(),
                credit: m("40.00")
            })
        );
        refund_credit(&b, &mut l, day, m("40.00"), None, None).unwrap();
        assert_eq!(b.state(&l).unwrap().balance(), Money::ZERO);
    }

    #[test]
    fn a_posting_by_hand_says_the_balance_and_for_a_deposit_what_is_held() {
        let f = Fixture::new();
        let b = f.books();
        let mut l = with_charge("100.00", "2026-11-15");
        let day = clerk("2026-11-02");
        receive_deposit(&b, &mut l, day, DepositKind::Lease, m("300.00"), None, None).unwrap();
        let done = post(&b, &mut l, day, Post::Charge(fee("50.00", "2026-11-15"))).unwrap();
        assert_eq!(
            done,
            Done::Posted {
                unit: "A-1203".into(),
                no: 3,
                posting: Posting::Charge,
                amount: m("50.00"),
                text: "fee".into(),
                held: None,
                balance: m("150.00"),
            }
        );
        let refund = Post::Refund {
            kind: DepositKind::Lease,
            amount: m("100.00"),
            method: None,
            reference: None,
        };
        let Done::Posted { held, text, .. } = post(&b, &mut l, day, refund).unwrap() else {
            panic!("a posting");
        };
        assert_eq!(
            (held, text.as_str()),
            (Some(m("200.00")), "Lease deposit refunded")
        );
        // A ledger that does not replay takes nothing.
        l.entries[0].no = 7;
        let before = l.clone();
        let broken = post(&b, &mut l, day, Post::Charge(fee("1.00", "2026-11-15")));
        assert!(
            matches!(broken, Err(Refused::Fees(Refusal::Broken { entry: 1, .. }))),
            "{broken:?}"
        );
        assert_eq!(l, before);
    }

    #[test]
    fn billing_a_month_twice_charges_once() {
        let f = Fixture::new();
        let b = f.books();
        let mut l = Ledger::new("A-1203", 2026);
        let first = bill(&b, &mut l, &unit(), d("2026-11-01"), clerk("2026-11-01"))
            .unwrap()
            .unwrap();
        assert_eq!(first.0.new, vec![1]);
        assert_eq!(first.0.charged, m("2500.00"));
        assert_eq!(l.entries[0].due, Some(d("2026-11-15")));
        assert_eq!(l.entries[0].period.as_deref(), Some("2026-11"));
        let again = bill(&b, &mut l, &unit(), d("2026-11-01"), clerk("2026-11-02")).unwrap();
        assert!(again.is_none());
        assert_eq!(l.entries.len(), 1);
    }
}
