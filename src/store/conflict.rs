//! A record two desks changed in ways that cannot both stand (a ticket closed on one
//! desk and sent back on the other, a permit approved on one and rejected on the
//! other), as the merge leaves it: the record reads as the version whose step came
//! first, and a `conflict:` block at the end of the file keeps both versions whole,
//! each with who took which steps when. Every command reads the record; no command
//! writes it until `propdesk resolve ID` keeps one version, with who and why in the
//! history.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The key that starts the block, on a line of its own.
pub const KEY: &str = "conflict:";

/// One desk's version of a record in conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// Who took this version's steps (the last of them).
    pub by: String,
    /// When (the last of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<FixedOffset>>,
    /// The steps this desk took since the desks parted, as the history names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
    /// The fields the two versions disagree on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// The whole record as this desk left it.
    pub record: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Block {
    conflict: Vec<Version>,
    /// Both desks made a record with this ID (git's add/add): two records, not two
    /// versions of one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    made_twice: bool,
    /// A ledger book whose two desks gave one receipt number to two payments: the
    /// number. The book (`body`) holds both payments; `propdesk resolve` keeps the
    /// number on one and gives the other a new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    receipt: Option<String>,
}

/// Where the block starts in `text`, if it has one.
fn start(text: &str) -> Option<usize> {
    if text.starts_with(KEY) {
        return Some(0);
    }
    text.find("\nconflict:").map(|i| i + 1)
}

/// The record's own text, without a conflict block.
pub fn body(text: &str) -> &str {
    start(text).map_or(text, |i| &text[..i])
}

/// Whether `text` holds a record in conflict.
pub fn is_marked(text: &[u8]) -> bool {
    // Read for every record `check` loads: one pass over the line starts.
    text.starts_with(KEY.as_bytes())
        || text
            .iter()
            .enumerate()
            .any(|(i, &b)| b == b'\n' && text[i + 1..].starts_with(KEY.as_bytes()))
}

/// The two versions kept in `text`; an error names what is wrong with the block.
pub fn versions(text: &str) -> Result<Vec<Version>, String> {
    let Some(i) = start(text) else {
        return Ok(Vec::new());
    };
    let block: Block = serde_saphyr::from_str(&text[i..]).map_err(|e| e.to_string())?;
    Ok(block.conflict)
}

fn block(text: &str) -> Option<Block> {
    start(text).and_then(|i| serde_saphyr::from_str::<Block>(&text[i..]).ok())
}

/// Whether the two versions in `text` are two records made with one ID at two desks.
pub fn made_twice(text: &str) -> bool {
    block(text).is_some_and(|b| b.made_twice)
}

/// The receipt number two desks gave to two payments of the book in `text`, if that
/// is what is marked.
pub fn receipt_twice(text: &str) -> Option<String> {
    block(text).and_then(|b| b.receipt)
}

/// `body` with the block of `versions` after it (`made_twice`: two records made with
/// one ID; `receipt`: the number two payments of a book were given).
pub fn marked(
    body: &str,
    versions: Vec<Version>,
    made_twice: bool,
    receipt: Option<&str>,
) -> Result<String, String> {
    let options = serde_saphyr::ser_options! {
        prefer_block_scalars: true,
    };
    let block = serde_saphyr::to_string_with_options(
        &Block {
            conflict: versions,
            made_twice,
            receipt: receipt.map(str::to_string),
        },
        options,
    )
    .map_err(|e| e.to_string())?;
    let mut text = body.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&block);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// A version in a line: `王 closed 2026-12-01 10:00`.
pub fn summary(v: &Version) -> String {
    let steps = if v.steps.is_empty() {
        "changed".to_string()
    } else {
        v.steps.join(", ")
    };
    match v.at {
        Some(at) => format!("{} {steps} {}", v.by, at.format("%Y-%m-%d %H:%M")),
        None => format!("{} {steps}", v.by),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_is_kept_apart_from_the_record_and_read_back_whole() {
        let v = |by: &str, rec: &str| Version {
            by: by.into(),
            at: Some("2026-12-01T10:00:00+08:00".parse().unwrap()),
            steps: vec!["closed".into()],
            fields: vec!["status".into()],
            record: rec.into(),
        };
        let body = "id: T-1\nstatus: closed\n";
        let versions = vec![
            v("王", "id: T-1\nstatus: closed\nconflict: no\n"),
            v("李", "id: T-1\nstatus: dispatched\n"),
        ];
        let text = marked(body, versions.clone(), false, None).unwrap();
        assert!(is_marked(text.as_bytes()));
        assert!(!made_twice(&text));
        assert!(made_twice(
            &marked(body, versions.clone(), true, None).unwrap()
        ));
        assert!(!is_marked(body.as_bytes()));
        assert_eq!(super::body(&text), body);
        assert_eq!(super::versions(&text).unwrap(), versions);
        assert_eq!(summary(&versions[0]), "王 closed 2026-12-01 10:00");
    }
}
