//! The move-in's messages, worded in `en/movein.rs` and `zh_cn/movein.rs`.

use crate::procedure::movein::{Missing, Waiting, due, steps};

super::said! {
    steps::Refusal => movein::refusal;
    steps::Done => movein::done;
    Missing => movein::missing;
    Waiting => movein::waiting;
    due::Kind => movein::due_kind;
    due::Detail => movein::due_detail;
}
