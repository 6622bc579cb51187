//! 收费。(Refusals and confirmations are said in English until the next issue
//! translates them.)

use crate::procedure::fees::steps::{Done, Refusal};

pub fn refusal(r: &Refusal) -> String {
    super::super::en::fees::refusal(r)
}

pub fn done(d: &Done) -> String {
    super::super::en::fees::done(d)
}
