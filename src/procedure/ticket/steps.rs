//! The steps on a ticket, each a function over the records it reads and changes, with
//! no I/O: what it refuses and why ([`Refusal`]), and what it tells the clerk
//! ([`Done`]). The command line and the generator both call these.
//!
//! Every step first asks the ticket's flow whether it is allowed now and whether its
//! time keeps the history in order ([`Ticket::check_step`]), then what the ticket's own
//! state refuses (no finished work before the quote is agreed to, no callback on a
//! complaint before its reply, ...). Two steps change another record: a repeat
//! complaint is linked from the first complaint ([`report`]), and closing chargeable
//! work posts its fee to the unit's ledger ([`close`]).

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::error::Error;
use crate::model::history::Entry;
use crate::model::ledger::{ChargeItem, Ledger};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::procedure::fees::accounts::{Books, NewCharge};
use crate::procedure::fees::steps as ledger_steps;
use crate::procedure::{Act, Refused};

use super::codes::{Kind, Method, Signer, Status};
use super::event::{Event, Position};
use super::record::{Callback, ComplaintFile, Intake, QuoteLine, StatusLine, Ticket, Work};
use super::rules::TicketRules;

/// Why a step on a ticket is refused. The message catalogue words each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The flow does not allow the step now: where the ticket stands, and the steps
    /// it allows (those its own state does not refuse either).
    Step {
        id: String,
        kind: Kind,
        status: Status,
        paused: bool,
        step: Event,
        allowed: Vec<Event>,
    },
    /// Steps are recorded in order: `at` is before the last entry.
    OutOfOrder {
        at: DateTime<FixedOffset>,
        /// The last entry's event, as the history has it.
        last: String,
        last_at: DateTime<FixedOffset>,
    },
    /// A value the step needs is empty.
    Empty(Field),
    /// Only repairs and special services have a priority and a grade.
    NoPriority {
        kind: Kind,
    },
    /// Neither a unit nor a public area.
    NoPlace,
    UnitAndArea,
    /// A special service is paid by a unit.
    ServiceWithoutUnit,
    /// Only a complaint repeats a complaint.
    RepeatNotComplaint,
    /// The first complaint named is not a complaint.
    FirstNotComplaint {
        first: String,
        kind: Kind,
    },
    /// A repeat complaint is about the first one's place.
    RepeatElsewhere {
        first: String,
        first_place: String,
        place: String,
    },
    /// A special service is quoted (and agreed to) before it is dispatched.
    QuoteFirst {
        id: String,
    },
    /// The quote is not agreed to yet: `step` waits for the tenant's consent.
    NoConsent {
        id: String,
        step: Event,
        total: Option<Money>,
    },
    /// Public-area work is not charged to a tenant.
    PublicArea {
        id: String,
        area: String,
    },
    ZeroQuantity,
    /// An item on the price list takes the list's price.
    ListedItem {
        item: String,
        price: Money,
    },
    PriceNotPositive,
    /// An item off the list needs the engineering supervisor's price.
    NotListed {
        item: String,
        listed: Vec<String>,
    },
    QuoteTooLarge,
    NoQuote {
        id: String,
    },
    AlreadyAgreed {
        id: String,
        by: String,
    },
    /// A complaint is called back after its reply.
    CallbackBeforeReply {
        id: String,
    },
    /// The office calls back this category by visit.
    VisitRequired {
        id: String,
        category: String,
    },
    Score {
        score: u8,
    },
    SignOffBeforeReply {
        id: String,
    },
    CloseBeforeReply {
        id: String,
    },
    /// Chargeable work with no unit to charge (a record edited by hand).
    NoUnitToCharge {
        id: String,
    },
    ChargeTooLarge {
        id: String,
    },
    /// [`close`] was called without the ledger [`ledger_to_close`] named.
    LedgerNotLoaded {
        id: String,
        unit: String,
    },
    /// The notice is not for this kind of ticket.
    NoticeNotFor {
        id: String,
        kind: Kind,
        notice: &'static str,
    },
}

impl From<Refusal> for Refused {
    fn from(r: Refusal) -> Refused {
        Refused::Ticket(r)
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Error {
        Refused::Ticket(r).into()
    }
}

/// A value a step writes on the ticket, which must not be empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Reporter,
    Category,
    Description,
    Technician,
    Reason,
    Item,
    /// The engineering supervisor who priced an item off the list.
    Supervisor,
    /// Who agreed to the quote.
    Signer,
    Work,
    /// Who signed for the work.
    Signature,
    /// What was told to the tenant.
    Told,
    Reply,
    Action,
    Department,
    Person,
    Explanation,
}

/// `v` trimmed, or refused as an empty `field`.
pub fn filled(field: Field, v: &str) -> Result<String, Refused> {
    crate::procedure::filled(v, || Refusal::Empty(field))
}

/// What a step did, for the clerk. The message catalogue words each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// `step` recorded; where the ticket stands now.
    Step {
        id: String,
        step: Event,
        now: StatusLine,
    },
    /// Closed; chargeable work charged to the unit's ledger.
    Closed {
        id: String,
        charged: Option<Charged>,
    },
    /// A repeat complaint, linked to the first.
    Linked { id: String },
}

impl Done {
    /// The fee a close charged.
    pub fn charged(&self) -> Option<&Charged> {
        match self {
            Done::Closed { charged, .. } => charged.as_ref(),
            Done::Step { .. } | Done::Linked { .. } => None,
        }
    }

    /// The event the step wrote (a commit message names it).
    pub fn step(&self) -> Event {
        match self {
            Done::Step { step, .. } => *step,
            Done::Closed { .. } => Event::Closed,
            Done::Linked { .. } => Event::Repeated,
        }
    }
}

/// The fee of chargeable work, posted to the unit's ledger on closing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charged {
    pub amount: Money,
    pub unit: String,
    pub entry: u32,
}

/// What a step did, in a few words ("dispatched", "on site"): the confirmation and the
/// commit message name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Did(pub Event);

/// A new complaint that is probably the same matter as an earlier one from the same
/// unit: the clerk may cancel and take it as a repeat complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SameMatter {
    pub earlier: String,
    pub category: String,
    pub place: String,
}

/// An earlier complaint within this many days, from the same unit in the same
/// category, is probably the same matter.
pub const SAME_MATTER_DAYS: u64 = 90;

/// For a new complaint from a unit that names no first complaint: the day from which
/// earlier complaints may be the same matter (only the tickets of those days need be
/// read). `None` for any other ticket.
pub fn same_matter_since(t: &Ticket, today: NaiveDate) -> Option<NaiveDate> {
    (t.kind == Kind::Complaint && t.repeat_of.is_none() && t.unit.is_some())
        .then(|| today - chrono::Days::new(SAME_MATTER_DAYS))
}

/// Is `other` (within the days [`same_matter_since`] gives) probably the same matter
/// as the new complaint `t`?
pub fn is_same_matter(t: &Ticket, other: &Ticket) -> bool {
    other.kind == Kind::Complaint
        && other.unit == t.unit
        && other.category == t.category
        && other.id != t.id
}

impl SameMatter {
    /// The new complaint `t` and the latest earlier complaint on the same matter.
    pub fn of(t: &Ticket, earlier: String) -> SameMatter {
        SameMatter {
            earlier,
            category: t.category.clone(),
            place: t.place().to_string(),
        }
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

/// A callback as the desk made it.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    pub method: Method,
    pub satisfied: bool,
    /// 1 (very dissatisfied) to 5 (very satisfied).
    pub score: Option<u8>,
    pub note: Option<&'a str>,
}

/// How a ticket is set aside, with the reason fed back to the tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aside {
    /// 搁置: resumable.
    Shelved,
    /// 死单: it cannot be done.
    Dead,
    /// 不合理工单.
    Unreasonable,
}

impl Aside {
    pub fn event(self) -> Event {
        match self {
            Aside::Shelved => Event::Shelved,
            Aside::Dead => Event::Dead,
            Aside::Unreasonable => Event::Unreasonable,
        }
    }
}

fn done(t: &Ticket, step: Event) -> Done {
    Done::Step {
        id: t.id.clone(),
        step,
        now: t.status_line(),
    }
}

/// Records `event` if it is a legal step now.
fn step(t: &mut Ticket, event: Event, act: Act, note: Option<String>) -> Result<Done, Refused> {
    let after = t.check_step(event, act)?;
    t.record(after, event, act, note);
    Ok(done(t, event))
}

/// A ticket taken at the desk (see [`Ticket::new`]). A repeat complaint names `first`,
/// the first complaint on the same matter, about the same place; the first lists the
/// repeat in `repeated_by`.
pub fn report(
    id: &str,
    mut intake: Intake,
    first: Option<&mut Ticket>,
    act: Act,
) -> Result<(Ticket, Option<Done>), Refused> {
    if let Some(f) = &first {
        if f.kind != Kind::Complaint {
            return Err(Refusal::FirstNotComplaint {
                first: f.id.clone(),
                kind: f.kind,
            }
            .into());
        }
        if f.unit != intake.unit {
            let place = intake.unit.as_deref().or(intake.area.as_deref());
            return Err(Refusal::RepeatElsewhere {
                first: f.id.clone(),
                first_place: f.place().to_string(),
                place: place.unwrap_or_default().to_string(),
            }
            .into());
        }
    }
    intake.repeat_of = first.as_ref().map(|f| f.id.clone());
    let t = Ticket::new(id, intake, act)?;
    let Some(first) = first else {
        return Ok((t, None));
    };
    let at = first.history.last().map_or(act.at, |l| l.at.max(act.at));
    first.repeated_by.push(id.to_string());
    first.history.push(Entry::new(
        at,
        act.by,
        Event::Repeated.as_str(),
        Some(format!("repeated by {id}")),
    ));
    Ok((t, Some(Done::Linked { id: id.to_string() })))
}

/// Engineering's dispatcher assigns a technician, who accepts at `act.at`. A special
/// service is quoted and agreed to first.
pub fn dispatch(t: &mut Ticket, act: Act, technician: &str) -> Result<Done, Refused> {
    let after = t.check_step(Event::Dispatched, act)?;
    if t.kind == Kind::SpecialService {
        if t.quote.is_empty() {
            return Err(Refusal::QuoteFirst { id: t.id.clone() }.into());
        }
        needs_consent(t, Event::Dispatched)?;
    }
    let technician = filled(Field::Technician, technician)?;
    t.technician = Some(technician.clone());
    t.record(after, Event::Dispatched, act, Some(technician));
    Ok(done(t, Event::Dispatched))
}

fn needs_consent(t: &Ticket, step: Event) -> Result<(), Refusal> {
    if t.awaits_consent() {
        return Err(Refusal::NoConsent {
            id: t.id.clone(),
            step,
            total: t.quote_total(),
        });
    }
    Ok(())
}

/// The technician is on site (the response deadline).
pub fn arrive(t: &mut Ticket, act: Act) -> Result<Done, Refused> {
    step(t, Event::Arrived, act, None)
}

/// The clock stops: the tenant gave no access or asked to wait.
pub fn pause(t: &mut Ticket, act: Act, reason: &str) -> Result<Done, Refused> {
    let reason = filled(Field::Reason, reason)?;
    step(t, Event::Paused, act, Some(reason))
}

/// The clock runs again (or a shelved ticket comes back where it stood).
pub fn resume(t: &mut Ticket, act: Act, note: Option<&str>) -> Result<Done, Refused> {
    step(t, Event::Resumed, act, note.map(str::to_string))
}

/// Adds a line to the quote: an item from the price list at its price, or one off the
/// list priced by the engineering supervisor (`price`). A changed quote needs consent
/// again.
pub fn quote(
    t: &mut Ticket,
    rules: &TicketRules,
    act: Act,
    item: &str,
    quantity: u32,
    price: Option<(Money, &str)>,
) -> Result<Done, Refused> {
    let after = t.check_step(Event::Quoted, act)?;
    if t.unit.is_none() {
        let area = t.place().to_string();
        return Err(Refusal::PublicArea {
            id: t.id.clone(),
            area,
        }
        .into());
    }
    if quantity == 0 {
        return Err(Refusal::ZeroQuantity.into());
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
            return Err(Refusal::ListedItem {
                item: p.item.clone(),
                price: p.price,
            }
            .into());
        }
        (None, Some((price, supervisor))) => {
            if price.minor() <= 0 {
                return Err(Refusal::PriceNotPositive.into());
            }
            QuoteLine {
                item: filled(Field::Item, item)?,
                name: filled(Field::Item, item)?,
                quantity,
                price,
                priced_by: Some(filled(Field::Supervisor, supervisor)?),
            }
        }
        (None, None) => {
            return Err(Refusal::NotListed {
                item: item.to_string(),
                listed: rules.prices.iter().map(|p| p.item.clone()).collect(),
            }
            .into());
        }
    };
    let amount = line.amount().ok_or(Refused::TooLarge)?;
    let note = format!("{} x{} = {}", line.name, line.quantity, amount);
    t.quote.push(line);
    if t.quote_total().is_none() {
        t.quote.pop();
        return Err(Refusal::QuoteTooLarge.into());
    }
    t.consent = None;
    t.record(after, Event::Quoted, act, Some(note));
    Ok(done(t, Event::Quoted))
}

/// The tenant agrees to the quote (signs the slip).
pub fn consent(t: &mut Ticket, act: Act, signer: &str) -> Result<Done, Refused> {
    let after = t.check_step(Event::Consented, act)?;
    if t.quote.is_empty() {
        return Err(Refusal::NoQuote { id: t.id.clone() }.into());
    }
    if let Some(c) = &t.consent {
        return Err(Refusal::AlreadyAgreed {
            id: t.id.clone(),
            by: c.clone(),
        }
        .into());
    }
    let who = filled(Field::Signer, signer)?;
    t.consent = Some(who.clone());
    let total = t.quote_total().unwrap_or(Money::ZERO);
    let note = format!("{who} agreed to {total}");
    t.record(after, Event::Consented, act, Some(note));
    Ok(done(t, Event::Consented))
}

/// The technician writes what was done and the finish time; the tenant signs (the
/// engineering supervisor for a public area). Chargeable work needs consent.
pub fn finish(
    t: &mut Ticket,
    act: Act,
    work: &str,
    materials: Option<&str>,
    signed_by: &str,
) -> Result<Done, Refused> {
    let after = t.check_step(Event::Finished, act)?;
    needs_consent(t, Event::Finished)?;
    let work = filled(Field::Work, work)?;
    let signed_by = filled(Field::Signature, signed_by)?;
    let materials = materials
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_string);
    let note = match &materials {
        Some(m) => format!("{work}; materials: {m}"),
        None => work.clone(),
    };
    t.work = Some(Work {
        done: work,
        materials,
        signed_by,
        signer: if t.unit.is_some() {
            Signer::Tenant
        } else {
            Signer::Supervisor
        },
    });
    t.record(after, Event::Finished, act, Some(note));
    Ok(done(t, Event::Finished))
}

/// The work order is back at the desk.
pub fn return_to_desk(t: &mut Ticket, act: Act) -> Result<Done, Refused> {
    step(t, Event::Returned, act, None)
}

/// The desk calls back. Categories the office names need a visit. Not satisfied sends
/// a repair back to engineering (a complaint back to its department); a complaint is
/// called back after its reply.
pub fn callback(
    t: &mut Ticket,
    rules: &TicketRules,
    act: Act,
    call: Call,
) -> Result<Done, Refused> {
    let event = if call.satisfied {
        Event::CalledBack
    } else {
        Event::NotSatisfied
    };
    let after = t.check_step(event, act)?;
    if t.kind == Kind::Complaint && !t.replied() {
        return Err(Refusal::CallbackBeforeReply { id: t.id.clone() }.into());
    }
    if call.method == Method::Phone && t.needs_visit(rules) {
        return Err(Refusal::VisitRequired {
            id: t.id.clone(),
            category: t.category.clone(),
        }
        .into());
    }
    if let Some(s) = call.score
        && !(1..=5).contains(&s)
    {
        return Err(Refusal::Score { score: s }.into());
    }
    let note = call
        .note
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let mut text = format!(
        "{}, {}",
        call.method,
        if call.satisfied {
            "satisfied"
        } else {
            "not satisfied"
        }
    );
    if let Some(s) = call.score {
        text.push_str(&format!(", score {s}"));
    }
    if let Some(n) = &note {
        text.push_str(&format!(": {n}"));
    }
    t.callbacks.push(Callback {
        at: act.at,
        by: act.by.to_string(),
        method: call.method,
        satisfied: call.satisfied,
        score: call.score,
        note,
    });
    t.record(after, event, act, Some(text));
    Ok(done(t, event))
}

/// Shelves the ticket, or declares it dead or unreasonable, with the reason that must
/// be fed back to the tenant.
pub fn set_aside(t: &mut Ticket, act: Act, aside: Aside, reason: &str) -> Result<Done, Refused> {
    let event = aside.event();
    let after = t.check_step(event, act)?;
    let reason = filled(Field::Reason, reason)?;
    t.reason = Some(reason.clone());
    t.record(after, event, act, Some(reason));
    Ok(done(t, event))
}

/// Something said to the tenant: the first feedback on a complaint, or the reason a
/// ticket was shelved, declared dead or unreasonable.
pub fn feedback(t: &mut Ticket, act: Act, note: &str) -> Result<Done, Refused> {
    let note = filled(Field::Told, note)?;
    step(t, Event::Feedback, act, Some(note))
}

/// A complaint assessed: valid with the department and person responsible, or invalid
/// with the explanation given to the tenant.
pub fn assess(t: &mut Ticket, act: Act, verdict: Verdict) -> Result<Done, Refused> {
    let event = match verdict {
        Verdict::Valid { .. } => Event::Accepted,
        Verdict::Invalid { .. } => Event::Explained,
    };
    let after = t.check_step(event, act)?;
    let file = t.complaint.get_or_insert_with(ComplaintFile::default);
    let note = match verdict {
        Verdict::Valid { department, person } => {
            let department = filled(Field::Department, department)?;
            let person = filled(Field::Person, person)?;
            file.valid = true;
            file.department = Some(department.clone());
            file.person = Some(person.clone());
            format!("valid: {department}, {person}")
        }
        Verdict::Invalid { explanation } => {
            let explanation = filled(Field::Explanation, explanation)?;
            file.valid = false;
            file.explanation = Some(explanation.clone());
            format!("not valid: {explanation}")
        }
    };
    t.record(after, event, act, Some(note));
    Ok(done(t, event))
}

/// The reply to a complaint or an inquiry.
pub fn reply(t: &mut Ticket, act: Act, text: &str) -> Result<Done, Refused> {
    let after = t.check_step(Event::Replied, act)?;
    let text = filled(Field::Reply, text)?;
    t.reply = Some(text.clone());
    t.record(after, Event::Replied, act, Some(text));
    Ok(done(t, Event::Replied))
}

/// The department's action on a complaint.
pub fn action(t: &mut Ticket, act: Act, text: &str) -> Result<Done, Refused> {
    let after = t.check_step(Event::Action, act)?;
    let text = filled(Field::Action, text)?;
    t.complaint
        .get_or_insert_with(ComplaintFile::default)
        .action = Some(text.clone());
    t.record(after, Event::Action, act, Some(text));
    Ok(done(t, Event::Action))
}

/// The manager (`act.by`) signs the complaint report, which closes it. The reply must
/// have been given.
pub fn sign_off(t: &mut Ticket, act: Act) -> Result<Done, Refused> {
    let after = t.check_step(Event::SignedOff, act)?;
    if !t.replied() {
        return Err(Refusal::SignOffBeforeReply { id: t.id.clone() }.into());
    }
    t.complaint
        .get_or_insert_with(ComplaintFile::default)
        .signed_off_by = Some(act.by.to_string());
    t.record(after, Event::SignedOff, act, None);
    Ok(done(t, Event::SignedOff))
}

/// What [`close`] refuses, checked before anything else is read: the flow, an
/// inquiry's reply, the unit to charge. The unit whose ledger closing charges, if the
/// work is chargeable.
pub fn ledger_to_close(t: &Ticket, act: Act) -> Result<Option<String>, Refused> {
    closing(t, act)?;
    Ok(charged_unit(t)?.map(str::to_string))
}

fn closing(t: &Ticket, act: Act) -> Result<Position, Refusal> {
    let after = t.check_step(Event::Closed, act)?;
    if t.kind == Kind::Inquiry && !t.replied() {
        return Err(Refusal::CloseBeforeReply { id: t.id.clone() });
    }
    Ok(after)
}

fn charged_unit(t: &Ticket) -> Result<Option<&str>, Refusal> {
    if !(t.kind.is_work() && t.chargeable()) {
        return Ok(None);
    }
    match &t.unit {
        Some(u) => Ok(Some(u)),
        None => Err(Refusal::NoUnitToCharge { id: t.id.clone() }),
    }
}

/// Closes the ticket (an inquiry needs its reply; an invalid complaint is closed by
/// the desk). Chargeable work is charged to the unit's `ledger` (the one
/// [`ledger_to_close`] names): the quote's total, on the next payment notice (due on
/// the next month's due day), dated the day the ticket was closed (`act.today`), posted
/// at `posted`. The ledger's own refusals come as its errors.
pub fn close(
    t: &mut Ticket,
    ledger: Option<&mut Ledger>,
    books: &Books,
    act: Act,
    posted: DateTime<FixedOffset>,
) -> Result<Done, Error> {
    let after = closing(t, act)?;
    t.record(after, Event::Closed, act, None);
    let id = t.id.clone();
    let Some(unit) = charged_unit(t)?.map(str::to_string) else {
        return Ok(Done::Closed { id, charged: None });
    };
    let Some(ledger) = ledger else {
        return Err(Refusal::LedgerNotLoaded { id, unit }.into());
    };
    let amount = t
        .quote_total()
        .ok_or_else(|| Refusal::ChargeTooLarge { id: id.clone() })?;
    let (item, text) = charge_text(t, books.locale());
    let clerk = Act {
        by: act.by,
        at: posted,
        today: act.today,
    };
    let entry = ledger_steps::charge(
        ledger,
        clerk,
        NewCharge {
            item,
            amount,
            text,
            due: books.billing.due_next_month(act.today),
            reference: Some(id.clone()),
        },
    )?;
    t.charged = Some(entry);
    let note = format!("{amount} to {unit}, ledger entry {entry}");
    step(t, Event::Charged, act, Some(note))?;
    Ok(Done::Closed {
        id,
        charged: Some(Charged {
            amount,
            unit,
            entry,
        }),
    })
}

/// The ledger item and text of the fee of chargeable work: the ticket and what was
/// quoted, in the office's language.
fn charge_text(t: &Ticket, locale: Locale) -> (ChargeItem, String) {
    let (item, zh, en) = match t.kind {
        Kind::SpecialService => (ChargeItem::SpecialService, "特约服务费", "special service"),
        Kind::Repair | Kind::Complaint | Kind::Inquiry => {
            (ChargeItem::RepairFee, "有偿维修费", "chargeable repair")
        }
    };
    let names: Vec<String> = t
        .quote
        .iter()
        .map(|l| format!("{} x{}", l.name, l.quantity))
        .collect();
    let text = match locale {
        Locale::ZhCn => format!("{zh} {}：{}", t.id, names.join("、")),
        Locale::En => format!("{en} {}: {}", t.id, names.join(", ")),
    };
    (item, text)
}

#[cfg(test)]
mod tests;
