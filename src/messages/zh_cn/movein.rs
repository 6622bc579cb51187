//! 入驻。

use super::super::en::movein as en;
use crate::model::locale::Locale::ZhCn;
use crate::procedure::movein::due::{Detail, Kind};
use crate::procedure::movein::steps::{Done, Refusal};
use crate::procedure::movein::{Missing, Waiting, words};

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

// What only English says today (the next issue translates).

pub fn refusal(r: &Refusal) -> String {
    en::refusal(r)
}

pub fn missing(m: &Missing) -> String {
    en::missing(m)
}

pub fn waiting(w: &Waiting) -> String {
    en::waiting(w)
}

pub fn done(d: &Done) -> String {
    en::done(d)
}
