//! 退租。

use super::super::en::moveout as en;
use crate::procedure::moveout::due::{Detail, Kind};
use crate::procedure::moveout::steps::{Done, Refusal};
use crate::procedure::moveout::{ForParty, Missing, Waiting};

pub fn due_kind(k: &Kind) -> String {
    match k {
        Kind::Lift => "退租搬离",
        Kind::Inspection => "退租验房",
        Kind::Settlement => "退租结算",
        Kind::Completion => "退租办结",
        Kind::Refund => "退租退款",
    }
    .to_string()
}

pub fn due_detail(d: &Detail) -> String {
    match d {
        Detail::Refund(amount) => format!("退还 {}", amount.grouped()),
        Detail::Lift {
            from,
            to,
            pass_issued,
        } => {
            let slot = crate::messages::slot(*from, *to);
            match pass_issued {
                true => format!("货梯 {slot}：按放行条核对物品"),
                false => format!("货梯 {slot}：放行条未签发"),
            }
        }
        Detail::Inspection => "对照收楼记录：设施、表底数、钥匙".to_string(),
        Detail::Settlement => "押金抵扣欠费、能耗、损坏，出具结算说明".to_string(),
        Detail::Completion => "钥匙、保洁、通知租赁部".to_string(),
    }
}

/// A missing item in the words of a notice for the party.
pub fn for_party(m: &ForParty) -> String {
    match &m.0 {
        Missing::Consent { .. } => "业主书面同意书",
        Missing::Lift { .. } => "预约货梯",
        Missing::ExitPass { .. } => "开具放行条",
        Missing::PassUnsigned { .. } => "放行条签字（业主方、租户方、客服中心）",
        Missing::PassNotTaken { .. } => "物品出场（保安收回放行条）",
        Missing::Restoration { .. } | Missing::RestorationWorks { .. } => "恢复原状及验收",
        Missing::Inspection { .. } => "退租验房",
        Missing::Keys { .. } => "交还钥匙",
        Missing::Deposits(_) => "结清许可证押金（装修、门禁卡）",
        Missing::Settlement { .. } => "费用结算",
        Missing::Cleaning { .. } => "安排保洁",
    }
    .to_string()
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
