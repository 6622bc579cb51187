//! The move-out rules of `office.toml` (`[moveout]`): the notice the office needs, the
//! days to pay the refund, and the energy prices of the final charges, with the
//! manuals' values as defaults.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::money::Money;
use crate::procedure::movein::{Meter, MeterValue};

/// The move-out rules of `office.toml` (`[moveout]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MoveOutRules {
    /// Step 1: written notice this many days ahead (提前十天书面通知).
    pub notice_days: u32,
    /// Step 8: the deposit refund is due this many days after acceptance (set it to
    /// what the leases and local law require).
    pub refund_days: u32,
    /// Step 2: the price of energy by meter (per kWh, per m³), for the final energy
    /// charges from the move-out readings.
    pub energy_prices: EnergyPrices,
}

impl Default for MoveOutRules {
    fn default() -> Self {
        MoveOutRules {
            notice_days: 10,
            refund_days: 30,
            energy_prices: EnergyPrices::default(),
        }
    }
}

impl MoveOutRules {
    /// What is wrong with the rules, for loading `office.toml`.
    pub fn problem(&self) -> Option<String> {
        if self.refund_days == 0 {
            return Some("refund_days must be at least 1".into());
        }
        None
    }
}

/// A price per unit of energy, by meter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EnergyPrices {
    pub electricity: Price,
    pub water: Price,
    pub gas: Price,
}

impl Default for EnergyPrices {
    fn default() -> Self {
        EnergyPrices {
            electricity: Price(12_000),
            water: Price(50_000),
            gas: Price(35_000),
        }
    }
}

impl EnergyPrices {
    pub fn get(&self, meter: Meter) -> Price {
        match meter {
            Meter::Electricity => self.electricity,
            Meter::Water => self.water,
            Meter::Gas => self.gas,
        }
    }
}

/// A unit price exact to 0.0001 (tariffs like 0.6536 per kWh): `"1.20"` in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Price(i64);

impl Price {
    pub fn ten_thousandths(self) -> i64 {
        self.0
    }

    /// `used` units at this price, to the cent, rounding half away from zero.
    pub fn times(self, used: MeterValue) -> Option<Money> {
        // thousandths of a unit x ten-thousandths of a yuan = 1e-7 yuan; a cent is 1e5 of them.
        Money::from_minor(1).mul_ratio(
            i64::try_from(i128::from(used.thousandths()) * i128::from(self.0)).ok()?,
            100_000,
        )
    }
}

impl std::str::FromStr for Price {
    type Err = String;
    fn from_str(s: &str) -> Result<Price, String> {
        let t = s.trim();
        let bad =
            || format!("invalid price {s:?}: expected a number like 1.20 (at most 4 decimals)");
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 4
            || (t.contains('.') && frac.is_empty())
        {
            return Err(bad());
        }
        let w: i64 = whole.parse().map_err(|_| bad())?;
        let f: i64 = format!("{frac:0<4}").parse().map_err(|_| bad())?;
        w.checked_mul(10_000)
            .and_then(|x| x.checked_add(f))
            .map(Price)
            .ok_or_else(bad)
    }
}

impl fmt::Display for Price {
    /// At least two decimals, more only when they are not zero: `1.20`, `0.6536`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (w, r) = (self.0 / 10_000, self.0 % 10_000);
        let frac = format!("{r:04}");
        let frac = frac.trim_end_matches('0');
        write!(f, "{w}.{frac:0<2}")
    }
}

impl Serialize for Price {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Price {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Price, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Price;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a price like \"1.20\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Price, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Price, E> {
                v.checked_mul(10_000)
                    .filter(|p| *p >= 0)
                    .map(Price)
                    .ok_or_else(|| E::custom(format!("invalid price {v}")))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Price, E> {
                i64::try_from(v)
                    .map_err(|_| E::custom(format!("invalid price {v}: too large")))
                    .and_then(|v| self.visit_i64(v))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Price, E> {
                Err(E::custom(format!(
                    "invalid price {v}: write prices as text, like \"1.20\""
                )))
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Price {
        s.parse().unwrap()
    }

    #[test]
    fn prices_are_exact_to_four_decimals() {
        assert_eq!(p("1.2").ten_thousandths(), 12_000);
        assert_eq!(p("0.6536").to_string(), "0.6536");
        assert_eq!(p("5").to_string(), "5.00");
        assert_eq!(p("1.20").to_string(), "1.20");
        for bad in ["", "1.", ".5", "1.23456", "-1", "abc"] {
            assert!(bad.parse::<Price>().is_err(), "{bad}");
        }
    }

    #[test]
    fn energy_is_used_times_price_to_the_cent() {
        let used: MeterValue = "654.9".parse().unwrap();
        // 654.9 x 1.20 = 785.88
        assert_eq!(p("1.20").times(used).unwrap().to_string(), "785.88");
        // 654.9 x 0.6536 = 428.04264 -> 428.04
        assert_eq!(p("0.6536").times(used).unwrap().to_string(), "428.04");
        // 0.125 x 0.1 = 0.0125 -> 0.01; 0.125 x 0.3 = 0.0375 -> 0.04 (half away from zero)
        let small: MeterValue = "0.125".parse().unwrap();
        assert_eq!(p("0.1").times(small).unwrap().to_string(), "0.01");
        assert_eq!(p("0.3").times(small).unwrap().to_string(), "0.04");
    }
}
