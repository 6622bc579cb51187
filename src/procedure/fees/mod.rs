//! Fees (收费): the month's bill to every occupied unit, one-off charges, payments,
//! waivers, adjustments, deposits and late fees on each unit's ledger, and the notices
//! that ask for the money (the payment notice, the statement of account).
//!
//! The office procedure: property fees start on the move-in notice date at the rate of
//! the lease; each month the desk issues payment notices (缴费通知单) and helps finance
//! collect; chargeable repairs and special services of the month go on them. Every other
//! procedure posts its fees through [`accounts`], so the rules (clearing order, late
//! fees before a payment, deposits held apart) hold whoever posts.

pub mod accounts;
pub mod billing;
pub mod figures;
pub mod notices;
pub mod steps;
