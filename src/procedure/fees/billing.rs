//! Billing (收费): the month's recurring fees, charged to every occupied unit from the
//! office's fee schedule, and how payments clear charges.
//!
//! Property fees start on the move-in notice date (the unit's `fees_from`) and stop on
//! the move-out day (`fees_until`); a month they start or stop in is charged by the
//! day. Each fee is charged once per unit and month, so `bill run` can run again.

use chrono::{Datelike, NaiveDate};

use crate::model::ledger::ChargeItem;
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::unit::Unit;

pub use super::rules::{BillingRules, Fee, last_day};

/// A charge `bill run` would post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthCharge {
    pub item: ChargeItem,
    pub amount: Money,
    /// Days charged, of the days in the month.
    pub days: u32,
    pub month_days: u32,
    pub text: String,
}

/// The days of the month starting `month` that the unit is billed for: from
/// `fees_from` (or the month's start) to `fees_until` (or its end). Billed at all only
/// if it has an occupant or stopped billing this month.
pub fn billed_days(unit: &Unit, month: NaiveDate) -> u32 {
    let start = month;
    let end = last_day(month);
    if unit.occupant.is_none() && unit.fees_until.is_none() {
        return 0;
    }
    let from = unit.fees_from.map_or(start, |d| d.max(start));
    let until = unit.fees_until.map_or(end, |d| d.min(end));
    if until < from {
        return 0;
    }
    u32::try_from((until - from).num_days() + 1).unwrap_or(0)
}

/// Whether the schedule charges `unit` anything for the month starting `month`: the
/// units `bill run` bills.
pub fn billable(rules: &BillingRules, unit: &Unit, month: NaiveDate) -> bool {
    !month_charges(rules, unit, month, Locale::En).is_empty()
}

/// The recurring charges of `unit` for the month starting `month`, prorated by day.
pub fn month_charges(
    rules: &BillingRules,
    unit: &Unit,
    month: NaiveDate,
    locale: Locale,
) -> Vec<MonthCharge> {
    let days = billed_days(unit, month);
    if days == 0 {
        return Vec::new();
    }
    let month_days = last_day(month).day();
    let mut out = Vec::new();
    for f in rules.fees.iter().filter(|f| f.uses.contains(&unit.usage)) {
        // One rounding: rate x area x days / days-in-month, to the cent.
        let amount = match (f.per_m2, f.amount) {
            (Some(rate), _) => rate.mul_ratio(
                unit.area.hundredths() * i64::from(days),
                100 * i64::from(month_days),
            ),
            (None, Some(a)) => a.mul_ratio(i64::from(days), i64::from(month_days)),
            (None, None) => None,
        };
        let Some(amount) = amount.filter(|a| a.minor() > 0) else {
            continue;
        };
        let period = month_words(month, locale);
        let mut text = match locale {
            Locale::ZhCn => format!("{period}{}", f.item.words(locale)),
            Locale::En => format!("{} {period}", capitalised(&f.item.words(locale))),
        };
        if days < month_days {
            text.push_str(&match locale {
                Locale::ZhCn => format!("（按{days}/{month_days}天计）"),
                Locale::En => format!(" ({days} of {month_days} days)"),
            });
        }
        out.push(MonthCharge {
            item: f.item,
            amount,
            days,
            month_days,
            text,
        });
    }
    out
}

/// `2026年11月`, `November 2026`.
pub fn month_words(month: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("{}年{}月", month.year(), month.month()),
        Locale::En => month.format("%B %Y").to_string(),
    }
}

/// `Property fee` from `property fee`.
pub(crate) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::unit::{Area, UnitStatus, UnitUse};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn unit(usage: UnitUse, area: &str) -> Unit {
        Unit {
            id: "A-1203".into(),
            building: "A".into(),
            floor: 12,
            area: area.parse::<Area>().unwrap(),
            usage,
            owner: Some("P-1".into()),
            occupant: Some("P-2".into()),
            status: UnitStatus::Occupied,
            fees_from: None,
            fees_until: None,
            note: None,
            history: Vec::new(),
        }
    }

    #[test]
    fn a_whole_month_is_rate_times_area() {
        let rules = BillingRules::default();
        let c = month_charges(
            &rules,
            &unit(UnitUse::Office, "123.45"),
            d("2026-11-01"),
            Locale::En,
        );
        // 25.00 x 123.45 = 3086.25
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].amount.to_string(), "3086.25");
        assert_eq!(c[0].text, "Property fee November 2026");
    }

    #[test]
    fn a_move_in_inside_the_month_is_charged_by_the_day() {
        let rules = BillingRules::default();
        let mut u = unit(UnitUse::Office, "100.00");
        u.fees_from = Some(d("2026-11-20"));
        let c = month_charges(&rules, &u, d("2026-11-01"), Locale::ZhCn);
        // 2500.00 x 11/30 = 916.666... -> 916.67
        assert_eq!(c[0].amount.to_string(), "916.67");
        assert_eq!((c[0].days, c[0].month_days), (11, 30));
        assert_eq!(c[0].text, "2026年11月物业管理费（按11/30天计）");
    }

    #[test]
    fn a_move_out_inside_the_month_is_charged_to_the_day_it_leaves() {
        let rules = BillingRules::default();
        let mut u = unit(UnitUse::Parking, "12.50");
        u.occupant = None;
        u.fees_until = Some(d("2027-02-10"));
        let c = month_charges(&rules, &u, d("2027-02-01"), Locale::En);
        // 600.00 x 10/28 = 214.2857 -> 214.29
        assert_eq!(c[0].amount.to_string(), "214.29");
        assert!(month_charges(&rules, &u, d("2027-03-01"), Locale::En).is_empty());
    }

    #[test]
    fn a_unit_without_an_occupant_is_not_billed() {
        let mut u = unit(UnitUse::Shop, "50.00");
        u.occupant = None;
        assert!(
            month_charges(&BillingRules::default(), &u, d("2026-11-01"), Locale::En).is_empty()
        );
    }

    #[test]
    fn fees_that_start_after_the_month_charge_nothing() {
        let mut u = unit(UnitUse::Shop, "50.00");
        u.fees_from = Some(d("2026-12-01"));
        assert!(
            month_charges(&BillingRules::default(), &u, d("2026-11-01"), Locale::En).is_empty()
        );
    }
}
