#!/usr/bin/env bash
# (Run from the repository root on records/, once, after demo-agenda.sh.)
# Gives the demo's November report the figures it lacked: a waiver approved by the
# manager (A-201's repair fee, the tap replaced twice) and a deposit refund paid (A-101's
# move-out, paid early on 11-23 before the desk opens), so 减免 and 押金退款 are not zero.
set -euo pipefail
P=${PROPDESK:-target/release/propdesk}
O=records
grep -q "更换水龙头返修" $O/ledger/A-201.yaml 2>/dev/null && { echo "records already have the report's additions" >&2; exit 1; }
at() {
  PROPDESK_NOW="$1:00+08:00" PROPDESK_USER="${BY:-王敏}" "$P" --office "$O" "${@:2}" >/dev/null 2>&1 \
    || { echo "failed at $1: ${*:2}" >&2; exit 1; }
}

# the tap replaced on 10-13 leaked again; the manager waives the 80.00 fee.
at 2026-11-20T15:00 bill waive A-201 80.00 --for 8 --approver 张经理 --reason "更换水龙头返修，免收有偿维修费"

# the shop's deposit refund paid by transfer.
m=$(ls $O/moveouts/2026/ | grep MO-20261110 | sed 's/\.yaml$//')
at 2026-11-23T08:50 moveout refund "$m" --method transfer --ref ZZ-20261123-01
echo "report additions written to $O"
