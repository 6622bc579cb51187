//! Receipts, in English.

use crate::procedure::fees::receipts::Refusal;

pub fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::NotANumber { typed } => format!(
            "{typed:?} is not a receipt number: expected SJ-<day>-<unit>-<4 characters>, like SJ-20261123-A-1203-7KQ4"
        ),
        Refusal::Unknown { receipt, unit } => {
            format!("no receipt {receipt} in the ledger of {unit}")
        }
        Refusal::NotMoneyIn { unit, no } => {
            format!(
                "entry {no} of {unit} is not money received: only payments and deposits taken get a receipt"
            )
        }
    }
}

/// What to do about a refusal, naming the command, where one helps.
pub fn hint(r: &Refusal) -> Option<String> {
    match r {
        Refusal::NotANumber { .. } => {
            Some("`pay` prints the number of each receipt it files".into())
        }
        Refusal::Unknown { unit, .. } => Some(format!(
            "`propdesk ledger {unit}` lists the unit's payments with their receipt numbers"
        )),
        Refusal::NotMoneyIn { .. } => None,
    }
}
