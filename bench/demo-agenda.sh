#!/usr/bin/env bash
# (Run once from the repository root on records/, after demo-money.sh, demo-tickets.sh,
# demo-moveins.sh, demo-permits.sh and demo-moveouts.sh.)
# Adds to the demo office what `propdesk agenda` on 2026-11-23 09:30 would otherwise
# lack, so that every kind of item is due in its 30 days:
# - ticket-reason: A-402's glass door, shelved this morning (the spring is out of
#   production), its reason not yet told to the tenant;
# - permit-refund: the owner's renovation of the vacant A-302, jointly accepted on
#   Friday 11-20, the worker passes and deposits not yet settled;
# - overtime-ac: air-conditioning for A-803 on Tuesday evening, asked this morning;
# - moveout-settlement: A-602 (刘畅) moved out on Saturday 11-21, inspected and the
#   keys returned that day, the settlement waiting for finance;
# - moveout-completion: A-503 (云帆广告传媒, moving to its 8th-floor office) moved out
#   on Friday 11-20, settled this morning, the cleaning not yet arranged.
# It refuses to run twice: the move-out of A-503 is its marker.
set -euo pipefail
P=${PROPDESK:-target/release/propdesk}
O=records
grep -qs '^unit: A-503$' $O/moveouts/*/*.yaml && { echo "$O already has the agenda additions (a move-out of A-503)" >&2; exit 1; }
# at TIME ARGS...: run one step at that time (Asia/Shanghai), as 王敏 unless BY is set.
at() {
  PROPDESK_NOW="$1:00+08:00" PROPDESK_USER="${BY:-王敏}" "$P" --office "$O" "${@:2}" >/dev/null 2>&1 \
    || { echo "failed at $1: ${*:2}" >&2; exit 1; }
}
out() { PROPDESK_NOW="$1:00+08:00" PROPDESK_USER="${BY:-王敏}" "$P" --office "$O" "${@:2}" 2>/dev/null; }
occ() { grep '^occupant:' "$O/units/$1.yaml" | awk '{print $2}'; }
owner() { grep '^owner:' "$O/units/$1.yaml" | awk '{print $2}'; }
# entry TIME UNIT ITEM N: the number of the N-th last ledger entry of that item.
entry() {
  out "$1" --format json ledger "$2" \
    | python3 -c "import json,sys; print([e for e in json.load(sys.stdin) if e['item']=='$3'][-$4]['no'])"
}

# A-302 (vacant, the owner renovates before letting it again): applied for on 11-02,
# signed up the chain, papers in, fees and deposits paid, issued on 11-03; inspected;
# completion applied for on 11-17, jointly accepted on 11-20. Passes and deposits next.
r=$(BY=王敏 out 2026-11-02T14:00 permit new --unit A-302 --applicant "$(owner A-302)" \
  --contractor 北京华装装饰工程有限公司 --description "退租后翻新：拆除旧隔断、墙面粉刷、更换地毯及灯具" \
  --from 2026-11-04 --to 2026-11-20 --workers 6)
at 2026-11-02T14:10 permit receive "$r" application-form drawings materials-list contractor-licence \
  contractor-qualification site-manager-id-copy workers-list --from 华装装饰-林海
at 2026-11-02T14:20 permit sign "$r" management-agreement contractor-commitment workers-rules \
  fire-security-responsibility --signed-by 华装装饰-林海
at 2026-11-02T14:25 permit sign "$r" owner-commitment --signed-by 业主方-周志刚
at 2026-11-02T14:30 permit approve "$r" --as desk-clerk
BY=工程部-赵主管 at 2026-11-03T09:30 permit approve "$r" --as engineering-supervisor
BY=保安部-刘队长 at 2026-11-03T10:00 permit approve "$r" --as security-supervisor
BY=消防主管-孙建 at 2026-11-03T10:30 permit approve "$r" --as fire-safety-officer
BY=张经理 at 2026-11-03T11:00 permit approve "$r" --as manager
at 2026-11-03T11:10 permit bill "$r"
debris=$(entry 2026-11-03T11:15 A-302 renovation-fee 2)
pass=$(entry 2026-11-03T11:15 A-302 renovation-fee 1)
at 2026-11-03T14:00 pay A-302 500 --ref ZX-1103-302 --method transfer --for "$debris"
at 2026-11-03T14:00 pay A-302 60 --ref ZX2-1103-302 --method transfer --for "$pass"
at 2026-11-03T14:05 pay A-302 5000 --deposit renovation --ref YJ-1103-302 --method transfer
at 2026-11-03T14:10 pay A-302 60 --deposit pass --ref YJP-1103-302 --method cash
at 2026-11-03T15:00 permit issue "$r"
BY=保安部-刘队长 at 2026-11-06T10:30 permit inspect "$r" --what "消防、出入证、噪音时段" --findings "符合要求"
BY=工程部-赵主管 at 2026-11-11T15:00 permit inspect "$r" --what "隐蔽工程、用电" --findings "线管敷设符合图纸"
at 2026-11-17T10:00 permit complete "$r" --on 2026-11-20
BY=工程部-周师傅 at 2026-11-20T10:30 permit accept "$r" --pass --note "联合验收合格，现场已清理"

# 云帆广告传媒 moves to its office on the 8th floor; notice on 11-06 to leave on
# 11-20; moved out, inspected and the keys returned on 11-20; settled this morning.
m=$(out 2026-11-06T10:00 moveout new --unit A-503 --move-out 2026-11-20)
at 2026-11-06T10:15 moveout consent "$m" --signed-by "业主方-北京远景置业有限公司（盖章）"
at 2026-11-09T09:40 moveout lift "$m" --day 2026-11-20 --time 13:00-17:00
x=$(out 2026-11-18T10:00 moveout exit-pass "$m" --item 办公桌12张 --item 办公椅20把 --item 文件柜6个 --item 打印机2台)
at 2026-11-18T15:00 permit sign-exit "$x" --side owner --signed-by 业主方-周志刚
at 2026-11-19T10:00 permit sign-exit "$x" --side tenant --signed-by 云帆-何强
at 2026-11-19T10:05 permit sign-exit "$x" --side desk --signed-by 王敏
at 2026-11-20T13:20 permit security "$x" --guard 保安部-刘队长
at 2026-11-20T17:00 moveout inspect "$m" --attendee 工程部-周师傅 --attendee 保安部-刘队长 --attendee 云帆-何强 \
  --meter electricity=24316.8 --meter water=1502.3 --last electricity=23540 --last water=1488.6 \
  --damage walls="搬运时撞损前台墙面一处" --price walls=350
at 2026-11-20T17:20 moveout keys "$m" --key 大门=2 --key 信箱=1 --received-by 保安部-刘队长
BY=财务部-陈会计 at 2026-11-23T09:10 moveout settle "$m"

# 刘畅 gives notice on 11-09 to leave on Saturday 11-21; moved out, inspected
# and the keys returned that day; the settlement waits for finance.
m=$(out 2026-11-09T11:00 moveout new --unit A-602 --move-out 2026-11-21)
at 2026-11-09T11:20 moveout consent "$m" --signed-by "业主方-北京远景置业有限公司（盖章）"
at 2026-11-10T14:00 moveout lift "$m" --day 2026-11-21 --time 09:00-12:00
x=$(out 2026-11-19T14:00 moveout exit-pass "$m" --item 书架4个 --item 会议桌1张 --item 沙发1套)
at 2026-11-19T14:30 permit sign-exit "$x" --side owner --signed-by 业主方-周志刚
at 2026-11-20T09:30 permit sign-exit "$x" --side tenant --signed-by 刘畅
at 2026-11-20T09:35 permit sign-exit "$x" --side desk --signed-by 王敏
BY=客服值班-陈晨 at 2026-11-21T09:10 permit security "$x" --guard 保安部-钱师傅
BY=客服值班-陈晨 at 2026-11-21T12:30 moveout inspect "$m" --attendee 工程部-王师傅 --attendee 保安部-钱师傅 --attendee 刘畅 \
  --meter electricity=19420.6 --meter water=826.9 --last electricity=18655 --last water=812.4
BY=客服值班-陈晨 at 2026-11-21T12:45 moveout keys "$m" --key 大门=2 --key 信箱=1 --received-by 保安部-钱师傅

# the meeting room's glass door, reported on Friday; the floor spring is out of
# production, shelved this morning; the reason to be told to 京城会计师事务所.
t=$(out 2026-11-20T14:30 ticket new --kind repair --channel phone --unit A-402 --reporter 孙磊 \
  --phone 13912345678 --priority normal --grade general --category doors --description "会议室玻璃门地弹簧损坏，门无法自动关闭" \
  | head -1 | cut -d' ' -f1)
at 2026-11-20T14:35 ticket dispatch "$t" --technician 王师傅
at 2026-11-20T14:58 ticket arrive "$t"
at 2026-11-23T09:15 ticket shelve "$t" --reason "地弹簧型号已停产，需向厂家订购替代型号，约两周到货"

# overtime air-conditioning for Tuesday evening, asked before this noon's cut-off.
at 2026-11-23T09:25 permit new --kind overtime-ac --unit A-803 --applicant "$(occ A-803)" --day 2026-11-24 --start 18:00 --end 21:00
echo "agenda additions written to $O"
