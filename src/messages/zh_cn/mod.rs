//! The Chinese (zh-CN) catalogue: a file per procedure, a function per kind of message.

pub mod agenda;
pub mod common;
pub mod dunning;
pub mod fees;
pub mod movein;
pub mod moveout;
pub mod permit;
pub mod receipt;
pub mod ticket;
