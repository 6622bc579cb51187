#!/usr/bin/env bash
# A walk through a company tenant's move-in on a temporary office, from leasing's
# move-in notice to the handover:
#
#   - the checklist for a company (the business-licence copy instead of an ID card),
#     the handouts signed for and an emergency contact;
#   - the joint inspection with the meter readings and two defects, each becoming a
#     repair ticket due in 7 days; engineering fixes one the same morning;
#   - the first period's fee (from the notice date, 11 of 30 days) and the card fee,
#     paid, and the card deposit taken;
#   - keys and the handover record; `complete` refused because the business-licence
#     copy was never handed in and a defect is still open; the copy brought in, then the
#     move-in completed with a re-inspection booked for the open defect.
#
#   cargo build --release && bash examples/movein.sh
#   PROPDESK=/path/to/propdesk bash examples/movein.sh
#
# Any failing step stops the walk with a non-zero exit.
set -euo pipefail
PROPDESK=${PROPDESK:-target/release/propdesk}
PROPDESK=$(cd "$(dirname "$PROPDESK")" && pwd)/$(basename "$PROPDESK")
[ -x "$PROPDESK" ] || { echo "no propdesk binary at $PROPDESK (cargo build --release)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export PROPDESK_OFFICE=$dir/office PROPDESK_USER=desk PROPDESK_NOW=2026-11-23T09:30:00+08:00
pd() { echo "\$ propdesk $*"; "$PROPDESK" "$@"; }
# A command whose only output is a new ID: the command is shown, the ID returned.
id_of() { echo "\$ propdesk $*" >&2; "$PROPDESK" "$@"; }
# One field of a record shown as JSON: field COMMAND...
field() {
  local f=$1; shift
  "$PROPDESK" --format json "$@" | python3 -c "import json,sys; print(json.load(sys.stdin)[\"$f\"])"
}
# field $1 of `COMMAND...` must be $2.
expect() {
  local f=$1 want=$2 got; shift 2
  got=$(field "$f" "$@")
  [ "$got" = "$want" ] || { echo "expected $f $want from '$*', got $got" >&2; exit 1; }
}
# The repair ticket of move-in $m's defect in facility $1.
defect_ticket() {
  "$PROPDESK" --format json movein show "$m" | python3 -c \
    "import json,sys; print(next(d['ticket'] for d in json.load(sys.stdin)['defects'] if d['item'] == '$1'))"
}

echo "# Setting up: the card fee and deposit in office.toml, an owner, the tenant, the vacant unit"
pd init "$dir/office" --name "Harbour Tower" --locale en
sed -i.bak \
  -e 's/^charges = \[\]/charges = [{ item = "card-fee", amount = "40.00", text = "Access cards (2)" }]/' \
  -e 's/^deposits = \[\]/deposits = [{ kind = "card", amount = "200.00" }]/' \
  "$dir/office/office.toml"
rm "$dir/office/office.toml.bak"
grep -E '^(charges|deposits) =' "$dir/office/office.toml"
owner=$("$PROPDESK" party add --name "Harbour Holdings" --kind company --role owner 2>/dev/null)
tenant=$("$PROPDESK" party add --name "Blue Finch Ltd" --kind company --role tenant --contact "Ms Wong" 2>/dev/null)
pd unit add A-1203 --area 120.00 --use office --owner "$owner"

echo; echo "# Leasing's move-in notice of Friday 20 November: fees start on the notice date"
m=$(id_of movein new --unit A-1203 --party "$tenant" --notice-date 2026-11-20 \
  --lease-start 2026-12-01 --lease-end 2028-11-30 --promise "First month's parking free")
echo "$m"
pd movein show "$m"

echo; echo "# Monday: documents (the business-licence copy is left at the office), handouts, the emergency contact"
pd movein receive "$m" movein-notice lease-copy deposit-receipt --from "Ms Wong"
pd movein handout "$m" tenant-handbook renovation-rules safety-handbook \
  fire-responsibility-agreement access-card-form --signed-by "Ms Wong"
pd party edit "$tenant" --emergency "Mr Wong:13900001111:spouse"

echo; echo "# The joint inspection: meters read, two defects, each a repair ticket due in 7 days"
pd movein inspect "$m" --attendee "Engineering (Chow)" --attendee "Security (Lau)" \
  --attendee "Ms Wong" --meter electricity=12345.6 --meter water=321.05 \
  --defect walls="Crack under the east window" \
  --defect lights="Two tubes out in the meeting room"
walls=$(defect_ticket walls)
lights=$(defect_ticket lights)
expect movein "$m" ticket show "$walls"
expect fix_by 2026-11-30 ticket show "$walls"
pd ticket

echo; echo "# Fees: 120.00 m2 x 25.00 x 11/30 days = 1,100.00, and the card fee; the card deposit"
pd movein bill "$m"
pd ledger A-1203
pd pay A-1203 1140 --ref R-1123 --method transfer
pd pay A-1203 200 --deposit card --ref R-1123D --method transfer

echo; echo "# Keys and the handover record"
pd movein keys "$m" --key door=2 --key mailbox=1 --signed-by "Ms Wong"
pd movein handover "$m" --signed-by "Ms Wong"

echo; echo "# Engineering replaces the tubes the same morning"
export PROPDESK_NOW=2026-11-23T11:30:00+08:00
pd ticket dispatch "$lights" --technician "Ho (electrician)" --at 10:00
pd ticket arrive "$lights" --at 10:15
pd ticket finish "$lights" --work "Replaced two tubes" --materials "2 tubes" --signed-by "Ms Wong" --at 10:45
pd movein

echo; echo "# complete is refused: the business-licence copy is missing and the crack is not fixed"
echo "\$ propdesk movein complete $m"
if refusal=$("$PROPDESK" movein complete "$m" 2>&1); then
  echo "$refusal"; echo "should have been refused" >&2; exit 1
fi
echo "$refusal"
grep -q "document not received: business-licence-copy" <<<"$refusal" \
  || { echo "the refusal does not name the business-licence copy" >&2; exit 1; }
grep -q "defects not fixed: $walls" <<<"$refusal" \
  || { echo "the refusal does not name the open defect $walls" >&2; exit 1; }
if grep -q "$lights" <<<"$refusal"; then echo "the fixed defect $lights still blocks" >&2; exit 1; fi
expect status in-progress movein show "$m"

echo; echo "# Ms Wong brings the copy; the move-in completes with a re-inspection booked for the crack"
pd movein receive "$m" business-licence-copy --from "Ms Wong"
pd movein complete "$m" --reinspect 2026-11-30

echo; echo "# Final states"
pd movein --all
pd movein show "$m"
pd unit show A-1203
pd ledger A-1203
pd ledger --deposits
expect status completed movein show "$m"
expect reinspection 2026-11-30 movein show "$m"
expect welcome_visit_due 2026-11-26 movein show "$m"
expect occupant "$tenant" unit show A-1203
expect status occupied unit show A-1203
expect fees_from 2026-11-20 unit show A-1203
pd check
echo; echo "walkthrough complete"
