//! propdesk's merge driver: how git joins two desks' versions of one record
//! (`.gitattributes`: `*.yaml merge=propdesk`, installed by `init` and
//! `propdesk git setup`).
//!
//! A ledger book is merged entry by entry ([`ledger`]); every other record field by
//! field, with the lists both desks added to joined ([`value`]). A ticket's status is
//! then replayed from the joined history. What cannot both stand is kept as a marked
//! conflict ([`crate::store::conflict`]) for `propdesk resolve`. Anything else (a file that is not a
//! record, a record edited by hand out of shape) is left to git's own merge.

pub mod ledger;
pub mod value;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::model::ledger::{ChargeItem, Ledger};
use crate::model::party::Party;
use crate::model::record::Record;
use crate::model::unit::Unit;
use crate::procedure::dunning::DunningCase;
use crate::procedure::movein::MoveIn;
use crate::procedure::moveout::MoveOut;
use crate::procedure::permit::Permit;
use crate::procedure::ticket::record::Ticket;
use crate::store::yaml;

use crate::store::conflict::{self, Version};

/// What the driver made of the two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// One record with both desks' work.
    Merged(String),
    /// Both versions kept, marked, for `propdesk resolve`.
    Marked(String),
    /// Not propdesk's to merge: git's own merge decides.
    Text,
}

/// Merges the versions of the record at `rel` (as git names it: `tickets/2026/12/…`).
/// `base` is `None` when both desks added the file.
pub fn merge(
    rel: &str,
    base: Option<&str>,
    ours: &str,
    theirs: &str,
    clearing: &[ChargeItem],
) -> Outcome {
    if [Some(ours), Some(theirs), base]
        .iter()
        .flatten()
        .any(|t| conflict::is_marked(t.as_bytes()))
    {
        // Settled with `propdesk resolve` before it is merged again.
        return Outcome::Text;
    }
    let dir = rel.split('/').next().unwrap_or_default();
    match dir {
        Ledger::DIR => merge_ledger(base, ours, theirs, clearing),
        Unit::DIR => fields::<Unit>(base, ours, theirs, none),
        Party::DIR => fields::<Party>(base, ours, theirs, none),
        Ticket::DIR => fields::<Ticket>(base, ours, theirs, none),
        MoveIn::DIR => fields::<MoveIn>(base, ours, theirs, none),
        Permit::DIR => fields::<Permit>(base, ours, theirs, none),
        MoveOut::DIR => fields::<MoveOut>(base, ours, theirs, none),
        DunningCase::DIR => fields::<DunningCase>(base, ours, theirs, same_run_step),
        // A filed notice is rendered from the records, and rendered again by `propdesk
        // notice`: two desks' copies of one (a receipt both desks numbered alike) keep
        // this desk's, and `propdesk resolve` files what the settled records say.
        crate::notice::DIR => Outcome::Merged(ours.to_string()),
        _ => Outcome::Text,
    }
}

fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    yaml::from_yaml(text, "").ok()
}

fn merge_ledger(base: Option<&str>, ours: &str, theirs: &str, clearing: &[ChargeItem]) -> Outcome {
    let base = match base {
        Some(b) => match parse::<Ledger>(b) {
            Some(l) => Some(l),
            None => return Outcome::Text,
        },
        None => None,
    };
    let (Some(o), Some(t)) = (parse::<Ledger>(ours), parse::<Ledger>(theirs)) else {
        return Outcome::Text;
    };
    let Some(merged) = ledger::merge(base, o.clone(), t.clone(), clearing) else {
        return Outcome::Text;
    };
    let Ok(text) = yaml::to_yaml(&merged) else {
        return Outcome::Text;
    };
    // Two payments, one from each desk, given one receipt number: both are money
    // received and both stay; which keeps the number is for a person to say.
    use crate::procedure::fees::receipts::given_twice;
    let Some(number) = given_twice(&merged)
        .filter(|_| given_twice(&o).is_none() && given_twice(&t).is_none())
        .map(str::to_string)
    else {
        return Outcome::Merged(text);
    };
    let version = |side: &Ledger, record: &str| {
        let e = side
            .entries
            .iter()
            .rev()
            .find(|e| e.receipt.as_deref() == Some(number.as_str()));
        Version {
            by: e.map_or("?".to_string(), |e| e.by.clone()),
            at: e.map(|e| e.at),
            steps: e
                .map(|e| vec![format!("{} {}", e.kind, e.amount)])
                .unwrap_or_default(),
            fields: vec!["receipt".to_string()],
            record: record.to_string(),
        }
    };
    let mut versions = [version(&o, ours), version(&t, theirs)];
    versions.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.record.cmp(&b.record)));
    match conflict::marked(&text, versions.to_vec(), false, Some(&number)) {
        Ok(text) => Outcome::Marked(text),
        Err(_) => Outcome::Text,
    }
}

fn none(_: &str, _: &Value, _: &Value) -> bool {
    false
}

/// A dunning case's ladder run on two desks the same day: the same step taken the
/// same day is one step.
fn same_run_step(path: &str, a: &Value, b: &Value) -> bool {
    let day = |v: &Value| {
        v.get("at")
            .and_then(Value::as_str)
            .map(|s| s.get(..10).unwrap_or(s).to_string())
    };
    path == "history"
        && a.get("event") == b.get("event")
        && a.get("event").is_some()
        && day(a) == day(b)
}

/// A record merged field by field (see [`value`]); its history's new entries name the
/// steps of each version if they clash.
fn fields<T: Record + Serialize + DeserializeOwned + Clone>(
    base: Option<&str>,
    ours: &str,
    theirs: &str,
    same: value::Same,
) -> Outcome {
    let b = match base {
        Some(b) => match parse::<T>(b) {
            Some(r) => Some(r),
            None => return Outcome::Text,
        },
        None => None,
    };
    let (Some(o), Some(t)) = (parse::<T>(ours), parse::<T>(theirs)) else {
        return Outcome::Text;
    };
    let json = |r: &T| serde_json::to_value(r).ok();
    let (Some(ov), Some(tv)) = (json(&o), json(&t)) else {
        return Outcome::Text;
    };
    let bv = b.as_ref().and_then(json);
    let (merged, mut clashes) = value::merge(bv.as_ref(), &ov, &tv, same);
    // What the versions disagree on, as the clerk will see it (the histories' steps
    // are named on their own).
    let disagree: Vec<String> = clashes
        .iter()
        .filter(|c| !c.starts_with("history"))
        .cloned()
        .collect();
    let record = serde_json::from_value::<T>(merged).ok();
    // Two desks that each made a record with this ID made two records: never joined
    // into one, whatever their fields.
    let made_twice = base.is_none() && ov != tv;
    if let Some(mut r) = record.clone().filter(|_| !made_twice) {
        // What the history says settles the fields it decides.
        let settled = r.replay_state();
        clashes.retain(|c| !settled.contains(&c.as_str()));
        if clashes.is_empty() && r.replays() {
            return match yaml::to_yaml(&r) {
                Ok(text) => Outcome::Merged(text),
                Err(_) => Outcome::Text,
            };
        }
    }
    let history_len = |v: &Option<Value>| {
        v.as_ref()
            .and_then(|v| v.get("history"))
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    };
    let common = history_len(&bv);
    let version = |v: &Value, text: &str| -> Version {
        let added: Vec<&Value> = v
            .get("history")
            .and_then(Value::as_array)
            .map(|h| h.iter().skip(common).collect())
            .unwrap_or_default();
        let last = added.last();
        Version {
            by: last
                .and_then(|e| e.get("by"))
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string(),
            at: last
                .and_then(|e| e.get("at"))
                .and_then(Value::as_str)
                .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok()),
            steps: added
                .iter()
                .filter_map(|e| e.get("event").and_then(Value::as_str))
                .map(str::to_string)
                .collect(),
            fields: disagree.clone(),
            record: text.to_string(),
        }
    };
    let (Ok(otext), Ok(ttext)) = (yaml::to_yaml(&o), yaml::to_yaml(&t)) else {
        return Outcome::Text;
    };
    let mut versions = [version(&ov, &otext), version(&tv, &ttext)];
    // The version whose step came first is read until one is kept; either way round.
    versions.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.record.cmp(&b.record)));
    let body = versions[0].record.clone();
    match conflict::marked(&body, versions.to_vec(), made_twice, None) {
        Ok(text) => Outcome::Marked(text),
        Err(_) => Outcome::Text,
    }
}
