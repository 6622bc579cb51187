//! The append-only history of a record: the paper signatures of the manuals become
//! entries of who did what, when.
//!
//! Every record keeps `history:` as a list of `{at, by, event, note}`, oldest first.
//! The current state is stored beside it for easy reading, and `check` verifies that
//! the two agree: the history starts with the creating event, runs forward in time,
//! and (for each procedure) replays to the stored state.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The event `propdesk resolve` writes when it keeps one of two desks' versions of a
/// record: a note in every kind of record's history, not a step of its procedure.
pub const RESOLVED: &str = "resolved";

/// The event `--reveal` writes when a command shows a record's phones or ID number in
/// full: a note of who saw them, in every kind of record's history, not a step. It is
/// dated when it happened, so a step recorded later with an earlier `--at` may follow
/// it: the time order of a history is the order of its other entries.
pub const REVEALED: &str = "revealed";

/// Whether `e` is a reveal note ([`REVEALED`]).
pub fn is_reveal(e: &Entry) -> bool {
    e.event == REVEALED
}

/// One entry of a record's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// When, with the office's UTC offset.
    pub at: DateTime<FixedOffset>,
    /// Who: the clerk, manager or technician who would have signed.
    pub by: String,
    /// What happened, a word from the record type's events.
    pub event: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Entry {
    pub fn new(at: DateTime<FixedOffset>, by: &str, event: &str, note: Option<String>) -> Entry {
        Entry {
            at,
            by: by.to_string(),
            event: event.to_string(),
            note,
        }
    }
}

/// What is wrong with a history, if anything: (index of the entry, problem).
pub fn problems(history: &[Entry], creating: &[&str]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    // Reveal notes are neither the creating event nor in the time order of the steps.
    let steps: Vec<(usize, &Entry)> = history
        .iter()
        .enumerate()
        .filter(|(_, e)| !is_reveal(e))
        .collect();
    match steps.first() {
        None if history.is_empty() => out.push((
            0,
            "the history is empty: a record starts with the event that created it".to_string(),
        )),
        Some((i, first)) if !creating.contains(&first.event.as_str()) => out.push((
            *i,
            format!(
                "the history starts with {:?}; expected {}",
                first.event,
                creating
                    .iter()
                    .map(|e| format!("{e:?}"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        )),
        _ => {}
    }
    for pair in steps.windows(2) {
        let ((_, before), (i, e)) = (pair[0], pair[1]);
        if e.at < before.at {
            out.push((
                i,
                format!(
                    "history entry {:?} at {} is earlier than the entry before it ({}): entries are appended in time order",
                    e.event,
                    e.at.to_rfc3339(),
                    before.at.to_rfc3339()
                ),
            ));
        }
    }
    for (i, e) in history.iter().enumerate() {
        if e.by.trim().is_empty() {
            out.push((
                i,
                format!(
                    "history entry {:?} has no `by`: someone signs every step",
                    e.event
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn a_good_history_has_no_problems() {
        let h = vec![
            Entry::new(at("2026-11-23T09:00:00+08:00"), "wang", "added", None),
            Entry::new(
                at("2026-11-23T09:05:00+08:00"),
                "wang",
                "edited",
                Some("area".into()),
            ),
        ];
        assert!(problems(&h, &["added"]).is_empty());
    }

    #[test]
    fn reveal_notes_are_outside_the_start_and_the_time_order_of_the_steps() {
        let reveal = |t| Entry::new(at(t), "li", REVEALED, Some("party show".into()));
        // A party kept without a history, revealed: nothing is wrong.
        assert!(problems(&[reveal("2026-11-23T10:00:00+08:00")], &["added"]).is_empty());
        // A step recorded after a reveal, with an earlier --at.
        let h = vec![
            Entry::new(at("2026-11-23T09:00:00+08:00"), "wang", "added", None),
            reveal("2026-11-23T10:00:00+08:00"),
            Entry::new(at("2026-11-23T09:30:00+08:00"), "wang", "edited", None),
        ];
        assert!(problems(&h, &["added"]).is_empty());
        let h = vec![
            reveal("2026-11-23T10:00:00+08:00"),
            Entry::new(at("2026-11-23T09:30:00+08:00"), "wang", "edited", None),
        ];
        assert_eq!(problems(&h, &["added"])[0].0, 1);
    }

    #[test]
    fn histories_must_start_right_run_forward_and_be_signed() {
        let h = vec![
            Entry::new(at("2026-11-23T09:00:00+08:00"), "wang", "edited", None),
            Entry::new(at("2026-11-22T09:00:00+08:00"), " ", "edited", None),
        ];
        let p = problems(&h, &["added", "imported"]);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].1.contains("expected \"added\" or \"imported\""));
        assert!(p[1].1.contains("earlier than the entry before it"));
        assert!(p[2].1.contains("no `by`"));
        assert_eq!(problems(&[], &["added"]).len(), 1);
    }
}
