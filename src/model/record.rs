//! What every kind of record is to the rest of the program: its folder, the word for
//! it, its ID and the path that follows from the ID; and a problem found in one of its
//! fields. The store reads and writes by these; the model and the procedures define
//! them without knowing the store.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A kind of record: where its files live and how its ID is checked.
pub trait Record: Serialize + DeserializeOwned + Send {
    /// The folder under the office root (`units`, `parties`, `tickets`, ...).
    const DIR: &'static str;
    /// The word for it in messages.
    const WHAT: &'static str;
    /// How many levels of dated folders sit under `DIR`: 0 for a flat folder, 1 for
    /// `moveins/2026/`, 2 for `tickets/2026/11/`.
    const DEPTH: u32 = 0;
    fn id(&self) -> &str;
    /// The unit the record is about, for records found by unit (a permit, a move-out).
    fn unit(&self) -> Option<&str> {
        None
    }
    /// What else than its unit the record holds that no other record may hold at the
    /// same time (a parking permit's bay, `bay:B1-018`; access cards out, `card:0007`),
    /// for records found by it. Never holds a comma.
    fn holds(&self) -> Vec<String> {
        Vec::new()
    }
    /// After a merge joined two desks' histories: sets the fields the history decides
    /// (a ticket's status) and returns their names; none for a record whose history
    /// decides nothing.
    fn replay_state(&mut self) -> Vec<&'static str> {
        Vec::new()
    }
    /// Whether the joined history is one the procedure could have walked.
    fn replays(&self) -> bool {
        true
    }
    /// The path of the record with this ID, relative to the office root.
    fn rel_path(id: &str) -> PathBuf {
        Path::new(Self::DIR).join(format!("{id}.yaml"))
    }
    /// The path of this record's file (a record kept in parts, a unit's ledger per
    /// year, says which part).
    fn path(&self) -> PathBuf {
        Self::rel_path(self.id())
    }
}

/// `<dir>/<YYYY>/<MM>/<ID>.yaml` (or without the month), from the date in the ID; an
/// ID without a date sits directly in `<dir>` (and `check` says so).
pub fn dated_path(dir: &str, id: &str, month: bool) -> std::path::PathBuf {
    match crate::model::ids::date_of(id) {
        Some(d) if month => Path::new(dir)
            .join(d.format("%Y").to_string())
            .join(d.format("%m").to_string())
            .join(format!("{id}.yaml")),
        Some(d) => Path::new(dir)
            .join(d.format("%Y").to_string())
            .join(format!("{id}.yaml")),
        None => Path::new(dir).join(format!("{id}.yaml")),
    }
}

/// A problem with one field of a record, found without reading any other record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub message: String,
}
