//! Move-out (退租 / 搬离).
//!
//! The office procedure: written notice at least 10 days ahead; the desk checks with
//! finance that everything is paid; a tenant shows the owner's written consent; the
//! date is fixed and the goods lift booked; a goods exit pass is signed; the unit is
//! restored if the lease says so and inspected against the move-in handover record;
//! the settlement statement nets deposits against what is owed; keys come back,
//! cleaning is arranged and leasing is told the unit can be let.
//!
//! This module holds the procedure's rules; the procedure itself is built by the
//! move-out issue.

use serde::{Deserialize, Serialize};

/// The move-out rules of `office.toml` (`[moveout]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MoveOutRules {
    /// Step 1: written notice this many days ahead (提前十天书面通知).
    pub notice_days: u32,
    /// Step 8: the deposit refund is due this many days after acceptance and settlement
    /// (set it to what the leases and local law require).
    pub refund_days: u32,
}

impl Default for MoveOutRules {
    fn default() -> Self {
        MoveOutRules {
            notice_days: 10,
            refund_days: 30,
        }
    }
}
