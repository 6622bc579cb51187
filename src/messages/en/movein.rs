//! Move-ins, in English.

use crate::model::locale::Locale::En;
use crate::procedure::movein::due::{Detail, Kind};
use crate::procedure::movein::words;

pub fn due_kind(k: &Kind) -> String {
    match k {
        Kind::Reinspection => "re-inspection",
        Kind::Visit => "welcome visit",
    }
    .to_string()
}

pub fn due_detail(d: &Detail) -> String {
    match d {
        Detail::OpenDefects(items) => {
            let open: Vec<String> = items.iter().map(|x| words(x, En)).collect();
            format!("open defects: {}", open.join(", "))
        }
        Detail::MovedIn(d) => format!("moved in {d}"),
    }
}

pub fn refusal(r: &crate::procedure::movein::steps::Refusal) -> String {
    match *r {}
}
