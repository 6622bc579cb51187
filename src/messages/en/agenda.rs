//! The agenda, in English.

use crate::procedure::due::Lateness;
use crate::procedure::ticket::deadlines::span;

pub fn lateness(l: &Lateness) -> String {
    match *l {
        Lateness::OverdueBy(d) => format!("overdue by {}", span(d, false)),
        Lateness::DueIn(d) => format!("due in {}", span(d, false)),
        Lateness::Days(0) => "today".to_string(),
        Lateness::Days(1) => "1 day late".to_string(),
        Lateness::Days(n) if n > 0 => format!("{n} days late"),
        Lateness::Days(-1) => "tomorrow".to_string(),
        Lateness::Days(n) => format!("in {} days", -n),
    }
}
