//! Every error a user can see, and the exit code it means.
//!
//! Library code returns [`Error`]; only `run()` prints it, as `error: ...` with a
//! `hint: ...` line where one helps. The kind picks the exit code: 1 for a user or
//! data error (a bad record, a missing reference, a refused step, a locked office),
//! 2 for a usage or configuration error (bad flags, a broken `office.toml`, a command
//! not built yet).

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
}

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
            ErrorKind::BrokenPipe => 0,
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
