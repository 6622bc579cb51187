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
// translated (the gate of the goods exit pass is); a step's confirmation names the
// permit's status in Chinese, as it always has.
use super::super::en::permit as en;
use crate::model::locale::Locale;
use crate::procedure::permit::gate::{Barrier, ExitOverride, GateStep};
use crate::procedure::permit::settle::Settlement;
use crate::procedure::permit::steps::{Change, Did, Done, Field, Missing, Refusal};

/// A side of a goods exit pass.
fn side(s: &crate::procedure::permit::Side) -> &'static str {
    s.zh()
}

/// A barrier of the gate (放行关口), in words: what is owed, and on what.
pub fn barrier(b: &Barrier) -> String {
    match b {
        Barrier::NotSettled(o) => format!(
            "退租 {} 尚未结算：现欠 {}，押金余额 {}",
            o.moveout,
            o.owed.grouped(),
            o.held.grouped()
        ),
        Barrier::Owed(o) => format!(
            "退租 {} 已结算，仍欠 {} 未付清（欠款 {}，押金余额 {}）",
            o.moveout,
            o.short().grouped(),
            o.owed.grouped(),
            o.held.grouped()
        ),
        Barrier::Suspended(s) => {
            let waiting = match s.taken {
                true => String::new(),
                false => format!(
                    "，待{}审批",
                    crate::procedure::dunning::words(&s.who, Locale::ZhCn)
                ),
            };
            format!(
                "{} 催款已到停止服务步骤（第 {} 天，{} 起{waiting}）：逾期欠款 {}，保安应阻止搬离",
                s.unit,
                s.day,
                s.due,
                s.overdue.grouped()
            )
        }
    }
}

/// A manager's override of the dunning suspension, in words.
pub fn overridden(o: &ExitOverride) -> String {
    format!(
        "{}（{}）于 {} 特批放行（{} 催款第 {} 天，逾期欠款 {}）：{}",
        o.by,
        signer(&o.role),
        o.date,
        o.suspension.unit,
        o.suspension.day,
        o.suspension.overdue.grouped(),
        o.reason
    )
}

pub fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::GateShut {
            step,
            pass,
            unit,
            barriers,
        } => {
            let head = match (step, pass) {
                (GateStep::Make, _) | (_, None) => {
                    format!("{unit} 尚有欠款，不能开具放行条（结算后方可开具出门证）")
                }
                (GateStep::Issue, Some(p)) => format!("尚有欠款，放行条 {p} 不能签发"),
                (GateStep::Print, Some(p)) => format!("尚有欠款，放行条 {p} 不能打印"),
            };
            let lines: Vec<String> = barriers.iter().map(barrier).collect();
            format!("{head}：\n  - {}", lines.join("\n  - "))
        }
        Refusal::OverrideRole { role, roles } => match roles.is_empty() {
            true => format!(
                "{}无权特批欠费放行：本办公室不允许特批（[permit] exit_override_roles 为空）",
                signer(role)
            ),
            false => format!(
                "{}无权特批欠费放行：限{}（[permit] exit_override_roles）",
                signer(role),
                roles
                    .iter()
                    .map(|r| signer(r))
                    .collect::<Vec<_>>()
                    .join("或")
            ),
        },
        Refusal::NothingToOverride { unit } => {
            format!("无需特批：{unit} 的催款未到停止服务步骤，或已无逾期欠款")
        }
        Refusal::OverrideAtDesk { id, side: s } => {
            format!(
                "放行条 {id} 的特批随客服中心签字（签发）一并办理，不随{}签字",
                side(s)
            )
        }
        Refusal::Empty(Field::OverrideBy) => "特批经理（--override-by）不能为空".to_string(),
        Refusal::Empty(Field::OverrideReason) => "特批理由（--reason）不能为空".to_string(),
        Refusal::CardTaken { card, by } => format!("门禁卡 {card} 已在许可证 {by} 下发出"),
        Refusal::CardCount { cards, given } => {
            format!("本许可证为 {cards} 张卡，卡号给了 {given} 个（--card-no，每张卡一次）")
        }
        Refusal::BayTaken {
            bay,
            by,
            from,
            until,
        } => format!("车位 {bay} 已由停车证 {by} 占用（{from} 至 {until}）"),
        _ => en::refusal(r),
    }
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
        Done::Overridden {
            id,
            status,
            overridden: o,
        } => format!(
            "{id}: {} ({})；{}",
            en::did(&Did::Signed),
            status.zh(),
            overridden(o)
        ),
        Done::Taken {
            id,
            status,
            warnings,
            overridden: o,
        } => {
            let mut out = format!("{id}: {} ({})", en::did(&Did::ToSecurity), status.zh());
            for w in warnings {
                out.push_str(&format!("\n提醒保安：{}", barrier(w)));
            }
            if let Some(o) = o {
                out.push_str(&format!("\n{}", overridden(o)));
            }
            out
        }
    }
}

/// Commits are named in English.
pub fn change(c: &Change) -> String {
    en::change(c)
}

pub fn settlement(s: &Settlement) -> String {
    en::settlement(s)
}
