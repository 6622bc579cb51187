#!/usr/bin/env bash
# (Run from the repository root on a copy of records/ without ledger/, dunning/ and notices/2026.)
# Builds the demo office's money records: October and November 2026 billed, most
# units paid, some partly, some late at each rung of the ladder on 2026-11-23.
set -euo pipefail
P=${PROPDESK:-target/release/propdesk}
O=records
at() { PROPDESK_NOW="$1T09:00:00+08:00" PROPDESK_USER="${USER_AT:-王敏}" "$P" --office "$O" "${@:2}" >/dev/null 2>&1 || { echo "failed: $*"; exit 1; }; }
occupied=$(grep -l '^occupant:' $O/units/*.yaml | xargs -n1 basename | sed 's/.yaml//')
# Deposits taken at move-in for a few units.
at 2026-09-28 pay A-1203 30000 --deposit lease --ref SJ-0928-01 --method transfer
at 2026-09-28 pay A-1203 200 --deposit card --ref SJ-0928-02 --method cash
at 2026-09-29 pay A-101 20000 --deposit lease --ref SJ-0929-01 --method transfer
at 2026-09-30 pay A-502 5000 --deposit renovation --ref SJ-0930-01 --method transfer
at 2026-10-01 bill run --month 2026-10
i=0
for u in $occupied; do
  i=$((i+1))
  # October: everyone paid except A-B106 (it owes since 10-15: past the lease-action rung).
  [ "$u" = A-B106 ] && continue
  bal=$(PROPDESK_NOW=2026-10-12T10:00:00+08:00 "$P" --office $O --format json ledger "$u" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r[-1]["balance"])')
  at 2026-10-1$((i % 5)) pay "$u" "$bal" --ref "SK-10-$(printf %03d $i)" --method transfer
done
at 2026-11-01 bill run --month 2026-11
# One-off charges falling due on different days, so that on 2026-11-23 cases stand at
# every rung of the ladder.
i=0
for u in $occupied; do
  i=$((i+1))
  case $u in
    A-B106) continue ;;  # unpaid
    A-201|A-304|A-604|A-904) continue ;;       # unpaid: at the approval rungs
    A-702) at 2026-11-14 pay A-702 1000 --ref SK-11-702 --method cash; continue ;;   # partly paid
    A-1203) at 2026-11-20 pay A-1203 2000 --ref SK-11-1203 --method transfer; continue ;;  # partly, late
  esac
  bal=$(PROPDESK_NOW=2026-11-12T10:00:00+08:00 "$P" --office $O --format json ledger "$u" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r[-1]["balance"])')
  at 2026-11-1$((i % 5)) pay "$u" "$bal" --ref "SK-11-$(printf %03d $i)" --method transfer
done
at 2026-11-16 bill charge A-1001 320.00 --item repair-fee --text "更换卫生间水龙头" --due 2026-11-22
at 2026-11-16 bill charge A-1002 860.00 --item energy --text "10月电费" --due 2026-11-21
at 2026-11-16 bill charge A-1004 145.50 --item special-service --text "地毯清洗" --due 2026-11-20
# The morning runs, with the manager's and GM's signatures on some days.
for d in 16 17 18 19 20 21 22 23; do
  at 2026-11-$d dunning run
  case $d in
    17) at 2026-11-17 dunning log A-201 --channel phone --outcome "财务说本周内付款"
        at 2026-11-17 dunning log A-702 --channel phone --outcome "已付1000，余款月底前付清" ;;
    18) at 2026-11-18 dunning promise A-702 --until 2026-11-30 ;;
    19) USER_AT=张经理 at 2026-11-19 dunning approve A-B106
        USER_AT=张经理 at 2026-11-19 dunning approve A-304 ;;
    20) at 2026-11-20 dunning sign A-304 --signer 前台 ;;
    21) USER_AT=刘总 at 2026-11-21 dunning approve A-B106 ;;
  esac
done
"$P" --office $O check
