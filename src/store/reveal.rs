//! The reveal log: `.propdesk/reveal.log`, one line for each command that showed
//! phones or ID numbers in full (`--reveal`), appended before anything is shown: when
//! (the machine's clock, with the office's UTC offset), who (the clerk at the desk),
//! the whole command line, and the records shown (separated by spaces), the four
//! fields separated by tabs (shown here as `→`):
//!
//! ```text
//! 2026-11-23T09:30:12+08:00→王芳→propdesk --reveal party show 1EKX7B→P-20261102-1EKX7B
//! ```
//!
//! It is this desk's own and never in git: `.propdesk/` holds a `.gitignore` of `*`,
//! so even an office whose own `.gitignore` lacks `.propdesk/` never commits it. A
//! line that cannot be written (and synced) is an error, and the reveal does not
//! happen: every `--reveal` use is in the log.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, FixedOffset};

use crate::error::{Error, Result};
use crate::store::WORK_DIR;

/// The log, under the office root.
pub const LOG: &str = ".propdesk/reveal.log";

/// The `.gitignore` that keeps `.propdesk/` out of git whatever the office's own says.
const IGNORE_ALL: &str =
    "# propdesk's own working files (lock, journal, index, reveal log): never committed\n*\n";

/// One line of the log, with its newline. Control characters in a field (a tab in
/// `--by`, a newline in an argument) are escaped, so a line is always one line of
/// four fields.
pub fn line(at: DateTime<FixedOffset>, user: &str, command: &str, records: &[&str]) -> String {
    let field = |s: &str| crate::error::escape_controls(s, &[]).into_owned();
    format!(
        "{}\t{}\t{}\t{}\n",
        at.format("%Y-%m-%dT%H:%M:%S%:z"),
        field(user),
        field(command),
        field(&records.join(" "))
    )
}

/// The command line as a shell would take it back: `propdesk` and each argument,
/// quoted where it has to be (`--by '王 芳'`).
pub fn command_line(args: &[String]) -> String {
    let mut words = vec!["propdesk".to_string()];
    words.extend(args.iter().skip(1).map(|a| shell_word(a)));
    words.join(" ")
}

fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().all(|c| {
            c.is_alphanumeric()
                || "-_./:=,+@%^".contains(c)
                || (!c.is_ascii() && !c.is_control() && !c.is_whitespace())
        });
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Appends `line` to the log (creating it, and `.propdesk/.gitignore`), synced to disk.
pub fn append(root: &Path, line: &str) -> Result<()> {
    let failed = |e: std::io::Error| {
        Error::data(format!(
            "--reveal refused: cannot write the reveal log {LOG}: {e}"
        ))
        .with_hint(format!(
            "every --reveal is logged before anything is shown; make {} writable, or run the command without --reveal",
            root.join(WORK_DIR).display()
        ))
    };
    let dir = root.join(WORK_DIR);
    std::fs::create_dir_all(&dir).map_err(failed)?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        // Written once; a desk that runs two reveals at the same moment writes the same.
        std::fs::write(&ignore, IGNORE_ALL).map_err(failed)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(root.join(LOG))
        .map_err(failed)?;
    // One write of the whole line: appends from two commands never interleave inside it.
    f.write_all(line.as_bytes()).map_err(failed)?;
    f.sync_data().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_four_tab_separated_fields_on_one_line() {
        let at = DateTime::parse_from_rfc3339("2026-11-23T09:30:00+08:00").unwrap();
        let args: Vec<String> = [
            "/usr/bin/propdesk",
            "--by",
            "王 芳",
            "party",
            "show",
            "it's\tx",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let command = command_line(&args);
        assert_eq!(command, "propdesk --by '王 芳' party show 'it'\\''s\tx'");
        let l = line(at, "li\tsi", &command, &["P-1", "T-2"]);
        assert_eq!(
            l,
            "2026-11-23T09:30:00+08:00\tli\\tsi\tpropdesk --by '王 芳' party show 'it'\\''s\\tx'\tP-1 T-2\n"
        );
        assert_eq!(l.matches('\t').count(), 3);
    }

    #[test]
    fn the_log_is_appended_and_kept_out_of_git() {
        let d = tempfile::tempdir().unwrap();
        append(d.path(), "a\n").unwrap();
        append(d.path(), "b\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(d.path().join(LOG)).unwrap(),
            "a\nb\n"
        );
        let ignore = std::fs::read_to_string(d.path().join(".propdesk/.gitignore")).unwrap();
        assert!(ignore.lines().any(|l| l == "*"));
        // A log that cannot be opened refuses.
        let e = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(e.path().join(LOG)).unwrap();
        let err = append(e.path(), "c\n").unwrap_err();
        assert!(
            err.message.starts_with("--reveal refused"),
            "{}",
            err.message
        );
        assert_eq!(err.exit_code(), 1);
    }
}
