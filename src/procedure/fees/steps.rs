//! The steps on a unit's ledger, each a function over the records it reads and changes, with no
//! I/O: what it refuses, and why, as data ([`Refusal`]).

/// Why a step on a unit's ledger is refused. The message catalogue words each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {}
