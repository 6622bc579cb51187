//! Tickets, in English.

use crate::model::locale::Locale::En;
use crate::procedure::ticket::due::{Detail, Kind};

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

pub fn refusal(r: &crate::procedure::ticket::steps::Refusal) -> String {
    match *r {}
}
