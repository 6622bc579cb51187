//! The permit's messages, worded in `en/permit.rs` and `zh_cn/permit.rs`.

use crate::procedure::permit::{due, steps};

super::said! {
    steps::Refusal => permit::refusal;
    due::Kind => permit::due_kind;
    due::Detail => permit::due_detail;
}
