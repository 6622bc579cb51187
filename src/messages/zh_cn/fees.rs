//! 收费。

pub fn refusal(r: &crate::procedure::fees::steps::Refusal) -> String {
    match *r {}
}
