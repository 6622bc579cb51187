//! The keys returned to security (step 6), counted by kind against those handed over
//! at move-in; keys not returned are priced and charged as damage.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::steps::{Field, filled};
use crate::model::money::Money;
use crate::procedure::movein::keys::{each_kind_once, listed};
use crate::procedure::movein::steps::Refusal as MoveInRefusal;
use crate::procedure::movein::{KeySet, MoveIn};

use super::record::{Act, Cost, Event, MoveOut, Refused};
use super::steps::Refusal;

/// Keys returned to security, against those handed over at move-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeysBack {
    pub sets: Vec<KeySet>,
    /// Handed over at move-in (none: no move-in record).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expected: Vec<KeySet>,
    pub received_by: String,
    pub date: NaiveDate,
}

impl KeysBack {
    pub fn count(&self) -> u32 {
        self.sets.iter().map(|s| s.count).sum()
    }

    /// Each kind with fewer returned than handed over: (kind, handed over, returned).
    pub fn short(&self) -> Vec<(String, u32, u32)> {
        key_shortfall(&self.expected, &self.sets)
    }
}

/// The kinds of `expected` with fewer `returned`: (kind, handed over, returned).
pub fn key_shortfall(expected: &[KeySet], returned: &[KeySet]) -> Vec<(String, u32, u32)> {
    expected
        .iter()
        .filter_map(|e| {
            let back = returned
                .iter()
                .find(|r| r.kind == e.kind)
                .map_or(0, |r| r.count);
            (back < e.count).then(|| (e.kind.clone(), e.count, back))
        })
        .collect()
}

/// "door: 1 of 2 returned; mailbox: 0 of 1 returned", as the record notes keys short.
pub fn shortfall_words(short: &[(String, u32, u32)]) -> String {
    short
        .iter()
        .map(|(k, out, back)| format!("{k}: {back} of {out} returned"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The keys handed over at move-in.
pub fn keys_handed(m: Option<&MoveIn>) -> Vec<KeySet> {
    m.and_then(|m| m.keys.as_ref())
        .map(|k| k.sets.clone())
        .unwrap_or_default()
}

impl MoveOut {
    /// Keys returned to security against those handed over at move-in; fewer need the
    /// missing keys priced (`charge`), which becomes a damage to charge.
    pub fn return_keys(
        &mut self,
        act: Act,
        sets: Vec<KeySet>,
        expected: &[KeySet],
        received_by: &str,
        charge: Option<Money>,
    ) -> Result<(), Refused> {
        self.may(Event::KeysReturned)?;
        if let Some(k) = &self.keys {
            let (count, on) = (k.count(), k.date);
            return Err(Refusal::KeysReturned { count, on }.into());
        }
        if sets.iter().any(|s| s.kind.trim().is_empty()) {
            return Err(MoveInRefusal::BadKeys.into());
        }
        each_kind_once(&sets)?;
        let received_by = filled(Field::KeysReceivedBy, received_by)?;
        let short = key_shortfall(expected, &sets);
        match (short.is_empty(), charge) {
            (true, Some(_)) => return Err(Refusal::NoKeyToCharge.into()),
            (false, None) => return Err(Refusal::KeysMissing { short }.into()),
            (false, Some(amount)) if amount.minor() <= 0 => {
                return Err(Refusal::ChargeNotPositive.into());
            }
            _ => {}
        }
        if sets.iter().all(|s| s.count == 0) && expected.is_empty() {
            return Err(Refusal::NoKeyReturned.into());
        }
        let words = shortfall_words(&short);
        let mut note = format!("{} received by {received_by}", listed(&sets));
        if let Some(amount) = charge {
            note.push_str(&format!("; missing {words}, charged {amount}"));
            self.damages.push(Cost {
                item: "keys".into(),
                description: words,
                amount,
                entry: None,
            });
        }
        self.keys = Some(KeysBack {
            sets,
            expected: expected.to_vec(),
            received_by,
            date: act.today,
        });
        self.log(act, Event::KeysReturned, note);
        Ok(())
    }
}
