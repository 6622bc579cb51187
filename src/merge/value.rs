//! The three-way merge of one record's fields, on its YAML read as plain values.
//!
//! A field changed on one desk only takes that desk's value; changed alike on both,
//! the value. A list both desks only added to (a history, a dunning case's contacts,
//! a move-in's documents) keeps the common part and both desks' additions, each
//! desk's in its own order, the two interleaved by time: what was added the same on
//! both is kept once. What both desks changed differently is a clash, named by its
//! path; the caller decides what a clash means for the record.
//!
//! Everything here is symmetric: which desk is "ours" never changes the result, so a
//! merge and a rebase of the same work give the same record.

use std::cmp::Ordering;

use serde_json::{Map, Value};

/// Two entries of a list that stand for the same thing (the same step on the same
/// day, taken by two desks' same-day runs): kept once.
pub type Same = fn(&str, &Value, &Value) -> bool;

/// The merged value, and the paths both desks changed differently (where the merged
/// value holds the value of the desk that comes first, by [`order`]).
pub fn merge(
    base: Option<&Value>,
    ours: &Value,
    theirs: &Value,
    same: Same,
) -> (Value, Vec<String>) {
    let mut clashes = Vec::new();
    let v = walk("", base, ours, theirs, same, &mut clashes);
    (v, clashes)
}

fn walk(
    path: &str,
    base: Option<&Value>,
    ours: &Value,
    theirs: &Value,
    same: Same,
    clashes: &mut Vec<String>,
) -> Value {
    if ours == theirs {
        return ours.clone();
    }
    if base == Some(ours) {
        return theirs.clone();
    }
    if base == Some(theirs) {
        return ours.clone();
    }
    match (ours, theirs) {
        (Value::Object(o), Value::Object(t)) => {
            let b = base.and_then(Value::as_object);
            let mut out = Map::new();
            let mut keys: Vec<&String> = o.keys().chain(t.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let at = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                let bk = b.and_then(|b| b.get(k));
                match (o.get(k), t.get(k)) {
                    (Some(ov), Some(tv)) => {
                        out.insert(k.clone(), walk(&at, bk, ov, tv, same, clashes));
                    }
                    (Some(one), None) | (None, Some(one)) => match bk {
                        // Added on one desk.
                        None => {
                            out.insert(k.clone(), one.clone());
                        }
                        // Removed on one desk, untouched on the other.
                        Some(b) if b == one => {}
                        // Removed on one desk, changed on the other.
                        Some(_) => {
                            clashes.push(at);
                            out.insert(k.clone(), one.clone());
                        }
                    },
                    (None, None) => {}
                }
            }
            Value::Object(out)
        }
        (Value::Array(o), Value::Array(t)) => {
            let b: &[Value] = base.and_then(Value::as_array).map_or(&[], Vec::as_slice);
            let aligned = b.len() <= o.len()
                && b.len() <= t.len()
                && (0..b.len()).all(|i| same_slot(&b[i], &o[i]) && same_slot(&b[i], &t[i]));
            if aligned {
                // Entries changed in place, each against the common one; then both
                // desks' additions.
                let mut out: Vec<Value> = (0..b.len())
                    .map(|i| {
                        walk(
                            &format!("{path}[{i}]"),
                            Some(&b[i]),
                            &o[i],
                            &t[i],
                            same,
                            clashes,
                        )
                    })
                    .collect();
                out.extend(interleave(path, &o[b.len()..], &t[b.len()..], same));
                return Value::Array(out);
            }
            if o.iter().any(has_slot) || t.iter().any(has_slot) || b.is_empty() {
                // A list of dated entries that an earlier merge interleaved (a rebase
                // replays one desk's commits one by one): the entries both have from
                // the start, then each side's others, each entry once.
                let p = o.iter().zip(t).take_while(|(x, y)| x == y).count();
                let mut out = o[..p].to_vec();
                out.extend(interleave(path, &o[p..], &t[p..], same));
                return Value::Array(out);
            }
            // One desk took entries out of a list: not a step propdesk takes.
            clashes.push(path.to_string());
            first_of(ours, theirs).clone()
        }
        _ => {
            clashes.push(path.to_string());
            first_of(ours, theirs).clone()
        }
    }
}

/// The keys that say which entry of a list a value is, whatever else changed in it:
/// when it happened, which step of a ladder, which entry of a ledger.
const SLOT_KEYS: [&str; 6] = ["at", "day", "action", "date", "made", "entry"];

fn has_slot(v: &Value) -> bool {
    v.as_object()
        .is_some_and(|o| SLOT_KEYS.iter().any(|k| o.contains_key(*k)))
}

/// Whether `x` and `y` are one entry of a list (one changed in place).
fn same_slot(x: &Value, y: &Value) -> bool {
    if x == y {
        return true;
    }
    let (Some(a), Some(b)) = (x.as_object(), y.as_object()) else {
        return false;
    };
    let keys: Vec<&str> = SLOT_KEYS
        .iter()
        .copied()
        .filter(|k| a.contains_key(*k) && b.contains_key(*k))
        .collect();
    !keys.is_empty() && keys.iter().all(|k| a.get(*k) == b.get(*k))
}

/// Of two values, the one that comes first in the order every desk agrees on.
fn first_of<'a>(a: &'a Value, b: &'a Value) -> &'a Value {
    if order(a, b) == Ordering::Greater {
        b
    } else {
        a
    }
}

/// The order of two entries added on two desks: by their time (`at`, else `date`),
/// then by their text, so both desks put them alike.
pub fn order(a: &Value, b: &Value) -> Ordering {
    time_of(a)
        .cmp(&time_of(b))
        .then_with(|| a.to_string().cmp(&b.to_string()))
}

fn time_of(v: &Value) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let o = v.as_object()?;
    if let Some(at) = o.get("at").and_then(Value::as_str) {
        return chrono::DateTime::parse_from_rfc3339(at).ok();
    }
    let day = ["date", "made", "taken"]
        .iter()
        .find_map(|k| o.get(*k).and_then(Value::as_str))?;
    let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    Some(d.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset())
}

/// Both desks' additions to a list, each desk's in its own order, interleaved by
/// [`order`]; an addition the other desk made too is kept once.
fn interleave(path: &str, o: &[Value], t: &[Value], same: Same) -> Vec<Value> {
    let t: Vec<&Value> = t
        .iter()
        .filter(|x| !o.iter().any(|y| y == *x || same(path, y, x)))
        .collect();
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(o.len() + t.len());
    while i < o.len() || j < t.len() {
        let take_o = match (o.get(i), t.get(j)) {
            (Some(a), Some(b)) => order(a, b) != Ordering::Greater,
            (Some(_), None) => true,
            _ => false,
        };
        if take_o {
            out.push(o[i].clone());
            i += 1;
        } else {
            out.push(t[j].clone());
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn none(_: &str, _: &Value, _: &Value) -> bool {
        false
    }

    #[test]
    fn a_field_changed_on_one_desk_takes_that_desks_value() {
        let b = json!({"phone": "1", "name": "王"});
        let o = json!({"phone": "2", "name": "王"});
        let t = json!({"phone": "1", "name": "王先生"});
        let (m, c) = merge(Some(&b), &o, &t, none);
        assert_eq!(m, json!({"phone": "2", "name": "王先生"}));
        assert!(c.is_empty());
    }

    #[test]
    fn both_desks_additions_to_a_list_are_interleaved_by_time_and_kept_once() {
        let e = |at: &str, ev: &str| json!({"at": at, "event": ev});
        let b = json!({"history": [e("2026-12-01T09:00:00+08:00", "reported")]});
        let o = json!({"history": [e("2026-12-01T09:00:00+08:00", "reported"),
            e("2026-12-01T10:00:00+08:00", "dispatched"), e("2026-12-01T12:00:00+08:00", "arrived")]});
        let t = json!({"history": [e("2026-12-01T09:00:00+08:00", "reported"),
            e("2026-12-01T11:00:00+08:00", "note"), e("2026-12-01T12:00:00+08:00", "arrived")]});
        let (m, c) = merge(Some(&b), &o, &t, none);
        let events: Vec<&str> = m["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["event"].as_str().unwrap())
            .collect();
        assert_eq!(events, ["reported", "dispatched", "note", "arrived"]);
        assert!(c.is_empty());
        // The other way round (a rebase) gives the same.
        assert_eq!(merge(Some(&b), &t, &o, none).0, m);
    }

    #[test]
    fn a_value_both_desks_changed_differently_is_a_clash_alike_either_way() {
        let b = json!({"status": "pending", "page": {"state": "pending"}});
        let o = json!({"status": "approved", "page": {"state": "approved"}});
        let t = json!({"status": "rejected", "page": {"state": "rejected"}});
        let (m1, c1) = merge(Some(&b), &o, &t, none);
        let (m2, c2) = merge(Some(&b), &t, &o, none);
        assert_eq!(c1, ["page.state", "status"]);
        assert_eq!(c1, c2);
        assert_eq!(m1, m2);
    }

    #[test]
    fn a_rebase_replaying_one_desks_steps_one_at_a_time_ends_as_the_merge() {
        let e = |at: &str, ev: &str| json!({"at": at, "event": ev});
        let r = e("2026-12-01T09:00:00+08:00", "reported");
        let x_a = e("2026-12-01T10:00:00+08:00", "note-a");
        let x_b1 = e("2026-12-01T11:00:00+08:00", "note-b1");
        let x_b2 = e("2026-12-01T12:00:00+08:00", "note-b2");
        let b = json!({"history": [r.clone()]});
        let a = json!({"history": [r.clone(), x_a.clone()]});
        let b1 = json!({"history": [r.clone(), x_b1.clone()]});
        let b2 = json!({"history": [r.clone(), x_b1.clone(), x_b2.clone()]});
        let merged = merge(Some(&b), &b2, &a, none).0;
        let r1 = merge(Some(&b), &a, &b1, none).0;
        let r2 = merge(Some(&b1), &r1, &b2, none).0;
        assert_eq!(r2, merged);
        assert_eq!(merged["history"].as_array().unwrap().len(), 4);
    }

    #[test]
    fn a_step_changed_in_place_and_a_step_added_are_both_kept() {
        let step = |day: u32, status: &str| json!({"day": day, "action": "call", "status": status});
        let b = json!({"steps": [step(1, "pending")]});
        let o = json!({"steps": [step(1, "done")]});
        let t = json!({"steps": [step(1, "pending"), step(3, "pending")]});
        let (m, c) = merge(Some(&b), &o, &t, none);
        assert_eq!(m, json!({"steps": [step(1, "done"), step(3, "pending")]}));
        assert!(c.is_empty());
    }

    #[test]
    fn a_list_cut_short_on_one_desk_is_a_clash() {
        let b = json!({"keys": [1, 2]});
        let o = json!({"keys": [1]});
        let t = json!({"keys": [1, 2, 3]});
        assert_eq!(merge(Some(&b), &o, &t, none).1, ["keys"]);
    }
}
