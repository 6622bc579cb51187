//! The month's ticket figures (报修记录统计表, 投诉统计表): counts, on-time rates,
//! callbacks and satisfaction against the manuals' targets, and chargeable revenue.
//!
//! A ticket belongs to the month it was reported in (office time). Deadlines are
//! judged as they stand at the clock given (the end of the month for a past month,
//! now for this one): a deadline still open counts once it is breached. Revenue
//! belongs to the month the fee was charged to the ledger.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

use crate::model::money::Money;

use super::deadlines::{Clock, Clocks};
use super::event::Event;
use super::record::{Kind, Method, Ticket};

pub use crate::procedure::figures::Rate;

/// A target of the manuals against the month's actual.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub name: &'static str,
    pub zh: &'static str,
    pub target_percent: u32,
    pub actual: Rate,
    pub met: bool,
}

/// The month's figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MonthStats {
    pub month: String,
    pub tickets: u32,
    pub by_kind: BTreeMap<String, u32>,
    pub by_category: BTreeMap<String, u32>,
    pub by_priority: BTreeMap<String, u32>,
    /// Repairs and special services: arrival on time.
    pub response_on_time: Rate,
    /// Completion on time (emergency work has no deadline and is not counted).
    pub completion_on_time: Rate,
    /// Finished work that was called back.
    pub callback_rate: Rate,
    /// Callbacks of repairs and special services made as visits, and by phone.
    pub visits: Rate,
    pub phone: Rate,
    /// Callbacks of repairs and special services where the tenant was satisfied.
    pub satisfaction: Rate,
    pub complaints: u32,
    pub valid_complaints: u32,
    pub complaint_replies_on_time: Rate,
    pub repeat_complaints: u32,
    /// Fees charged to ledgers this month.
    pub repair_revenue: Money,
    pub special_service_revenue: Money,
    pub targets: Vec<Target>,
}

/// The clock a month's tickets are judged at: a month over by `today` as it stood at
/// its end (midnight starting the next month, office time); this month, or one not
/// begun, as it stands `now`.
pub fn judged_at(
    month: NaiveDate,
    today: NaiveDate,
    now: DateTime<FixedOffset>,
    tz: Tz,
) -> DateTime<FixedOffset> {
    let end = month.checked_add_months(Months::new(1)).unwrap_or(month);
    if end <= today
        && let Some(t) = tz
            .from_local_datetime(&end.and_time(NaiveTime::MIN))
            .earliest()
    {
        return t.fixed_offset();
    }
    now
}

/// The figures of `month` (its first day) from every ticket.
/// Whether `t` counts in the figures of `month` (see [`month_stats`]): reported in it,
/// or charged in it. A report reads ten years of tickets and keeps only these.
pub fn counts_in(t: &Ticket, month: NaiveDate, tz: chrono_tz::Tz) -> bool {
    let in_month = |at: chrono::DateTime<chrono::FixedOffset>| {
        let d = at.with_timezone(&tz).date_naive();
        d.year() == month.year() && d.month() == month.month()
    };
    in_month(t.reported)
        || t.history
            .iter()
            .any(|e| Event::Charged.is(e) && in_month(e.at))
}

pub fn month_stats(tickets: &[Ticket], month: NaiveDate, clocks: &Clocks) -> MonthStats {
    let in_month = |t: chrono::DateTime<chrono::FixedOffset>| {
        let d = t.with_timezone(&clocks.tz).date_naive();
        d.year() == month.year() && d.month() == month.month()
    };
    let mut s = MonthStats {
        month: month.format("%Y-%m").to_string(),
        ..MonthStats::default()
    };
    for t in tickets {
        if let Some(i) = t.history.iter().position(|e| Event::Charged.is(e))
            && in_month(t.history[i].at)
        {
            let amount = t.quote_total().unwrap_or(Money::ZERO);
            let sum = match t.kind {
                Kind::SpecialService => &mut s.special_service_revenue,
                _ => &mut s.repair_revenue,
            };
            *sum = sum.checked_add(amount).unwrap_or(*sum);
        }
        if !in_month(t.reported) {
            continue;
        }
        s.tickets += 1;
        *s.by_kind.entry(t.kind.to_string()).or_default() += 1;
        *s.by_category.entry(t.category.clone()).or_default() += 1;
        if let Some(p) = t.priority {
            *s.by_priority.entry(p.to_string()).or_default() += 1;
        }
        let deadlines = clocks.deadlines(t);
        let judged = |clock: Clock| {
            deadlines
                .iter()
                .find(|d| d.clock == clock && d.standing.decided())
                .map(|d| !d.standing.breached())
        };
        if t.kind.is_work() {
            if let Some(ok) = judged(Clock::Response) {
                s.response_on_time.add(ok);
            }
            if let Some(ok) = judged(Clock::Completion) {
                s.completion_on_time.add(ok);
            }
            if t.first(Event::Finished).is_some() {
                s.callback_rate.add(!t.callbacks.is_empty());
            }
        }
        if t.kind == Kind::Complaint {
            s.complaints += 1;
            if t.complaint.as_ref().is_some_and(|c| c.valid) {
                s.valid_complaints += 1;
            }
            if t.repeat_of.is_some() {
                s.repeat_complaints += 1;
            }
            if let Some(ok) = judged(Clock::Reply) {
                s.complaint_replies_on_time.add(ok);
            }
        }
        // The callback targets are the repair manuals': repairs and special services.
        for c in t.callbacks.iter().filter(|_| t.kind.is_work()) {
            s.visits.add(c.method == Method::Visit);
            s.phone.add(c.method == Method::Phone);
            s.satisfaction.add(c.satisfied);
        }
    }
    let goals = &clocks.rules.targets;
    s.targets = vec![
        target(
            "callback rate",
            "回访率",
            goals.callback_percent,
            s.callback_rate,
        ),
        target("visits", "上门回访比例", goals.visit_percent, s.visits),
        target(
            "satisfaction",
            "满意率",
            goals.satisfaction_percent,
            s.satisfaction,
        ),
    ];
    s
}

fn target(name: &'static str, zh: &'static str, percent: u32, actual: Rate) -> Target {
    Target {
        name,
        zh,
        target_percent: percent,
        actual,
        met: actual.reaches(percent),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_half_up_to_a_tenth_and_targets_compare_exactly() {
        let r = Rate { num: 2, den: 3 };
        assert_eq!(r.to_string(), "66.7% (2/3)");
        assert_eq!(Rate { num: 1, den: 8 }.to_string(), "12.5% (1/8)");
        assert_eq!(Rate::default().to_string(), "-");
        assert!(Rate { num: 19, den: 20 }.reaches(95));
        assert!(!Rate { num: 18, den: 19 }.reaches(95));
        assert!(!Rate::default().reaches(0));
    }
}
