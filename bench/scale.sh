#!/usr/bin/env bash
# Scale benchmark: an office of 10,000 units and 5,000 parties, and the commands that
# read the whole tree (check, unit list) against just reading the bytes (cat).
# Speed targets live here, not in tests: machines are shared and noisy.
#   bash bench/scale.sh [UNITS]
set -euo pipefail
cd "$(dirname "$0")/.."
units=${1:-10000}
cargo build --release --quiet
bin=$PWD/target/release/propdesk
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export PROPDESK_NOW=2026-11-23T09:30 PROPDESK_SEED=7 PROPDESK_USER=bench
"$bin" init "$dir/office" --name Bench >/dev/null 2>&1
cd "$dir/office"

python3 - "$units" <<'PY'
import sys
n = int(sys.argv[1])
with open("parties.csv", "w") as f:
    f.write("name,kind,roles,phones\n")
    for i in range(n // 2):
        f.write(f"Party {i},company,owner;tenant,1380{i:07d}\n")
PY
"$bin" party import parties.csv 2>/dev/null
python3 - "$units" <<'PY'
import os, sys
n = int(sys.argv[1])
ids = sorted(f[:-5] for f in os.listdir("parties") if f.endswith(".yaml"))
with open("units.csv", "w") as f:
    f.write("id,building,floor,area,use,owner,occupant\n")
    for i in range(n):
        b, fl, u = "ABCDEFGHIJ"[i // 1000], (i % 1000) // 10 + 1, i % 10 + 1
        o = ids[i % len(ids)]
        f.write(f"{b}-{fl}{u:02d},{b},{fl},{100 + i % 150}.50,office,{o},{o if i % 3 else ''}\n")
PY
/usr/bin/time -f "unit import of $units units: %es, %MKB" "$bin" unit import units.csv 2>&1 | tail -1
files=$(find units parties -name '*.yaml' | wc -l)
bytes=$(cat units/*.yaml parties/*.yaml | wc -c)
echo "office: $files record files, $bytes bytes"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs 5 -N \
    "cat $(printf '%s ' units/A-101.yaml) " \
    "sh -c 'cat units/*.yaml parties/*.yaml > /dev/null'" \
    "$bin check" \
    "$bin unit list --format json" \
    "$bin unit show A-101" \
    "$bin party add --name X --role owner"
else
  for cmd in "sh -c 'cat units/*.yaml parties/*.yaml > /dev/null'" "$bin check" "$bin unit list --format json" "$bin unit show A-101"; do
    /usr/bin/time -f "%es  $cmd" sh -c "$cmd > /dev/null 2>&1"
  done
fi
