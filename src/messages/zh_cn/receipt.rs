//! Receipts, in Chinese.

use crate::procedure::fees::receipts::Refusal;

pub fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::NotANumber { typed } => format!(
            "“{typed}”不是收据编号：收据编号形如 SJ-20261123-A-1203-7KQ4（SJ-日期-单元-4位字符）"
        ),
        Refusal::Unknown { receipt, unit } => format!("{unit}的台账中没有收据{receipt}"),
        Refusal::NotMoneyIn { unit, no } => {
            format!("{unit}的第{no}项不是收款：只有缴款和收取押金开具收据")
        }
    }
}
