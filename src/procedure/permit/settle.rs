//! Renovation step 9, the money: the deposits refunded net of what is owed. A lost
//! pass forfeits its deposit (charged and paid from the pass deposit); unpaid fines,
//! the late fees on them, and damage come out of the renovation deposit; the rest of
//! each deposit is refunded, less what the unit's other permits still rely on.

use chrono::NaiveDate;

use crate::error::Result;
use crate::model::ledger::{ChargeItem, DepositKind, Ledger, State};
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::procedure::Act;
use crate::procedure::fees::accounts::{Books, NewCharge};
use crate::procedure::fees::steps as ledger_steps;

use super::record::{Kind, Permit, Refused};
use super::steps::Refusal;

/// What the settlement did, one line each, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    /// The deposit of `lost` passes kept.
    PassesKept { lost: u32, amount: Money },
    /// The renovation deposit applied to a ledger entry (a fine, its late fee, damage).
    Applied { no: u32, amount: Money },
    /// What is left of a deposit refunded.
    Refunded { kind: DepositKind, amount: Money },
}

fn held(state: &State, kind: DepositKind) -> Money {
    state.deposits.get(&kind).map_or(Money::ZERO, |t| t.held())
}

/// Settles `p`'s deposits in `ledger`: `keep` is what the unit's other permits rely on
/// of the renovation and the pass deposits; `damage` is an amount and what was damaged.
pub fn refund(
    p: &Permit,
    ledger: &mut Ledger,
    books: &Books,
    clerk: Act,
    pass_deposit: Money,
    keep: [(DepositKind, Money); 2],
    damage: Option<(Money, &str)>,
) -> Result<Vec<Settlement>> {
    let Some(r) = p.renovation() else {
        return Err(Refused::Permit(Refusal::NotA {
            id: p.id.clone(),
            kind: Kind::Renovation,
        })
        .into());
    };
    let zh = books.locale() == Locale::ZhCn;
    let today: NaiveDate = clerk.today;
    let mut out = Vec::new();
    let charge = |ledger: &mut Ledger, item, amount, text: String| {
        ledger_steps::charge(
            ledger,
            clerk,
            NewCharge {
                item,
                amount,
                text,
                due: today,
                reference: Some(p.id.clone()),
            },
        )
    };
    // Lost passes: the office keeps their deposit.
    let lost = r.passes.as_ref().map_or(0, |x| x.lost);
    if lost > 0
        && let Some(forfeit) = pass_deposit.mul_ratio(i64::from(lost), 1)
        && forfeit.minor() > 0
    {
        let text = if zh {
            format!("出入证遗失（{lost}张）押金不退 {}", p.id)
        } else {
            format!("Worker passes lost ({lost}): deposit kept {}", p.id)
        };
        let no = charge(ledger, ChargeItem::RenovationFee, forfeit, text)?;
        // Money the unit paid in advance clears a new charge at once; the deposit then
        // pays only what is left of it, and the rest of the deposit goes back below.
        let owed = books
            .state(ledger)?
            .charge(no)
            .map_or(Money::ZERO, |c| c.outstanding);
        if owed.minor() > 0 {
            ledger_steps::apply_deposit(books, ledger, clerk, DepositKind::Pass, owed, Some(no))?;
        }
        out.push(Settlement::PassesKept {
            lost,
            amount: forfeit,
        });
    }
    // Damage, charged and taken from the renovation deposit with the unpaid fines and
    // the late fees on them.
    let mut deduct: Vec<u32> = r.violations.iter().filter_map(|v| v.fine_entry).collect();
    if let Some((amount, reason)) = damage {
        let text = if zh {
            format!("装修损坏赔偿：{reason} {}", p.id)
        } else {
            format!("Damage: {reason} {}", p.id)
        };
        deduct.push(charge(ledger, ChargeItem::RepairFee, amount, text)?);
    }
    books.post_late_fees(ledger, today, clerk, Some(&deduct))?;
    let late: Vec<u32> = ledger
        .entries
        .iter()
        .filter(|e| {
            e.item == Some(ChargeItem::LateFee) && e.charge.is_some_and(|c| deduct.contains(&c))
        })
        .map(|e| e.no)
        .collect();
    deduct.extend(late);
    for no in deduct {
        let state = books.state(ledger)?;
        let owed = state
            .charges
            .iter()
            .find(|c| c.no == no)
            .map_or(Money::ZERO, |c| c.outstanding);
        let take = owed.min(held(&state, DepositKind::Renovation));
        if take.minor() > 0 {
            ledger_steps::apply_deposit(
                books,
                ledger,
                clerk,
                DepositKind::Renovation,
                take,
                Some(no),
            )?;
            out.push(Settlement::Applied { no, amount: take });
        }
    }
    // The rest of each deposit back.
    let state = books.state(ledger)?;
    for (kind, keep) in keep {
        let back = held(&state, kind).checked_sub(keep).unwrap_or(Money::ZERO);
        if back.minor() > 0 {
            ledger_steps::refund_deposit(
                books,
                ledger,
                clerk,
                kind,
                back,
                None,
                Some(p.id.clone()),
            )?;
            out.push(Settlement::Refunded { kind, amount: back });
        }
    }
    Ok(out)
}
