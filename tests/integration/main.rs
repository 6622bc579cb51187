//! propdesk as a user runs it: the built binary, a temporary office, a pinned clock
//! and a cleared environment. One test binary; one module per subcommand.

mod common;

mod adds_up;
mod agenda;
mod books;
mod check;
mod completions;
mod corpus;
mod dunning;
mod examples;
mod faults;
mod gate;
mod generator;
mod help;
mod hostile;
mod index;
mod init;
mod layering;
mod money;
mod movein;
mod moveout;
mod multidesk;
mod notice;
mod party;
mod passes;
mod permit;
mod privacy;
mod profile;
mod receipt;
mod report;
mod store;
mod ticket;
mod unit;
