//! Dunning, in English.

use crate::model::locale::Locale::En;
use crate::procedure::dunning::due::{Detail, Kind};
use crate::procedure::dunning::words;

pub fn due_kind(k: &Kind) -> String {
    match k {
        Kind::Approval => "dunning approval",
        Kind::Step => "dunning",
        Kind::Promise => "promise to pay",
    }
    .to_string()
}

fn step(day: u32, action: &str) -> String {
    format!("day {day}: {}", words(action, En))
}

pub fn due_detail(d: &Detail) -> String {
    match d {
        Detail::Approve { day, action } => format!("approve {}", step(*day, action)),
        Detail::Step { day, action } => step(*day, action),
        Detail::Promise { amount, until } => {
            format!("{} promised by {until}: check it came in", amount.grouped())
        }
    }
}

pub fn refusal(r: &crate::procedure::dunning::steps::Refusal) -> String {
    match *r {}
}
