//! Each unit's tenancies over the years, planned before anything is simulated: who
//! occupies it when (imported at the start, or moved in), the lease, the move-out
//! notice and day, and how the occupant pays. The goods lift of every move-out is then
//! booked across all units so that no two bookings overlap.

use std::collections::HashSet;

use chrono::{Days, Months, NaiveDate};
use propdesk::model::unit::UnitUse;

use super::rng::Rng;

#[derive(Debug, Clone)]
pub struct OutPlan {
    pub notice: NaiveDate,
    pub date: NaiveDate,
    pub restore: bool,
    /// The goods lift: day and the half hour it starts (a half hour's booking,
    /// counted from 07:00).
    pub lift: (NaiveDate, u32),
}

#[derive(Debug, Clone)]
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
        let from = if self.imported {
            NaiveDate::MIN
        } else {
            self.lease_start
        };
        from <= d && self.out.as_ref().is_none_or(|o| d <= o.date)
    }
}

fn months(d: NaiveDate, m: i64) -> NaiveDate {
    d.checked_add_months(Months::new(m as u32)).unwrap_or(d)
}

fn days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d + Days::new(n as u64)
    } else {
        d - Days::new((-n) as u64)
    }
}

fn late_rate(rng: &mut Rng) -> f64 {
    match rng.weighted(&[60, 30, 10]) {
        0 => 0.02,
        1 => 0.12,
        _ => 0.35,
    }
}

fn out_plan(rng: &mut Rng, date: NaiveDate, earliest_notice: NaiveDate) -> OutPlan {
    let ahead = if rng.chance(0.06) {
        rng.range(3, 9)
    } else {
        rng.range(10, 40)
    };
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
            lease_end: None,
            fees_from_notice: false,
            out: out.filter(|o| o.notice < end),
            late_rate: late_rate(rng),
            arrears_from: None,
        });
    }
    loop {
        let notice = match list.last() {
            None => days(start, rng.range(3, 150)),
            Some(t) => match &t.out {
                None => break,
                Some(o) => days(
                    o.date,
                    if rng.chance(0.7) {
                        rng.range(20, 120)
                    } else {
                        rng.range(121, 300)
                    },
                ),
            },
        };
        if notice >= end {
            break;
        }
        let lease_start = days(notice, rng.range(5, 25));
        let term = {
            let m = rng.range(lease.0, lease.1);
            if rng.chance(0.6) {
                (m / 12).max(1) * 12
            } else {
                m
            }
        };
        let lease_end = days(months(lease_start, term), -1);
        let date = match rng.weighted(&[60, 15, 25]) {
            0 => lease_end,
            1 => days(
                months(lease_start, rng.range(3, (term - 1).max(3))),
                rng.range(0, 27),
            )
            .min(lease_end),
            _ => months(lease_end, rng.range(6, 36)),
        };
        let owner_occupied = rng.chance(p_owner);
        let out = out_plan(rng, date, days(lease_start, 30));
        let out = (out.notice < end).then_some(out);
        list.push(Tenancy {
            imported: false,
            owner_occupied,
            company: rng.chance(p_company),
            notice,
            lease_start,
            lease_end: Some(lease_end),
            fees_from_notice: rng.chance(0.3),
            out,
            late_rate: late_rate(rng),
            arrears_from: None,
        });
    }
    list
}

/// The tenancy occupying the unit on `d`, if any.
pub fn current(list: &[Tenancy], d: NaiveDate) -> Option<usize> {
    list.iter().position(|t| t.covers(d))
}

/// Books the goods lift of every move-out: a half hour on the move-out day, else on
/// one of the four days before it, that no other move-out has.
pub fn book_lifts(plans: &mut [Vec<Tenancy>], seed: u64) -> usize {
    const HOURS: [u32; 29] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
        25, 26, 27, 28,
    ];
    let mut outs: Vec<(NaiveDate, usize, usize)> = Vec::new();
    for (u, list) in plans.iter().enumerate() {
        for (i, t) in list.iter().enumerate() {
            if let Some(o) = &t.out {
                outs.push((o.date, u, i));
            }
        }
    }
    outs.sort();
    let mut taken: HashSet<(NaiveDate, u32)> = HashSet::new();
    let mut clashes = 0;
    for (date, u, i) in outs {
        let o = plans[u][i].out.as_mut().expect("a move-out");
        let mut rng = Rng::stream(seed, u as u64, 0x11F7 + i as u64);
        let pref = rng.below(HOURS.len() as u64) as usize;
        let mut booked = None;
        'days: for back in 0..5 {
            let d = days(date, -back);
            if back > 0 && d < days(o.notice, 2) {
                break;
            }
            for k in 0..HOURS.len() {
                let h = HOURS[(pref + k) % HOURS.len()];
                if !taken.contains(&(d, h)) {
                    booked = Some((d, h));
                    break 'days;
                }
            }
        }
        let b = booked.unwrap_or_else(|| {
            clashes += 1;
            (date, HOURS[pref])
        });
        taken.insert(b);
        o.lift = b;
    }
    clashes
}
