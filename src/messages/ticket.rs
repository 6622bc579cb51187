//! The ticket's messages, worded in `en/ticket.rs` and `zh_cn/ticket.rs`.

use crate::procedure::ticket::{due, notices, steps};

super::said! {
    steps::Refusal => ticket::refusal;
    steps::Done => ticket::done;
    steps::Did => ticket::did;
    steps::SameMatter => ticket::same_matter;
    notices::NoticesOf => ticket::notices_of;
    due::Kind => ticket::due_kind;
    due::Detail => ticket::due_detail;
}
