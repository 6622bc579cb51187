//! How records are shown: each procedure's records as a sheet (`show`) and as a list
//! (the default listing), in columns and cells for tables, JSON, YAML and CSV. The
//! command line loads the records and prints what these build; [`crate::output`]
//! renders it in the format asked for.

pub mod dunning;
pub mod fees;
pub mod movein;
pub mod moveout;
pub mod permit;
pub mod ticket;

use crate::model::history::Entry;
use crate::output::{Cell, Column};

/// The last fields of a case record's sheet: what it still misses, then its history.
pub fn missing_and_history(
    fields: &mut Vec<(Column, Cell)>,
    missing: &[String],
    history: &[Entry],
) {
    for m in missing {
        fields.push((Column::new("missing", "尚缺", "Missing"), m.clone().into()));
    }
    for e in history {
        let mut s = format!("{} {} {}", e.at.format("%Y-%m-%d %H:%M"), e.by, e.event);
        if let Some(n) = &e.note {
            s.push_str(": ");
            s.push_str(n);
        }
        fields.push((Column::new("history", "记录", "History"), s.into()));
    }
}
