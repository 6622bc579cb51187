//! `[billing]` of office.toml: the fee schedule (物业管理费, parking, ...), the day
//! the month's charges fall due, and the order payments clear charges in. The
//! defaults are the Beijing tower's.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::ledger::ChargeItem;
use crate::model::money::Money;
use crate::model::unit::UnitUse;

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
    /// A month billed after its due day falls due this many days after the day it is
    /// billed, so no late fee counts from before the tenant was asked.
    pub late_bill_grace_days: u32,
    /// A payment notice or statement gives this many days from its date to pay by,
    /// when the charges' own due date is already past.
    pub notice_pay_within_days: u32,
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
            late_bill_grace_days: 7,
            notice_pay_within_days: 7,
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

    /// The due date of the month starting `month` billed on `today`: the month's due
    /// day, or, billed after it, `today` plus the grace days.
    pub fn billed_due(&self, month: NaiveDate, today: NaiveDate) -> NaiveDate {
        let due = self.due_date(month);
        match today > due {
            true => today + chrono::Days::new(u64::from(self.late_bill_grace_days)),
            false => due,
        }
    }

    /// The date a notice dated `today` asks to be paid by: the charges' `due` date if
    /// it is still ahead, else `today` plus the notice's days.
    pub fn pay_by(&self, due: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
        match due {
            Some(d) if d >= today => d,
            _ => today + chrono::Days::new(u64::from(self.notice_pay_within_days)),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
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
    fn a_month_billed_late_falls_due_after_the_grace_days() {
        let r = BillingRules::default();
        // On time: the 15th.
        assert_eq!(
            r.billed_due(d("2026-11-01"), d("2026-11-01")),
            d("2026-11-15")
        );
        assert_eq!(
            r.billed_due(d("2026-11-01"), d("2026-11-15")),
            d("2026-11-15")
        );
        // November billed on 7 December: due 7 days later.
        assert_eq!(
            r.billed_due(d("2026-11-01"), d("2026-12-07")),
            d("2026-12-14")
        );
    }

    #[test]
    fn a_notice_never_asks_to_be_paid_by_a_day_gone() {
        let r = BillingRules::default();
        assert_eq!(
            r.pay_by(Some(d("2026-11-15")), d("2026-11-02")),
            d("2026-11-15")
        );
        assert_eq!(
            r.pay_by(Some(d("2026-11-15")), d("2026-11-15")),
            d("2026-11-15")
        );
        assert_eq!(
            r.pay_by(Some(d("2026-11-15")), d("2026-11-23")),
            d("2026-11-30")
        );
        assert_eq!(r.pay_by(None, d("2026-11-23")), d("2026-11-30"));
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
