#!/usr/bin/env bash
# A walk through the ticket procedure on a temporary office, day by day (--now, and
# --at for the time written on the paper):
#
#   - a complaint by phone on Friday afternoon, answered late on Tuesday across the
#     weekend (the reply was due by closing time on Monday);
#   - a repair with a chargeable part: quoted from the price list, agreed, done, back at
#     the desk, called back, closed, and charged to the unit's ledger;
#   - an air-conditioning repair shelved while a part is on order: the reason, what the
#     tenant was told, resumed, finished, called back by visit;
#   - a repair the tenant is not satisfied with: back to engineering, done again,
#     called back satisfied.
#
#   cargo build --release && bash examples/ticket.sh
#   PROPDESK=/path/to/propdesk bash examples/ticket.sh
#
# Any failing step stops the walk with a non-zero exit.
set -euo pipefail
PROPDESK=${PROPDESK:-target/release/propdesk}
PROPDESK=$(cd "$(dirname "$PROPDESK")" && pwd)/$(basename "$PROPDESK")
[ -x "$PROPDESK" ] || { echo "no propdesk binary at $PROPDESK (cargo build --release)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export PROPDESK_OFFICE=$dir/office PROPDESK_USER=desk
exec 3>&1
pd() { echo "\$ propdesk $*"; "$PROPDESK" "$@"; }
# A new ticket: the command is shown, the ID (its only output) returned.
new() { echo "\$ propdesk ticket new $*" >&3; "$PROPDESK" ticket new "$@"; }
# The clock: every command after this runs at $1.
clock() { export PROPDESK_NOW=$1; echo; echo "# $2 (now $1)"; }
# A step that must be refused (its error shown).
refused() {
  echo "\$ propdesk $*"
  if "$PROPDESK" "$@" 2>&1; then echo "expected a refusal" >&2; exit 1; fi
}
# The status of ticket $1 must be $2.
expect() {
  local got
  got=$("$PROPDESK" --format json ticket show "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  [ "$got" = "$2" ] || { echo "expected ticket $1 $2, got $got" >&2; exit 1; }
}

clock 2026-11-20T09:00:00+08:00 "Setting up: one tenant, and the price list in office.toml"
pd init "$dir/office" --name "Harbour Tower" --locale en
owner=$("$PROPDESK" party add --name "Harbour Holdings" --kind company --role owner 2>/dev/null)
tenant=$("$PROPDESK" party add --name "Blue Finch Ltd" --kind company --role tenant --contact "Ms Wong" 2>/dev/null)
pd unit add A-1203 --area 120.00 --use office --owner "$owner" --occupant "$tenant"
sed -i.bak 's/^prices = \[\]/prices = [{ item = "replace-tap", name = "更换水龙头", price = "80.00" }]/' "$dir/office/office.toml"
rm "$dir/office/office.toml.bak"
grep '^prices' "$dir/office/office.toml"

clock 2026-11-20T16:45:00+08:00 "Friday afternoon: Ms Wong complains by phone about drilling next door"
complaint=$(new --kind complaint --channel phone --unit A-1203 --reporter "Ms Wong" \
  --phone 13812345678 --category noise --description "Drilling next door after 22:00" --at 16:30)
echo "$complaint"
pd ticket assess "$complaint" --valid --department Security --person "Mr Lau" --at 16:35
pd ticket feedback "$complaint" --note "Apologised; security will speak to the contractor" --at 16:40
pd ticket show "$complaint"

clock 2026-11-23T09:00:00+08:00 "Monday: a leaking tap in A-1203, a chargeable part"
repair=$(new --kind repair --channel phone --unit A-1203 --reporter "Ms Wong" \
  --category plumbing --description "Kitchen tap leaking" --priority urgent --at 08:50)
echo "$repair"
clock 2026-11-23T11:00:00+08:00 "Monday: the plumber on site; the tap must be replaced"
pd ticket dispatch "$repair" --technician "Li (plumber)" --at 08:55
pd ticket arrive "$repair" --at 09:04
pd ticket quote "$repair" --item replace-tap --at 09:10
refused ticket finish "$repair" --work "Replaced the tap" --signed-by "Ms Wong" --at 09:12
pd ticket consent "$repair" --signer "Ms Wong" --at 09:15
pd ticket finish "$repair" --work "Replaced the tap" --materials "1 tap" --signed-by "Ms Wong" --at 09:45
pd ticket return "$repair" --at 10:30

clock 2026-11-23T14:30:00+08:00 "Monday: the air-conditioning fails; a part must be ordered"
aircon=$(new --kind repair --channel visit --unit A-1203 --reporter "Ms Wong" \
  --category air-conditioning --description "No cooling in the meeting room" --at 11:00)
echo "$aircon"
pd ticket dispatch "$aircon" --technician "Chan (HVAC)" --at 11:05
pd ticket arrive "$aircon" --at 11:25
pd ticket shelve "$aircon" --reason "Compressor relay on order from the maker" --at 12:00
pd ticket show "$aircon"
pd ticket feedback "$aircon" --note "Told Ms Wong: the part arrives on Thursday" --at 14:00

clock 2026-11-23T15:00:00+08:00 "Monday afternoon: what is due before tonight"
pd ticket --overdue

clock 2026-11-24T09:00:00+08:00 "Tuesday morning: the complaint's reply was due last night"
pd ticket --overdue
lights=$(new --kind repair --channel phone --unit A-1203 --reporter "Ms Wong" \
  --category electrical --description "Lights flicker in the lobby of A-1203" --at 08:55)
echo "$lights"

clock 2026-11-24T11:00:00+08:00 "Tuesday: the complaint answered, a day late; the tap called back and closed"
pd ticket action "$complaint" --note "Contractor told to stop work at 18:00" --at 09:30
pd ticket reply "$complaint" --note "Works after 18:00 stopped; the contractor apologised" --at 10:00
pd ticket show "$complaint"
pd ticket callback "$repair" --method phone --satisfied --score 5 --at 10:15
pd ticket close "$repair" --at 10:20
pd ledger A-1203
pd ticket dispatch "$lights" --technician "Ho (electrician)" --at 09:00
pd ticket arrive "$lights" --at 09:20
pd ticket finish "$lights" --work "Tightened the fitting" --signed-by "Ms Wong" --at 10:00
pd ticket return "$lights" --at 10:30

clock 2026-11-25T16:00:00+08:00 "Wednesday: the lights still flicker: back to engineering, then done again"
pd ticket callback "$lights" --method phone --not-satisfied --score 2 --note "Still flickering" --at 09:30
expect "$lights" dispatched
refused ticket close "$lights" --at 09:35
pd ticket arrive "$lights" --at 10:30
pd ticket finish "$lights" --work "Replaced the ballast" --materials "1 ballast" --signed-by "Ms Wong" --at 11:30
pd ticket return "$lights" --at 12:00
pd ticket callback "$lights" --method phone --satisfied --score 5 --at 15:00
pd ticket close "$lights" --at 15:05
pd ticket callback "$complaint" --method phone --satisfied --score 4 --at 15:30
pd --by "Manager Lee" ticket sign-off "$complaint" --at 15:45

clock 2026-11-26T17:00:00+08:00 "Thursday: the relay arrives: the air-conditioning resumed and finished"
pd ticket resume "$aircon" --note "Relay delivered" --at 09:00
expect "$aircon" on-site
pd ticket finish "$aircon" --work "Replaced the compressor relay" --materials "1 relay" --signed-by "Ms Wong" --at 10:30
pd ticket return "$aircon" --at 11:00
refused ticket callback "$aircon" --method phone --satisfied --at 14:00
pd ticket callback "$aircon" --method visit --satisfied --score 5 --at 14:00
pd ticket close "$aircon" --at 14:10

echo; echo "# Final states"
pd ticket --all
for t in "$repair" "$complaint" "$aircon" "$lights"; do pd ticket show "$t"; done
pd ticket stats --month 2026-11
pd ledger A-1203
for t in "$repair" "$complaint" "$aircon" "$lights"; do expect "$t" closed; done
pd check
echo; echo "walkthrough complete"
