//! Every error a user can see, and the exit code it means.
//!
//! Library code returns [`Error`]; only `run()` prints it, as `error: ...` with a
//! `hint: ...` line where one helps. The kind picks the exit code: 1 for a user or
//! data error (a bad record, a missing reference, a refused step), 2 for a usage or
//! configuration error (bad flags, a broken `office.toml`, a command not built yet),
//! 75 (`EX_TEMPFAIL`) for an office busy with another writer: try again later.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

/// What went wrong, at the level that decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad data, a refused step, a missing record, an I/O failure: exit 1.
    Data,
    /// Bad usage or configuration: exit 2.
    Usage,
    /// The reader of our output went away (`| head -1`): stop quietly, exit 0.
    BrokenPipe,
    /// A `--request` already done: nothing done again, what it printed printed again;
    /// exit 0 with a note.
    Repeated,
    /// Another command holds the office lock past the wait: nothing was done, try again
    /// later. Exit 75 (`EX_TEMPFAIL`), which cron wrappers and scripts can retry on.
    Busy,
}

/// The exit code of [`ErrorKind::Busy`]: sysexits' `EX_TEMPFAIL`.
pub const EXIT_BUSY: u8 = 75;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn data(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Data,
            message: message.into(),
            hint: None,
        }
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Usage,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }

    /// An I/O failure on `path`, worded for a person.
    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> Error {
        let e = Error::data(format!(
            "cannot {action} {}: {}",
            path.display(),
            plain_io(err)
        ));
        match err.raw_os_error() {
            Some(28) => e.with_hint(
                "the disk is full; free some space and run the command again (nothing was changed)",
            ),
            Some(13) => e.with_hint("check the permissions of the office directory"),
            _ => e,
        }
    }

    /// A usage error that clap has already printed.
    pub fn usage_printed() -> Error {
        Error {
            kind: ErrorKind::Usage,
            message: String::new(),
            hint: None,
        }
    }

    /// A request found done: `message` says when and by whom.
    pub fn repeated(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Repeated,
            message: message.into(),
            hint: None,
        }
    }

    /// The office is locked by another command: `message` says by whom.
    pub fn busy(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Busy,
            message: message.into(),
            hint: None,
        }
    }

    pub fn broken_pipe() -> Error {
        Error {
            kind: ErrorKind::BrokenPipe,
            message: String::new(),
            hint: None,
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self.kind {
            ErrorKind::Data => 1,
            ErrorKind::Usage => 2,
            ErrorKind::BrokenPipe | ErrorKind::Repeated => 0,
            ErrorKind::Busy => EXIT_BUSY,
        }
    }

    /// A record that does not exist.
    pub fn not_found(what: &str, id: &str) -> Error {
        Error::data(format!("no {what} {id:?}"))
    }
}

fn plain_io(err: &std::io::Error) -> String {
    // "No such file or directory (os error 2)" -> "No such file or directory"
    let s = err.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<crate::model::money::MoneyError> for Error {
    fn from(e: crate::model::money::MoneyError) -> Error {
        Error::data(e.to_string())
    }
}

impl From<crate::model::ids::IdError> for Error {
    fn from(e: crate::model::ids::IdError) -> Error {
        Error::data(e.to_string())
    }
}

/// Text from a file made safe to print: control characters (ESC, NUL, a carriage
/// return, ...) that would move the cursor, recolour or clear a terminal are written as
/// the escapes a YAML file would use for them (`\e`, `\0`, `\r`, `\x7f`). Newlines and
/// tabs are kept.
pub fn printable(s: &str) -> Cow<'_, str> {
    escape_controls(s, &['\n', '\t'])
}

/// Like [`printable`], with newlines escaped too: for what must stay on one line (a
/// problem `check` reports).
pub fn one_line(s: &str) -> Cow<'_, str> {
    escape_controls(s, &['\t'])
}

/// A value quoted for a message: in double quotes, with quotes, backslashes and control
/// characters escaped as in YAML, and shortened to its first 60 characters and `…`, so
/// that a message about a 1 MiB line still fits on a screen.
pub fn quote(s: &str) -> String {
    const KEEP: usize = 60;
    let mut out = String::with_capacity(s.len().min(4 * KEEP) + 2);
    out.push('"');
    for (i, c) in s.chars().enumerate() {
        if i == KEEP {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => push_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` with its control characters escaped, but those in `keep`.
pub fn escape_controls<'a>(s: &'a str, keep: &[char]) -> Cow<'a, str> {
    if !s.chars().any(|c| c.is_control() && !keep.contains(&c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() && !keep.contains(&c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The first control character of `s` not in `keep`: its place (counted in
/// characters from 1) and the character.
pub fn first_control(s: &str, keep: &[char]) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, c)| c.is_control() && !keep.contains(c))
        .map(|(i, c)| (i + 1, c))
}

/// A control character as a message names it: `U+001B (written \e)`, or `a line
/// break` for a newline.
pub fn control_name(c: char) -> String {
    if c == '\n' {
        return "a line break".to_string();
    }
    let mut written = String::new();
    push_escape(&mut written, c);
    format!("the control character U+{:04X} ({written})", c as u32)
}

/// YAML's escape for a control character.
fn push_escape(out: &mut String, c: char) {
    match c {
        '\0' => out.push_str("\\0"),
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\u{b}' => out.push_str("\\v"),
        '\u{c}' => out.push_str("\\f"),
        '\r' => out.push_str("\\r"),
        '\u{1b}' => out.push_str("\\e"),
        c => out.push_str(&format!("\\x{:02x}", c as u32)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_as_yaml_writes_them() {
        assert_eq!(printable("a\u{1b}[31mb\0\n\tc"), "a\\e[31mb\\0\n\tc");
        assert_eq!(one_line("a\nb\r\u{7f}\u{85}"), "a\\nb\\r\\x7f\\x85");
        assert!(matches!(printable("报修 plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_first_control_character_is_found_and_named() {
        assert_eq!(
            first_control("Bob\u{1b}]0;x\u{7}", &[]),
            Some((4, '\u{1b}'))
        );
        assert_eq!(first_control("两行\n备注", &['\n']), None);
        assert_eq!(first_control("两行\n备注", &[]), Some((3, '\n')));
        assert_eq!(first_control("plain 文字\t", &['\t']), None);
        assert_eq!(control_name('\u{1b}'), "the control character U+001B (\\e)");
        assert_eq!(
            control_name('\u{85}'),
            "the control character U+0085 (\\x85)"
        );
        assert_eq!(control_name('\n'), "a line break");
    }

    #[test]
    fn a_quoted_value_is_escaped_and_shortened() {
        assert_eq!(quote("P-1\n../x"), "\"P-1\\n../x\"");
        assert_eq!(quote("say \"hi\" \\"), "\"say \\\"hi\\\" \\\\\"");
        let long = quote(&"[".repeat(1_000_000));
        assert_eq!(long, format!("\"{}…\"", "[".repeat(60)));
    }
}
