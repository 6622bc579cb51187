//! `propdesk resolve ID`: settle a record two desks left in conflict by keeping one
//! version, with who and why in its history.

use std::path::PathBuf;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::history::{Entry, RESOLVED};
use crate::model::party::Party;
use crate::model::record::Record;
use crate::model::unit::Unit;
use crate::procedure::dunning::DunningCase;
use crate::procedure::movein::MoveIn;
use crate::procedure::moveout::MoveOut;
use crate::procedure::permit::Permit;
use crate::procedure::ticket::record::Ticket;
use crate::store::conflict::{self, Version};
use crate::store::{self, Changes, yaml};

/// Settle a record two desks changed in ways that cannot both stand.
///
/// Without --keep, shows both versions: who took which steps when, and the fields
/// they disagree on. With --keep N and --why, keeps version N: the record becomes that
/// version, and its history gains a "resolved" entry naming who kept what, what was
/// set aside and why. Redo a step of the version set aside if it still stands.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record's ID (T-…, PM-…, MI-…, MO-…, a unit, a party; a dunning case by its unit).
    id: String,
    /// The version to keep, as numbered when shown.
    #[arg(long, value_name = "N")]
    keep: Option<usize>,
    /// Why this version is kept (recorded in the history).
    #[arg(long, value_name = "TEXT")]
    why: Option<String>,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    if crate::model::ids::validate(&a.id).is_err() {
        return Err(Error::usage(format!("{:?} is not a record ID", a.id)));
    }
    let candidates = [
        Ticket::rel_path(&a.id),
        Permit::rel_path(&a.id),
        MoveIn::rel_path(&a.id),
        MoveOut::rel_path(&a.id),
        Party::rel_path(&a.id),
        Unit::rel_path(&a.id),
        DunningCase::rel_path(&a.id),
    ];
    let mut found = Vec::new();
    let mut exists = false;
    for rel in candidates {
        let Some(text) = ctx.store.read_text(&rel)? else {
            continue;
        };
        exists = true;
        if conflict::is_marked(text.as_bytes()) {
            found.push((rel, text));
        }
    }
    let Some((rel, text)) = found.into_iter().next() else {
        return Err(match exists {
            true => Error::data(format!(
                "{} is not in conflict: there is nothing to resolve",
                a.id
            ))
            .with_hint("`propdesk check` lists the records in conflict"),
            false => Error::not_found("record", &a.id),
        });
    };
    let shown = store::shown(&rel);
    let versions = conflict::versions(&text).map_err(|e| {
        Error::data(format!("{shown}: the conflict block cannot be read: {e}"))
            .with_hint("restore the file from git, or fix the block by hand")
    })?;
    let made_twice = conflict::made_twice(&text);
    if versions.len() != 2 {
        return Err(Error::data(format!(
            "{shown}: the conflict block holds {} versions; expected 2",
            versions.len()
        )));
    }
    let Some(keep) = a.keep else {
        ctx.out.print(&show(&versions))?;
        return Err(
            Error::data(format!("{shown}: two desks' versions; keep one"))
                .with_hint(format!("propdesk resolve {} --keep 1|2 --why TEXT", a.id)),
        );
    };
    if !(1..=2).contains(&keep) {
        return Err(Error::usage(format!("--keep {keep}: expected 1 or 2")));
    }
    let why = a
        .why
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .ok_or_else(|| {
            Error::usage("--why is required: say why this version is kept (it goes in the history)")
        })?;
    let (kept, other) = (&versions[keep - 1], &versions[2 - keep]);
    let note = format!(
        "kept {}; set aside {}: {why}",
        conflict::summary(kept),
        conflict::summary(other)
    );
    let entry = Entry::new(ctx.stamp(), &ctx.user, RESOLVED, Some(note));
    let dir = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = match dir.as_str() {
        Ticket::DIR => with_entry::<Ticket>(&kept.record, entry, &shown)?,
        Permit::DIR => with_entry::<Permit>(&kept.record, entry, &shown)?,
        MoveIn::DIR => with_entry::<MoveIn>(&kept.record, entry, &shown)?,
        MoveOut::DIR => with_entry::<MoveOut>(&kept.record, entry, &shown)?,
        Party::DIR => with_entry::<Party>(&kept.record, entry, &shown)?,
        Unit::DIR => with_entry::<Unit>(&kept.record, entry, &shown)?,
        _ => with_entry::<DunningCase>(&kept.record, entry, &shown)?,
    };
    let lock = ctx.lock()?;
    let mut changes = Changes::new(format!(
        "{}: resolved, kept {}",
        a.id,
        conflict::summary(kept)
    ));
    changes.put_resolved(&ctx.store, PathBuf::from(&rel), text.into_bytes())?;
    ctx.save(&lock, &changes)?;
    if made_twice {
        // Two records had one ID: the one not kept is in no file now.
        crate::warn(
            &format!(
                "{} was made at two desks for two records; the other is not kept under any ID:\n{}",
                a.id,
                other.record.trim_end()
            ),
            Some(
                "make it again from the lines above (`propdesk ... add` or `new`): it gets an ID of its own",
            ),
        );
    }
    ctx.out.print(&format!("{}\n", a.id))
}

/// Both versions, numbered, with the fields they disagree on.
fn show(versions: &[Version]) -> String {
    let mut out = String::new();
    let values: Vec<Option<Value>> = versions
        .iter()
        .map(|v| serde_saphyr::from_str::<Value>(&v.record).ok())
        .collect();
    for (i, v) in versions.iter().enumerate() {
        out.push_str(&format!("{}\t{}\n", i + 1, conflict::summary(v)));
        for f in &v.fields {
            let value = values[i]
                .as_ref()
                .and_then(|r| at(r, f))
                .map_or("-".to_string(), |x| match x {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                });
            out.push_str(&format!("\t{f}: {value}\n"));
        }
    }
    out
}

/// The value at a merge's path (`page.state`, `steps[2].status`).
fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = v;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, index) = match part.split_once('[') {
            Some((k, rest)) => (k, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        if !key.is_empty() {
            cur = cur.get(key)?;
        }
        if let Some(i) = index {
            cur = cur.get(i)?;
        }
    }
    Some(cur)
}

/// The kept version's text with `entry` appended to its history.
fn with_entry<T: Record + Serialize + DeserializeOwned>(
    text: &str,
    entry: Entry,
    shown: &str,
) -> Result<String> {
    let record: T = yaml::from_yaml(text, shown)?;
    let mut v = serde_json::to_value(&record).map_err(|e| Error::data(format!("{shown}: {e}")))?;
    let history = v
        .get_mut("history")
        .and_then(Value::as_array_mut)
        .ok_or_else(|| Error::data(format!("{shown}: the record keeps no history")))?;
    if !history.is_empty() {
        history.push(serde_json::to_value(&entry).map_err(|e| Error::data(e.to_string()))?);
    }
    let record: T = serde_json::from_value(v).map_err(|e| Error::data(format!("{shown}: {e}")))?;
    store::record_text(&record)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merge_path_names_a_value_inside_the_record() {
        let v: Value = serde_json::json!({"steps": [{"status": "a"}, {"status": "b"}], "page": {"state": "x"}});
        assert_eq!(at(&v, "steps[1].status"), Some(&Value::from("b")));
        assert_eq!(at(&v, "page.state"), Some(&Value::from("x")));
        assert_eq!(at(&v, "nope"), None);
    }
}
