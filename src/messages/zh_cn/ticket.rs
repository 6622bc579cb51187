//! 工单（报修、投诉、咨询、特约服务）。

use crate::model::locale::Locale::ZhCn;
use crate::procedure::ticket::due::{Detail, Kind};
use crate::procedure::ticket::notices::NoticesOf;
use crate::procedure::ticket::steps::{Did, Done, Refusal, SameMatter};

use super::super::en::ticket as en;

pub fn due_kind(k: &Kind) -> String {
    match k {
        Kind::Response => "到场响应",
        Kind::Completion => "维修完工",
        Kind::Return => "派工单回单",
        Kind::Callback => "回访",
        Kind::ComplaintFeedback => "投诉首次反馈",
        Kind::ComplaintReply => "投诉答复",
        Kind::InquiryReply => "咨询答复",
        Kind::Reason => "原因反馈",
    }
    .to_string()
}

pub fn due_detail(d: &Detail) -> String {
    let mut s = format!("{} {}", d.kind.label(ZhCn), d.description);
    if let Some(p) = d.priority {
        s = format!("{s} ({})", p.label(ZhCn));
    }
    if let Some(t) = &d.technician {
        s.push_str("，维修员 ");
        s.push_str(t);
    }
    s
}

pub fn refusal(r: &Refusal) -> String {
    en::refusal(r)
}

pub fn notices_of(n: &NoticesOf) -> String {
    en::notices_of(n)
}

pub fn did(d: &Did) -> String {
    en::did(d)
}

/// The step in English (as today), where the ticket stands in Chinese.
pub fn done(d: &Done) -> String {
    match d {
        Done::Step { id, step, now } => {
            format!("{id}: {} ({})", en::did(&Did(*step)), now.label(ZhCn))
        }
        Done::Closed { .. } => en::done(d),
        Done::Linked { id } => format!("{id}: 二次投诉，已关联首次投诉"),
    }
}

pub fn same_matter(s: &SameMatter) -> String {
    en::same_matter(s)
}
