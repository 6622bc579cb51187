//! What a date or an amount may plausibly be, so that a slip of the keyboard (a due
//! date of year 0, a payment of 1800000 for 1800.00) is refused where it is typed
//! and reported by `check` where it was edited in by hand, instead of turning into a
//! late fee of thousands or an ID in the wrong folder.
//!
//! Dates lie within the office's span (`[office] earliest` .. `[office] horizon`,
//! by default 2000-01-01 to 2100-12-31). Amounts lie under the ceiling of their kind
//! (`[limits]`): what no single charge, payment, deposit, waiver, adjustment, credit or
//! price typed for an item comes near in a small office's year.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::ledger::EntryKind;
use crate::model::money::Money;

/// The first and last date a record may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub earliest: NaiveDate,
    pub horizon: NaiveDate,
}

/// `[office] earliest` by default.
pub fn default_earliest() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date")
}

/// `[office] horizon` by default.
pub fn default_horizon() -> NaiveDate {
    NaiveDate::from_ymd_opt(2100, 12, 31).expect("a valid date")
}

impl Default for Span {
    fn default() -> Span {
        Span {
            earliest: default_earliest(),
            horizon: default_horizon(),
        }
    }
}

/// A date outside the office's span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfSpan {
    pub date: NaiveDate,
    pub span: Span,
}

impl std::fmt::Display for OutOfSpan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is outside the office's dates, {} to {}",
            shown(self.date),
            self.span.earliest,
            self.span.horizon
        )
    }
}

/// A date as chrono writes it, also for a year with more than four digits or none.
fn shown(d: NaiveDate) -> String {
    if (0..=9999).contains(&d.year()) {
        d.to_string()
    } else {
        format!("{:+}-{:02}-{:02}", d.year(), d.month(), d.day())
    }
}

impl Span {
    /// `date`, if it lies within the span.
    pub fn check(&self, date: NaiveDate) -> Result<NaiveDate, OutOfSpan> {
        if (self.earliest..=self.horizon).contains(&date) {
            Ok(date)
        } else {
            Err(OutOfSpan { date, span: *self })
        }
    }

    /// The date a text begins with, when it begins with one (`2026-11-23`,
    /// `2026-11-23T09:30:00+08:00`, `0000-01-01`, `+10000-01-01`): what a record's
    /// value or a typed argument holds. `None` for anything else, an out-of-range day
    /// included (that is a malformed date, reported as such).
    pub fn date_in(text: &str) -> Option<NaiveDate> {
        let (sign, rest) = match text.as_bytes().first() {
            Some(b'+') => (1, &text[1..]),
            Some(b'-') => (-1, &text[1..]),
            _ => (1, text),
        };
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if !(4..=9).contains(&digits) {
            return None;
        }
        let tail = &rest[digits..];
        let md = tail.get(..6)?;
        let b = md.as_bytes();
        if b[0] != b'-' || b[3] != b'-' || !b[1..3].iter().chain(&b[4..6]).all(u8::is_ascii_digit) {
            return None;
        }
        if tail[6..].starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let year: i32 = rest[..digits].parse().ok()?;
        let month: u32 = md[1..3].parse().ok()?;
        let day: u32 = md[4..6].parse().ok()?;
        NaiveDate::from_ymd_opt(sign * year, month, day)
    }
}

impl Span {
    /// The date a value is, when it is one whole: `2026-11-23`, a date and time
    /// (`2026-11-23T09:30`, `2026-11-23 09:30:00+08:00`), or a month (`2026-11`, its
    /// first day). `None` for anything else, a note that merely starts with a date
    /// included.
    pub fn whole_date(value: &str) -> Option<NaiveDate> {
        let v = value.trim();
        let digits = v.trim_start_matches(['+', '-']);
        let year_len = digits.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &digits[year_len..];
        if year_len < 4 || !rest.starts_with('-') {
            return None;
        }
        if rest.len() == 3 {
            // A month: its first day.
            let month: u32 = rest[1..].parse().ok()?;
            let year: i32 = digits[..year_len].parse().ok()?;
            let year = if v.starts_with('-') { -year } else { year };
            return NaiveDate::from_ymd_opt(year, month, 1);
        }
        let time = rest.get(6..)?;
        let whole = time.is_empty()
            || (time.starts_with(['T', ' '])
                && time.len() > 1
                && time[1..]
                    .chars()
                    .all(|c| c.is_ascii_digit() || ":+-.Z".contains(c)));
        if whole { Span::date_in(v) } else { None }
    }
}

/// `[limits]` of office.toml: the most one amount of each kind may be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Ceilings {
    /// One charge: a month's fees, a deposit called for, a late fee.
    pub charge: Money,
    /// One payment received (several months paid at once included).
    pub payment: Money,
    /// One deposit taken, refunded or applied.
    pub deposit: Money,
    /// One waiver.
    pub waiver: Money,
    /// One adjustment.
    pub adjustment: Money,
    /// One credit, or credit refunded.
    pub credit: Money,
    /// One price typed for an item: a damage, a repair quoted off the price list.
    pub price: Money,
}

impl Default for Ceilings {
    fn default() -> Ceilings {
        let m = |s: &str| s.parse::<Money>().expect("a valid default amount");
        Ceilings {
            charge: m("1000000.00"),
            payment: m("5000000.00"),
            deposit: m("1000000.00"),
            waiver: m("1000000.00"),
            adjustment: m("1000000.00"),
            credit: m("5000000.00"),
            price: m("100000.00"),
        }
    }
}

/// The kinds of amount with a ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountKind {
    Charge,
    Payment,
    Deposit,
    Waiver,
    Adjustment,
    Credit,
    Price,
}

impl AmountKind {
    pub const ALL: [AmountKind; 7] = [
        AmountKind::Charge,
        AmountKind::Payment,
        AmountKind::Deposit,
        AmountKind::Waiver,
        AmountKind::Adjustment,
        AmountKind::Credit,
        AmountKind::Price,
    ];

    /// Its key under `[limits]`.
    pub fn key(self) -> &'static str {
        match self {
            AmountKind::Charge => "charge",
            AmountKind::Payment => "payment",
            AmountKind::Deposit => "deposit",
            AmountKind::Waiver => "waiver",
            AmountKind::Adjustment => "adjustment",
            AmountKind::Credit => "credit",
            AmountKind::Price => "price",
        }
    }

    /// The kind of a ledger entry's amount.
    pub fn of_entry(kind: EntryKind) -> AmountKind {
        match kind {
            EntryKind::Charge => AmountKind::Charge,
            EntryKind::Payment => AmountKind::Payment,
            EntryKind::DepositReceived | EntryKind::DepositRefunded | EntryKind::DepositApplied => {
                AmountKind::Deposit
            }
            EntryKind::Waiver => AmountKind::Waiver,
            EntryKind::Adjustment => AmountKind::Adjustment,
            EntryKind::Credit | EntryKind::CreditRefunded => AmountKind::Credit,
        }
    }
}

/// An amount over its kind's ceiling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverCeiling {
    pub amount: Money,
    pub kind: AmountKind,
    pub ceiling: Money,
}

impl std::fmt::Display for OverCeiling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is over the most one {} may be, {} ([limits] {})",
            self.amount,
            self.kind.key(),
            self.ceiling,
            self.kind.key()
        )
    }
}

impl Ceilings {
    pub fn of(&self, kind: AmountKind) -> Money {
        match kind {
            AmountKind::Charge => self.charge,
            AmountKind::Payment => self.payment,
            AmountKind::Deposit => self.deposit,
            AmountKind::Waiver => self.waiver,
            AmountKind::Adjustment => self.adjustment,
            AmountKind::Credit => self.credit,
            AmountKind::Price => self.price,
        }
    }

    /// `amount`, if it is no more than the ceiling of `kind` (a negative amount is
    /// measured by its size).
    pub fn check(&self, kind: AmountKind, amount: Money) -> Result<Money, OverCeiling> {
        let ceiling = self.of(kind);
        if amount.minor().unsigned_abs() <= ceiling.minor().unsigned_abs() {
            Ok(amount)
        } else {
            Err(OverCeiling {
                amount,
                kind,
                ceiling,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_date_is_read_from_the_start_of_a_value_whatever_its_year() {
        assert_eq!(Span::date_in("2026-11-23"), Some(d("2026-11-23")));
        assert_eq!(
            Span::date_in("2026-11-23T09:30:00+08:00"),
            Some(d("2026-11-23"))
        );
        assert_eq!(
            Span::date_in("0000-01-01"),
            NaiveDate::from_ymd_opt(0, 1, 1)
        );
        assert_eq!(
            Span::date_in("+10000-01-01T00:00"),
            NaiveDate::from_ymd_opt(10000, 1, 1)
        );
        for not in [
            "2026-11",
            "13812345678",
            "2026-13-01",
            "A-1203",
            "2026-11-234",
            "12-11-2026",
        ] {
            assert_eq!(Span::date_in(not), None, "{not}");
        }
    }

    #[test]
    fn a_whole_date_is_a_date_a_time_or_a_month_and_nothing_more() {
        assert_eq!(Span::whole_date("2026-11-23"), Some(d("2026-11-23")));
        assert_eq!(
            Span::whole_date("2026-11-23T09:30:00+08:00"),
            Some(d("2026-11-23"))
        );
        assert_eq!(Span::whole_date("2026-11-23 09:30"), Some(d("2026-11-23")));
        assert_eq!(Span::whole_date("2026-11"), Some(d("2026-11-01")));
        assert_eq!(
            Span::whole_date("0000-01"),
            NaiveDate::from_ymd_opt(0, 1, 1)
        );
        for not in [
            "2026-11-23 漏水",
            "2026-11-23T",
            "A-1203",
            "2026-1",
            "2026-11-23x",
        ] {
            assert_eq!(Span::whole_date(not), None, "{not}");
        }
    }

    #[test]
    fn dates_outside_the_span_are_refused_naming_it() {
        let span = Span::default();
        assert!(span.check(d("2000-01-01")).is_ok());
        assert!(span.check(d("2100-12-31")).is_ok());
        let e = span.check(d("1999-12-31")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "1999-12-31 is outside the office's dates, 2000-01-01 to 2100-12-31"
        );
        let year0 = span
            .check(NaiveDate::from_ymd_opt(0, 1, 1).unwrap())
            .unwrap_err();
        assert!(
            year0.to_string().starts_with("0000-01-01 is outside"),
            "{year0}"
        );
        let far = span
            .check(NaiveDate::from_ymd_opt(10000, 1, 1).unwrap())
            .unwrap_err();
        assert!(
            far.to_string().starts_with("+10000-01-01 is outside"),
            "{far}"
        );
    }

    #[test]
    fn amounts_over_their_kinds_ceiling_are_refused_naming_it() {
        let c = Ceilings::default();
        let m = |s: &str| s.parse::<Money>().unwrap();
        assert!(c.check(AmountKind::Payment, m("5000000.00")).is_ok());
        let e = c.check(AmountKind::Price, m("100000.01")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "100000.01 is over the most one price may be, 100000.00 ([limits] price)"
        );
        assert!(c.check(AmountKind::Adjustment, m("-1000000.01")).is_err());
        assert_eq!(
            AmountKind::of_entry(EntryKind::DepositApplied),
            AmountKind::Deposit
        );
    }
}
