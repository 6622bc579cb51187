//! Billing (收费): the month's recurring fees, charged to every occupied unit from the
//! office's fee schedule, and how payments clear charges.
//!
//! Property fees start on the move-in notice date (the unit's `fees_from`) and stop on
//! the move-out day (`fees_until`); a month they start or stop in is charged by the
//! day. Each fee is charged once per unit and month, so `bill run` can run again.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::ledger::ChargeItem;
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::unit::{Unit, UnitUse};

/// `[billing]` of office.toml.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BillingRules {
    /// The day of the month the month's charges fall due (the last day of a shorter
    /// month if it has no such day).
    pub due_day: u32,
    /// Payments clear these charge items first, in this order; then every other charge,
    /// the oldest due date first (default: late fees and fines before principal).
    pub clearing_order: Vec<ChargeItem>,
    /// The recurring monthly fees.
    pub fees: Vec<Fee>,
}

/// One row of the fee schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// What is charged: property-fee, parking, energy, ...
    pub item: ChargeItem,
    /// The unit uses it applies to.
    pub uses: Vec<UnitUse>,
    /// A rate per m² of the unit's area per month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_m2: Option<Money>,
    /// Or a fixed amount per unit per month (a parking bay's fee).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
}

impl Default for BillingRules {
    fn default() -> Self {
        let money = |s: &str| s.parse::<Money>().expect("a valid default amount");
        BillingRules {
            due_day: 15,
            clearing_order: vec![ChargeItem::LateFee, ChargeItem::Fine],
            fees: vec![
                Fee {
                    item: ChargeItem::PropertyFee,
                    uses: vec![UnitUse::Office, UnitUse::Home],
                    per_m2: Some(money("25.00")),
                    amount: None,
                },
                Fee {
                    item: ChargeItem::PropertyFee,
                    uses: vec![UnitUse::Shop],
                    per_m2: Some(money("35.00")),
                    amount: None,
                },
                Fee {
                    item: ChargeItem::Parking,
                    uses: vec![UnitUse::Parking],
                    per_m2: None,
                    amount: Some(money("600.00")),
                },
            ],
        }
    }
}

impl BillingRules {
    /// What is wrong with the schedule, if anything.
    pub fn problem(&self) -> Option<String> {
        if !(1..=31).contains(&self.due_day) {
            return Some(format!(
                "due_day = {}: expected a day of the month, 1 to 31",
                self.due_day
            ));
        }
        for (i, f) in self.fees.iter().enumerate() {
            let row = i + 1;
            if f.per_m2.is_some() == f.amount.is_some() {
                return Some(format!(
                    "fee {row} ({}): give either per_m2 or amount, not {}",
                    f.item,
                    if f.per_m2.is_some() {
                        "both"
                    } else {
                        "neither"
                    }
                ));
            }
            if f.per_m2.or(f.amount).is_some_and(|m| m.minor() <= 0) {
                return Some(format!(
                    "fee {row} ({}): the rate must be more than 0",
                    f.item
                ));
            }
            if f.item == ChargeItem::LateFee {
                return Some(format!(
                    "fee {row}: late fees are not a monthly fee; set them in [dunning]"
                ));
            }
            for u in &f.uses {
                if self.fees[..i]
                    .iter()
                    .any(|g| g.item == f.item && g.uses.contains(u))
                {
                    return Some(format!(
                        "fee {row}: {} is charged to {} units twice; one row per item and use",
                        f.item, u
                    ));
                }
            }
        }
        None
    }

    /// The due date of charges for the month starting `month`.
    pub fn due_date(&self, month: NaiveDate) -> NaiveDate {
        let last = last_day(month).day();
        month.with_day(self.due_day.min(last)).unwrap_or(month)
    }

    /// A one-off charge of `day` goes on the next month's payment notice: due on that
    /// month's due day.
    pub fn due_next_month(&self, day: NaiveDate) -> NaiveDate {
        let next = last_day(day).succ_opt().unwrap_or(day);
        self.due_date(next)
    }
}

/// The last day of `month`'s month.
pub fn last_day(month: NaiveDate) -> NaiveDate {
    let first = month.with_day(1).unwrap_or(month);
    first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(first)
}

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
    use crate::model::unit::{Area, UnitStatus};

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

    #[test]
    fn the_due_day_is_clamped_to_short_months() {
        let r = BillingRules {
            due_day: 31,
            ..BillingRules::default()
        };
        assert_eq!(r.due_date(d("2027-02-01")), d("2027-02-28"));
        assert_eq!(r.due_date(d("2026-12-01")), d("2026-12-31"));
    }

    #[test]
    fn the_schedule_refuses_a_fee_charged_twice_to_one_use() {
        let mut r = BillingRules::default();
        r.fees[1].uses.push(UnitUse::Office);
        assert!(
            r.problem()
                .unwrap()
                .contains("charged to office units twice")
        );
        let mut r = BillingRules::default();
        r.fees[0].amount = r.fees[0].per_m2;
        assert!(r.problem().unwrap().contains("not both"));
    }
}
