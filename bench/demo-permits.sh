#!/usr/bin/env bash
# (Run from the repository root on records/ without permits/.)
# Builds the demo office's permits on 2026-11-23: renovations applied for, rejected,
# issued (with hot work), suspended for a violation, expired, applied for completion,
# and closed with the deposits refunded; parking permits (one due for renewal), access
# cards, a goods exit pass with security, and overtime air-conditioning.
set -euo pipefail
P=${PROPDESK:-target/release/propdesk}
O=records
[ -n "$(find $O/permits -name "*.yaml" 2>/dev/null)" ] && { echo "records/permits exists: remove it first" >&2; exit 1; }
at() {
  PROPDESK_NOW="$1T10:00:00+08:00" PROPDESK_USER="${BY:-王敏}" "$P" --office "$O" "${@:2}" >/dev/null 2>&1 \
    || { echo "failed at $1: ${*:2}" >&2; exit 1; }
}
out() { PROPDESK_NOW="$1T10:00:00+08:00" PROPDESK_USER="${BY:-王敏}" "$P" --office "$O" "${@:2}" 2>/dev/null; }
occ() { grep '^occupant:' "$O/units/$1.yaml" | awk '{print $2}'; }
# entry DAY UNIT ITEM N: the number of the N-th last ledger entry of that item.
entry() {
  out "$1" --format json ledger "$2" \
    | python3 -c "import json,sys; print([e for e in json.load(sys.stdin) if e['item']=='$3'][-$4]['no'])"
}
chain="desk-clerk engineering-supervisor security-supervisor fire-safety-officer manager"
agreements="management-agreement owner-commitment contractor-commitment workers-rules fire-security-responsibility"
# renovation DAY UNIT FROM TO WORKERS DESCRIPTION [EXTRA...]: applied, approved, papers
# in, fees paid, deposits taken, issued; prints the ID.
renovation() {
  local day=$1 unit=$2 from=$3 to=$4 workers=$5 what=$6
  shift 6
  local id
  id=$(out "$day" permit new --unit "$unit" --applicant "$(occ "$unit")" --contractor 华美装饰工程有限公司 \
    --description "$what" --from "$from" --to "$to" --workers "$workers" "$@")
  for r in $chain; do at "$day" permit approve "$id" --as "$r"; done
  local need
  need=$(out "$day" --format json permit show "$id" \
    | python3 -c "import json,sys; print(' '.join(d['item'] for d in json.load(sys.stdin)['renovation']['documents']))")
  # shellcheck disable=SC2086
  at "$day" permit receive "$id" $need --from 华美装饰
  # shellcheck disable=SC2086
  at "$day" permit sign "$id" $agreements --signed-by 华美装饰
  at "$day" permit bill "$id"
  local debris pass
  debris=$(entry "$day" "$unit" renovation-fee 2)
  pass=$(entry "$day" "$unit" renovation-fee 1)
  at "$day" pay "$unit" 500 --ref "ZX-$day-$unit" --method transfer --for "$debris"
  at "$day" pay "$unit" "$(( 10 * workers ))" --ref "ZX2-$day-$unit" --method transfer --for "$pass"
  at "$day" pay "$unit" 5000 --deposit renovation --ref "YJ-$day-$unit" --method transfer
  at "$day" pay "$unit" "$(( 10 * workers ))" --deposit pass --ref "YJP-$day-$unit" --method cash
  at "$day" permit issue "$id"
  echo "$id"
}

# Closed: accepted on 11-12, one pass lost, deposits refunded.
a=$(renovation 2026-11-02 A-202 2026-11-03 2026-11-12 4 "更换地毯、粉刷墙面")
at 2026-11-06 permit inspect "$a" --what "消防、出入证" --findings "符合要求"
at 2026-11-09 permit complete "$a" --on 2026-11-12
BY=工程部-周师傅 at 2026-11-12 permit accept "$a" --pass --note "验收合格"
at 2026-11-12 permit passes "$a" --returned 3 --lost 1
at 2026-11-13 permit refund "$a"
# Issued, works under way, with a hot-work permit today.
b=$(renovation 2026-11-16 A-1204 2026-11-18 2027-01-31 6 "会议室隔断、吊顶及空调改造" --hot-work)
at 2026-11-20 permit inspect "$b" --what "隐蔽工程、用电" --findings "线管敷设符合图纸"
at 2026-11-23 permit hot-work "$b" --day 2026-11-23 --from 14:00 --to 16:00 --work "吊顶龙骨焊接" --fire-watch 保安-钱
# Suspended: a violation with a fine, rectification due tomorrow.
c=$(renovation 2026-11-04 A-301 2026-11-05 2026-12-20 3 "卫生间防水及墙面翻新")
at 2026-11-20 permit violation "$c" --description "午休时间电钻施工，建筑垃圾堆放走廊" --deadline 2026-11-24 --fine 200
# Expired on 2026-11-15 without completion.
d=$(renovation 2026-11-02 A-1101 2026-11-03 2026-11-15 2 "办公室墙面粉刷" --scope simple)
# Completion applied for, acceptance on 2026-11-26.
e=$(renovation 2026-11-04 A-501 2026-11-05 2026-11-30 5 "前台背景墙及地面石材")
at 2026-11-23 permit complete "$e" --on 2026-11-26
# Applied for: waiting for the engineering supervisor.
f=$(out 2026-11-20 permit new --unit A-203 --applicant "$(occ A-203)" --contractor 华美装饰工程有限公司 --description "办公区增设隔断" --from 2026-12-07 --to 2027-01-15 --workers 4)
at 2026-11-20 permit approve "$f" --as desk-clerk
# Rejected: structural work without the design institute's plan.
g=$(out 2026-11-19 permit new --unit A-1102 --applicant "$(occ A-1102)" --contractor 立恒建筑 --description "拆除部分隔墙" --from 2026-12-01 --to 2027-02-28 --workers 6 --structural)
at 2026-11-19 permit approve "$g" --as desk-clerk
BY=工程部-赵主管 at 2026-11-20 permit reject "$g" --as engineering-supervisor --reason "拆除墙体需提交设计院出具的结构方案"

# Parking: one for the half-year from 20 June (renewal due), one applied for.
p1=$(out 2026-11-02 permit new --kind parking --unit A-502 --applicant "$(occ A-502)" --bay B1-018 --plate 粤B8K2M1 --term half-year --from 2026-06-20)
at 2026-11-02 permit receive "$p1" vehicle-licence driver-licence insurance --from 车主
at 2026-11-02 permit bill "$p1"
at 2026-11-02 pay A-502 1800 --ref TC-1102 --method transfer --for "$(entry 2026-11-02 A-502 parking 1)"
at 2026-11-02 permit issue "$p1"
p2=$(out 2026-11-23 permit new --kind parking --unit A-1201 --applicant "$(occ A-1201)" --bay B1-031 --plate 粤B6Q7T9 --term year --from 2026-12-01)
at 2026-11-23 permit receive "$p2" vehicle-licence driver-licence --from 许女士
# Access cards for the new tenant of A-603, issued; goods exit from A-404 today.
k=$(out 2026-11-16 permit new --kind access-card --unit A-603 --applicant "$(occ A-603)" --cards 3)
at 2026-11-16 pay A-603 30 --deposit card --ref MJ-1116 --method cash
at 2026-11-16 permit issue "$k"
x=$(out 2026-11-23 permit new --kind goods-exit --unit A-404 --applicant "$(occ A-404)" --item "旧办公桌 6张" --item "文件柜 3个" --day 2026-11-23)
at 2026-11-23 permit sign-exit "$x" --side owner --signed-by 业主代表
at 2026-11-23 permit sign-exit "$x" --side tenant --signed-by 租户代表
at 2026-11-23 permit sign-exit "$x" --side desk --signed-by 王敏
# Overtime air-conditioning for Saturday, asked on Friday morning.
at 2026-11-20 permit new --kind overtime-ac --unit A-1204 --applicant "$(occ A-1204)" --day 2026-11-21 --start 09:00 --end 13:00
echo "permits written to $O/permits"
