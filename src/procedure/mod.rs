//! The desk procedures, one folder each: its record and parts, `rules.rs` (its
//! `office.toml` section, the manuals' defaults), `steps.rs` (each step as a function
//! over the records it reads and changes; its `Event`s, transition function and typed
//! refusals), `due.rs` (what it puts on the agenda), `notices.rs` (its notices and their
//! values) and `figures.rs` (its month's figures). Nothing here reads the tree, the
//! clock or `office.toml`, or words a message: the command line loads and saves, the
//! message catalogue (`crate::messages`) words what a step says.
//!
//! What every procedure shares: one [`Act`] (who, and when, as signed on paper), the
//! typed [`Refused`], [`notice`] (what a notice is), [`due`] (what falls due) and
//! [`figures`] (the month counted).

#[macro_use]
pub mod notice;

pub mod due;
pub mod dunning;
pub mod fees;
pub mod figures;
pub mod movein;
pub mod moveout;
pub mod permit;
pub mod ticket;

/// A step refused: the record is left as it was. What was refused and why, as data
/// (the record, its state, the steps allowed now, what is missing); the message
/// catalogue (`crate::messages`) words it, and the command line adds the hint that
/// names a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// An amount that does not fit: a quantity times a price, a total too large.
    TooLarge,
    /// A notice's values asked for without the records it says it needs (a slip of the
    /// command line, never of the office).
    NotLoaded,
    Ticket(ticket::steps::Refusal),
    MoveIn(movein::steps::Refusal),
    Permit(permit::steps::Refusal),
    MoveOut(moveout::steps::Refusal),
    Dunning(dunning::steps::Refusal),
    Fees(fees::steps::Refusal),
    Receipt(fees::receipts::Refusal),
}

/// A checklist item (a document received, a handout or agreement signed): by whom and
/// on what day, once done.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub item: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<chrono::NaiveDate>,
}

impl Check {
    pub fn new(item: &str) -> Check {
        Check {
            item: item.to_string(),
            by: None,
            date: None,
        }
    }
    pub fn done(&self) -> bool {
        self.date.is_some()
    }
}

/// What a case record that ends in a "completed" step (a move-in, a move-out) may
/// contradict in itself: its status and completion day against the history, and an
/// event its kind does not have.
pub fn completion_problems(
    what: &str,
    status: &str,
    status_completed: bool,
    has_completed_day: bool,
    history: &[crate::model::history::Entry],
    events: &[&str],
) -> Vec<crate::model::record::FieldProblem> {
    use crate::model::record::FieldProblem;
    let mut out = Vec::new();
    let completed = history.iter().any(|e| e.event == "completed");
    if completed != status_completed {
        out.push(FieldProblem {
            field: "status",
            message: format!(
                "status {status:?} but the history {} \"completed\" entry",
                if completed { "has a" } else { "has no" }
            ),
        });
    }
    if completed != has_completed_day {
        out.push(FieldProblem {
            field: "completed",
            message: "`completed` is the day of the \"completed\" entry".into(),
        });
    }
    if let Some(e) = history.iter().find(|e| {
        !events.contains(&e.event.as_str())
            && e.event != crate::model::history::RESOLVED
            && !crate::model::history::is_reveal(e)
    }) {
        out.push(FieldProblem {
            field: "history",
            message: format!(
                "unknown {what} event {:?}: expected one of {}",
                e.event,
                events.join(", ")
            ),
        });
    }
    out
}

/// `v` trimmed, or `empty` refused when nothing is left: what every step does with a
/// name, a signature or a note typed in.
pub fn filled<R: Into<Refused>>(v: &str, empty: impl FnOnce() -> R) -> Result<String, Refused> {
    match v.trim() {
        "" => Err(empty().into()),
        v => Ok(v.to_string()),
    }
}

/// Who acts and when, for the steps of a case record (move-ins, permits): the time
/// for the history, the office-local day for dates written on the record.
#[derive(Debug, Clone, Copy)]
pub struct Act<'a> {
    pub by: &'a str,
    pub at: chrono::DateTime<chrono::FixedOffset>,
    pub today: chrono::NaiveDate,
}
