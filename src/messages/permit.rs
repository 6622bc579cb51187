//! The permit's messages, worded in `en/permit.rs` and `zh_cn/permit.rs`.

use crate::procedure::permit::{due, gate, settle, steps};

super::said! {
    steps::Refusal => permit::refusal;
    steps::Missing => permit::missing;
    steps::Did => permit::did;
    steps::Done => permit::done;
    steps::Change<'_> => permit::change;
    settle::Settlement => permit::settlement;
    gate::Barrier => permit::barrier;
    gate::ExitOverride => permit::overridden;
    due::Kind => permit::due_kind;
    due::Detail => permit::due_detail;
}
