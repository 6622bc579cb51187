#!/usr/bin/env bash
# Benchmark of `propdesk dunning run` (and the other tree-wide money commands) on a
# generated office of 10,000 units with two years of monthly billing and payments:
# most units pay on time, about 1 in 12 pays late, 1 in 40 is in arrears now.
# Compared with the floor of just reading every ledger and case file's bytes.
#   bash bench/dunning.sh [UNITS]
set -euo pipefail
cd "$(dirname "$0")/.."
units=${1:-10000}
cargo build --release --quiet
bin=$PWD/target/release/propdesk
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export PROPDESK_NOW=2026-11-23T07:40 PROPDESK_SEED=7 PROPDESK_USER=bench
"$bin" init "$dir/office" --name Bench --locale en >/dev/null 2>&1
cd "$dir/office"
python3 - "$units" <<'PY'
import os, sys
n = int(sys.argv[1])
os.makedirs("units", exist_ok=True); os.makedirs("ledger", exist_ok=True); os.makedirs("parties", exist_ok=True)
at = '"2026-01-01T09:00:00+08:00"'
with open("parties/P-20260101-BENCH0.yaml", "w") as f:
    f.write("id: P-20260101-BENCH0\nkind: company\nname: Bench Co\nroles:\n- owner\n- tenant\n")
months = [(2024 + (m // 12), m % 12 + 1) for m in range(11, 11 + 24)]  # 2024-12 .. 2026-11
for i in range(n):
    b, fl, u = "ABCDEFGHIJ"[i // 1000], (i % 1000) // 10 + 1, i % 10 + 1
    uid = f"{b}-{fl}{u:02d}"
    area = 100 + i % 150
    with open(f"units/{uid}.yaml", "w") as f:
        f.write(f"id: {uid}\nbuilding: {b}\nfloor: {fl}\narea: \"{area}.00\"\nuse: office\nowner: P-20260101-BENCH0\noccupant: P-20260101-BENCH0\nstatus: occupied\n")
    amount = area * 25
    lines = [f"unit: {uid}", "entries:"]
    no = 0
    late = i % 12 == 0
    arrears = i % 40 == 0
    for (y, m) in months:
        no += 1
        lines += [f"- entry: {no}", f"  date: \"{y}-{m:02d}-01\"", "  kind: charge", "  item: property-fee",
                  f"  amount: \"{amount}.00\"", f"  for: Property fee {y}-{m:02d}", f"  period: {y}-{m:02d}",
                  f"  due: \"{y}-{m:02d}-15\"", "  by: bench", f"  at: {at}"]
        if arrears and (y, m) == (2026, 11):
            continue
        no += 1
        day = 25 if late else 10
        lines += [f"- entry: {no}", f"  date: \"{y}-{m:02d}-{day}\"", "  kind: payment", f"  amount: \"{amount}.00\"",
                  "  for: Payment", "  method: transfer", f"  ref: R{y}{m:02d}{i:05d}",
                  "  applied:", f"  - charge: {no - 1}", f"    amount: \"{amount}.00\"", "  by: bench", f"  at: {at}"]
    with open(f"ledger/{uid}.yaml", "w") as f:
        f.write("\n".join(lines) + "\n")
PY
files=$(find ledger dunning units -name '*.yaml' | wc -l)
bytes=$(cat ledger/*.yaml units/*.yaml | wc -c)
echo "office: $units units, $files record files, $bytes bytes"
sync
t() { /usr/bin/time -f "$1: %es, %MKB peak" "${@:2}" > /dev/null 2> "$dir/time" || { cat "$dir/time"; exit 1; }; tail -1 "$dir/time"; }
t "read floor (cat ledger+units)" sh -c 'cat ledger/*.yaml units/*.yaml'
t "dunning run (first: cases open, late fees posted)" "$bin" dunning run
t "dunning run (again: nothing changes)" "$bin" dunning run
t "dunning list" "$bin" dunning
t "dunning aging" "$bin" dunning aging
t "ledger --deposits" "$bin" ledger --deposits
t "check" "$bin" check
t "pay one unit" "$bin" pay A-101 100
