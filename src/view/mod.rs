//! How records are shown: each procedure's records as a sheet (`show`) and as a list
//! (the default listing), in columns and cells for tables, JSON, YAML and CSV. The
//! command line loads the records and prints what these build; [`crate::output`]
//! renders it in the format asked for.

pub mod dunning;
pub mod fees;
pub mod movein;
pub mod moveout;
pub mod permit;
pub mod ticket;
