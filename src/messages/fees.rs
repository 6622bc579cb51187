//! The fees messages, worded in `en/fees.rs` and `zh_cn/fees.rs`.

use crate::error::Error;
use crate::procedure::fees::steps::{self, Refusal};

use super::Say;

super::said! {
    steps::Refusal => fees::refusal;
    steps::Done => fees::done;
}

/// A refused step on a ledger as an error: a usage error (exit 2) when what was typed
/// cannot be posted at all, else a data error (exit 1); with the hint that names the
/// command to use, where one helps.
pub(super) fn error(r: &Refusal) -> Error {
    let e = match r {
        Refusal::NotPositive { .. }
        | Refusal::LateFeeByHand
        | Refusal::Empty { .. }
        | Refusal::ReceivedAhead { .. }
        | Refusal::NotAPurpose { .. } => Error::usage(r.en()),
        Refusal::Broken { .. }
        | Refusal::BackDated { .. }
        | Refusal::BooksClosed { .. }
        | Refusal::MonthClosed { .. }
        | Refusal::OtherYear { .. }
        | Refusal::OtherUnitsRecord { .. }
        | Refusal::NoCharge { .. }
        | Refusal::NoChargeToCredit { .. }
        | Refusal::Cleared { .. }
        | Refusal::WaiveMore { .. }
        | Refusal::CreditMore { .. }
        | Refusal::PayBackMore { .. }
        | Refusal::DepositShort { .. }
        | Refusal::ApplyMore { .. } => Error::data(r.en()),
    };
    match super::en::fees::hint(r) {
        Some(h) => e.with_hint(h),
        None => e,
    }
}
