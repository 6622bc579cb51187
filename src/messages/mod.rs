//! Every word propdesk says to a person, in one catalogue per language: `en/` and
//! `zh_cn/`, a file per procedure in each. The procedures say what happened as typed
//! values carrying data (a refusal with the record's state and the steps allowed, an
//! item due with its dates and amounts); the catalogue words them. A translator opens
//! one folder; a new message does not compile until each language has its words.
//!
//! This module ties each typed value to its words ([`Say`]); the words themselves are
//! in the language folders, one `match` per type.

mod en;
mod zh_cn;

mod agenda;
mod dunning;
mod fees;
mod movein;
mod moveout;
mod permit;
mod receipt;
mod ticket;

use std::fmt;

use crate::error::Error;
use crate::model::locale::Locale;
use crate::procedure::Refused;

/// A value said to a person: worded by the catalogue of each language.
pub trait Say {
    /// In English.
    fn en(&self) -> String;
    /// In Chinese (zh-CN).
    fn zh_cn(&self) -> String;
    /// In `locale`.
    fn say(&self, locale: Locale) -> String {
        match locale {
            Locale::En => self.en(),
            Locale::ZhCn => self.zh_cn(),
        }
    }
}

/// `impl Say for TYPE` by the function of that name in each language's file.
macro_rules! said {
    ($($t:ty => $file:ident::$f:ident;)*) => {
        $(
            impl $crate::messages::Say for $t {
                fn en(&self) -> String {
                    $crate::messages::en::$file::$f(self)
                }
                fn zh_cn(&self) -> String {
                    $crate::messages::zh_cn::$file::$f(self)
                }
            }
        )*
    };
}
use said;

/// A booked time of day, in every language: "18:00–21:00".
pub fn slot(from: chrono::NaiveTime, to: chrono::NaiveTime) -> String {
    format!("{}–{}", from.format("%H:%M"), to.format("%H:%M"))
}

impl Say for Refused {
    fn en(&self) -> String {
        match self {
            Refused::TooLarge => en::common::too_large(),
            Refused::NotLoaded => en::common::not_loaded(),
            Refused::Ticket(r) => r.en(),
            Refused::MoveIn(r) => r.en(),
            Refused::Permit(r) => r.en(),
            Refused::MoveOut(r) => r.en(),
            Refused::Dunning(r) => r.en(),
            Refused::Fees(r) => r.en(),
            Refused::Receipt(r) => r.en(),
        }
    }
    fn zh_cn(&self) -> String {
        match self {
            Refused::TooLarge => zh_cn::common::too_large(),
            Refused::NotLoaded => zh_cn::common::not_loaded(),
            Refused::Ticket(r) => r.zh_cn(),
            Refused::MoveIn(r) => r.zh_cn(),
            Refused::Permit(r) => r.zh_cn(),
            Refused::MoveOut(r) => r.zh_cn(),
            Refused::Dunning(r) => r.zh_cn(),
            Refused::Fees(r) => r.zh_cn(),
            Refused::Receipt(r) => r.zh_cn(),
        }
    }
}

/// A refusal in English, as errors are printed today.
impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

/// A refused step is a data error (exit 1), said in English, with the hint that names
/// a command where one helps; the money procedures say which of theirs are usage
/// errors.
impl From<Refused> for Error {
    fn from(r: Refused) -> Error {
        let hint = match &r {
            Refused::Fees(f) => return fees::error(f),
            Refused::Dunning(d) => return dunning::error(d),
            Refused::MoveIn(r) => en::movein::hint(r),
            Refused::MoveOut(r) => en::moveout::hint(r),
            Refused::Permit(r) => en::permit::hint(r),
            Refused::Receipt(r) => en::receipt::hint(r),
            _ => None,
        };
        let e = Error::data(r.en());
        match hint {
            Some(h) => e.with_hint(h),
            None => e,
        }
    }
}
