//! Each unit's tenancies over the years, planned before anything is simulated: who
//! occupies it when (imported at the start, or moved in), the lease, the move-out
//! notice and day, and how the occupant pays. The goods lift of every move-out is then
//! booked across all units so that no two bookings overlap.

use std::collections::HashSet;

use chrono::{Months, NaiveDate};
use propdesk::model::unit::UnitUse;
use propdesk::procedure::fees::billing::last_day;

use super::rng::Rng;
use super::sim::add_days as days;

#[derive(Debug, Clone, Default)]
pub struct OutPlan {
    pub notice: NaiveDate,
    pub date: NaiveDate,
    pub restore: bool,
    /// The goods lift: day and the half hour it starts (a half hour's booking,
    /// counted from 07:00).
    pub lift: (NaiveDate, u32),
}

#[derive(Debug, Clone, Default)]
pub struct Tenancy {
    /// The occupant was there when the office started keeping records (imported).
    pub imported: bool,
    /// The owner occupies the unit.
    pub owner_occupied: bool,
    pub company: bool,
    /// Leasing's move-in notice.
    pub notice: NaiveDate,
    pub lease_start: NaiveDate,
    pub lease_end: Option<NaiveDate>,
    /// Fees from the notice date rather than the lease start.
    pub fees_from_notice: bool,
    pub out: Option<OutPlan>,
    /// Probability that a month's fees are paid late.
    pub late_rate: f64,
    /// Stops paying from this day (in arrears when the history ends).
    pub arrears_from: Option<NaiveDate>,
}

impl Tenancy {
    /// Occupies the unit on `d` (moved in by then and not moved out).
    pub fn covers(&self, d: NaiveDate) -> bool {
        let from = match self.imported {
            true => NaiveDate::MIN,
            false => self.lease_start,
        };
        from <= d && self.out.as_ref().is_none_or(|o| d <= o.date)
    }

    /// The same tenancy `n` days later (the goods lift is booked afterwards).
    fn shift(&mut self, n: i64) {
        self.notice = days(self.notice, n);
        self.lease_start = days(self.lease_start, n);
        self.lease_end = self.lease_end.map(|e| days(e, n));
        if let Some(o) = &mut self.out {
            (o.notice, o.date) = (days(o.notice, n), days(o.date, n));
        }
    }
}

fn months(d: NaiveDate, m: i64) -> NaiveDate {
    d.checked_add_months(Months::new(m as u32)).unwrap_or(d)
}

/// How often an occupant pays late: most seldom, some now and then, a few often.
fn late_rate(rng: &mut Rng) -> f64 {
    [0.02, 0.12, 0.35][rng.weighted(&[60, 30, 10])]
}

fn out_plan(rng: &mut Rng, date: NaiveDate, earliest_notice: NaiveDate) -> OutPlan {
    let ahead = rng.either(0.06, (3, 9), (10, 40));
    let notice = days(date, -ahead).max(earliest_notice);
    OutPlan {
        notice,
        date: date.max(days(notice, 3)),
        restore: rng.chance(0.08),
        lift: (date, 0),
    }
}

/// The tenancies of a unit from `start` to `end` (the day the history ends).
pub fn plan(rng: &mut Rng, usage: UnitUse, start: NaiveDate, end: NaiveDate) -> Vec<Tenancy> {
    let (p_occupied, p_owner, p_company, lease) = match usage {
        UnitUse::Office => (0.82, 0.08, 0.85, (24, 60)),
        UnitUse::Shop => (0.85, 0.10, 0.75, (24, 60)),
        UnitUse::Home => (0.88, 0.30, 0.05, (12, 36)),
        UnitUse::Parking => (0.70, 0.30, 0.40, (6, 24)),
    };
    let mut list: Vec<Tenancy> = Vec::new();
    if rng.chance(p_occupied) {
        let date = days(start, rng.range(20, 1500));
        let out = (date <= days(end, 60)).then(|| out_plan(rng, date, days(start, 1)));
        list.push(Tenancy {
            imported: true,
            owner_occupied: rng.chance(p_owner),
            company: rng.chance(p_company),
            notice: start,
            lease_start: start,
            out: out.filter(|o| o.notice < end),
            late_rate: late_rate(rng),
            ..Tenancy::default()
        });
    }
    loop {
        let notice = match list.last() {
            None => days(start, rng.range(3, 150)),
            Some(t) => match &t.out {
                None => break,
                Some(o) => days(o.date, rng.either(0.7, (20, 120), (121, 300))),
            },
        };
        if notice >= end {
            break;
        }
        let lease_start = days(notice, rng.range(5, 25));
        // A lease of whole years, mostly.
        let m = rng.range(lease.0, lease.1);
        let years = (m / 12).max(1) * 12;
        let term = if rng.chance(0.6) { years } else { m };
        let lease_end = days(months(lease_start, term), -1);
        let date = match rng.weighted(&[60, 15, 25]) {
            0 => lease_end,
            1 => {
                let month = months(lease_start, rng.range(3, (term - 1).max(3)));
                days(month, rng.range(0, 27)).min(lease_end)
            }
            _ => months(lease_end, rng.range(6, 36)),
        };
        let owner_occupied = rng.chance(p_owner);
        let out = out_plan(rng, date, days(lease_start, 30));
        let out = (out.notice < end).then_some(out);
        list.push(Tenancy {
            owner_occupied,
            company: rng.chance(p_company),
            notice,
            lease_start,
            lease_end: Some(lease_end),
            fees_from_notice: rng.chance(0.3),
            out,
            late_rate: late_rate(rng),
            ..Tenancy::default()
        });
    }
    apart(&mut list, end);
    list
}

/// Move-ins after a move-out start in a later month, so that each occupant's months
/// stay apart (and the earlier refund is paid before the next settlement); a unit
/// re-let in the month it was left is tested in tests/integration/moveout.rs. Nothing
/// starts after the history ends, and the history stops at the first tenancy that
/// does not end in it.
fn apart(list: &mut Vec<Tenancy>, end: NaiveDate) {
    for k in 1..list.len() {
        if let Some(o) = list[k - 1].out.clone() {
            let next_month = last_day(o.date).succ_opt().unwrap_or(o.date);
            if list[k].notice < next_month {
                let n = (next_month - list[k].notice).num_days() + 1;
                list[k].shift(n);
            }
        }
    }
    list.retain(|t| t.notice < end || t.imported);
    if let Some(t) = list.last_mut()
        && t.out.as_ref().is_some_and(|o| o.notice >= end)
    {
        t.out = None;
    }
    for k in 1..list.len() {
        if list[k - 1]
            .out
            .as_ref()
            .is_some_and(|o| o.date >= list[k].notice)
        {
            list[k - 1].out = None;
        }
    }
    if let Some(i) = list.iter().position(|t| t.out.is_none()) {
        list.truncate(i + 1);
    }
}

/// The tenancy occupying the unit on `d`, if any.
pub fn current(list: &[Tenancy], d: NaiveDate) -> Option<usize> {
    list.iter().position(|t| t.covers(d))
}

/// Books the goods lift of every move-out: a half hour on the move-out day, else on
/// one of the four days before it (not before the notice's second day), that no other
/// move-out has.
pub fn book_lifts(plans: &mut [Vec<Tenancy>], seed: u64) -> usize {
    /// The half hours from 07:00 a booking may start at.
    const SLOTS: u32 = 29;
    let mut outs: Vec<(NaiveDate, usize, usize)> = Vec::new();
    for (u, list) in plans.iter().enumerate() {
        for (i, t) in list.iter().enumerate() {
            outs.extend(t.out.as_ref().map(|o| (o.date, u, i)));
        }
    }
    outs.sort();
    let (mut taken, mut clashes) = (HashSet::new(), 0);
    for (date, u, i) in outs {
        let o = plans[u][i].out.as_mut().expect("a move-out");
        let mut rng = Rng::stream(seed, u as u64, 0x11F7 + i as u64);
        let pref = rng.below(u64::from(SLOTS)) as u32;
        let day =
            |back: i64| Some(days(date, -back)).filter(|d| back == 0 || *d >= days(o.notice, 2));
        let slots = |d: NaiveDate| (0..SLOTS).map(move |k| (d, (pref + k) % SLOTS));
        let free = (0..5)
            .map_while(day)
            .flat_map(slots)
            .find(|b| !taken.contains(b));
        let booked = free.unwrap_or_else(|| {
            clashes += 1;
            (date, pref)
        });
        taken.insert(booked);
        o.lift = booked;
    }
    clashes
}
