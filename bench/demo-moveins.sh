#!/usr/bin/env bash
# (Run from the repository root on records/ without moveins/.)
# Builds the demo office's move-ins on 2026-11-23: two completed (one with a
# re-inspection booked for a defect still open, one by the manager's override), two
# in progress (one waiting for payment and keys, one just started).
set -euo pipefail
P=${PROPDESK:-target/release/propdesk}
O=records
[ -n "$(find $O/moveins -name "*.yaml" 2>/dev/null)" ] && { echo "records/moveins exists: remove it first" >&2; exit 1; }
at() {
  PROPDESK_NOW="$1:00+08:00" PROPDESK_USER="${BY:-王敏}" "$P" --office "$O" "${@:2}" >/dev/null 2>&1 \
    || { echo "failed at $1: ${*:2}" >&2; exit 1; }
}
out() { PROPDESK_NOW="$1:00+08:00" PROPDESK_USER="${BY:-王敏}" "$P" --office "$O" "${@:2}" 2>/dev/null; }
party() { out 2026-11-10T09:00 party add "$@"; }
all_handouts="tenant-handbook renovation-rules safety-handbook fire-responsibility-agreement access-card-form"

# A-603: a company, completed on 11-16 with a defect still open: re-inspection booked.
p=$(party --name 蓝雀科技有限公司 --kind company --role tenant --contact 吴经理 --phone 13611112222 --emergency 吴经理:13611112222:行政)
m=$(out 2026-11-12T10:00 movein new --unit A-603 --party "$p" --notice-date 2026-11-12 --lease-start 2026-11-16 --lease-end 2028-11-15 --fees-from 2026-11-16 --promise "免费提供两个访客车位至2027年6月")
at 2026-11-12T10:30 movein receive "$m" movein-notice lease-copy business-licence-copy deposit-receipt --from 吴经理
at 2026-11-13T14:00 movein handout "$m" $all_handouts --signed-by 吴经理
at 2026-11-13T15:00 movein inspect "$m" --attendee 工程部-周师傅 --attendee 保安部-刘队长 --attendee 吴经理 --meter electricity=20413.5 --meter water=1288.2 --defect ceiling="会议室天花板水渍" --fix-by 2026-11-20
at 2026-11-13T16:00 movein bill "$m"
bal=$(out 2026-11-14T10:00 --format json ledger A-603 | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["balance"])')
at 2026-11-14T10:00 pay A-603 "$bal" --ref SK-1114-01 --method transfer
at 2026-11-14T10:05 pay A-603 200 --deposit card --ref YJ-1114-01 --method transfer
at 2026-11-16T09:30 movein keys "$m" --key 大门=2 --key 信箱=1 --signed-by 吴经理
at 2026-11-16T09:40 movein handover "$m" --signed-by 吴经理
at 2026-11-16T09:45 movein complete "$m" --reinspect 2026-11-24
at 2026-11-18T15:00 movein visit "$m" --note "走访吴经理，办公已正常，提醒会议室天花板周二复检"

# A-701: a person, completed by the manager's override (deposit receipt to follow).
p=$(party --name 郑浩然 --kind person --role tenant --phone 13922223333 --emergency 郑太太:13922224444:配偶)
m=$(out 2026-11-16T10:00 movein new --unit A-701 --party "$p" --notice-date 2026-11-16 --lease-start 2026-11-20)
at 2026-11-16T10:20 movein receive "$m" movein-notice lease-copy id-card-copy --from 郑浩然
at 2026-11-17T10:00 movein handout "$m" $all_handouts --signed-by 郑浩然
at 2026-11-17T11:00 movein inspect "$m" --attendee 工程部-王师傅 --attendee 郑浩然 --meter electricity=8830 --meter water=402.7
at 2026-11-17T11:30 movein bill "$m"
bal=$(out 2026-11-18T10:00 --format json ledger A-701 | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["balance"])')
at 2026-11-18T10:00 pay A-701 "$bal" --ref SK-1118-02 --method card
at 2026-11-18T10:05 pay A-701 200 --deposit card --ref YJ-1118-02 --method card
at 2026-11-20T09:00 movein keys "$m" --key 大门=2 --signed-by 郑浩然
at 2026-11-20T09:10 movein handover "$m" --signed-by 郑浩然
BY=张经理 at 2026-11-20T09:20 movein complete "$m" --override --reason "押金票据在财务部补开，租户当日须入场"

# A-804: in progress: inspected (one defect), charged, waiting for payment and keys.
p=$(party --name 晨光咨询有限公司 --kind company --role tenant --contact 林女士 --phone 13733334444)
m=$(out 2026-11-19T10:00 movein new --unit A-804 --party "$p" --notice-date 2026-11-19 --lease-start 2026-12-01 --fees-from 2026-12-01 --agent 陈助理 --promise "入驻前更换全部灯管")
at 2026-11-19T10:30 movein receive "$m" movein-notice lease-copy business-licence-copy authorisation-letter --from 陈助理
at 2026-11-20T14:00 movein handout "$m" tenant-handbook renovation-rules safety-handbook --signed-by 陈助理
at 2026-11-20T15:00 movein inspect "$m" --attendee 工程部-周师傅 --attendee 陈助理 --meter electricity=15002.1 --meter water=977 --defect lights="南侧灯管三支不亮"
at 2026-11-20T15:30 movein bill "$m"

# A-1103: just started this morning.
p=$(party --name 何晓东 --kind person --role tenant --phone 13544445555)
m=$(out 2026-11-23T09:15 movein new --unit A-1103 --party "$p" --notice-date 2026-11-23 --lease-start 2026-12-01)
at 2026-11-23T09:20 movein receive "$m" movein-notice lease-copy --from 何晓东
echo "move-ins written to $O/moveins"
