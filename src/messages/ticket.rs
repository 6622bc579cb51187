//! The ticket's messages, worded in `en/ticket.rs` and `zh_cn/ticket.rs`.

use crate::procedure::ticket::{due, steps};

super::said! {
    steps::Refusal => ticket::refusal;
    due::Kind => ticket::due_kind;
    due::Detail => ticket::due_detail;
}
