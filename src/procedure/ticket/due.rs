//! What a ticket puts on the agenda: every open deadline its clocks compute
//! (response, completion, return, callback, complaint feedback and reply, the reason of
//! a set-aside order), engineering's or the desk's. A closed ticket owes nothing; a
//! dead or unreasonable one may still owe the tenant its reason.

use serde::Serialize;

use crate::procedure::due::{Due, Item, Role, short};

use super::deadlines::{Clock, Clocks, Standing};
use super::record::{Kind as TicketKind, Priority, Status, Ticket};

/// What kind of deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Response,
    Completion,
    Return,
    Callback,
    ComplaintFeedback,
    ComplaintReply,
    InquiryReply,
    Reason,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Response,
        Kind::Completion,
        Kind::Return,
        Kind::Callback,
        Kind::ComplaintFeedback,
        Kind::ComplaintReply,
        Kind::InquiryReply,
        Kind::Reason,
    ];

    /// The stable code scripts read.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Response => "ticket-response",
            Kind::Completion => "ticket-completion",
            Kind::Return => "ticket-return",
            Kind::Callback => "ticket-callback",
            Kind::ComplaintFeedback => "complaint-feedback",
            Kind::ComplaintReply => "complaint-reply",
            Kind::InquiryReply => "inquiry-reply",
            Kind::Reason => "ticket-reason",
        }
    }
}

/// The ticket a deadline is on: what it is, and who works it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub kind: TicketKind,
    /// The description, shortened to one line.
    pub description: String,
    pub priority: Option<Priority>,
    /// The technician, on engineering's deadlines.
    pub technician: Option<String>,
}

/// The ticket's open deadlines, due or soon due (overdue ones always).
pub fn items(t: &Ticket, clocks: &Clocks, out: &mut Vec<Item<Kind, Detail>>) {
    if t.status == Status::Closed {
        return;
    }
    for d in clocks.deadlines(t) {
        let Some(due) = d.due else { continue };
        if !matches!(
            d.standing,
            Standing::Overdue | Standing::DueSoon | Standing::Pending
        ) {
            continue;
        }
        let complaint = t.kind == TicketKind::Complaint;
        let (kind, who) = match d.clock {
            Clock::Response => (Kind::Response, Role::Engineering),
            Clock::Completion => (Kind::Completion, Role::Engineering),
            Clock::Return => (Kind::Return, Role::Engineering),
            Clock::Callback => (Kind::Callback, Role::Desk),
            Clock::Feedback => (Kind::ComplaintFeedback, Role::Desk),
            Clock::Reply if complaint => (Kind::ComplaintReply, Role::Desk),
            Clock::Reply => (Kind::InquiryReply, Role::Desk),
            Clock::Reason => (Kind::Reason, Role::Desk),
        };
        out.push(Item {
            due: Due::At(due),
            kind,
            key: d.clock.as_str().to_string(),
            detail: Detail {
                kind: t.kind,
                description: short(&t.description, 24),
                priority: t.priority,
                technician: t.technician.clone().filter(|_| who == Role::Engineering),
            },
            record: t.id.clone(),
            unit: t.place().to_string(),
            who,
        });
    }
}
