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
        Field::Told => "what was said (--note)",
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

#[cfg(test)]
mod tests {
    use crate::messages::Say;
    use crate::model::locale::Locale;
    use crate::procedure::Refused;
    use crate::procedure::ticket::notices::NoticesOf;
    use crate::procedure::ticket::steps::{Charged, Done, Refusal, SameMatter};
    use crate::procedure::ticket::{Event, Kind, Status, StatusLine};

    fn said(r: Refusal) -> String {
        Refused::Ticket(r).en()
    }

    #[test]
    fn a_refused_step_names_the_state_and_the_steps_allowed_now() {
        let r = Refusal::Step {
            id: "T-1".into(),
            kind: Kind::Repair,
            status: Status::Dispatched,
            paused: true,
            step: Event::Arrived,
            allowed: vec![Event::Resumed, Event::Quoted, Event::Feedback],
        };
        assert_eq!(
            said(r),
            "cannot arrive ticket T-1: it is dispatched (repair, paused: waiting on the tenant); allowed now: resume, quote, feedback"
        );
        let r = Refusal::Step {
            id: "T-1".into(),
            kind: Kind::Inquiry,
            status: Status::Closed,
            paused: false,
            step: Event::Closed,
            allowed: Vec::new(),
        };
        assert_eq!(
            said(r),
            "cannot close ticket T-1: it is closed (inquiry); allowed now: nothing"
        );
    }

    #[test]
    fn refusals_read_as_the_desk_has_always_read_them() {
        let notice = Refusal::NoticeNotFor {
            id: "T-1".into(),
            kind: Kind::Inquiry,
            notice: "work-order",
        };
        assert_eq!(
            said(notice),
            "ticket T-1 is an inquiry: the work-order is not for it"
        );
        assert_eq!(
            NoticesOf(Kind::Inquiry).en(),
            "an inquiry has a callback-record only"
        );
        let no_consent = Refusal::NoConsent {
            id: "T-1".into(),
            step: Event::Dispatched,
            total: None,
        };
        assert_eq!(
            said(no_consent),
            "cannot dispatch ticket T-1: the quote of  has no consent yet; record the tenant's consent first (`propdesk ticket consent T-1 --signer NAME`)"
        );
        let empty = Refusal::NotListed {
            item: "sink".into(),
            listed: Vec::new(),
        };
        assert!(said(empty).starts_with("\"sink\" is not on the price list (the list is empty);"));
        assert_eq!(
            said(Refusal::NoPriority {
                kind: Kind::SpecialService
            }),
            "a special-service has no priority or grade: those are for repairs and special services"
        );
    }

    #[test]
    fn confirmations_say_the_step_and_where_the_ticket_stands_in_the_clerks_language() {
        let done = Done::Step {
            id: "T-1".into(),
            step: Event::Arrived,
            now: StatusLine {
                status: Status::OnSite,
                paused: false,
                repeat: false,
            },
        };
        assert_eq!(done.say(Locale::En), "T-1: on site (on-site)");
        assert_eq!(done.say(Locale::ZhCn), "T-1: on site (已到场)");
        let closed = Done::Closed {
            id: "T-1".into(),
            charged: Some(Charged {
                amount: "80.00".parse().unwrap(),
                unit: "A-1203".into(),
                entry: 3,
            }),
        };
        assert_eq!(
            closed.say(Locale::ZhCn),
            "T-1: closed\nT-1: 80.00 charged to A-1203 (ledger entry 3)"
        );
        let linked = Done::Linked { id: "T-2".into() };
        assert_eq!(linked.say(Locale::ZhCn), "T-2: 二次投诉，已关联首次投诉");
        let same = SameMatter {
            earlier: "T-1".into(),
            category: "noise".into(),
            place: "A-1203".into(),
        };
        assert_eq!(
            same.say(Locale::ZhCn),
            "T-1 is an earlier noise complaint from A-1203; if this is the same matter, cancel and use --repeat-of T-1"
        );
    }
}
