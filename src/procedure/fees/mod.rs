//! Fees (收费): the month's bill to every occupied unit, one-off charges, payments,
//! waivers, adjustments, deposits and late fees on each unit's ledger, and the notices
//! that ask for the money (the payment notice, the statement of account).
//!
//! The office procedure, step by step:
//! 1. Property fees start on the move-in notice date at the rate of the lease and stop
//!    on the move-out day; a month they start or stop in is charged by the day
//!    ([`billing`], the schedule in [`rules`]).
//! 2. On the 1st the desk runs `bill run`: each occupied unit is charged the month's
//!    fees once, due on the office's due day, and gets a payment notice (缴费通知单)
//!    listing them with its arrears ([`steps::bill`], [`notices`]).
//! 3. Chargeable repairs, special services, fines and energy of the month are charged
//!    as they happen, to go on the next notice ([`steps::charge`]); a correction that
//!    adds to what is owed needs an approver ([`steps::adjust`]).
//! 4. Finance takes payments (`pay`): the late fees accrued on what the payment reaches
//!    are posted first, through the day, then the payment clears the charge named, then
//!    the others in the office's clearing order (late fees and fines first, then the
//!    oldest); what is left is paid in advance and clears the next charges
//!    ([`steps::pay`]).
//! 5. The manager may forgive part of what is owed (减免, [`steps::waive`]); charges for
//!    days no longer owed are credited (冲减, [`steps::credit`]).
//! 6. Deposits are held apart from fees: taken, paid back, or used to pay charges,
//!    never below zero ([`steps::receive_deposit`], [`steps::refund_deposit`],
//!    [`steps::apply_deposit`]).
//! 7. Every payment and deposit taken gets a numbered receipt (收款收据), filed with
//!    it ([`receipts`]).
//! 8. Late fees are reckoned from the ladder's late-fee day (see the dunning procedure)
//!    on what each charge left outstanding day by day; they accrue, and are posted only
//!    when a payment, deposit or waiver reaches the charge, at the month's bill run and
//!    at a move-out's settlement ([`late`]).
//!
//! Every other procedure posts its fees through these steps ([`accounts`] speaks the
//! same steps to callers that return [`crate::error::Error`]), so the rules hold
//! whoever posts.

pub mod accounts;
pub mod billing;
pub mod figures;
pub mod late;
pub mod notices;
pub mod receipts;
pub mod rules;
pub mod steps;
pub mod years;

pub use rules::{BillingRules, Fee};
