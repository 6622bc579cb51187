#!/usr/bin/env bash
# (Run from the repository root on records/ without moveouts/.)
# Builds the demo office's move-outs on 2026-11-23: one completed on 11-21 with its
# deposit refund still due (A-101, a shop: energy from the last readings billed, a
# damaged floor, November billed to the 20th), and two in progress: A-1203 (notice in
# time, owner's consent and goods lift done, waiting for the goods exit pass) and A-702
# (short notice approved by the manager this morning).
set -euo pipefail
P=${PROPDESK:-target/release/propdesk}
O=records
[ -n "$(find $O/moveouts -name "*.yaml" 2>/dev/null)" ] && { echo "records/moveouts exists: remove it first" >&2; exit 1; }
at() {
  PROPDESK_NOW="$1:00+08:00" PROPDESK_USER="${BY:-王敏}" "$P" --office "$O" "${@:2}" >/dev/null 2>&1 \
    || { echo "failed at $1: ${*:2}" >&2; exit 1; }
}
out() { PROPDESK_NOW="$1:00+08:00" PROPDESK_USER="${BY:-王敏}" "$P" --office "$O" "${@:2}" 2>/dev/null; }

# A-101: notice on 11-10 to leave on 11-20; completed on 11-21, refund due by 12-20.
m=$(out 2026-11-10T10:00 moveout new --unit A-101 --move-out 2026-11-20)
at 2026-11-10T10:10 moveout consent "$m" --signed-by "业主方-陈先生（盖章）"
at 2026-11-12T09:00 moveout lift "$m" --day 2026-11-20 --time 09:00-11:00
pass=$(out 2026-11-18T14:00 moveout exit-pass "$m" --item 货架6组 --item 收银台1套 --item 冷柜2台)
at 2026-11-18T14:10 permit sign-exit "$pass" --side owner --signed-by 陈先生
at 2026-11-18T14:15 permit sign-exit "$pass" --side tenant --signed-by 店长-李娜
at 2026-11-18T14:20 permit sign-exit "$pass" --side desk --signed-by 王敏
at 2026-11-20T10:40 permit security "$pass" --guard 保安部-刘队长
at 2026-11-20T14:00 moveout inspect "$m" --attendee 工程部-周师傅 --attendee 保安部-刘队长 --attendee 店长-李娜 \
  --meter electricity=35120.4 --meter water=2210.8 --meter gas=980.25 \
  --last electricity=34200 --last water=2180.5 --last gas=955 \
  --damage floor="收银台处地砖两块破裂" --price floor=600
at 2026-11-20T14:30 moveout keys "$m" --key 大门=2 --key 卷帘门=1 --received-by 保安部-刘队长
at 2026-11-20T15:00 moveout cleaning "$m" --with 保洁部-马阿姨
at 2026-11-20T16:00 moveout settle "$m"
at 2026-11-21T09:30 moveout complete "$m"

# A-1203: notice on 11-20 to leave on 12-15; consent and the goods lift done.
m=$(out 2026-11-20T11:00 moveout new --unit A-1203 --move-out 2026-12-15)
at 2026-11-20T11:10 moveout consent "$m" --signed-by "业主方-物业公司资产部（盖章）"
at 2026-11-21T10:00 moveout lift "$m" --day 2026-12-15 --time 13:00-17:00

# A-702: short notice this morning, approved by the manager.
m=$(out 2026-11-23T09:00 moveout new --unit A-702 --move-out 2026-11-30 \
  --short-reason "公司业务调整，提前搬离" --approved-by 张经理)
echo "move-outs written to $O/moveouts"
