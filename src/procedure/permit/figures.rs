//! The month's permit figures (`permit stats`, and the permits of `report`):
//! applications by kind, permits issued and active at the month's end, worker passes
//! and access cards issued and returned (the pass statistics due before the 5th), and
//! violations with their fines.
//!
//! A step belongs to the day its history entry was written, in office time. A month
//! not over yet is counted to today: "active at month end" is then active today.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;

use crate::model::history::Entry;
use crate::model::money::Money;

use super::record::{Event, Kind, Permit};

/// The month's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PermitStats {
    /// `2026-11`.
    pub month: String,
    /// The day counted to: the month's last day, or today in a month not over yet.
    pub through: NaiveDate,
    /// Applications made in the month (the permit's first history entry), by kind;
    /// every kind is listed.
    pub applied: BTreeMap<String, u32>,
    /// Permits issued in the month.
    pub issued: u32,
    /// Permits issued and not closed on the day counted to (an overtime
    /// air-conditioning request is done once its day has passed).
    pub active: u32,
    /// Worker passes of the renovation permits issued in the month.
    pub passes_issued: u32,
    /// Worker passes returned and lost, recorded in the month.
    pub passes_returned: u32,
    pub passes_lost: u32,
    /// Access cards of the card permits issued in the month, and returned in it.
    pub cards_issued: u32,
    pub cards_returned: u32,
    /// Violations recorded in the month, and violations rectified in it.
    pub violations: u32,
    pub rectified: u32,
    /// Fines of the month's violations.
    pub fines: Money,
}

impl PermitStats {
    /// Applications of one kind.
    pub fn applied(&self, kind: Kind) -> u32 {
        self.applied.get(kind.as_str()).copied().unwrap_or(0)
    }
}

/// The figures of `month` (its first day) from every permit, counted to the month's
/// last day or `today`, whichever comes first; `tz` is the office's zone.
pub fn month_stats(permits: &[Permit], month: NaiveDate, today: NaiveDate, tz: Tz) -> PermitStats {
    let in_month = |d: NaiveDate| d.year() == month.year() && d.month() == month.month();
    let day_of = |e: &Entry| e.at.with_timezone(&tz).date_naive();
    let end = month
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(month)
        .min(today);
    let mut s = PermitStats {
        month: month.format("%Y-%m").to_string(),
        through: end,
        applied: Kind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), 0))
            .collect(),
        issued: 0,
        active: 0,
        passes_issued: 0,
        passes_returned: 0,
        passes_lost: 0,
        cards_issued: 0,
        cards_returned: 0,
        violations: 0,
        rectified: 0,
        fines: Money::ZERO,
    };
    for p in permits {
        let first = p.history.first().map(day_of);
        if first.is_some_and(in_month) {
            *s.applied.entry(p.kind().as_str().to_string()).or_default() += 1;
        }
        let issued_on = p
            .history
            .iter()
            .find(|e| e.event == Event::Issued.as_str())
            .map(day_of);
        let closed_on = p
            .history
            .iter()
            .find(|e| e.event == Event::Closed.as_str())
            .map(day_of);
        if issued_on.is_some_and(in_month) {
            s.issued += 1;
            if let Some(r) = p.renovation() {
                s.passes_issued += r.workers;
            }
            if let Some(c) = p.access_card() {
                s.cards_issued += c.cards;
            }
        }
        // An overtime air-conditioning request is done once its day has passed.
        let done_by_day = p.overtime_ac().is_some_and(|o| o.date < end);
        if issued_on.is_some_and(|d| d <= end) && closed_on.is_none_or(|d| d > end) && !done_by_day
        {
            s.active += 1;
        }
        if let Some(r) = p.renovation() {
            if let (Some(x), Some(e)) = (
                &r.passes,
                p.history.iter().find(|e| e.event == Event::Passes.as_str()),
            ) && in_month(day_of(e))
            {
                s.passes_returned += x.returned;
                s.passes_lost += x.lost;
            }
            for v in &r.violations {
                if in_month(v.date) {
                    s.violations += 1;
                    if let Some(f) = v.fine {
                        s.fines = s.fines.checked_add(f).unwrap_or(s.fines);
                    }
                }
                if v.rectified.is_some_and(in_month) {
                    s.rectified += 1;
                }
            }
        }
        if let Some(c) = p.access_card()
            && c.returned.is_some_and(in_month)
        {
            s.cards_returned += c.cards;
        }
    }
    s
}
