//! The desk procedures, one module each. Each owns its rules (the office's numbers,
//! with the manuals' values as defaults), and, as the procedure is built, its record
//! type, states, events and notices.
//!
//! Built so far: the rules of every procedure, read from `office.toml` and shown by
//! `propdesk init`. The procedures themselves arrive with their own issues.

pub mod accounts;
pub mod billing;
pub mod dunning;
pub mod movein;
pub mod moveout;
pub mod permit;
pub mod ticket;
