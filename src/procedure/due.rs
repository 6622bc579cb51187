//! What falls due, as every procedure says it: when ([`Due`]), who acts ([`Role`]),
//! on which record, and what exactly (the procedure's own kind and detail, worded by
//! the message catalogue). Each procedure's `due.rs` reads its records against a
//! [`Window`] and adds its [`Item`]s; the agenda merges them.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

/// Who acts on an item: the desk and the departments it works with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The customer-service desk (客服部).
    Desk,
    /// Engineering (工程部).
    Engineering,
    /// Security / order (保安部).
    Security,
    /// Finance / cashier (财务部).
    Finance,
    /// The service-centre manager or general manager (经理).
    Manager,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Desk,
        Role::Engineering,
        Role::Security,
        Role::Finance,
        Role::Manager,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Desk => "desk",
            Role::Engineering => "engineering",
            Role::Security => "security",
            Role::Finance => "finance",
            Role::Manager => "manager",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Role::Desk => "客服部",
            Role::Engineering => "工程部",
            Role::Security => "保安部",
            Role::Finance => "财务部",
            Role::Manager => "经理",
        }
    }

    /// The role of a word the office's rules use for who acts: a dunning ladder's
    /// `who` (`desk`, `manager`, `gm`, `finance`, ...) or a permit signer
    /// (`engineering-supervisor`, `fire-safety-officer`, ...). Leasing and anyone
    /// else the rules name is reached through the desk.
    pub fn of_word(word: &str) -> Role {
        let w = word.to_ascii_lowercase();
        if w.contains("engineer") {
            Role::Engineering
        } else if w.contains("security") || w.contains("fire") || w.contains("guard") {
            Role::Security
        } else if w.contains("financ") || w.contains("cashier") || w.contains("account") {
            Role::Finance
        } else if w.contains("manager") || w == "gm" || w.contains("director") {
            Role::Manager
        } else {
            Role::Desk
        }
    }
}

named_enum!(Role, "role");

/// When an item is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// At an instant: a ticket's deadline, a goods lift booking.
    At(DateTime<FixedOffset>),
    /// On a day, by the office's closing time.
    Day(NaiveDate),
}

/// One thing to do, of a procedure's kind `K`, said by its detail `D`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item<K, D> {
    pub due: Due,
    pub kind: K,
    /// Tells items of one kind on one record apart (a violation's number, a ladder
    /// day, a ticket's clock): with the kind and the record, the item's stable identity.
    pub key: String,
    /// What exactly, as data; the message catalogue words it.
    pub detail: D,
    /// The record to act on: a ticket, move-in, permit, move-out ID, or the unit of a
    /// dunning case.
    pub record: String,
    pub unit: String,
    pub who: Role,
}

/// The day looked at, the time it is, and how far ahead to look.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub today: NaiveDate,
    /// The last day whose items are shown (`today` plus `--days`).
    pub last: NaiveDate,
    pub now: DateTime<FixedOffset>,
    pub tz: Tz,
    /// The office's closing time: a day's items are due by it.
    pub closes: NaiveTime,
}

impl Window {
    /// The office-local day an item falls due.
    pub fn day_of(&self, due: Due) -> NaiveDate {
        match due {
            Due::At(t) => t.with_timezone(&self.tz).date_naive(),
            Due::Day(d) => d,
        }
    }

    /// The instant an item is due by, for ordering: a day's item at closing time.
    pub fn instant(&self, due: Due) -> DateTime<FixedOffset> {
        match due {
            Due::At(t) => t,
            Due::Day(d) => local(self.tz, d, self.closes),
        }
    }

    pub fn shows(&self, due: Due) -> bool {
        self.day_of(due) <= self.last
    }

    pub fn overdue(&self, due: Due) -> bool {
        match due {
            Due::At(t) => self.now > t,
            Due::Day(d) => d < self.today,
        }
    }

    /// Whole days from the due day to today: positive when late, negative ahead.
    pub fn days_late(&self, due: Due) -> i64 {
        (self.today - self.day_of(due)).num_days()
    }

    /// Minutes from a timed item's deadline to now: positive when late.
    pub fn minutes_late(&self, due: Due) -> Option<i64> {
        match due {
            Due::At(t) => Some((self.now - t).num_minutes()),
            Due::Day(_) => None,
        }
    }
}

/// How late an item is, or how soon it falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lateness {
    /// A timed item past its deadline, by this much.
    OverdueBy(Duration),
    /// A timed item due later today, in this much.
    DueIn(Duration),
    /// Days from the due day to today: positive when late, 0 today, negative ahead.
    Days(i64),
}

/// How late `due` is on the window's day.
pub fn lateness(w: &Window, due: Due) -> Lateness {
    match due {
        Due::At(t) if w.now > t => Lateness::OverdueBy(w.now - t),
        Due::At(t) if w.day_of(due) == w.today => Lateness::DueIn(t - w.now),
        _ => Lateness::Days(w.days_late(due)),
    }
}

/// `day` at `time` in `tz`, as an instant (a skipped local time moves an hour on).
pub fn local(tz: Tz, day: NaiveDate, time: NaiveTime) -> DateTime<FixedOffset> {
    let t = day.and_time(time);
    tz.from_local_datetime(&t)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(t + chrono::Duration::hours(1)))
                .earliest()
        })
        .map_or_else(
            || chrono::Utc.from_utc_datetime(&t).fixed_offset(),
            |x| x.fixed_offset(),
        )
}

/// `text` trimmed to `max` characters, with `…` when cut: a description on one line.
pub fn short(text: &str, max: usize) -> String {
    let t = text.trim();
    let mut out: String = t.chars().take(max).collect();
    if t.chars().count() > max {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_words_map_to_roles() {
        assert_eq!(Role::of_word("desk"), Role::Desk);
        assert_eq!(Role::of_word("gm"), Role::Manager);
        assert_eq!(Role::of_word("manager"), Role::Manager);
        assert_eq!(Role::of_word("finance"), Role::Finance);
        assert_eq!(Role::of_word("engineering-supervisor"), Role::Engineering);
        assert_eq!(Role::of_word("security-supervisor"), Role::Security);
        assert_eq!(Role::of_word("fire-safety-officer"), Role::Security);
        assert_eq!(Role::of_word("leasing"), Role::Desk);
        assert_eq!("工程部".parse::<Role>(), Ok(Role::Engineering));
    }
}
