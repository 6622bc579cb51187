//! The move-in's messages, worded in `en/movein.rs` and `zh_cn/movein.rs`.

use crate::procedure::movein::{due, steps};

super::said! {
    steps::Refusal => movein::refusal;
    due::Kind => movein::due_kind;
    due::Detail => movein::due_detail;
}
