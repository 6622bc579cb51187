//! The dunning cases in the month's figures: those open at the close of the day
//! counted to.

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::procedure::figures::day_of;

use super::DunningCase;
use super::steps::Event;

/// The collection cases open at the close of `day`: the last of their opened,
/// reopened and closed events by then is an opening.
pub fn open_cases(cases: &[DunningCase], day: NaiveDate, tz: Tz) -> (u32, Vec<String>) {
    let mut units: Vec<String> = cases
        .iter()
        .filter(|c| {
            c.history
                .iter()
                .filter(|e| {
                    matches!(
                        Event::parse(&e.event),
                        Some(Event::Opened | Event::Reopened | Event::Closed)
                    )
                })
                .rfind(|e| day_of(e, tz) <= day)
                .is_some_and(|e| e.event != Event::Closed.as_str())
        })
        .map(|c| c.unit.clone())
        .collect();
    units.sort_by(|a, b| crate::model::ids::natural_cmp(a, b));
    (u32::try_from(units.len()).unwrap_or(u32::MAX), units)
}
