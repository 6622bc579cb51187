//! Move-in (入驻 / 收楼 / 入伙).
//!
//! The office procedure, step by step:
//! 1. Leasing sends the move-in notice (入驻通知书): the desk opens the move-in
//!    ([`steps::open`]) once the unit is free and the party holds the role, with the
//!    checklist of documents for a person or a company (and an agent's letter).
//! 2. The documents are received (`receive`) and the tenant file opened.
//! 3. The handbook, rules and agreements are handed out against signatures (`handout`).
//! 4. Engineering, security and the tenant inspect the unit jointly ([`steps::inspect`]):
//!    every meter of the unit's use read, every facility of the checklist recorded,
//!    each defect a repair ticket with a deadline to fix it.
//! 5. The first period's fees and the move-in charges are billed ([`steps::bill`]) and
//!    paid at finance with the deposits.
//! 6. The keys are handed over and signed for (`keys`).
//! 7. The tenant signs the handover record (房屋确认书, `handover`).
//! 8. The move-in is completed ([`steps::complete`]) once nothing is missing (or by a
//!    manager's override): the unit gets its occupant and is billed from the fee start;
//!    open defects get a re-inspection date.
//! 9. The re-inspection, and the welcome visit within days (`reinspect`, `visit`).
//!
//! Where each lives: [`rules`] the `[movein]` section of `office.toml`; [`record`] the
//! move-in, its events and the one transition function; [`inspection`] and [`keys`]
//! its parts; [`missing`] what `complete` still needs; [`steps`] every step and its
//! refusals; [`bill`] the fees billed at move-in; [`due`] the agenda; [`notices`] the
//! notices; [`figures`] the month's figures.

pub mod bill;
pub mod due;
pub mod figures;
pub mod inspection;
pub mod keys;
pub mod missing;
pub mod notices;
pub mod record;
pub mod rules;
pub mod steps;
#[cfg(test)]
mod tests;

pub use inspection::{Condition, Facility, Inspection, MeterValue, Reading};
pub use keys::{KeySet, Keys};
pub use missing::{Around, Missing, Waiting};
pub use record::*;
pub use rules::*;
