//! The move-out's messages, worded in `en/moveout.rs` and `zh_cn/moveout.rs`.

use crate::procedure::moveout::{due, steps};

super::said! {
    steps::Refusal => moveout::refusal;
    due::Kind => moveout::due_kind;
    due::Detail => moveout::due_detail;
}
