//! `propdesk resolve ID`: settle a record two desks left in conflict by keeping one
//! version, with who and why in its history; or a receipt number two desks gave to two
//! payments, by keeping it on one and giving the other a new one.

use std::path::PathBuf;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::history::{Entry, RESOLVED};
use crate::model::ledger::Ledger;
use crate::model::party::Party;
use crate::model::record::Record;
use crate::model::unit::Unit;
use crate::procedure::dunning::DunningCase;
use crate::procedure::fees::receipts;
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
    /// The record's ID (T-…, PM-…, MI-…, MO-…, a unit, a party; a dunning case by its
    /// unit), or a receipt number two desks gave to two payments (SJ-…).
    id: String,
    /// The version to keep, as numbered when shown.
    #[arg(long, value_name = "N")]
    keep: Option<usize>,
    /// Why this version is kept (recorded in the history).
    #[arg(long, value_name = "TEXT")]
    why: Option<String>,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    // Keeping writes: the record is read under the lock, so no other desk's command
    // changes it between the read and the write. Showing only reads.
    let lock = match a.keep {
        Some(_) => Some(ctx.lock()?),
        None => None,
    };
    if let Ok(unit) = receipts::unit_of(&a.id) {
        return receipt(ctx, &a, &unit, lock);
    }
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
    let why = kept_why(&a, keep, "this version is kept (it goes in the history)")?;
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
    let lock = lock.ok_or_else(|| Error::usage("--keep N is needed to keep a version"))?;
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

/// A receipt number two desks gave to two payments of one book: both payments stay;
/// `--keep N` keeps the number on version N's payment and gives the other a new one,
/// with who and why in its `reason`, and files both receipts as the book now says.
fn receipt(ctx: &Ctx, a: &Args, unit: &str, lock: Option<store::Lock>) -> Result<()> {
    let number = a.id.trim().to_ascii_uppercase();
    let mut found = None;
    for year in ctx.store.ledger_years(unit)? {
        let rel = PathBuf::from(Ledger::DIR)
            .join(unit)
            .join(format!("{year}.yaml"));
        if let Some(text) = ctx.store.read_text(&rel)?
            && conflict::receipt_twice(&text).as_deref() == Some(number.as_str())
        {
            found = Some((rel, text));
        }
    }
    let Some((rel, text)) = found else {
        return Err(Error::data(format!(
            "receipt {number} is not one two desks gave twice: there is nothing to resolve"
        ))
        .with_hint("`propdesk check` lists the records in conflict"));
    };
    let shown = store::shown(&rel);
    let versions = conflict::versions(&text).map_err(|e| {
        Error::data(format!("{shown}: the conflict block cannot be read: {e}"))
            .with_hint("restore the file from git, or fix the block by hand")
    })?;
    let mut book: Ledger = yaml::from_yaml(&text, &shown)?;
    // Each version's payment, found in the book by what it is.
    let paid = |v: &Version| -> Option<u32> {
        let side: Ledger = yaml::from_yaml(&v.record, &shown).ok()?;
        receipts::payment_of(&book, &side, &number)
    };
    let nos: Vec<Option<u32>> = versions.iter().map(paid).collect();
    let Some(keep) = a.keep else {
        let mut out = String::new();
        for (i, (v, no)) in versions.iter().zip(&nos).enumerate() {
            let entry = no.map_or(String::new(), |n| format!(" (entry {n})"));
            out.push_str(&format!("{}) {}{entry}\n", i + 1, conflict::summary(v)));
        }
        ctx.out.print(&out)?;
        return Err(Error::data(format!(
            "{shown}: two payments were given receipt {number}; both are kept, one keeps the number"
        ))
        .with_hint(format!(
            "propdesk resolve {number} --keep 1|2 --why TEXT: the other payment gets a new receipt to hand over in exchange"
        )));
    };
    let why = kept_why(
        a,
        keep,
        "this payment keeps the number (it goes in the book)",
    )?;
    let Some(keep_no) = nos[keep - 1] else {
        return Err(Error::data(format!(
            "{shown}: version {keep}'s payment of receipt {number} is not in the book"
        )));
    };
    let reason = format!(
        "receipt {number} was given to two payments at two desks; {} kept it on entry {keep_no}: {why}",
        ctx.user
    );
    let lock = lock.ok_or_else(|| Error::usage("--keep N is needed to keep a number"))?;
    let reissued = receipts::reissue(&mut book, &number, keep_no, &reason, &mut ctx.rng())?;
    let mut changes = Changes::new(format!(
        "{}: receipt {number} kept on entry {keep_no}, the other given a new number",
        unit
    ));
    changes.put_resolved(
        &ctx.store,
        rel.clone(),
        store::record_text(&book)?.into_bytes(),
    )?;
    let unit_record: Unit = ctx
        .store
        .load(unit)?
        .ok_or_else(|| Error::not_found("unit", unit))?;
    let to = crate::cli::money::addressee(ctx, &ctx.store, &unit_record)?;
    let mut said = Vec::new();
    let path =
        crate::cli::money::file_receipt(ctx, &mut changes, &book, keep_no, &number, to.locale)?;
    said.push(format!(
        "{unit}: entry {keep_no} keeps receipt {number}: {}",
        store::shown(&path)
    ));
    for (no, new) in &reissued {
        let path = crate::cli::money::file_receipt(ctx, &mut changes, &book, *no, new, to.locale)?;
        said.push(format!(
            "{unit}: entry {no} is given receipt {new} in place of {number}: {}",
            store::shown(&path)
        ));
    }
    ctx.save(&lock, &changes)?;
    crate::cli::money::print(ctx, &said)
}

/// `--keep` of two versions and its `--why`, which says why `kept` is.
fn kept_why<'a>(a: &'a Args, keep: usize, kept: &str) -> Result<&'a str> {
    if !(1..=2).contains(&keep) {
        return Err(Error::usage(format!("--keep {keep}: expected 1 or 2")));
    }
    a.why
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .ok_or_else(|| Error::usage(format!("--why is required: say why {kept}")))
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
                .map_or("-".to_string(), |x| match masked(f, x) {
                    Value::String(s) => s,
                    other => other.to_string(),
                });
            out.push_str(&format!("\t{f}: {value}\n"));
        }
    }
    out
}

/// The value of the field at `path` as shown: a phone or an ID number (or a list of
/// them) masked, `--reveal` or not; the record's file holds both versions in full.
fn masked(path: &str, v: &Value) -> Value {
    let key = path
        .rsplit('.')
        .next()
        .unwrap_or(path)
        .split('[')
        .next()
        .unwrap_or_default();
    if !crate::model::privacy::is_number_key(key) {
        return v.clone();
    }
    match v {
        Value::String(s) => Value::String(crate::model::privacy::mask_field(key, s)),
        Value::Array(items) => Value::Array(items.iter().map(|i| masked(key, i)).collect()),
        other => other.clone(),
    }
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

    #[test]
    fn the_two_versions_numbers_are_shown_masked() {
        let phones = serde_json::json!(["13812345678", "13900001111"]);
        assert_eq!(
            masked("phones", &phones),
            serde_json::json!(["138****5678", "139****1111"])
        );
        assert_eq!(
            masked("emergency_contacts[0].phone", &Value::from("13700002222")),
            Value::from("137****2222")
        );
        assert_eq!(
            masked("id_number", &Value::from("110101199003071234")),
            Value::from("1101**********1234")
        );
        assert_eq!(masked("name", &Value::from("张三")), Value::from("张三"));
    }
}
