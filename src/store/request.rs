//! Requests: what makes a write safe to retry. A script that cannot tell whether its
//! command landed (the command was killed, the machine went down) runs it again with
//! the same `--request KEY`. The first run saves a note of the key in the same
//! transaction as its change, so the note exists exactly when the change does; a run
//! that finds the note does nothing again and prints what the first run printed.
//!
//! Notes live in `.propdesk/requests/` (this desk's own, never in git) and are pruned
//! after [`KEEP_DAYS`].

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The folder of request notes, under the office root.
pub const DIR: &str = ".propdesk/requests";

/// How long a note is kept: a retry comes within minutes or hours, not weeks.
pub const KEEP_DAYS: u64 = 30;

/// What the first run of a request left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The fingerprint of the command's arguments (without `--request`).
    pub fingerprint: String,
    /// The command, as far as the lock holder's description shows it.
    pub command: String,
    /// When it ran (office time) and who ran it.
    pub at: String,
    pub by: String,
    /// What it changed (office paths) and the commit message it asked for.
    pub files: Vec<String>,
    pub message: String,
    /// What it printed, once it had printed it; none when it was stopped before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
}

/// Checks a key typed after `--request`: letters, digits and `. _ -`, at most 64, not
/// starting with a dot (it names a file, on Windows too).
pub fn check_key(key: &str) -> Result<()> {
    let ok = !key.is_empty()
        && key.len() <= 64
        && !key.starts_with('.')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        return Ok(());
    }
    Err(Error::usage(format!(
        "invalid --request {key:?}: expected 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'"
    ))
    .with_hint("use one key per change a script makes, as `--request rent-A-1203-2026-12`"))
}

/// The note's path, relative to the office root.
pub fn rel_path(key: &str) -> PathBuf {
    Path::new(DIR).join(format!("{key}.json"))
}

/// The fingerprint of a command's arguments, `--request` and its key left out: FNV-1a,
/// stable across builds, so a retry by a newer propdesk still matches.
pub fn fingerprint(args: &[String]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
            continue;
        }
        if a == "--request" {
            skip = true;
            continue;
        }
        if a.starts_with("--request=") {
            continue;
        }
        for b in a.as_bytes().iter().chain([0u8].iter()) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{h:016x}")
}

/// The note of `key` in the office at `root`, if the key was used.
pub fn read(root: &Path, key: &str) -> Result<Option<Note>> {
    let path = root.join(rel_path(key));
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("read", &path, &e)),
    };
    serde_json::from_str(&text).map(Some).map_err(|e| {
        Error::data(format!(
            "{} is not a request note propdesk can read: {e}",
            path.display()
        ))
        .with_hint(format!("delete it if no script will retry request {key:?}"))
    })
}

pub fn to_bytes(note: &Note) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(note).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}

/// Adds the output to a saved note (best effort: without it a retry prints the files
/// the request changed), and prunes notes older than [`KEEP_DAYS`].
pub fn keep_output(root: &Path, key: &str, output: &str) {
    if let Ok(Some(mut note)) = read(root, key) {
        note.output = Some(output.to_string());
        let _ = super::txn::write_file_atomic(&root.join(rel_path(key)), &to_bytes(&note));
    }
    prune(root);
}

fn prune(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root.join(DIR)) else {
        return;
    };
    let keep = std::time::Duration::from_secs(KEEP_DAYS * 24 * 3600);
    for e in entries.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > keep);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// What a retry prints when the first run was stopped before printing: the files the
/// request changed, one a line.
pub fn files_of(note: &Note) -> String {
    note.files.iter().map(|f| format!("{f}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn the_fingerprint_ignores_the_key_and_nothing_else() {
        let a = fingerprint(&args("pay A-1203 222 --request k1"));
        assert_eq!(a, fingerprint(&args("pay A-1203 222 --request k2")));
        assert_eq!(a, fingerprint(&args("pay A-1203 222 --request=k3")));
        assert_ne!(a, fingerprint(&args("pay A-1203 223 --request k1")));
        // Arguments are kept apart: "ab c" is not "a bc".
        assert_ne!(fingerprint(&args("ab c")), fingerprint(&args("a bc")));
    }

    #[test]
    fn keys_name_a_file_inside_the_requests_folder() {
        for bad in [
            "",
            ".hidden",
            "../x",
            "a/b",
            "a\\b",
            "a:b",
            "a b",
            &"k".repeat(65),
        ] {
            assert!(check_key(bad).is_err(), "{bad:?}");
        }
        check_key("rent-A-1203-2026-12_v1.0").unwrap();
        assert_eq!(rel_path("r-1"), Path::new(".propdesk/requests/r-1.json"));
    }
}
