//! The month's figures from every procedure, for `propdesk report`: tickets (repairs
//! and on-time rates, callbacks and satisfaction against the targets, complaints,
//! special-service revenue), money (billing, payments, the collection rate, arrears
//! aging, collection cases), permits and passes, move-ins and move-outs, occupancy.
//!
//! [`month_report`] takes the loaded records, the settings, a month and the clock and
//! returns a [`Report`]; it reads no file and no clock. Each procedure's figures come
//! from the procedure's own code (`ticket stats`, `permit stats`, the ledger replay and
//! `dunning aging`'s buckets), so the report never disagrees with them.
//!
//! **The day counted to.** A month over by today is counted to its last day (the
//! tickets are judged as they stood at midnight ending it); this month is counted to
//! today. A month not begun yet is refused by the command.
//!
//! [`view`] turns a report into labelled rows (tables, CSV, the HTML page), [`svg`]
//! draws its charts and [`html`] renders the printable page.

pub mod html;
pub mod svg;
pub mod view;

pub use crate::procedure::dunning::figures::open_cases;
pub use crate::procedure::fees::figures::{Arrears, Billing, Collection, ledger_billing};
pub use crate::procedure::figures::{Period, Share};
pub use crate::procedure::movein::figures::MoveIns;
pub use crate::procedure::moveout::figures::MoveOuts;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::error::Result;
use crate::model::calendar::Calendar;
use crate::model::ledger::Ledger;
use crate::model::unit::{Unit, UnitStatus, UnitUse};
use crate::procedure::dunning::DunningCase;
use crate::procedure::movein::MoveIn;
use crate::procedure::moveout::record::MoveOut;
use crate::procedure::permit::Permit;
use crate::procedure::permit::figures::{self as permit_stats, PermitStats};
use crate::procedure::ticket::Ticket;
use crate::procedure::ticket::deadlines::Clocks;
use crate::procedure::ticket::figures::{self as ticket_stats, MonthStats, Rate};

/// Every record the report reads, loaded once.
#[derive(Debug, Clone, Copy)]
pub struct Records<'a> {
    pub units: &'a [Unit],
    pub tickets: &'a [Ticket],
    pub permits: &'a [Permit],
    pub ledgers: &'a [Ledger],
    /// The ledgers' money figures already summed as they were read
    /// ([`ledger_billing`]); `ledgers` is then not read.
    pub billing: Option<&'a Billing>,
    pub cases: &'a [DunningCase],
    pub moveins: &'a [MoveIn],
    pub moveouts: &'a [MoveOut],
    /// The move-ins and move-outs completed after the month, already taken from them
    /// as they were read ([`Change::after`]); `moveins` and `moveouts` then hold only
    /// those that count in the month's figures.
    pub changes: Option<&'a [Change]>,
}

/// A move-in or move-out completed after the day the occupancy is counted to: the
/// first of them per unit tells whether the unit was occupied that day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub unit: String,
    pub completed: NaiveDate,
    pub occupied_before: bool,
}

impl Change {
    pub fn after(
        day: NaiveDate,
        unit: &str,
        completed: Option<NaiveDate>,
        moving_out: bool,
    ) -> Option<Change> {
        completed.filter(|c| *c > day).map(|completed| Change {
            unit: unit.to_string(),
            completed,
            occupied_before: moving_out,
        })
    }

    pub fn of_movein(m: &MoveIn, day: NaiveDate) -> Option<Change> {
        Change::after(day, &m.unit, m.completed, false)
    }

    pub fn of_moveout(m: &MoveOut, day: NaiveDate) -> Option<Change> {
        Change::after(day, &m.unit, m.completed, true)
    }
}

/// Whether a record counts in the month's figures, decided one record at a time as
/// the records are read, so that ten years of them are not held at once. The test is
/// the record's figures alone against those of none: nothing here restates what is
/// counted. (What a move-in or move-out says of occupancy is kept as a [`Change`].)
pub mod counts {
    use super::*;

    pub fn permit(p: &Permit, period: Period, tz: Tz) -> bool {
        let stats = |p: &[Permit]| permit_stats::month_stats(p, period.month, period.today, tz);
        stats(std::slice::from_ref(p)) != stats(&[])
    }

    pub fn case(c: &DunningCase, period: Period, tz: Tz) -> bool {
        open_cases(std::slice::from_ref(c), period.through(), tz).0 > 0
    }

    pub fn movein(m: &MoveIn, period: Period, tz: Tz) -> bool {
        crate::procedure::movein::figures::figures(std::slice::from_ref(m), period, tz)
            != MoveIns::default()
    }

    pub fn moveout(m: &MoveOut, period: Period) -> bool {
        crate::procedure::moveout::figures::figures(std::slice::from_ref(m), period)
            != MoveOuts::default()
    }
}

/// The month's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub office: String,
    pub currency: String,
    /// `2026-11`.
    pub month: String,
    /// The month's first day and the day counted to.
    pub from: NaiveDate,
    pub through: NaiveDate,
    /// The month is over: `through` is its last day.
    pub complete: bool,
    /// `ticket stats` of the month.
    pub tickets: MonthStats,
    pub billing: Billing,
    /// `permit stats` of the month.
    pub permits: PermitStats,
    pub moveins: MoveIns,
    pub moveouts: MoveOuts,
    pub occupancy: Occupancy,
}

/// Occupancy (出租率) at the day counted to.
///
/// A unit counts as occupied when the registry says `occupied`. For a past month the
/// registry's state is taken back over the move-ins and move-outs completed after the
/// day counted to: the first of them decides (a move-in completed later: not occupied
/// then; a move-out completed later: occupied then). Status edits by hand are not
/// taken back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Occupancy {
    pub units: u32,
    pub occupied: u32,
    pub rate: Rate,
    /// By use, uses without units left out.
    pub by_use: Vec<UseOccupancy>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UseOccupancy {
    #[serde(rename = "use")]
    pub usage: String,
    pub units: u32,
    pub occupied: u32,
    pub rate: Rate,
}

/// The figures of `period.month` from `records`.
///
/// Fails only on a ledger that cannot be replayed, naming its file and entry, as
/// `dunning aging` does.
pub fn month_report(
    records: &Records,
    config: &Config,
    calendar: &Calendar,
    period: Period,
) -> Result<Report> {
    let tz = config.timezone.0;
    let clocks = Clocks {
        rules: &config.ticket,
        calendar,
        tz,
        now: ticket_stats::judged_at(period.month, period.today, period.now, tz),
    };
    let tickets = ticket_stats::month_stats(records.tickets, period.month, &clocks);
    let permits = permit_stats::month_stats(records.permits, period.month, period.today, tz);
    let books = config.books(calendar);
    let mut billing = match records.billing {
        Some(b) => b.clone(),
        None => records
            .ledgers
            .par_iter()
            .map(|l| {
                Ok(crate::procedure::fees::figures::ledger_billing(
                    l,
                    &books.state(l)?,
                    period,
                ))
            })
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .fold(Billing::default(), Billing::plus),
    }
    .finish();
    let (open, units) = open_cases(records.cases, period.through(), tz);
    billing.dunning_open = open;
    billing.dunning_units = units;
    Ok(Report {
        office: config.name.clone(),
        currency: config.currency.0.clone(),
        month: period.month.format("%Y-%m").to_string(),
        from: period.month,
        through: period.through(),
        complete: period.through() == period.last_day(),
        tickets,
        billing,
        permits,
        moveins: crate::procedure::movein::figures::figures(records.moveins, period, tz),
        moveouts: crate::procedure::moveout::figures::figures(records.moveouts, period),
        occupancy: occupancy(records, period.through()),
    })
}

fn occupancy(records: &Records, day: NaiveDate) -> Occupancy {
    let taken;
    let changes = match records.changes {
        Some(c) => c,
        None => {
            taken = records
                .moveins
                .iter()
                .filter_map(|m| Change::of_movein(m, day))
                .chain(
                    records
                        .moveouts
                        .iter()
                        .filter_map(|m| Change::of_moveout(m, day)),
                )
                .collect::<Vec<_>>();
            &taken
        }
    };
    // The first move-in or move-out completed after `day`, per unit: (day, occupied
    // before it).
    let mut later: BTreeMap<&str, (NaiveDate, bool)> = BTreeMap::new();
    for c in changes.iter().filter(|c| c.completed > day) {
        let e = later
            .entry(c.unit.as_str())
            .or_insert((c.completed, c.occupied_before));
        if c.completed < e.0 {
            *e = (c.completed, c.occupied_before);
        }
    }
    let mut o = Occupancy::default();
    let mut uses: BTreeMap<UnitUse, (u32, u32)> = BTreeMap::new();
    for u in records.units {
        let occupied = match later.get(u.id.as_str()) {
            Some((_, was_occupied)) => *was_occupied,
            None => u.status == UnitStatus::Occupied,
        };
        o.units += 1;
        let e = uses.entry(u.usage).or_default();
        e.0 += 1;
        if occupied {
            o.occupied += 1;
            e.1 += 1;
        }
    }
    o.rate = Rate {
        num: o.occupied,
        den: o.units,
    };
    o.by_use = UnitUse::ALL
        .iter()
        .filter_map(|u| {
            uses.get(u).map(|(n, occ)| UseOccupancy {
                usage: u.as_str().to_string(),
                units: *n,
                occupied: *occ,
                rate: Rate { num: *occ, den: *n },
            })
        })
        .collect();
    o
}

#[cfg(test)]
mod tests;
