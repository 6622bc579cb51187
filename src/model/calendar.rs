//! The office calendar: which days the office works (a weekday set), its
//! opening hours, public holidays and make-up working days (调休上班, e.g.
//! weekends worked in exchange for a long holiday).
//!
//! It answers "is this a working day / working time", "next working day",
//! "N working days after" and "N working hours/minutes after", so that
//! deadlines such as "reply within 3 working days" or "respond within 4
//! working hours" come out the way the office means them.
//!
//! Domain code never reads the system clock here: every function takes the
//! date or time as input. All dates and times are office-local
//! [`NaiveDate`]/[`NaiveDateTime`]; converting time zones is the caller's job.
//! No function panics or loops without bound; results that would fall past
//! the last representable date saturate to [`NaiveDate::MAX`] /
//! [`NaiveDateTime::MAX`].

use std::collections::BTreeSet;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Bound::{Excluded, Included, Unbounded};
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

const NANOS_PER_MINUTE: i128 = 60_000_000_000;
/// Longest accepted date range, in days (inclusive of both ends).
const MAX_SPAN_DAYS: i64 = 366;

// ---------------------------------------------------------------------------
// Config part
// ---------------------------------------------------------------------------

/// The `[calendar]` table of office.toml.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarRules {
    /// Weekdays the office works, e.g. ["Mon","Tue","Wed","Thu","Fri"] (default).
    pub working_days: Vec<WeekdayName>,
    /// Opening hours on a working day, "09:00-18:00" (default).
    pub hours: WorkingHours,
    /// Public holidays: single dates "2026-01-01" or inclusive ranges "2026-10-01..2026-10-07".
    pub holidays: Vec<DateSpan>,
    /// Make-up working days (调休上班): dates, or ranges, worked although they fall on a weekend.
    pub makeup_days: Vec<DateSpan>,
}

impl Default for CalendarRules {
    fn default() -> Self {
        CalendarRules {
            working_days: vec![
                WeekdayName::Mon,
                WeekdayName::Tue,
                WeekdayName::Wed,
                WeekdayName::Thu,
                WeekdayName::Fri,
            ],
            hours: WorkingHours::default(),
            holidays: Vec::new(),
            makeup_days: Vec::new(),
        }
    }
}

/// A value in the `[calendar]` table that could not be parsed; the message
/// names the bad value and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    message: String,
}

impl ParseError {
    fn new(message: String) -> Self {
        ParseError { message }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

/// A day of the week as written in office.toml: "Mon".."Sun".
///
/// Parsing also accepts full names ("Monday"), case-insensitively; it is
/// always written back in the 3-letter form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WeekdayName {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl WeekdayName {
    const ALL: [(WeekdayName, &'static str, &'static str); 7] = [
        (WeekdayName::Mon, "Mon", "Monday"),
        (WeekdayName::Tue, "Tue", "Tuesday"),
        (WeekdayName::Wed, "Wed", "Wednesday"),
        (WeekdayName::Thu, "Thu", "Thursday"),
        (WeekdayName::Fri, "Fri", "Friday"),
        (WeekdayName::Sat, "Sat", "Saturday"),
        (WeekdayName::Sun, "Sun", "Sunday"),
    ];

    /// The 3-letter form, "Mon".."Sun".
    pub fn as_str(self) -> &'static str {
        Self::ALL[self.index()].1
    }

    /// The matching chrono weekday.
    pub fn to_weekday(self) -> Weekday {
        match self {
            WeekdayName::Mon => Weekday::Mon,
            WeekdayName::Tue => Weekday::Tue,
            WeekdayName::Wed => Weekday::Wed,
            WeekdayName::Thu => Weekday::Thu,
            WeekdayName::Fri => Weekday::Fri,
            WeekdayName::Sat => Weekday::Sat,
            WeekdayName::Sun => Weekday::Sun,
        }
    }

    fn index(self) -> usize {
        self.to_weekday().num_days_from_monday() as usize
    }
}

impl From<Weekday> for WeekdayName {
    fn from(w: Weekday) -> Self {
        Self::ALL[w.num_days_from_monday() as usize].0
    }
}

impl fmt::Display for WeekdayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for WeekdayName {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Self::ALL
            .iter()
            .find(|(_, short, long)| t.eq_ignore_ascii_case(short) || t.eq_ignore_ascii_case(long))
            .map(|(w, _, _)| *w)
            .ok_or_else(|| {
                ParseError::new(format!(
                    "unknown weekday \"{s}\": expected Mon, Tue, Wed, Thu, Fri, Sat or Sun"
                ))
            })
    }
}

/// Opening hours of a working day, written "HH:MM-HH:MM"; opening is
/// strictly before closing and both are whole minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WorkingHours {
    opens: NaiveTime,
    closes: NaiveTime,
}

impl WorkingHours {
    /// `None` unless `opens < closes` and both are whole minutes.
    pub fn new(opens: NaiveTime, closes: NaiveTime) -> Option<WorkingHours> {
        let whole = |t: NaiveTime| t.second() == 0 && t.nanosecond() == 0;
        (opens < closes && whole(opens) && whole(closes)).then_some(WorkingHours { opens, closes })
    }

    /// Opening time (inclusive).
    pub fn opens(&self) -> NaiveTime {
        self.opens
    }

    /// Closing time (exclusive).
    pub fn closes(&self) -> NaiveTime {
        self.closes
    }

    fn length_nanos(&self) -> i128 {
        time_diff_nanos(self.opens, self.closes)
    }
}

impl Default for WorkingHours {
    fn default() -> Self {
        WorkingHours {
            opens: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            closes: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

impl fmt::Display for WorkingHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}",
            self.opens.format("%H:%M"),
            self.closes.format("%H:%M")
        )
    }
}

impl FromStr for WorkingHours {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad_format = || {
            ParseError::new(format!(
                "invalid hours \"{s}\": expected \"HH:MM-HH:MM\" like \"09:00-18:00\""
            ))
        };
        let (a, b) = s.split_once('-').ok_or_else(bad_format)?;
        let parse =
            |p: &str| NaiveTime::parse_from_str(p.trim(), "%H:%M").map_err(|_| bad_format());
        let (opens, closes) = (parse(a)?, parse(b)?);
        WorkingHours::new(opens, closes).ok_or_else(|| {
            ParseError::new(format!(
                "invalid hours \"{s}\": the opening time must be before the closing time"
            ))
        })
    }
}

/// A single date "2026-01-01" or an inclusive range "2026-10-01..2026-10-07"
/// of at most 366 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateSpan {
    start: NaiveDate,
    end: NaiveDate,
}

impl DateSpan {
    /// A span of one day.
    pub fn single(day: NaiveDate) -> DateSpan {
        DateSpan {
            start: day,
            end: day,
        }
    }

    /// `None` if `end < start` or the range is longer than 366 days.
    pub fn range(start: NaiveDate, end: NaiveDate) -> Option<DateSpan> {
        let days = (end - start).num_days() + 1;
        (end >= start && days <= MAX_SPAN_DAYS).then_some(DateSpan { start, end })
    }

    /// First day (inclusive).
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// Last day (inclusive).
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// Whether `d` lies in the span.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }

    /// Every day of the span, in order.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let end = self.end;
        self.start.iter_days().take_while(move |d| *d <= end)
    }
}

impl fmt::Display for DateSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}..{}", self.start, self.end)
        }
    }
}

impl FromStr for DateSpan {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parse = |p: &str| NaiveDate::from_str(p.trim()).ok();
        match s.split_once("..") {
            None => parse(s).map(DateSpan::single).ok_or_else(|| {
                ParseError::new(format!(
                    "invalid date \"{s}\": expected YYYY-MM-DD like \"2026-01-01\" \
                     or a range like \"2026-10-01..2026-10-07\""
                ))
            }),
            Some((a, b)) => {
                let bad_date = |p: &str| {
                    ParseError::new(format!(
                        "invalid date range \"{s}\": \"{}\" is not a date; \
                         expected YYYY-MM-DD..YYYY-MM-DD like \"2026-10-01..2026-10-07\"",
                        p.trim()
                    ))
                };
                let start = parse(a).ok_or_else(|| bad_date(a))?;
                let end = parse(b).ok_or_else(|| bad_date(b))?;
                if end < start {
                    return Err(ParseError::new(format!(
                        "invalid date range \"{s}\": the end is before the start"
                    )));
                }
                DateSpan::range(start, end).ok_or_else(|| {
                    ParseError::new(format!(
                        "invalid date range \"{s}\": it spans {} days, at most {MAX_SPAN_DAYS} are allowed",
                        (end - start).num_days().saturating_add(1)
                    ))
                })
            }
        }
    }
}

/// Deserializes a string through the type's `FromStr`, reporting parse
/// errors via `serde::de::Error::custom`.
struct FromStrVisitor<T>(PhantomData<T>, &'static str);

impl<T: FromStr<Err = ParseError>> serde::de::Visitor<'_> for FromStrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.1)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        T::from_str(v).map_err(E::custom)
    }
}

macro_rules! serde_via_string {
    ($ty:ty, $expecting:literal) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(FromStrVisitor(PhantomData, $expecting))
            }
        }
    };
}

serde_via_string!(WeekdayName, "a weekday name like \"Mon\"");
serde_via_string!(WorkingHours, "opening hours like \"09:00-18:00\"");
serde_via_string!(
    DateSpan,
    "a date like \"2026-01-01\" or a range like \"2026-10-01..2026-10-07\""
);

// ---------------------------------------------------------------------------
// Calendar
// ---------------------------------------------------------------------------

/// Why a [`CalendarRules`] cannot be turned into a [`Calendar`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// `working_days` is empty.
    NoWorkingDays,
    /// The date is listed both in `holidays` and in `makeup_days`.
    HolidayAndMakeupDay(NaiveDate),
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarError::NoWorkingDays => f.write_str(
                "the calendar has no working weekday: working_days must list at least one of \
                 Mon, Tue, Wed, Thu, Fri, Sat or Sun",
            ),
            CalendarError::HolidayAndMakeupDay(d) => write!(
                f,
                "{d} is listed both as a holiday and as a make-up working day"
            ),
        }
    }
}

impl std::error::Error for CalendarError {}

/// A validated office calendar built from [`CalendarRules`].
#[derive(Debug, Clone)]
pub struct Calendar {
    rules: CalendarRules,
    /// Indexed by `num_days_from_monday`.
    weekdays: [bool; 7],
    /// Number of `true` entries in `weekdays` (1..=7).
    per_week: u64,
    opens: NaiveTime,
    closes: NaiveTime,
    day_nanos: i128,
    holidays: BTreeSet<NaiveDate>,
    makeup: BTreeSet<NaiveDate>,
    /// Dates whose working status differs from the weekly pattern: holidays
    /// on working weekdays and make-up days on non-working weekdays.
    exceptions: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// Validates the rules: at least one working weekday, and no date both a
    /// holiday and a make-up day. Duplicate weekdays are fine.
    pub fn new(rules: &CalendarRules) -> Result<Calendar, CalendarError> {
        let mut weekdays = [false; 7];
        for w in &rules.working_days {
            weekdays[w.index()] = true;
        }
        let per_week = weekdays.iter().filter(|w| **w).count() as u64;
        if per_week == 0 {
            return Err(CalendarError::NoWorkingDays);
        }
        let holidays: BTreeSet<NaiveDate> =
            rules.holidays.iter().flat_map(DateSpan::dates).collect();
        let makeup: BTreeSet<NaiveDate> =
            rules.makeup_days.iter().flat_map(DateSpan::dates).collect();
        if let Some(d) = holidays.intersection(&makeup).next() {
            return Err(CalendarError::HolidayAndMakeupDay(*d));
        }
        let on_pattern = |d: &NaiveDate| weekdays[d.weekday().num_days_from_monday() as usize];
        let exceptions = holidays
            .iter()
            .filter(|d| on_pattern(d))
            .chain(makeup.iter().filter(|d| !on_pattern(d)))
            .copied()
            .collect();
        Ok(Calendar {
            rules: rules.clone(),
            weekdays,
            per_week,
            opens: rules.hours.opens(),
            closes: rules.hours.closes(),
            day_nanos: rules.hours.length_nanos(),
            holidays,
            makeup,
            exceptions,
        })
    }

    /// The rules this calendar was built from.
    pub fn rules(&self) -> &CalendarRules {
        &self.rules
    }

    /// A make-up day is a working day; otherwise a holiday is not; otherwise
    /// the weekday decides.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.makeup.contains(&d) {
            true
        } else if self.holidays.contains(&d) {
            false
        } else {
            self.on_pattern(d.weekday())
        }
    }

    /// Whether `d` is listed as a public holiday.
    pub fn is_holiday(&self, d: NaiveDate) -> bool {
        self.holidays.contains(&d)
    }

    /// The first working day strictly after `d` (saturates at [`NaiveDate::MAX`]).
    pub fn next_working_day(&self, d: NaiveDate) -> NaiveDate {
        self.next_working_day_opt(d).unwrap_or(NaiveDate::MAX)
    }

    /// The `n`-th working day strictly after `d`; `n = 0` returns `d`
    /// unchanged. Saturates at [`NaiveDate::MAX`].
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> NaiveDate {
        self.add_working_days_opt(d, u64::from(n))
            .unwrap_or(NaiveDate::MAX)
    }

    /// Number of working days in `(from, to]`; 0 if `to <= from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        u32::try_from(self.count_working_days(from, to)).unwrap_or(u32::MAX)
    }

    /// A working day and `opens <= time < closes`.
    pub fn is_working_time(&self, t: NaiveDateTime) -> bool {
        self.is_working_day(t.date()) && self.opens <= t.time() && t.time() < self.closes
    }

    /// The moment `minutes` working minutes after `start`, counting only
    /// opening hours of working days. A start outside opening hours begins
    /// counting at the next opening; a count ending exactly at closing time
    /// returns that closing time. `minutes = 0` returns `start` unchanged.
    /// Saturates at [`NaiveDateTime::MAX`].
    pub fn add_working_minutes(&self, start: NaiveDateTime, minutes: u32) -> NaiveDateTime {
        if minutes == 0 {
            return start;
        }
        let mut remaining = i128::from(minutes) * NANOS_PER_MINUTE;
        let date = start.date();
        let time = start.time();
        if self.is_working_day(date) && time < self.closes {
            let from = time.max(self.opens);
            let available = time_diff_nanos(from, self.closes);
            if remaining <= available {
                return plus_nanos(date.and_time(from), remaining);
            }
            remaining -= available;
        }
        // `remaining > 0`: skip the whole working days it consumes, but end
        // on the day where it runs out (at closing time if exactly used up).
        let whole_days = (remaining - 1) / self.day_nanos;
        remaining -= whole_days * self.day_nanos;
        let days = u64::try_from(whole_days).map_or(u64::MAX, |n| n.saturating_add(1));
        match self.add_working_days_opt(date, days) {
            Some(last) => plus_nanos(last.and_time(self.opens), remaining),
            None => NaiveDateTime::MAX,
        }
    }

    /// `add_working_minutes(start, hours * 60)`, saturating.
    pub fn add_working_hours(&self, start: NaiveDateTime, hours: u32) -> NaiveDateTime {
        match hours.checked_mul(60) {
            Some(minutes) => self.add_working_minutes(start, minutes),
            // More than u32::MAX minutes: go in two steps.
            None => {
                let first = self.add_working_minutes(start, u32::MAX);
                let rest = u64::from(hours) * 60 - u64::from(u32::MAX);
                self.add_working_minutes(first, u32::try_from(rest).unwrap_or(u32::MAX))
            }
        }
    }

    /// Whole working minutes in `[from, to)`; 0 if `to <= from`. Consistent
    /// with [`Calendar::add_working_minutes`]:
    /// `working_minutes_between(s, add_working_minutes(s, m)) == m`.
    pub fn working_minutes_between(&self, from: NaiveDateTime, to: NaiveDateTime) -> u64 {
        if to <= from {
            return 0;
        }
        let (df, dt) = (from.date(), to.date());
        let nanos = if df == dt {
            self.overlap_nanos(df, Some(from.time()), Some(to.time()))
        } else {
            let first = self.overlap_nanos(df, Some(from.time()), None);
            let last = self.overlap_nanos(dt, None, Some(to.time()));
            let middle = self.count_working_days(df, dt) - u64::from(self.is_working_day(dt));
            first + last + i128::from(middle) * self.day_nanos
        };
        u64::try_from(nanos / NANOS_PER_MINUTE).unwrap_or(0)
    }

    // -- helpers ------------------------------------------------------------

    fn on_pattern(&self, w: Weekday) -> bool {
        self.weekdays[w.num_days_from_monday() as usize]
    }

    /// `None` only when the answer would lie past [`NaiveDate::MAX`].
    fn next_working_day_opt(&self, d: NaiveDate) -> Option<NaiveDate> {
        // Any 7 consecutive days without a holiday contain a working day, so
        // a run of non-working days is shorter than 7 * (holidays + 1).
        let cap = self.holidays.len().saturating_add(1).saturating_mul(7);
        let mut cur = d;
        for _ in 0..cap {
            cur = cur.succ_opt()?;
            if self.is_working_day(cur) {
                return Some(cur);
            }
        }
        Some(cur)
    }

    /// The `n`-th working day strictly after `d`, jumping whole weeks where
    /// no exception lies in between. `None` past [`NaiveDate::MAX`].
    fn add_working_days_opt(&self, d: NaiveDate, n: u64) -> Option<NaiveDate> {
        let mut cur = d;
        let mut left = n;
        while left > 0 {
            // Weeks we may skip and still have at least one day left to step.
            let mut weeks = (left - 1) / self.per_week;
            if let Some(next) = self.exceptions.range((Excluded(cur), Unbounded)).next() {
                // (cur, cur + 7w] must not contain the exception.
                let gap = u64::try_from((*next - cur).num_days()).unwrap_or(0);
                weeks = weeks.min(gap.saturating_sub(1) / 7);
            }
            if weeks > 0 {
                cur = cur.checked_add_days(Days::new(weeks.checked_mul(7)?))?;
                left -= weeks * self.per_week;
            } else {
                cur = self.next_working_day_opt(cur)?;
                left -= 1;
            }
        }
        Some(cur)
    }

    /// Working days in `(from, to]`, computed arithmetically.
    fn count_working_days(&self, from: NaiveDate, to: NaiveDate) -> u64 {
        if to <= from {
            return 0;
        }
        let days = u64::try_from((to - from).num_days()).unwrap_or(0);
        let first = u64::from(from.weekday().num_days_from_monday());
        let mut count = days / 7 * self.per_week;
        for i in 1..=days % 7 {
            if self.weekdays[((first + i) % 7) as usize] {
                count += 1;
            }
        }
        for e in self.exceptions.range((Excluded(from), Included(to))) {
            if self.on_pattern(e.weekday()) {
                count = count.saturating_sub(1);
            } else {
                count += 1;
            }
        }
        count
    }

    /// Nanoseconds of opening hours of day `d` within `[from, to)`; `None`
    /// means the start / end of the day.
    fn overlap_nanos(&self, d: NaiveDate, from: Option<NaiveTime>, to: Option<NaiveTime>) -> i128 {
        if !self.is_working_day(d) {
            return 0;
        }
        let a = from.map_or(self.opens, |t| t.max(self.opens));
        let b = to.map_or(self.closes, |t| t.min(self.closes));
        if b <= a { 0 } else { time_diff_nanos(a, b) }
    }
}

/// `b - a` in nanoseconds (both on the same day).
fn time_diff_nanos(a: NaiveTime, b: NaiveTime) -> i128 {
    (b - a).num_nanoseconds().map_or(0, i128::from)
}

/// `t + nanos`, saturating at [`NaiveDateTime::MAX`].
fn plus_nanos(t: NaiveDateTime, nanos: i128) -> NaiveDateTime {
    i64::try_from(nanos)
        .ok()
        .and_then(|n| t.checked_add_signed(TimeDelta::nanoseconds(n)))
        .unwrap_or(NaiveDateTime::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as ValueError, MapDeserializer, StrDeserializer};

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn spans(items: &[&str]) -> Vec<DateSpan> {
        items.iter().map(|s| s.parse().unwrap()).collect()
    }

    fn national_day_2025() -> Calendar {
        Calendar::new(&CalendarRules {
            holidays: spans(&["2025-10-01..2025-10-08"]),
            makeup_days: spans(&["2025-09-28", "2025-10-11"]),
            ..CalendarRules::default()
        })
        .unwrap()
    }

    fn office() -> Calendar {
        Calendar::new(&CalendarRules::default()).unwrap()
    }

    #[test]
    fn national_day_week_working_days_follow_the_official_schedule() {
        let cal = national_day_2025();
        let cases = [
            ("2025-09-27", false), // Sat
            ("2025-09-28", true),  // Sun, make-up day
            ("2025-09-30", true),
            ("2025-10-01", false),
            ("2025-10-06", false), // Mon inside the holiday
            ("2025-10-08", false),
            ("2025-10-09", true),
            ("2025-10-11", true),  // Sat, make-up day
            ("2025-10-12", false), // Sun
        ];
        for (d, expected) in cases {
            assert_eq!(cal.is_working_day(date(d)), expected, "{d}");
        }
        assert!(cal.is_holiday(date("2025-10-04")));
        assert!(!cal.is_holiday(date("2025-10-11")));
    }

    #[test]
    fn national_day_week_working_day_deadlines_skip_the_holiday() {
        let cal = national_day_2025();
        let cases = [
            ("2025-09-30", 3, "2025-10-11"),
            ("2025-09-27", 1, "2025-09-28"),
            ("2025-09-28", 1, "2025-09-29"),
            ("2025-09-30", 1, "2025-10-09"),
            ("2025-10-03", 2, "2025-10-10"),
            ("2025-10-11", 1, "2025-10-13"),
        ];
        for (d, n, expected) in cases {
            assert_eq!(
                cal.add_working_days(date(d), n),
                date(expected),
                "{d} + {n}"
            );
            assert_eq!(
                cal.working_days_between(date(d), date(expected)),
                n,
                "{d} + {n}"
            );
        }
    }

    #[test]
    fn national_day_week_working_hour_deadline_resumes_after_the_holiday() {
        let cal = national_day_2025();
        assert_eq!(
            cal.add_working_hours(at("2025-09-30 16:00"), 4),
            at("2025-10-09 11:00")
        );
        assert_eq!(
            cal.working_minutes_between(at("2025-09-30 16:00"), at("2025-10-09 11:00")),
            240
        );
    }

    #[test]
    fn friday_evening_request_is_counted_from_monday_opening() {
        let cal = office();
        let cases = [
            ("2026-11-20 19:30", 4 * 60, "2026-11-23 13:00"),
            ("2026-11-20 19:30", 9 * 60, "2026-11-23 18:00"),
            ("2026-11-20 17:00", 60, "2026-11-20 18:00"),
            ("2026-11-20 17:30", 60, "2026-11-23 09:30"),
            ("2026-11-20 07:00", 60, "2026-11-20 10:00"),
            ("2026-11-21 10:00", 18 * 60, "2026-11-24 18:00"),
            ("2026-11-20 19:30", 0, "2026-11-20 19:30"),
        ];
        for (start, minutes, expected) in cases {
            assert_eq!(
                cal.add_working_minutes(at(start), minutes),
                at(expected),
                "{start} + {minutes}min"
            );
        }
        assert_eq!(
            cal.add_working_hours(at("2026-11-20 19:30"), 9),
            at("2026-11-23 18:00")
        );
    }

    #[test]
    fn working_time_is_opening_hours_of_working_days_only() {
        let cal = office();
        let cases = [
            ("2026-11-20 08:59", false),
            ("2026-11-20 09:00", true),
            ("2026-11-20 17:59", true),
            ("2026-11-20 18:00", false),
            ("2026-11-21 10:00", false),
        ];
        for (t, expected) in cases {
            assert_eq!(cal.is_working_time(at(t)), expected, "{t}");
        }
    }

    #[test]
    fn next_working_day_skips_weekends_and_holiday_runs() {
        let cal = national_day_2025();
        let cases = [
            ("2026-11-20", "2026-11-23"), // Fri -> Mon
            ("2026-11-21", "2026-11-23"), // Sat -> Mon
            ("2025-09-30", "2025-10-09"), // over the holiday run
            ("2025-09-26", "2025-09-28"), // Fri -> make-up Sunday
        ];
        for (d, expected) in cases {
            assert_eq!(cal.next_working_day(date(d)), date(expected), "{d}");
        }
    }

    #[test]
    fn adding_zero_working_days_returns_the_same_day() {
        let cal = national_day_2025();
        for d in ["2025-10-01", "2025-10-04", "2025-09-30"] {
            assert_eq!(cal.add_working_days(date(d), 0), date(d));
        }
    }

    #[test]
    fn working_days_between_counts_the_half_open_interval() {
        let cal = office();
        let cases = [
            ("2026-11-20", "2026-11-20", 0),
            ("2026-11-23", "2026-11-20", 0),
            ("2026-11-20", "2026-11-23", 1),
            ("2026-11-16", "2026-11-30", 10),
        ];
        for (a, b, expected) in cases {
            assert_eq!(
                cal.working_days_between(date(a), date(b)),
                expected,
                "({a}, {b}]"
            );
        }
    }

    #[test]
    fn huge_and_extreme_inputs_do_not_panic_or_hang() {
        let cal = national_day_2025();
        let s = at("2026-11-20 19:30");
        let far = cal.add_working_minutes(s, 100_000);
        assert_eq!(cal.working_minutes_between(s, far), 100_000);
        assert!(cal.add_working_minutes(s, u32::MAX) > s);
        assert!(cal.add_working_hours(s, u32::MAX) > s);
        assert_eq!(cal.add_working_days(NaiveDate::MAX, 5), NaiveDate::MAX);
        assert_eq!(cal.next_working_day(NaiveDate::MAX), NaiveDate::MAX);
        let near_end = NaiveDate::MAX.and_hms_opt(10, 0, 0).unwrap();
        assert_eq!(
            cal.add_working_minutes(near_end, 10_000),
            NaiveDateTime::MAX
        );
        assert!(cal.working_days_between(NaiveDate::MIN, NaiveDate::MAX) > 0);
        assert!(cal.working_minutes_between(NaiveDateTime::MIN, NaiveDateTime::MAX) > 0);
        let one_minute_days = Calendar::new(&CalendarRules {
            working_days: vec![WeekdayName::Sun],
            hours: "09:00-09:01".parse().unwrap(),
            ..CalendarRules::default()
        })
        .unwrap();
        assert_eq!(
            one_minute_days.add_working_minutes(s, u32::MAX),
            NaiveDateTime::MAX
        );
    }

    #[test]
    fn parse_errors_name_the_offending_value() {
        let cases: [(Result<(), ParseError>, &str); 7] = [
            (
                WeekdayName::from_str("Mnd").map(drop),
                "unknown weekday \"Mnd\"",
            ),
            (
                WorkingHours::from_str("9-18").map(drop),
                "invalid hours \"9-18\"",
            ),
            (
                WorkingHours::from_str("18:00-09:00").map(drop),
                "\"18:00-09:00\"",
            ),
            (
                DateSpan::from_str("2026-10-07..2026-10-01").map(drop),
                "invalid date range \"2026-10-07..2026-10-01\": the end is before the start",
            ),
            (
                DateSpan::from_str("2026-02-30").map(drop),
                "invalid date \"2026-02-30\"",
            ),
            (
                DateSpan::from_str("2026-10-01..2026-13-01").map(drop),
                "\"2026-13-01\" is not a date",
            ),
            (
                DateSpan::from_str("2026-01-01..2027-01-02").map(drop),
                "at most 366",
            ),
        ];
        for (result, needle) in cases {
            let message = result.unwrap_err().to_string();
            assert!(
                message.contains(needle),
                "{message:?} should contain {needle:?}"
            );
        }
    }

    #[test]
    fn values_parse_in_their_accepted_forms() {
        for (s, w) in [
            ("Mon", WeekdayName::Mon),
            ("sunday", WeekdayName::Sun),
            ("WED", WeekdayName::Wed),
        ] {
            assert_eq!(s.parse::<WeekdayName>().unwrap(), w, "{s}");
        }
        assert_eq!(
            "08:30-17:30".parse::<WorkingHours>().unwrap().to_string(),
            "08:30-17:30"
        );
        for s in [
            "2026-01-01",
            "2026-10-01..2026-10-07",
            "2024-01-01..2024-12-31",
        ] {
            assert_eq!(s.parse::<DateSpan>().unwrap().to_string(), s);
        }
    }

    #[test]
    fn serde_reads_strings_and_writes_the_canonical_form() {
        let d: StrDeserializer<'_, ValueError> = "Tuesday".into_deserializer();
        let w = WeekdayName::deserialize(d).unwrap();
        assert_eq!(w.to_string(), "Tue");

        let d: StrDeserializer<'_, ValueError> = "2026-10-01..2026-10-07".into_deserializer();
        assert_eq!(
            DateSpan::deserialize(d).unwrap().to_string(),
            "2026-10-01..2026-10-07"
        );

        let d: StrDeserializer<'_, ValueError> = "Mnd".into_deserializer();
        assert!(
            WeekdayName::deserialize(d)
                .unwrap_err()
                .to_string()
                .contains("\"Mnd\"")
        );

        let map = MapDeserializer::<_, ValueError>::new([("hours", "08:30-17:30")].into_iter());
        let rules = CalendarRules::deserialize(map).unwrap();
        assert_eq!(rules.hours.to_string(), "08:30-17:30");
        assert_eq!(rules.working_days, CalendarRules::default().working_days);

        let map = MapDeserializer::<_, ValueError>::new([("hollidays", "2026-01-01")].into_iter());
        assert!(
            CalendarRules::deserialize(map)
                .unwrap_err()
                .to_string()
                .contains("hollidays")
        );
    }

    #[test]
    fn calendar_rejects_rules_without_working_weekdays() {
        let rules = CalendarRules {
            working_days: vec![],
            ..CalendarRules::default()
        };
        assert_eq!(
            Calendar::new(&rules).unwrap_err(),
            CalendarError::NoWorkingDays
        );
    }

    #[test]
    fn calendar_rejects_a_date_both_holiday_and_makeup_day() {
        let rules = CalendarRules {
            holidays: spans(&["2025-10-01..2025-10-08"]),
            makeup_days: spans(&["2025-10-05"]),
            ..CalendarRules::default()
        };
        let err = Calendar::new(&rules).unwrap_err();
        assert_eq!(err, CalendarError::HolidayAndMakeupDay(date("2025-10-05")));
        assert!(err.to_string().contains("2025-10-05"));
    }

    #[test]
    fn calendar_accepts_duplicate_weekdays() {
        let rules = CalendarRules {
            working_days: vec![WeekdayName::Mon, WeekdayName::Mon],
            ..CalendarRules::default()
        };
        let cal = Calendar::new(&rules).unwrap();
        assert_eq!(
            cal.add_working_days(date("2026-11-16"), 2),
            date("2026-11-30")
        );
        assert_eq!(cal.rules(), &rules);
    }

    fn arb_calendar() -> impl Strategy<Value = Calendar> {
        (
            1u8..128,
            (0u32..1439).prop_flat_map(|a| (Just(a), a + 1..1440)),
            prop::collection::vec((0u64..365, 0u64..10), 0..12),
            prop::collection::vec(0u64..365, 0..12),
        )
            .prop_map(|(mask, (open, close), holiday_spans, makeups)| {
                let jan1 = date("2026-01-01");
                let t = |m: u32| NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap();
                let holidays: Vec<DateSpan> = holiday_spans
                    .iter()
                    .map(|&(off, len)| {
                        let s = jan1 + Days::new(off);
                        DateSpan::range(s, s + Days::new(len)).unwrap()
                    })
                    .collect();
                let makeup_days = makeups
                    .iter()
                    .map(|&off| jan1 + Days::new(off))
                    .filter(|d| !holidays.iter().any(|h| h.contains(*d)))
                    .map(DateSpan::single)
                    .collect();
                let working_days = (0..7)
                    .filter(|i| mask & (1 << i) != 0)
                    .map(|i| WeekdayName::ALL[i].0)
                    .collect();
                Calendar::new(&CalendarRules {
                    working_days,
                    hours: WorkingHours::new(t(open), t(close)).unwrap(),
                    holidays,
                    makeup_days,
                })
                .unwrap()
            })
    }

    proptest! {
        #[test]
        fn adding_working_days_lands_on_a_working_day_n_days_later(
            cal in arb_calendar(),
            offset in 0u64..600,
            n in 0u32..40,
        ) {
            let d = date("2025-09-01") + Days::new(offset);
            let r = cal.add_working_days(d, n);
            if n == 0 {
                prop_assert_eq!(r, d);
            } else {
                prop_assert!(r > d);
                prop_assert!(cal.is_working_day(r));
            }
            prop_assert_eq!(cal.working_days_between(d, r), n);
            let stepped = (0..n).fold(d, |cur, _| cal.next_working_day(cur));
            prop_assert_eq!(r, stepped);
        }

        #[test]
        fn adding_working_minutes_is_inverse_of_counting_them(
            cal in arb_calendar(),
            offset in 0u64..600,
            second_of_day in 0u32..86_400,
            minutes in prop_oneof![0u32..1_000, 0u32..200_000],
        ) {
            let s = (date("2025-09-01") + Days::new(offset))
                .and_time(NaiveTime::from_num_seconds_from_midnight_opt(second_of_day, 0).unwrap());
            let r = cal.add_working_minutes(s, minutes);
            prop_assert!(r >= s);
            prop_assert_eq!(cal.working_minutes_between(s, r), u64::from(minutes));
            if minutes > 0 {
                // The deadline lies inside (or at the close of) opening hours.
                let t = r.time();
                prop_assert!(cal.is_working_day(r.date()));
                prop_assert!(cal.opens < t && t <= cal.closes);
            }
        }
    }
}
