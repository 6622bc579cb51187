//! What every procedure's monthly figures are counted over and in: the month and the
//! day counted to ([`Period`]), shares of amounts and of counts, exact. Each procedure
//! counts its own figures in its `figures.rs`; `propdesk report` asks each.

use std::fmt;

use chrono::{DateTime, FixedOffset, Months, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;

use crate::model::history::Entry;
use crate::model::money::Money;

/// The month asked for and the clock.
#[derive(Debug, Clone, Copy)]
pub struct Period {
    /// The month's first day.
    pub month: NaiveDate,
    /// Today in the office.
    pub today: NaiveDate,
    /// Now, with the office's offset.
    pub now: DateTime<FixedOffset>,
}

impl Period {
    /// The month's last day.
    pub fn last_day(&self) -> NaiveDate {
        self.month
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(self.month)
    }

    /// The day the figures are counted to: the month's last day, or today in a month
    /// not over yet.
    pub fn through(&self) -> NaiveDate {
        self.last_day().min(self.today)
    }

    /// Whether the month has begun by today.
    pub fn begun(&self) -> bool {
        self.month <= self.today
    }

    /// Whether `d` falls in the month, by the day counted to.
    pub fn contains(&self, d: NaiveDate) -> bool {
        d >= self.month && d <= self.through()
    }
}

/// A share of an amount: `part` of `whole`, in tenths of a percent (rounded half up;
/// none when the whole is not positive). Exact: no floating point.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Share {
    pub part: Money,
    pub whole: Money,
    pub permille: Option<u32>,
}

impl Share {
    pub fn of(part: Money, whole: Money) -> Share {
        let permille = (whole.minor() > 0).then(|| {
            let (p, w) = (i128::from(part.minor().max(0)), i128::from(whole.minor()));
            let v = (p * 2000 + w) / (2 * w);
            u32::try_from(v).unwrap_or(u32::MAX)
        });
        Share {
            part,
            whole,
            permille,
        }
    }
}

/// A share: `num` of `den`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Rate {
    pub num: u32,
    pub den: u32,
}

impl Rate {
    /// Tenths of a percent, rounded half up; `None` when there is nothing to count.
    pub fn permille(self) -> Option<u32> {
        (self.den > 0).then(|| {
            let p = (u64::from(self.num) * 2000 + u64::from(self.den)) / (2 * u64::from(self.den));
            u32::try_from(p).unwrap_or(u32::MAX)
        })
    }

    /// At least `percent`? Nothing counted meets no target.
    pub fn reaches(self, percent: u32) -> bool {
        self.den > 0 && u64::from(self.num) * 100 >= u64::from(percent) * u64::from(self.den)
    }

    /// Counts one more, a hit or not.
    pub fn add(&mut self, hit: bool) {
        self.den += 1;
        if hit {
            self.num += 1;
        }
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.permille() {
            Some(p) => write!(f, "{}.{}% ({}/{})", p / 10, p % 10, self.num, self.den),
            None => f.write_str("-"),
        }
    }
}
/// `sum += m`, saturating.
pub fn add(sum: &mut Money, m: Money) {
    *sum = Money::from_minor(sum.minor().saturating_add(m.minor()));
}

/// The sum of `parts`, saturating.
pub fn total(parts: impl Iterator<Item = Money>) -> Money {
    let mut s = Money::ZERO;
    for m in parts {
        add(&mut s, m);
    }
    s
}

/// The sum of the dated `parts` by `through`.
pub fn by(parts: &[(NaiveDate, Money)], through: NaiveDate) -> Money {
    total(parts.iter().filter(|(d, _)| *d <= through).map(|(_, m)| *m))
}

/// Unit IDs in the order people read them (A-2 before A-10).
pub fn sorted(mut units: Vec<String>) -> Vec<String> {
    units.sort_by(|a, b| crate::model::ids::natural_cmp(a, b));
    units
}

/// The office-local day of a history entry.
pub fn day_of(e: &Entry, tz: Tz) -> NaiveDate {
    e.at.with_timezone(&tz).date_naive()
}
