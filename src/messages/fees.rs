//! The fees messages, worded in `en/fees.rs` and `zh_cn/fees.rs`.

use crate::procedure::fees::steps;

super::said! {
    steps::Refusal => fees::refusal;
}
