#!/usr/bin/env bash
# Readers beside a big write: while `party import` of 2,000 rows holds the office
# lock, `party list` and `agenda` run in a loop. Each must finish without waiting for
# the lock (the slowest pair is printed; a wait would show as PROPDESK_LOCK_WAIT_MS)
# and show the office either before the import or after it, never a part of it.
#
#   bash bench/readers-during-import.sh            # builds release, uses records/
#   PROPDESK=target/release/propdesk bash bench/readers-during-import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PROPDESK:-}" ]; then
  cargo build --release --quiet
  PROPDESK=$PWD/target/release/propdesk
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r records "$work/office"
{
  echo 'name,kind,roles,phones'
  for i in $(seq 0 1999); do printf '租户%04d,person,tenant,1380000%04d\n' "$i" "$i"; done
} >"$work/parties.csv"
export PROPDESK_OFFICE=$work/office PROPDESK_NOW=2026-11-23T09:30 PROPDESK_USER=bench
base=$("$PROPDESK" party list | wc -l)
("$PROPDESK" party import "$work/parties.csv" >/dev/null 2>"$work/import.err"; touch "$work/done") &
pairs=0 during=0 slowest=0 partial=0
while [ ! -e "$work/done" ]; do
  start=$(date +%s%N)
  [ -e "$work/office/.propdesk/journal" ] && during=$((during + 1))
  rows=$("$PROPDESK" party list | wc -l)
  "$PROPDESK" agenda >/dev/null
  ms=$((($(date +%s%N) - start) / 1000000))
  pairs=$((pairs + 1))
  [ "$ms" -gt "$slowest" ] && slowest=$ms
  if [ "$rows" -ne "$base" ] && [ "$rows" -ne $((base + 2000)) ]; then partial=$((partial + 1)); fi
done
wait
after=$("$PROPDESK" party list | wc -l)
echo "import of 2000 parties: $(tail -1 "$work/import.err")"
echo "reader pairs (party list + agenda) during it: $pairs, $during with its journal on disk"
echo "slowest pair: ${slowest} ms (the lock wait is ${PROPDESK_LOCK_WAIT_MS:-5000} ms)"
echo "pairs that saw part of the import: $partial; rows before $base, after $after"
[ "$partial" -eq 0 ] && [ "$after" -eq $((base + 2000)) ]
