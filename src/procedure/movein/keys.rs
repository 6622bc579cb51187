//! The keys handed over and signed for (step 6), counted by kind; the move-out counts
//! them back against this record.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::steps::{Field, filled};

use super::record::{Event, MoveIn};
use super::steps::Refusal;
use super::{Act, Refused};

/// Keys handed over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keys {
    pub sets: Vec<KeySet>,
    pub signed_by: String,
    pub date: NaiveDate,
}

impl Keys {
    pub fn count(&self) -> u32 {
        self.sets.iter().map(|s| s.count).sum()
    }
}

/// So many keys of one kind (门钥匙 2, 信箱钥匙 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySet {
    pub kind: String,
    pub count: u32,
}

/// `KIND=COUNT`, as the desk types a set of keys: `door=2`.
impl std::str::FromStr for KeySet {
    type Err = String;
    fn from_str(s: &str) -> Result<KeySet, String> {
        let (k, n) = s
            .split_once('=')
            .ok_or_else(|| format!("{s:?}: expected KIND=COUNT, like door=2"))?;
        let count: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("{s:?}: the count must be a whole number"))?;
        let kind = k.trim().to_string();
        Ok(KeySet { kind, count })
    }
}

/// "door x2, mailbox x1", as the history notes keys.
pub fn listed(sets: &[KeySet]) -> String {
    sets.iter()
        .map(|s| format!("{} x{}", s.kind, s.count))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Refuses a kind given twice.
pub(crate) fn each_kind_once(sets: &[KeySet]) -> Result<(), Refusal> {
    for (i, k) in sets.iter().enumerate() {
        if sets[..i].iter().any(|x| x.kind == k.kind) {
            return Err(Refusal::KeyKindTwice {
                kind: k.kind.clone(),
            });
        }
    }
    Ok(())
}

impl MoveIn {
    /// Keys handed over and signed for.
    pub fn hand_keys(&mut self, act: Act, sets: Vec<KeySet>, signer: &str) -> Result<(), Refused> {
        self.may(Event::Keys)?;
        if let Some(k) = &self.keys {
            return Err(Refusal::KeysHanded {
                count: k.count(),
                on: k.date,
            }
            .into());
        }
        if sets.is_empty()
            || sets
                .iter()
                .any(|s| s.count == 0 || s.kind.trim().is_empty())
        {
            return Err(Refusal::BadKeys.into());
        }
        each_kind_once(&sets)?;
        let signer = filled(Field::Signature, signer)?;
        let note = format!("{} signed by {signer}", listed(&sets));
        self.keys = Some(Keys {
            sets,
            signed_by: signer,
            date: act.today,
        });
        self.log(act, Event::Keys, note);
        Ok(())
    }
}
