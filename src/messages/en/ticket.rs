//! Tickets, in English.

use crate::model::locale::Locale::En;
use crate::procedure::ticket::Kind as TicketKind;
use crate::procedure::ticket::due::{Detail, Kind};
use crate::procedure::ticket::event::verbs;
use crate::procedure::ticket::notices::NoticesOf;
use crate::procedure::ticket::steps::{Did, Done, Field, Refusal, SameMatter};

pub fn due_kind(k: &Kind) -> String {
    match k {
        Kind::Response => "response",
        Kind::Completion => "completion",
        Kind::Return => "work order back",
        Kind::Callback => "callback",
        Kind::ComplaintFeedback => "complaint feedback",
        Kind::ComplaintReply => "complaint reply",
        Kind::InquiryReply => "inquiry reply",
        Kind::Reason => "reason to tenant",
    }
    .to_string()
}

pub fn due_detail(d: &Detail) -> String {
    let mut s = format!("{} {}", d.kind.label(En), d.description);
    if let Some(p) = d.priority {
        s = format!("{s} ({})", p.label(En));
    }
    if let Some(t) = &d.technician {
        s.push_str(", technician ");
        s.push_str(t);
    }
    s
}

/// "a repair", "an inquiry".
fn a_kind(kind: TicketKind) -> String {
    match kind {
        TicketKind::Inquiry => "an inquiry".to_string(),
        TicketKind::Repair | TicketKind::Complaint | TicketKind::SpecialService => {
            format!("a {kind}")
        }
    }
}

fn field(f: Field) -> &'static str {
    match f {
        Field::Reporter => "reporter",
        Field::Category => "category",
        Field::Description => "description",
        Field::Technician => "technician",
        Field::Reason => "reason",
        Field::Item => "item",
        Field::Supervisor => "supervisor (--priced-by)",
        Field::Signer => "signer (--signer)",
        Field::Work => "work done (--work)",
        Field::Signature => "signature (--signed-by)",
        Field::Said => "what was said (--note)",
        Field::Reply => "reply (--note)",
        Field::Action => "action taken (--note)",
        Field::Department => "department",
        Field::Person => "person",
        Field::Explanation => "explanation",
    }
}

fn minute(t: &chrono::DateTime<chrono::FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

pub fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::Step {
            id,
            kind,
            status,
            paused,
            step,
            allowed,
        } => format!(
            "cannot {} ticket {id}: it is {status} ({kind}{}); allowed now: {}",
            step.verb(),
            if *paused {
                ", paused: waiting on the tenant"
            } else {
                ""
            },
            verbs(allowed)
        ),
        Refusal::OutOfOrder { at, last, last_at } => format!(
            "the time {} is before the ticket's last step ({last} at {}): steps are recorded in order",
            minute(at),
            minute(last_at)
        ),
        Refusal::Empty(f) => super::common::empty(field(*f)),
        Refusal::NoPriority { kind } => format!(
            "{} has no priority or grade: those are for repairs and special services",
            a_kind(*kind)
        ),
        Refusal::NoPlace => "say where: --unit for a unit, or --area for a public area".into(),
        Refusal::UnitAndArea => "give --unit or --area, not both".into(),
        Refusal::ServiceWithoutUnit => "a special service is paid by a unit: give --unit".into(),
        Refusal::RepeatNotComplaint => "only a complaint can repeat a complaint".into(),
        Refusal::FirstNotComplaint { first, kind } => format!(
            "{first} is a {kind}, not a complaint: --repeat-of names the first complaint on the same matter"
        ),
        Refusal::RepeatElsewhere {
            first,
            first_place,
            place,
        } => format!(
            "{first} is about {first_place}, not {place}: a repeat complaint is about the same place"
        ),
        Refusal::QuoteFirst { id } => format!(
            "ticket {id} is a special service: quote it first (`propdesk ticket quote {id} --item ...`)"
        ),
        Refusal::NoConsent { id, step, total } => format!(
            "cannot {} ticket {id}: the quote of {} has no consent yet; record the tenant's consent first (`propdesk ticket consent {id} --signer NAME`)",
            step.verb(),
            total.map(|m| m.to_string()).unwrap_or_default()
        ),
        Refusal::PublicArea { id, area } => format!(
            "ticket {id} is for a public area ({area}): public-area work is not charged to a tenant"
        ),
        Refusal::ZeroQuantity => "the quantity must be at least 1".into(),
        Refusal::ListedItem { item, price } => {
            format!("{item:?} is on the price list at {price}: quote it without --price")
        }
        Refusal::PriceNotPositive => "the price must be more than 0".into(),
        Refusal::NotListed { item, listed } => format!(
            "{item:?} is not on the price list ({}); an item off the list needs the engineering supervisor's price: --price AMOUNT --priced-by NAME",
            if listed.is_empty() {
                "the list is empty".to_string()
            } else {
                listed.join(", ")
            }
        ),
        Refusal::QuoteTooLarge => "the quote's total is too large".into(),
        Refusal::NoQuote { id } => format!("ticket {id} has no quote to agree to"),
        Refusal::AlreadyAgreed { id, by } => {
            format!("the quote of ticket {id} was already agreed to by {by}")
        }
        Refusal::CallbackBeforeReply { id } => format!(
            "complaint {id} has no reply recorded: the desk calls back after the reply (`propdesk ticket reply {id} --note ...`)"
        ),
        Refusal::VisitRequired { id, category } => format!(
            "ticket {id} is {category:?}, a category the office calls back by visit: use --method visit"
        ),
        Refusal::Score { score } => format!("score {score}: expected 1 to 5"),
        Refusal::SignOffBeforeReply { id } => format!(
            "complaint {id} has no reply recorded: `propdesk ticket reply {id} --note ...` first"
        ),
        Refusal::CloseBeforeReply { id } => format!(
            "inquiry {id} has no reply recorded: `propdesk ticket reply {id} --note ...` first"
        ),
        Refusal::NoUnitToCharge { id } => {
            format!("ticket {id} has a quote but no unit to charge")
        }
        Refusal::ChargeTooLarge { id } => format!("ticket {id}: the quote's total is too large"),
        Refusal::LedgerNotLoaded { id, unit } => {
            format!("closing ticket {id} charges the ledger of {unit}, which was not read")
        }
        Refusal::NoticeNotFor { id, kind, notice } => format!(
            "ticket {id} is {}: the {notice} is not for it",
            a_kind(*kind)
        ),
    }
}

pub fn notices_of(n: &NoticesOf) -> String {
    match n.0 {
        TicketKind::Complaint => "a complaint has a complaint-report and a callback-record",
        TicketKind::Inquiry => "an inquiry has a callback-record only",
        TicketKind::Repair | TicketKind::SpecialService => {
            "a repair has a work-order, a callback-record, and a service-slip once quoted"
        }
    }
    .to_string()
}

pub fn did(d: &Did) -> String {
    use crate::procedure::ticket::Event as E;
    match d.0 {
        E::Reported => "reported",
        E::Quoted => "quoted",
        E::Consented => "consent recorded",
        E::Dispatched => "dispatched",
        E::Arrived => "on site",
        E::Paused => "paused",
        E::Resumed => "resumed",
        E::Finished => "done",
        E::Returned => "returned to the desk",
        E::CalledBack => "called back",
        E::NotSatisfied => "not satisfied: back to work",
        E::Shelved => "shelved",
        E::Dead => "declared dead",
        E::Unreasonable => "declared unreasonable",
        E::Feedback => "feedback recorded",
        E::Accepted | E::Explained => "assessed",
        E::Replied => "replied",
        E::Action => "action recorded",
        E::SignedOff => "signed off and closed",
        E::Closed => "closed",
        E::Repeated => "repeat linked",
        E::Charged => "charged",
    }
    .to_string()
}

pub fn done(d: &Done) -> String {
    match d {
        Done::Step { id, step, now } => format!("{id}: {} ({})", did(&Did(*step)), now.label(En)),
        Done::Closed { id, charged } => match charged {
            None => format!("{id}: closed"),
            Some(c) => format!(
                "{id}: closed\n{id}: {} charged to {} (ledger entry {})",
                c.amount, c.unit, c.entry
            ),
        },
        Done::Linked { id } => format!("{id}: repeat complaint, linked to the first"),
    }
}

pub fn same_matter(s: &SameMatter) -> String {
    format!(
        "{e} is an earlier {} complaint from {}; if this is the same matter, cancel and use --repeat-of {e}",
        s.category,
        s.place,
        e = s.earlier
    )
}
