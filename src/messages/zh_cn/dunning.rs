//! 催缴。

use crate::model::locale::Locale::ZhCn;
use crate::procedure::dunning::due::{Detail, Kind};
use crate::procedure::dunning::steps::{Action, Done, Refusal};
use crate::procedure::dunning::{LadderAction, words};

pub fn due_kind(k: &Kind) -> String {
    match k {
        Kind::Approval => "催缴审批",
        Kind::Step => "催缴",
        Kind::Promise => "承诺付款到期",
    }
    .to_string()
}

fn step(day: u32, action: &LadderAction) -> String {
    format!("第 {day} 天：{}", action.words(ZhCn))
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

pub fn refusal(r: &Refusal) -> String {
    super::super::en::dunning::refusal(r)
}

pub fn done(d: &Done) -> String {
    match d {
        Done::Moved { unit, action: a } => format!("{unit}\t{}", action(a)),
        Done::ByHand { .. } | Done::Filed { .. } | Done::Noticed { .. } | Done::Closed { .. } => {
            super::super::en::dunning::done(d)
        }
    }
}

/// 晨间催缴所做的事。
pub fn action(a: &Action) -> String {
    match a {
        Action::Opened { since } => format!("立案：{since}起欠费"),
        Action::Reopened { since } => format!("重新立案：{since}起欠费"),
        Action::Closed => "结案：已无逾期欠费".to_string(),
        Action::PromiseKept { until } => format!("承诺付款已履行（{until}）"),
        Action::PromiseBroken {
            until,
            promised,
            paid,
        } => format!("承诺付款未履行：{until}前应付{promised}，实付{paid}；恢复催缴"),
        Action::Step {
            day,
            action,
            who,
            awaiting,
        } => format!(
            "第{day}天 {}（{}）{}",
            action.words(ZhCn),
            words(who, ZhCn),
            if *awaiting { "：待审批" } else { "" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedure::dunning::{DunningRules, LadderAction};

    #[test]
    fn the_morning_run_speaks_chinese_to_a_chinese_desk() {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let row = &DunningRules::default().ladder[3];
        let step = Action::Step {
            day: row.day,
            action: row.action.clone(),
            who: row.who.clone(),
            awaiting: row.approval,
        };
        assert_eq!(action(&step), "第4天 书面催款通知（经理）：待审批");
        let moved = Done::Moved {
            unit: "A-1203".into(),
            action: Action::Reopened {
                since: d("2026-12-15"),
            },
        };
        assert_eq!(done(&moved), "A-1203\t重新立案：2026-12-15起欠费");
        assert_eq!(LadderAction::LateFee.words(ZhCn), "计收滞纳金");
    }
}
