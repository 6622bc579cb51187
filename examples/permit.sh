#!/usr/bin/env bash
# A walk through permits on a temporary office: a renovation whose first application
# is rejected, then approved, issued, caught in a violation and rectified, extended,
# accepted with one worker pass lost, and its deposits refunded; a parking permit; and
# an overtime air-conditioning request made too late, refused.
#
#   cargo build --release && bash examples/permit.sh
#   PROPDESK=/path/to/propdesk bash examples/permit.sh
#
# Any failing step stops the walk with a non-zero exit.
set -euo pipefail
PROPDESK=${PROPDESK:-target/release/propdesk}
PROPDESK=$(cd "$(dirname "$PROPDESK")" && pwd)/$(basename "$PROPDESK")
[ -x "$PROPDESK" ] || { echo "no propdesk binary at $PROPDESK (cargo build --release)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export PROPDESK_OFFICE=$dir/office PROPDESK_USER=desk
# at DAY ARGS...: run at 10:00 that day (office time), printing the command.
at() { echo "\$ propdesk ${*:2}  # $1"; PROPDESK_NOW="$1T10:00" "$PROPDESK" "${@:2}"; }
quiet() { PROPDESK_NOW="$1T10:00" "$PROPDESK" "${@:2}" 2>/dev/null; }

PROPDESK_NOW=2026-11-16T09:00 "$PROPDESK" init "$dir/office" --name "Harbour Tower" --locale en >/dev/null
owner=$(quiet 2026-11-16 party add --name "Harbour Holdings" --kind company --role owner)
tenant=$(quiet 2026-11-16 party add --name "Blue Finch Ltd" --kind company --role tenant --contact "Ms Wong")
at 2026-11-16 unit add A-1203 --area 120.00 --use office --owner "$owner" --occupant "$tenant" --status occupied

echo; echo "# The application: partitions and carpet, 5 workers, December and January"
pm=$(quiet 2026-11-16 permit new --unit A-1203 --applicant "$tenant" --contractor "Bright Decor" \
  --description "partitions and carpet" --from 2026-12-01 --to 2027-01-31 --workers 5)
echo "$pm"
at 2026-11-16 --by "Clerk Chan" permit approve "$pm" --as desk-clerk
at 2026-11-17 --by "Eng Lau" permit reject "$pm" --as engineering-supervisor --reason "the drawings cut into the load-bearing wall"
if quiet 2026-11-17 permit approve "$pm" --as security-supervisor; then
  echo "a rejected application must not be approved"; exit 1
fi
echo "(rejected: the chain stops until a revised application)"
at 2026-11-18 permit revise "$pm" --description "partitions clear of the load-bearing wall, carpet"
for role in desk-clerk engineering-supervisor security-supervisor fire-safety-officer manager; do
  at 2026-11-19 permit approve "$pm" --as "$role"
done

echo; echo "# Papers, agreements, fees and deposits, then the permit"
at 2026-11-20 permit receive "$pm" application-form drawings materials-list contractor-licence \
  contractor-qualification site-manager-id-copy workers-list owner-consent --from "Bright Decor"
at 2026-11-20 permit sign "$pm" management-agreement owner-commitment contractor-commitment \
  workers-rules fire-security-responsibility --signed-by "Ms Wong"
at 2026-11-20 permit bill "$pm"
at 2026-11-20 pay A-1203 550.00 --ref R-1120 --method transfer
at 2026-11-20 pay A-1203 5000.00 --deposit renovation --ref D-1120-1
at 2026-11-20 pay A-1203 50.00 --deposit pass --ref D-1120-2
at 2026-11-20 permit issue "$pm"
at 2026-12-01 --date 2026-12-01 permit today

echo; echo "# A parking permit for half a year"
pk=$(quiet 2026-11-20 permit new --kind parking --unit A-1203 --applicant "$tenant" --bay B1-023 --plate hk1234 --term half-year --from 2026-12-01)
at 2026-11-20 permit receive "$pk" vehicle-licence driver-licence insurance --from "Ms Wong"
at 2026-11-20 permit bill "$pk"
at 2026-11-20 pay A-1203 1800.00 --ref R-1120-P
at 2026-11-20 permit issue "$pk"

echo; echo "# Friday 27 November 12:30: overtime air-conditioning for Saturday is too late"
if PROPDESK_NOW=2026-11-27T12:30 "$PROPDESK" permit new --kind overtime-ac --unit A-1203 \
    --applicant "$tenant" --day 2026-11-28 --start 09:00 --end 13:00; then
  echo "a request after the cut-off must be refused"; exit 1
fi

echo; echo "# 3 December: drilling in quiet hours: a rectification notice and a 200.00 fine"
at 2026-12-03 permit violation "$pm" --description "drilling during quiet hours" --deadline 2026-12-05 --fine 200.00
if quiet 2026-12-04 permit hot-work "$pm" --day 2026-12-04 --from 14:00 --to 16:00 --work welding --fire-watch Ho; then
  echo "a suspended permit must not allow work"; exit 1
fi
at 2026-12-05 permit rectified "$pm" 1
at 2026-12-05 pay A-1203 200.00 --ref R-1205

echo; echo "# January: the works run late: extended before the permit expires"
at 2027-01-25 permit extend "$pm" --until 2027-02-15

echo; echo "# Completion: applied for 3 days ahead, accepted, one pass lost, deposits back"
at 2027-02-10 permit complete "$pm" --on 2027-02-13
at 2027-02-13 permit accept "$pm" --pass --note "partitions and carpet as approved"
at 2027-02-13 permit passes "$pm" --returned 4 --lost 1
at 2027-02-13 permit refund "$pm"

echo; echo "# Final states"
at 2027-02-13 permit --all
at 2027-02-13 permit show "$pm"
at 2027-02-13 permit stats --month 2027-02
at 2027-02-13 ledger A-1203
at 2027-02-13 check
echo; echo "walkthrough complete"
