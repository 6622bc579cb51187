#!/usr/bin/env bash
# A walk through billing and collection on a temporary office: one tenant billed for
# November, a partial payment, the dunning ladder day by day (--date), the manager's
# approval, a promise to pay, then paying off, which closes the case.
#
#   cargo build --release && bash examples/dunning.sh
#   PROPDESK=/path/to/propdesk bash examples/dunning.sh
#
# Any failing step stops the walk with a non-zero exit.
set -euo pipefail
PROPDESK=${PROPDESK:-target/release/propdesk}
PROPDESK=$(cd "$(dirname "$PROPDESK")" && pwd)/$(basename "$PROPDESK")
[ -x "$PROPDESK" ] || { echo "no propdesk binary at $PROPDESK (cargo build --release)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export PROPDESK_OFFICE=$dir/office PROPDESK_USER=desk PROPDESK_NOW=2026-11-01T09:00:00+08:00
pd() { echo "\$ propdesk $*"; "$PROPDESK" "$@"; }

pd init "$dir/office" --name "Harbour Tower" --locale en
owner=$("$PROPDESK" party add --name "Harbour Holdings" --kind company --role owner 2>/dev/null)
tenant=$("$PROPDESK" party add --name "Blue Finch Ltd" --kind company --role tenant --contact "Ms Wong" 2>/dev/null)
pd unit add A-1203 --area 120.00 --use office --owner "$owner" --occupant "$tenant"

echo; echo "# 1 November: the lease deposit, then the month's bill (25.00/m2: 3,000.00, due the 15th)"
pd pay A-1203 6000 --deposit lease --ref DEP-001 --method transfer
pd bill run --month 2026-11
pd bill run --month 2026-11   # a second run changes nothing

echo; echo "# 14 November: 1,000.00 paid on account"
pd --date 2026-11-14 pay A-1203 1000 --ref R-1114 --method transfer

echo; echo "# The morning runs: days 1 to 4 after the due date"
for d in 16 17 18 19; do pd --date 2026-11-$d dunning run; done
pd --date 2026-11-17 dunning log A-1203 --channel phone --outcome "Ms Wong: finance will pay this week"

echo; echo "# Day 4 waits for the manager; nothing moves until it is approved"
pd --date 2026-11-20 dunning run
pd --date 2026-11-20 --by "Manager Lee" dunning approve A-1203
pd --date 2026-11-20 dunning sign A-1203

echo; echo "# A promise to pay by the 25th pauses the ladder"
pd --date 2026-11-20 dunning promise A-1203 --until 2026-11-25
pd --date 2026-11-22 dunning run
pd --date 2026-11-22 dunning

echo; echo "# The late fees accrue day by day; no morning run posts them. On the 24th:"
pd --date 2026-11-24 ledger A-1203
echo; echo "# The statement shows them as their own lines, and its lines add up to its total"
pd --date 2026-11-24 notice statement A-1203 -o -
owed=$(PROPDESK_NOW=2026-11-24T10:00:00+08:00 "$PROPDESK" --format json ledger A-1203 \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["owed_with_late_fees"])')

echo; echo "# Paid in full on the 24th, late fees included: the payment posts the late fee"
echo "# (one entry, in words), clears it and the fee, and the case closes"
paid=$(PROPDESK_NOW=2026-11-24T10:00:00+08:00 "$PROPDESK" pay A-1203 "$owed" --ref R-1124 --method transfer)
echo "\$ propdesk --date 2026-11-24 pay A-1203 $owed --ref R-1124 --method transfer"
echo "$paid"

echo; echo "# The receipt (收款收据) filed with the payment, printed again by its number"
receipt=$(echo "$paid" | grep -o 'SJ-[0-9A-Z-]*-receipt' | head -1)
receipt=${receipt%-receipt}
[ -n "$receipt" ] || { echo "no receipt filed" >&2; exit 1; }
pd --date 2026-11-24 notice receipt "$receipt" -o -
pd --date 2026-11-25 dunning run

echo; echo "# Final states"
pd --date 2026-11-25 ledger A-1203
pd --date 2026-11-25 ledger --deposits
pd --date 2026-11-25 dunning show A-1203
pd --date 2026-11-25 dunning
status=$(grep '^status:' "$dir/office/dunning/A-1203.yaml")
[ "$status" = "status: closed" ] || { echo "expected the case closed, got: $status" >&2; exit 1; }
pd check
echo; echo "walkthrough complete (paid off: $owed)"
