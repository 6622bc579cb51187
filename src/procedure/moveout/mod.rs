//! Move-out (退租 / 搬离).
//!
//! The office procedure, step by step:
//! 1. The occupant gives written notice (退租通知单) at least `[moveout] notice_days`
//!    ahead ([`steps::open`]); shorter notice needs a reason and a manager, a date
//!    before the lease's end the termination agreement. Billing is set to stop on the
//!    move-out day. The date may move while nothing depends on it (`reschedule`).
//! 2. A tenant shows the owner's written, sealed consent (`consent`).
//! 3. The goods lift is booked ([`steps::book_lift`]).
//! 4. The unit is restored if the lease says so: the works under a renovation permit,
//!    or done by the office at the party's cost ([`steps::restore`]).
//! 5. Engineering, security and the party inspect the unit against the move-in
//!    handover record ([`steps::inspect`]): the final energy from the meters, damages
//!    priced and charged.
//! 6. The keys come back to security, counted against the move-in's
//!    ([`steps::return_keys`]); missing keys are charged as damage.
//! 7. Cleaning is arranged (`cleaning`).
//! 8. The settlement statement (费用结算说明, [`steps::settle`]): the fees put right to
//!    the move-out day, the deposits applied to what is owed, the refund or the amount
//!    still owed; the refund is paid by its due day ([`steps::refund`]).
//! 9. The goods exit pass, made for the lift's slot ([`steps::exit_pass`]) only once
//!    the move-out is settled and what the occupant owes is paid or covered by the
//!    deposits held (结算后方可开具出门证; the gate is the permit's,
//!    `permit::gate`): a goods-exit permit the owner side, the tenant side and the
//!    desk sign, and security takes as the goods leave.
//! 10. Completion ([`steps::complete`]) once nothing is missing: the unit is vacant
//!     and billed until the move-out day, the dunning case closed or its debt carried,
//!     and leasing told the unit can be let.
//!
//! Where each lives: [`rules`] the `[moveout]` section of `office.toml`; [`record`] the
//! move-out, its events and the one transition function; [`inspection`], [`keys`] and
//! [`statement`] its parts; [`missing`] what settling and completing still need;
//! [`permits`] what it reads of the unit's permits and the pass it makes; [`steps`]
//! every step that changes several records, and the refusals; [`settle`] the
//! settlement's arithmetic; [`due`] the agenda; [`notices`] the notices; [`figures`]
//! the month's figures.

pub mod due;
pub mod figures;
pub mod inspection;
pub mod keys;
pub mod missing;
pub mod notices;
pub mod permits;
pub mod record;
pub mod rules;
pub mod settle;
pub mod statement;
pub mod steps;
#[cfg(test)]
mod tests;

pub use inspection::{FacilityLine, Inspection, MeterLine};
pub use keys::{KeysBack, key_shortfall, keys_handed};
pub use missing::{Around, ForParty, Missing, Waiting};
pub use record::*;
pub use rules::*;
pub use statement::{Held, Line, Refund, Section, Settlement};
