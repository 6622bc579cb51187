//! Move-ins in the month's figures: opened, completed (and their units), in progress.

use chrono_tz::Tz;
use serde::Serialize;

use crate::procedure::figures::{Period, day_of, sorted};

use super::MoveIn;

/// Move-ins (入驻) of the month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MoveIns {
    /// Opened in the month (`movein new`: leasing's notice received).
    pub opened: u32,
    /// Completed in the month (the handover done), and their units.
    pub completed: u32,
    pub completed_units: Vec<String>,
    /// Opened by the day counted to and not completed by then.
    pub in_progress: u32,
}

/// The month's move-in figures.
pub fn figures(records: &[MoveIn], period: Period, tz: Tz) -> MoveIns {
    let through = period.through();
    let mut m = MoveIns::default();
    let mut done = Vec::new();
    for r in records {
        let opened = r.history.first().map(|e| day_of(e, tz));
        if opened.is_some_and(|d| period.contains(d)) {
            m.opened += 1;
        }
        if let Some(c) = r.completed
            && period.contains(c)
        {
            done.push(r.unit.clone());
        }
        if opened.is_some_and(|d| d <= through) && r.completed.is_none_or(|c| c > through) {
            m.in_progress += 1;
        }
    }
    m.completed = u32::try_from(done.len()).unwrap_or(u32::MAX);
    m.completed_units = sorted(done);
    m
}
