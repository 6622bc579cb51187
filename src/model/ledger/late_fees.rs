//! Late fees (滞纳金) reckoned from the replay, day by day on what was outstanding, and
//! the arrears by age.

use chrono::NaiveDate;

use crate::model::money::Money;

use super::replay::{Charge, State};

/// How late fees are reckoned (`[dunning]` of office.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LateFeeRule {
    /// Per day on the overdue principal, in basis points (5 = 0.05%).
    pub basis_points_per_day: u32,
    /// The most a charge's late fees may come to, in basis points of the charge
    /// (10000 = the charge itself); 0 for no cap.
    pub cap_basis_points: u32,
}

impl LateFeeRule {
    /// The late fee on `charge` accrued from `start` through `through`, both days
    /// included: simple interest on what was outstanding at the start of each day,
    /// rounded once, to the cent, half away from zero; capped if the office says so.
    pub fn accrued(&self, charge: &Charge, start: NaiveDate, through: NaiveDate) -> Money {
        if charge.is_late_fee() || through < start || self.basis_points_per_day == 0 {
            return Money::ZERO;
        }
        // Principal-days: the amount outstanding at the start of each day, summed. A
        // credit dated d lowers it from the day after d.
        let mut points: Vec<(NaiveDate, i64)> = charge
            .cleared
            .iter()
            .map(|(d, m)| (d.succ_opt().unwrap_or(*d), m.minor()))
            .collect();
        points.sort_by_key(|(d, _)| *d);
        let mut outstanding = charge.amount.minor();
        let mut day = start;
        let mut sum: i128 = 0;
        for (effective, minor) in points {
            if effective > through {
                break;
            }
            if effective > day {
                sum += i128::from(outstanding.max(0)) * i128::from((effective - day).num_days());
                day = effective;
            }
            outstanding -= minor;
        }
        sum += i128::from(outstanding.max(0)) * i128::from((through - day).num_days() + 1);
        let fee = round_ratio(sum, i128::from(self.basis_points_per_day), 10_000);
        let fee = if self.cap_basis_points > 0 {
            let cap = round_ratio(
                i128::from(charge.amount.minor()),
                i128::from(self.cap_basis_points),
                10_000,
            );
            fee.min(cap)
        } else {
            fee
        };
        Money::from_minor(i64::try_from(fee).unwrap_or(i64::MAX))
    }
}

/// `value * num / den`, rounded half away from zero (non-negative inputs).
fn round_ratio(value: i128, num: i128, den: i128) -> i128 {
    let p = value * num;
    (p + den / 2) / den
}

/// Late fees posted so far on charge `no`.
pub fn late_fees_posted(state: &State, no: u32) -> Money {
    state.late_fees_on(no).0
}

/// Arrears by age on `date`: days overdue 1-30, 31-60, 61-90, over 90.
pub fn aging(state: &State, date: NaiveDate) -> [Money; 4] {
    let mut b = [0i64; 4];
    for c in state.overdue(date) {
        let days = (date - c.due).num_days();
        let i = match days {
            ..=30 => 0,
            31..=60 => 1,
            61..=90 => 2,
            _ => 3,
        };
        b[i] += c.outstanding.minor();
    }
    b.map(Money::from_minor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ledger::fixtures::*;
    use crate::model::ledger::{Applied, ChargeItem, EntryKind};

    fn rule(bp: u32, cap: u32) -> LateFeeRule {
        LateFeeRule {
            basis_points_per_day: bp,
            cap_basis_points: cap,
        }
    }

    #[test]
    fn late_fees_are_simple_interest_per_day_to_the_cent() {
        let c = charge(
            1,
            "2026-11-01",
            ChargeItem::PropertyFee,
            "1000.00",
            "2026-11-15",
        );
        let (st, _) = ledger(vec![c]).replay(ORDER);
        let c = st.charge(1).unwrap();
        // 0.05% a day of 1000.00 is 0.50; the 20th to the 25th is 6 days.
        assert_eq!(
            rule(5, 0).accrued(c, d("2026-11-20"), d("2026-11-25")),
            m("3.00")
        );
        assert_eq!(
            rule(5, 0).accrued(c, d("2026-11-20"), d("2026-11-20")),
            m("0.50")
        );
        assert_eq!(
            rule(5, 0).accrued(c, d("2026-11-20"), d("2026-11-19")),
            Money::ZERO
        );
        // Capped at 2% of the charge.
        assert_eq!(
            rule(5, 200).accrued(c, d("2026-11-20"), d("2027-11-20")),
            m("20.00")
        );
    }

    #[test]
    fn a_partial_payment_keeps_the_late_fee_accrued_before_it() {
        let c = charge(
            1,
            "2026-11-01",
            ChargeItem::PropertyFee,
            "1000.00",
            "2026-11-15",
        );
        let mut p = entry(2, "2026-11-25", EntryKind::Payment, "497.00");
        p.applied = vec![Applied {
            charge: 1,
            amount: m("497.00"),
        }];
        let (st, _) = ledger(vec![c, p]).replay(ORDER);
        let c = st.charge(1).unwrap();
        let r = rule(5, 0);
        // Through the 25th (the payment's day is still a day late): 6 x 0.50.
        assert_eq!(r.accrued(c, d("2026-11-20"), d("2026-11-25")), m("3.00"));
        // Then 5 days on 503.00: 5 x 0.2515 = 1.2575; 3.00 + 1.2575 = 4.2575 -> 4.26.
        assert_eq!(r.accrued(c, d("2026-11-20"), d("2026-11-30")), m("4.26"));
        // A payment before the start counts from the start.
        assert_eq!(r.accrued(c, d("2026-11-26"), d("2026-11-30")), m("1.26"));
    }

    #[test]
    fn aging_puts_each_overdue_charge_in_its_bucket() {
        let l = ledger(vec![
            charge(
                1,
                "2026-07-01",
                ChargeItem::PropertyFee,
                "400.00",
                "2026-07-15",
            ),
            charge(
                2,
                "2026-08-20",
                ChargeItem::PropertyFee,
                "300.00",
                "2026-09-01",
            ),
            charge(
                3,
                "2026-09-01",
                ChargeItem::PropertyFee,
                "200.00",
                "2026-09-24",
            ),
            charge(
                4,
                "2026-10-01",
                ChargeItem::PropertyFee,
                "100.00",
                "2026-10-24",
            ),
            charge(
                5,
                "2026-11-01",
                ChargeItem::PropertyFee,
                "50.00",
                "2026-11-23",
            ),
        ]);
        let (st, _) = l.replay(ORDER);
        // On 2026-11-23: 131, 83, 60 and 30 days overdue; the last is due today.
        assert_eq!(
            aging(&st, d("2026-11-23")),
            [m("100.00"), m("200.00"), m("300.00"), m("400.00")]
        );
        assert_eq!(st.overdue_total(d("2026-11-23")), m("1000.00"));
        assert_eq!(st.oldest_overdue(d("2026-11-23")), Some(d("2026-07-15")));
    }
}
