//! The desk procedures, one module each. Each owns its rules (the office's numbers,
//! with the manuals' values as defaults), and, as the procedure is built, its record
//! type, states, events and notices.
//!
//! Built so far: money (accounts, billing, dunning), tickets and move-in; the rules of
//! permits and move-out, read from `office.toml` and shown by `propdesk init`.

pub mod accounts;
pub mod billing;
pub mod dunning;
pub mod movein;
pub mod moveout;
pub mod permit;
pub mod ticket;

/// A step refused, with why: the record is left as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl From<Refused> for crate::error::Error {
    fn from(r: Refused) -> Self {
        crate::error::Error::data(r.0)
    }
}

/// `v` trimmed, or refused as "the WHAT is empty".
pub fn nonempty(what: &str, v: &str) -> Result<String, Refused> {
    let v = v.trim();
    if v.is_empty() {
        return Err(Refused(format!("the {what} is empty")));
    }
    Ok(v.to_string())
}
