//! Exact money: an amount in minor units (fen, cents) held in an `i64`.
//!
//! Records write amounts as a decimal string with two places (`"1234.50"`); they read
//! `1234.50`, `"1234.50"` and `1234` exactly, never through a float, and refuse more
//! than two decimals. The currency is the office's (`office.toml`), not the amount's.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An exact amount of money in minor units (1 yuan = 100 fen).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

/// Why a text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyError {
    pub input: String,
    pub reason: &'static str,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid amount {:?}: {} (expected a number with at most two decimals, like 1234.50)",
            self.input, self.reason
        )
    }
}

impl std::error::Error for MoneyError {}

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_minor(minor: i64) -> Money {
        Money(minor)
    }

    pub const fn minor(self) -> i64 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// Multiplies by `numerator / denominator`, rounding half away from zero: the one
    /// rounding rule for rates (late fees in basis points, prorating by days).
    pub fn mul_ratio(self, numerator: i64, denominator: i64) -> Option<Money> {
        if denominator == 0 {
            return None;
        }
        let product = i128::from(self.0) * i128::from(numerator);
        let d = i128::from(denominator);
        let q = product / d;
        let r = product % d;
        let rounded = if 2 * r.abs() >= d.abs() {
            q + if (product < 0) != (d < 0) { -1 } else { 1 }
        } else {
            q
        };
        i64::try_from(rounded).ok().map(Money)
    }

    /// The amount as people read it, with thousands separators: `1,234.50`.
    pub fn grouped(self) -> String {
        let plain = self.to_string();
        let (sign, rest) = plain
            .strip_prefix('-')
            .map_or(("", plain.as_str()), |r| ("-", r));
        let (int, frac) = rest.split_once('.').unwrap_or((rest, "00"));
        let mut out = String::with_capacity(plain.len() + int.len() / 3);
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        format!("{sign}{out}.{frac}")
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl FromStr for Money {
    type Err = MoneyError;

    fn from_str(input: &str) -> Result<Money, MoneyError> {
        parse_hundredths(input)
            .map(Money)
            .map_err(|reason| MoneyError {
                input: input.to_string(),
                reason,
            })
    }
}

/// Parses a decimal with at most two places into hundredths, exactly: the one parser
/// of money and of areas in m².
pub fn parse_hundredths(input: &str) -> Result<i64, &'static str> {
    let s = input.trim();
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, f),
        None => (digits, ""),
    };
    if int.is_empty() {
        return Err("no digits before the decimal point");
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err("not a number");
    }
    if digits.contains('.') && frac.is_empty() {
        return Err("no digits after the decimal point");
    }
    if frac.len() > 2 {
        return Err("more than two decimals");
    }
    let whole: i64 = int.parse().map_err(|_| "too large")?;
    let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| "not a number")?;
    let minor = whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(cents))
        .ok_or("too large")?;
    Ok(if negative { -minor } else { minor })
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount like 1234.50")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Money, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Money, E> {
                v.checked_mul(100)
                    .map(Money)
                    .ok_or_else(|| E::custom(format!("invalid amount {v}: too large")))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Money, E> {
                i64::try_from(v)
                    .map_err(|_| E::custom(format!("invalid amount {v}: too large")))
                    .and_then(|v| self.visit_i64(v))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Money, E> {
                Err(E::custom(format!(
                    "invalid amount {v}: write amounts as text with at most two decimals, like \"1234.50\""
                )))
            }
        }
        // A YAML plain scalar like 1234.50 arrives as its text here, so no float is involved.
        d.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_exact_amounts() {
        let cases = [
            ("1234.50", 123450),
            ("1234.5", 123450),
            ("1234", 123400),
            ("0.01", 1),
            ("-12.30", -1230),
            ("+7", 700),
            (" 3.00 ", 300),
        ];
        for (text, minor) in cases {
            assert_eq!(text.parse::<Money>(), Ok(Money(minor)), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_exact_amount() {
        let cases = [
            ("1.234", "more than two decimals"),
            ("12,50", "not a number"),
            ("abc", "not a number"),
            ("", "no digits before the decimal point"),
            (".5", "no digits before the decimal point"),
            ("5.", "no digits after the decimal point"),
            ("1e3", "not a number"),
            ("99999999999999999999", "too large"),
        ];
        for (text, reason) in cases {
            let err = text.parse::<Money>().unwrap_err();
            assert_eq!(err.reason, reason, "{text}");
            assert!(err.to_string().contains(&format!("{text:?}")));
        }
    }

    #[test]
    fn displays_two_decimals_and_groups_thousands() {
        assert_eq!(Money(123450).to_string(), "1234.50");
        assert_eq!(Money(-5).to_string(), "-0.05");
        assert_eq!(Money(123456789).grouped(), "1,234,567.89");
        assert_eq!(Money(-100000).grouped(), "-1,000.00");
        assert_eq!(Money(99).grouped(), "0.99");
    }

    #[test]
    fn ratio_rounds_half_away_from_zero() {
        // 1000.00 at 5 basis points (0.05%) a day = 0.50
        assert_eq!(Money(100000).mul_ratio(5, 10000), Some(Money(50)));
        assert_eq!(Money(101).mul_ratio(1, 2), Some(Money(51)));
        assert_eq!(Money(-101).mul_ratio(1, 2), Some(Money(-51)));
        // 3000.00 prorated for 17 of 30 days
        assert_eq!(Money(300000).mul_ratio(17, 30), Some(Money(170000)));
        assert_eq!(Money(100).mul_ratio(1, 0), None);
    }

    proptest! {
        #[test]
        fn text_round_trips(minor in -10_000_000_000_000i64..10_000_000_000_000i64) {
            let m = Money(minor);
            prop_assert_eq!(m.to_string().parse::<Money>(), Ok(m));
        }
    }
}
