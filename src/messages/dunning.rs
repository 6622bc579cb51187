//! The dunning case's messages, worded in `en/dunning.rs` and `zh_cn/dunning.rs`.

use crate::error::Error;
use crate::procedure::dunning::{due, steps};

use super::Say;

super::said! {
    steps::Refusal => dunning::refusal;
    steps::Done => dunning::done;
    steps::Action => dunning::action;
    due::Kind => dunning::due_kind;
    due::Detail => dunning::due_detail;
}

/// A refused step on a case as an error (exit 1), with the hint that names the
/// command to use, where one helps.
pub(super) fn error(r: &steps::Refusal) -> Error {
    let e = Error::data(r.en());
    match super::en::dunning::hint(r) {
        Some(h) => e.with_hint(h),
        None => e,
    }
}
