#!/usr/bin/env bash
# A walk through a tenant's move-out on a temporary office: the tenant moved in on
# 1 October, used the unit a month and a half, left November's fee unpaid, and gives
# notice on 12 November to leave on 20 November:
#
#   - the notice is 8 days, short of the office's 10: refused, then accepted with the
#     manager's approval; the lease runs to next September, so the early termination
#     agreement is recorded with the GM's approval;
#   - the owner's written consent and the goods lift booked; the goods exit pass is
#     refused: settlement before the exit pass, and November is still owed;
#   - the move-out inspection against the move-in handover record: the meters give
#     the final energy charges, the walls are damaged and priced; every key back;
#   - the settlement: November billed to the 20th (20/30 days, the rest credited), the
#     arrears, the energy and the damage taken from the 5,000.00 lease deposit, the
#     rest refunded;
#   - nothing owed any more: the goods exit pass is made, signed by the owner side,
#     the tenant side and the desk, and taken by security as the goods leave; the unit
#     vacant and billing stopped, leasing told.
#
#   cargo build --release && bash examples/moveout.sh
#   PROPDESK=/path/to/propdesk bash examples/moveout.sh
#
# Any failing step stops the walk with a non-zero exit.
set -euo pipefail
PROPDESK=${PROPDESK:-target/release/propdesk}
PROPDESK=$(cd "$(dirname "$PROPDESK")" && pwd)/$(basename "$PROPDESK")
[ -x "$PROPDESK" ] || { echo "no propdesk binary at $PROPDESK (cargo build --release)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export PROPDESK_OFFICE=$dir/office PROPDESK_USER=desk
at() { export PROPDESK_NOW=$1; echo; echo "# --- $1"; }
pd() { echo "\$ propdesk $*"; "$PROPDESK" "$@"; }
# A command whose only output is a new ID: the command is shown, the ID returned.
id_of() { echo "\$ propdesk $*" >&2; "$PROPDESK" "$@"; }
# One field of a record shown as JSON: field COMMAND...
field() {
  local f=$1; shift
  "$PROPDESK" --format json "$@" | python3 -c "import json,sys; print(json.load(sys.stdin).get(\"$f\"))"
}
# field $1 of `COMMAND...` must be $2.
expect() {
  local f=$1 want=$2 got; shift 2
  got=$(field "$f" "$@")
  [ "$got" = "$want" ] || { echo "expected $f $want from '$*', got $got" >&2; exit 1; }
}
# `COMMAND...` must fail, and its message must contain $1.
refused() {
  local want=$1 out; shift
  echo "\$ propdesk $*"
  if out=$("$PROPDESK" "$@" 2>&1); then
    echo "$out"; echo "should have been refused" >&2; exit 1
  fi
  echo "$out"
  grep -qF -- "$want" <<<"$out" || { echo "the refusal does not say: $want" >&2; exit 1; }
}

at 2026-10-01T09:00:00+08:00
echo "# Setting up: a 5,000.00 lease deposit at move-in, the owner, the tenant, the unit"
pd init "$dir/office" --name "Harbour Tower" --locale en
sed -i.bak -e 's/^deposits = \[\]/deposits = [{ kind = "lease", amount = "5000.00" }]/' \
  "$dir/office/office.toml"
rm "$dir/office/office.toml.bak"
owner=$("$PROPDESK" party add --name "Harbour Holdings" --kind company --role owner 2>/dev/null)
tenant=$("$PROPDESK" party add --name "Blue Finch Ltd" --kind company --role tenant \
  --contact "Ms Wong" --emergency "Mr Wong:13900001111" 2>/dev/null)
pd unit add A-1203 --area 100.00 --use office --owner "$owner"

echo; echo "# The move-in of 1 October (see examples/movein.sh): meters, keys, October paid"
m=$(id_of movein new --unit A-1203 --party "$tenant" --notice-date 2026-10-01 \
  --lease-start 2026-10-01 --lease-end 2027-09-30)
"$PROPDESK" movein receive "$m" movein-notice lease-copy business-licence-copy \
  deposit-receipt --from "Ms Wong" 2>/dev/null
"$PROPDESK" movein handout "$m" tenant-handbook renovation-rules safety-handbook \
  fire-responsibility-agreement access-card-form --signed-by "Ms Wong" 2>/dev/null
pd movein inspect "$m" --attendee Engineering --attendee "Ms Wong" \
  --meter electricity=1000 --meter water=50 2>/dev/null
pd movein bill "$m" 2>/dev/null
pd pay A-1203 2500 --ref R-1001 2>/dev/null
pd pay A-1203 5000 --deposit lease --ref R-1001D 2>/dev/null
pd movein keys "$m" --key door=2 --key mailbox=1 --signed-by "Ms Wong" 2>/dev/null
pd movein handover "$m" --signed-by "Ms Wong" 2>/dev/null
pd movein complete "$m" 2>/dev/null

at 2026-11-01T08:00:00+08:00
echo "# November billed in full; the tenant does not pay it"
pd bill run 2>/dev/null

at 2026-11-12T10:00:00+08:00
echo "# Written notice to leave on 20 November: 8 days, the office needs 10"
refused "short notice needs a reason and a manager's approval" \
  moveout new --unit A-1203 --move-out 2026-11-20
refused "terminates it early" \
  moveout new --unit A-1203 --move-out 2026-11-20 --short-reason "Company relocating" \
  --approved-by "Manager Lee"
mo=$(id_of moveout new --unit A-1203 --move-out 2026-11-20 \
  --short-reason "Company relocating" --approved-by "Manager Lee" \
  --agreement TA-2026-031 --agreement-approved-by "GM Ho")
echo "$mo"
expect fees_until 2026-11-20 unit show A-1203
pd notice moveout-acknowledgement "$mo"
pd moveout

echo; echo "# The owner's consent and the goods lift (14:00-17:00 on moving day)"
refused "owner's written consent" moveout exit-pass "$mo" --item "Desks"
pd moveout consent "$mo" --signed-by "Harbour Holdings (Mr Chan, sealed)"
pd moveout lift "$mo" --day 2026-11-20 --time 14:00-17:00
echo "# No goods exit pass yet: settlement before the exit pass, and November is owed"
refused "move-out $mo is not settled: 2,500.00 owed now, 5,000.00 held in deposits" \
  moveout exit-pass "$mo" --item "20 desks and chairs"

at 2026-11-20T10:00:00+08:00
echo "# Moving day. Settling is refused before the inspection and the keys"
refused "move-out inspection not done" moveout settle "$mo"
echo; echo "# The inspection against the move-in handover record: meters, the damaged walls"
pd moveout inspect "$mo" --attendee "Engineering (Chow)" --attendee "Security (Lau)" \
  --attendee "Ms Wong" --meter electricity=1654.9 --meter water=62.5 \
  --damage walls="Large stains on the east wall" --price walls=800
pd moveout keys "$mo" --key door=2 --key mailbox=1 --received-by "Lau (security)"
pd moveout cleaning "$mo" --with "Cleaning team (Ms Ma)"
echo; echo "# The statement before settling (a preview, nothing written)"
pd moveout statement "$mo"
echo; echo "# Settled: November to the 20th, arrears, energy and damage from the deposit"
pd moveout settle "$mo"
# 2,500 x 20/30 = 1,666.67 owed for November (833.33 credited); the late fee the
# ladder has accrued on it, 1.25; energy 654.9 kWh x 1.20 = 785.88 and 12.5 m3 x 5.00
# = 62.50; damage 800.00: 3,316.30 in all from 5,000.00 leaves 1,683.70.
expect refund 1683.70 moveout statement "$mo"
expect owed 0.00 moveout statement "$mo"
expect refund_due 2026-12-20 moveout statement "$mo"

echo; echo "# Settled and nothing owed: the goods exit pass, signed by both sides and the desk"
pass=$(id_of moveout exit-pass "$mo" --item "20 desks and chairs" --item "2 safes" \
  --item "Server rack")
pd permit sign-exit "$pass" --side owner --signed-by "Mr Chan"
pd permit sign-exit "$pass" --side tenant --signed-by "Ms Wong"
pd permit sign-exit "$pass" --side desk --signed-by "Desk (Liu)"
expect status issued permit show "$pass"
pd notice goods-exit-pass "$mo"

at 2026-11-20T14:10:00+08:00
echo "# The goods leave: security checks them against the pass and keeps it"
pd permit security "$pass" --guard "Lau (security)"

at 2026-11-20T15:00:00+08:00
echo "# Complete: the unit vacant, billing stopped, leasing told"
pd moveout complete "$mo"
pd moveout

at 2026-11-27T10:00:00+08:00
echo "# Finance pays the refund"
pd moveout refund "$mo" --method transfer --ref V-2026-118
refused "was paid on" moveout refund "$mo"

echo; echo "# Final states"
pd moveout show "$mo"
pd unit show A-1203
pd ledger A-1203
expect status completed moveout show "$mo"
expect status vacant unit show A-1203
expect occupant None unit show A-1203
expect fees_until 2026-11-20 unit show A-1203
pd check
echo; echo "walkthrough complete"
