//! 入驻。

use crate::model::locale::Locale::ZhCn;
use crate::procedure::movein::due::{Detail, Kind};
use crate::procedure::movein::words;

pub fn due_kind(k: &Kind) -> String {
    match k {
        Kind::Reinspection => "再次验房",
        Kind::Visit => "入住走访",
    }
    .to_string()
}

pub fn due_detail(d: &Detail) -> String {
    match d {
        Detail::OpenDefects(items) => {
            let open: Vec<String> = items.iter().map(|x| words(x, ZhCn)).collect();
            format!("遗留问题：{}", open.join("、"))
        }
        Detail::MovedIn(d) => format!("入住日 {d}"),
    }
}

pub fn refusal(r: &crate::procedure::movein::steps::Refusal) -> String {
    match *r {}
}
