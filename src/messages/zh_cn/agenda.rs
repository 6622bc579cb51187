//! 待办事项。

use crate::procedure::due::Lateness;
use crate::procedure::ticket::deadlines::span;

pub fn lateness(l: &Lateness) -> String {
    match *l {
        Lateness::OverdueBy(d) => format!("已超时 {}", span(d, true)),
        Lateness::DueIn(d) => format!("剩余 {}", span(d, true)),
        Lateness::Days(0) => "今日".to_string(),
        Lateness::Days(n) if n > 0 => format!("逾期 {n} 天"),
        Lateness::Days(-1) => "明天".to_string(),
        Lateness::Days(n) => format!("{} 天后", -n),
    }
}
