//! The agenda's own words (how late an item is), in `en/agenda.rs` and
//! `zh_cn/agenda.rs`.

use crate::procedure::due::Lateness;

super::said! {
    Lateness => agenda::lateness;
}
