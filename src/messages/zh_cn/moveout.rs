//! 退租。

use crate::procedure::moveout::due::{Detail, Kind};

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

pub fn refusal(r: &crate::procedure::moveout::steps::Refusal) -> String {
    match *r {}
}
