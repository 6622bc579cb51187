//! Fees, in English.

pub fn refusal(r: &crate::procedure::fees::steps::Refusal) -> String {
    match *r {}
}
