//! The receipts' messages, worded in `en/receipt.rs` and `zh_cn/receipt.rs`.

use crate::procedure::fees::receipts;

super::said! {
    receipts::Refusal => receipt::refusal;
}
