//! The move-in's messages, worded in `en/movein.rs` and `zh_cn/movein.rs`.

use crate::procedure::movein::due;

super::said! {
    due::Kind => movein::due_kind;
    due::Detail => movein::due_detail;
}
