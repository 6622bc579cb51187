//! The move-out's messages, worded in `en/moveout.rs` and `zh_cn/moveout.rs`.

use crate::procedure::moveout::{ForParty, Missing, Waiting, due, steps};

super::said! {
    steps::Refusal => moveout::refusal;
    steps::Done => moveout::done;
    Missing => moveout::missing;
    ForParty => moveout::for_party;
    Waiting => moveout::waiting;
    due::Kind => moveout::due_kind;
    due::Detail => moveout::due_detail;
}
