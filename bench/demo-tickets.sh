#!/usr/bin/env bash
# (Run from the repository root on records/ without tickets/.)
# Builds the demo office's tickets: October's closed ones for `ticket stats`, and on
# 2026-11-23 09:30 tickets in every state, some of them breached.
set -euo pipefail
P=${PROPDESK:-target/release/propdesk}
O=records
[ -n "$(find $O/tickets -name "*.yaml" 2>/dev/null)" ] && { echo "records/tickets exists: remove it first" >&2; exit 1; }
# at TIME ARGS...: run one step at that time (Asia/Shanghai), as 王敏 unless BY is set.
at() {
  PROPDESK_NOW="$1:00+08:00" PROPDESK_USER="${BY:-王敏}" "$P" --office "$O" "${@:2}" >/dev/null 2>&1 \
    || { echo "failed at $1: ${*:2}" >&2; exit 1; }
}
# new TIME ARGS...: a new ticket; prints its ID.
new() {
  PROPDESK_NOW="$1:00+08:00" PROPDESK_USER="${BY:-王敏}" "$P" --office "$O" ticket new "${@:2}" 2>/dev/null \
    | head -1 | cut -d' ' -f1
}
# repair TIME UNIT PRIORITY GRADE CATEGORY DESCRIPTION REPORTER
repair() {
  new "$1" --kind repair --channel phone --unit "$2" --priority "$3" --grade "$4" \
    --category "$5" --description "$6" --reporter "$7" --phone 13912345678
}

# October, all closed: the month `ticket stats --month 2026-10` reads.
t=$(repair 2026-10-12T10:00 A-201 urgent minor plumbing "卫生间水龙头滴水" 陈女士)
at 2026-10-12T10:02 ticket dispatch "$t" --technician 李师傅
at 2026-10-12T10:14 ticket arrive "$t"
at 2026-10-12T10:20 ticket quote "$t" --item replace-tap
at 2026-10-12T10:22 ticket consent "$t" --signer 陈女士
at 2026-10-12T10:50 ticket finish "$t" --work "更换水龙头" --materials "水龙头 1个" --signed-by 陈女士
at 2026-10-12T15:00 ticket return "$t"
at 2026-10-13T10:00 ticket callback "$t" --method phone --satisfied --score 5
at 2026-10-13T10:01 ticket close "$t"
t=$(repair 2026-10-15T14:00 A-302 normal general air-conditioning "空调不制冷" 刘先生)
at 2026-10-15T14:05 ticket dispatch "$t" --technician 周师傅
at 2026-10-15T14:50 ticket arrive "$t"
at 2026-10-16T11:00 ticket finish "$t" --work "补充冷媒，清洗滤网" --signed-by 刘先生
at 2026-10-16T16:00 ticket return "$t"
at 2026-10-17T10:00 ticket callback "$t" --method visit --satisfied --score 4
at 2026-10-17T10:05 ticket close "$t"
t=$(new 2026-10-20T11:00 --kind complaint --channel phone --unit A-401 --reporter 孙女士 --category noise --description "楼上装修噪音影响办公")
at 2026-10-20T11:10 ticket assess "$t" --valid --department 工程部 --person 赵主管
at 2026-10-20T15:00 ticket feedback "$t" --note "已致歉，已通知装修单位"
at 2026-10-21T10:00 ticket action "$t" --note "限定装修单位 12:00-14:00 及 18:00 后施工"
at 2026-10-21T11:00 ticket reply "$t" --note "已与装修单位约定施工时段"
at 2026-10-22T10:00 ticket callback "$t" --method phone --satisfied --score 4
BY=张经理 at 2026-10-22T16:00 ticket sign-off "$t"

# November. Closed: a repair with a chargeable part, charged to A-1203's ledger.
t=$(repair 2026-11-16T09:40 A-1203 urgent minor plumbing "茶水间下水堵塞" 林小姐)
at 2026-11-16T09:42 ticket dispatch "$t" --technician 李师傅
at 2026-11-16T09:55 ticket arrive "$t"
at 2026-11-16T10:05 ticket quote "$t" --item unblock-drain
at 2026-11-16T10:06 ticket consent "$t" --signer 林小姐
at 2026-11-16T10:40 ticket finish "$t" --work "疏通茶水间下水管" --signed-by 林小姐
at 2026-11-16T14:00 ticket return "$t"
at 2026-11-17T10:00 ticket callback "$t" --method phone --satisfied --score 5
at 2026-11-17T10:02 ticket close "$t"
# Closed: a special service (3 hours of cleaning), charged.
t=$(new 2026-11-17T09:30 --kind special-service --channel visit --unit A-1001 --reporter 黄先生 --category cleaning --description "办公室深度保洁")
at 2026-11-17T09:35 ticket quote "$t" --item cleaning-hour --qty 3
at 2026-11-17T09:36 ticket consent "$t" --signer 黄先生
at 2026-11-17T09:40 ticket dispatch "$t" --technician 保洁班-吴
at 2026-11-17T13:55 ticket arrive "$t"
at 2026-11-17T17:00 ticket finish "$t" --work "深度保洁 3 小时" --signed-by 黄先生
at 2026-11-18T09:10 ticket return "$t"
at 2026-11-18T10:00 ticket callback "$t" --method phone --satisfied --score 5
at 2026-11-18T10:05 ticket close "$t"
# Not satisfied: the lamp went out again, back to engineering, on site now.
t=$(repair 2026-11-18T10:00 A-203 normal minor electrical "办公室灯管闪烁" 郑先生)
at 2026-11-18T10:03 ticket dispatch "$t" --technician 王师傅
at 2026-11-18T10:25 ticket arrive "$t"
at 2026-11-18T11:00 ticket finish "$t" --work "更换启辉器" --signed-by 郑先生
at 2026-11-18T15:00 ticket return "$t"
at 2026-11-19T10:00 ticket callback "$t" --method phone --not-satisfied --score 2 --note "灯管仍闪烁"
at 2026-11-23T09:20 ticket arrive "$t"
# Returned, the callback never made: breached (48 hours after finishing).
t=$(repair 2026-11-19T14:00 A-502 urgent general water-outage "卫生间无水" 何女士)
at 2026-11-19T14:05 ticket dispatch "$t" --technician 周师傅
at 2026-11-19T14:18 ticket arrive "$t"
at 2026-11-19T16:30 ticket finish "$t" --work "更换进水阀" --signed-by 何女士
at 2026-11-20T09:30 ticket return "$t"
# Done on Friday, the order not back at the desk: due by Monday's close.
t=$(repair 2026-11-20T15:00 A-304 normal minor doors "门禁读卡器失灵" 马先生)
at 2026-11-20T15:10 ticket dispatch "$t" --technician 王师傅
at 2026-11-20T15:35 ticket arrive "$t"
at 2026-11-20T16:20 ticket finish "$t" --work "重新固定读卡器线路" --signed-by 马先生
# A public-area leak, signed by the engineering supervisor; called back by visit.
t=$(new 2026-11-19T08:30 --kind repair --channel patrol --area "B1 车库入口" --reporter 保安-钱 --priority urgent --grade difficult --category curtain-wall-leak --description "车库入口雨篷渗水")
at 2026-11-19T08:40 ticket dispatch "$t" --technician 周师傅
at 2026-11-19T08:52 ticket arrive "$t"
at 2026-11-20T17:00 ticket finish "$t" --work "雨篷接缝打胶" --materials "结构胶 2支" --signed-by 赵主管
at 2026-11-20T17:30 ticket return "$t"
at 2026-11-21T10:00 ticket callback "$t" --method visit --satisfied --score 4
# On site with a quote the tenant has not agreed to yet.
t=$(repair 2026-11-20T10:00 A-1101 normal general plumbing "洗手盆龙头损坏" 吴女士)
at 2026-11-20T10:10 ticket dispatch "$t" --technician 李师傅
at 2026-11-20T10:30 ticket arrive "$t"
at 2026-11-20T10:40 ticket quote "$t" --item replace-tap
# Paused: no access, the tenant away until Wednesday.
t=$(repair 2026-11-20T11:00 A-1202 normal general air-conditioning "空调出风口滴水" 冯先生)
at 2026-11-20T11:05 ticket dispatch "$t" --technician 周师傅
at 2026-11-20T11:20 ticket pause "$t" --reason "租户不在，无法入户，约周三"
# Shelved, waiting for a part; the reason told to the tenant.
t=$(repair 2026-11-18T09:00 A-1004 normal difficult lift "货梯门感应器故障" 物业-内部)
at 2026-11-18T09:10 ticket dispatch "$t" --technician 电梯公司-韩
at 2026-11-18T09:30 ticket arrive "$t"
at 2026-11-18T11:00 ticket shelve "$t" --reason "需更换感应器，厂家配件约两周到货"
at 2026-11-18T14:00 ticket feedback "$t" --note "已电话告知配件到货时间"
# Dead: cannot be done; the reason not yet told (breached).
t=$(repair 2026-11-19T10:00 A-303 normal general structure "要求在承重墙开门洞" 卫先生)
at 2026-11-19T10:20 ticket dead "$t" --reason "承重墙不得开洞，属结构安全禁止项目"
# Unreasonable, reason told.
t=$(repair 2026-11-20T09:30 A-103 normal minor other "要求物业为私人车辆洗车" 蒋先生)
at 2026-11-20T09:40 ticket unreasonable "$t" --reason "不属于物业服务范围"
at 2026-11-20T10:00 ticket feedback "$t" --note "已解释，可预约特约服务中的洗车以外项目"
# This morning: an urgent leak dispatched but nobody on site (response breached),
# and an extra-urgent power failure just reported (due in minutes).
t=$(repair 2026-11-23T09:00 A-1102 urgent general plumbing "天花板漏水" 沈女士)
at 2026-11-23T09:03 ticket dispatch "$t" --technician 李师傅
t=$(repair 2026-11-23T09:25 A-202 extra-urgent emergency electrical "整层跳闸停电" 韩先生)
# A special service quoted, waiting for the tenant's signature.
t=$(new 2026-11-20T16:00 --kind special-service --channel phone --unit A-1203 --reporter 林小姐 --category moving-help --description "周末搬运文件柜")
at 2026-11-20T16:10 ticket quote "$t" --item moving-help-hour --qty 2

# Complaints. Closed and signed off.
first=$(new 2026-11-16T10:00 --kind complaint --channel phone --unit A-1002 --reporter 杨先生 --category parking --description "访客车位被长期占用")
at 2026-11-16T10:20 ticket assess "$first" --valid --department 保安部 --person 刘队长
at 2026-11-16T14:00 ticket feedback "$first" --note "已致歉，安排巡查"
at 2026-11-16T17:00 ticket action "$first" --note "张贴告示，违停车辆登记"
at 2026-11-17T10:00 ticket reply "$first" --note "已清理占用车位"
at 2026-11-17T15:00 ticket callback "$first" --method phone --satisfied --score 4
BY=张经理 at 2026-11-17T17:00 ticket sign-off "$first"
# The same matter again: a repeat complaint, linked and flagged, in the department.
t=$(new 2026-11-20T09:15 --kind complaint --channel visit --unit A-1002 --reporter 杨先生 --category parking --description "访客车位又被占用" --repeat-of "$first")
at 2026-11-20T09:30 ticket assess "$t" --valid --department 保安部 --person 刘队长
at 2026-11-20T11:00 ticket feedback "$t" --note "已致歉，经理已知悉"
# By phone on Friday afternoon, not yet replied: due by Monday's close.
t=$(new 2026-11-20T16:30 --kind complaint --channel phone --unit A-1201 --reporter 许女士 --category cleaning --description "公共卫生间清洁不及时")
at 2026-11-20T16:40 ticket assess "$t" --valid --department 保洁部 --person 钱领班
# By letter a week ago, no feedback, no reply: both breached.
t=$(new 2026-11-13T10:00 --kind complaint --channel letter --unit A-1003 --reporter "星河贸易有限公司" --category security --description "夜间访客登记不严")
# Not valid: explained, closed.
t=$(new 2026-11-18T11:00 --kind complaint --channel phone --unit A-102 --reporter 曹先生 --category water --description "停水未提前通知")
at 2026-11-18T11:20 ticket assess "$t" --invalid --explanation "市政管网抢修停水，物业已于当日张贴通知"
at 2026-11-18T11:30 ticket close "$t"
# Inquiries: one answered, one new.
t=$(new 2026-11-19T15:00 --kind inquiry --channel phone --unit A-1104 --reporter 潘女士 --category fees --description "咨询物业费发票开具")
at 2026-11-19T15:10 ticket reply "$t" --note "每月25日后到服务中心领取"
at 2026-11-19T15:11 ticket close "$t"
t=$(new 2026-11-23T09:10 --kind inquiry --channel visit --unit A-204 --reporter 邹先生 --category parking --description "咨询月租车位价格")
echo "tickets written to $O/tickets"
