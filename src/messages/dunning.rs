//! The dunning case's messages, worded in `en/dunning.rs` and `zh_cn/dunning.rs`.

use crate::procedure::dunning::{due, steps};

super::said! {
    steps::Refusal => dunning::refusal;
    due::Kind => dunning::due_kind;
    due::Detail => dunning::due_detail;
}
