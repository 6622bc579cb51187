//! 催缴。

use crate::model::locale::Locale::ZhCn;
use crate::procedure::dunning::due::{Detail, Kind};
use crate::procedure::dunning::words;

pub fn due_kind(k: &Kind) -> String {
    match k {
        Kind::Approval => "催缴审批",
        Kind::Step => "催缴",
        Kind::Promise => "承诺付款到期",
    }
    .to_string()
}

fn step(day: u32, action: &str) -> String {
    format!("第 {day} 天：{}", words(action, ZhCn))
}

pub fn due_detail(d: &Detail) -> String {
    match d {
        Detail::Approve { day, action } => format!("批准 {}", step(*day, action)),
        Detail::Step { day, action } => step(*day, action),
        Detail::Promise { amount, until } => {
            format!("承诺 {until} 前付 {}：核对到账", amount.grouped())
        }
    }
}

pub fn refusal(r: &crate::procedure::dunning::steps::Refusal) -> String {
    match *r {}
}
