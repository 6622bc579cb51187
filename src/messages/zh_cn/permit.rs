//! 许可证（装修、停车、门禁卡、放行条、加时空调）。

use crate::procedure::due::Role;
use crate::procedure::permit::due::{Detail, Kind};

pub fn due_kind(k: &Kind) -> String {
    match k {
        Kind::Approval => "装修审批",
        Kind::Inspection => "装修巡查",
        Kind::HotWork => "动火作业",
        Kind::Rectification => "整改期限",
        Kind::Extension => "装修许可到期",
        Kind::Expired => "装修许可已过期",
        Kind::Acceptance => "装修验收",
        Kind::Refund => "装修押金退还",
        Kind::GoodsExit => "物品放行",
        Kind::OvertimeAc => "加时空调",
        Kind::ParkingRenewal => "停车证续期",
    }
    .to_string()
}

/// A signer of the renovation approval chain (a rule's word), as the desk calls them.
pub fn signer(word: &str) -> String {
    match word {
        "desk-clerk" => "客服专员",
        "engineering-supervisor" => "工程主管",
        "security-supervisor" => "保安主管",
        "fire-safety-officer" => "消防负责人",
        "manager" => "经理",
        "gm" => "总经理",
        other => other,
    }
    .to_string()
}

pub fn due_detail(d: &Detail) -> String {
    match d {
        Detail::Approval { signer: s, works } => format!("待{}签批：{works}", signer(s)),
        Detail::Inspection { role, contractor } => {
            let who = contractor.as_deref().unwrap_or("自行装修");
            let what = match role {
                Role::Security => "消防、出入证、噪音时段、材料搬运",
                _ => "图纸、隐蔽工程、用电",
            };
            format!("{who}：{what}")
        }
        Detail::HotWork {
            from,
            to,
            work,
            fire_watch,
        } => format!(
            "{} {work}，看火人 {fire_watch}",
            crate::messages::slot(*from, *to)
        ),
        Detail::Rectification { no, description } => format!("第 {no} 号整改：{description}"),
        Detail::ValidUntil(until) => format!("有效期至 {until}：办理续期或申请竣工验收"),
        Detail::ExpiredOn(until) => format!("{until} 到期未验收：停工，续期或申请验收"),
        Detail::Acceptance => "联合验收（工程部、保安部、客服部）".to_string(),
        Detail::Refund { passes } => format!("收回出入证 {passes} 张，退还押金"),
        Detail::GoodsExit { items, issued } => match issued {
            true => format!("核对放行：{}", items.join("、")),
            false => format!("放行条待签：{}", items.join("、")),
        },
        Detail::OvertimeAc { from, to } => crate::messages::slot(*from, *to),
        Detail::Parking {
            bay,
            plate,
            until,
            lapsed,
        } => match lapsed {
            true => format!("车位 {bay} {plate}：{until} 已过期"),
            false => format!("车位 {bay} {plate}：{until} 到期"),
        },
    }
}

// Refusals, what is missing and what a step did are said in English until they are
// translated; a step's confirmation names the permit's status in Chinese, as it
// always has.
use super::super::en::permit as en;
use crate::procedure::permit::settle::Settlement;
use crate::procedure::permit::steps::{Change, Did, Done, Missing, Refusal};

pub fn refusal(r: &Refusal) -> String {
    en::refusal(r)
}

pub fn missing(m: &Missing) -> String {
    en::missing(m)
}

pub fn did(d: &Did) -> String {
    en::did(d)
}

pub fn done(d: &Done) -> String {
    match d {
        Done::Step { id, did, status } => format!("{id}: {} ({})", en::did(did), status.zh()),
        Done::Billed { .. }
        | Done::ParkingFee { .. }
        | Done::Issued { .. }
        | Done::Violation { .. }
        | Done::CardsReturned { .. }
        | Done::Refunded { .. }
        | Done::OvertimeAc { .. } => en::done(d),
    }
}

/// Commits are named in English.
pub fn change(c: &Change) -> String {
    en::change(c)
}

pub fn settlement(s: &Settlement) -> String {
    en::settlement(s)
}
