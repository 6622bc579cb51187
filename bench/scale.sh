#!/usr/bin/env bash
# Scale benchmark (issue 9): a generated office of UNITS units and YEARS years of
# history, and the commands an office runs every day, against the floor of simply
# reading every file of the office; single-record commands also against the same
# command on a 100-unit office with the same years.
#
#   bash bench/scale.sh [UNITS] [YEARS] [RUNS]      (default 10000 10 5)
#
# Prints one line per command: the median wall time of RUNS runs (single-record
# commands: at least 21, the two offices taking turns), that time over the read floor
# (tree-wide) or over the small office (single-record), and the peak resident memory. Targets: tree-wide within 3x the floor, single-record within 1.2x
# the small office, peak memory under 500 MB. Exits 1 if a target is missed.
# Speed targets live here, not in tests: machines are shared and noisy.
# PROPDESK_BENCH_DIR=DIR keeps the generated offices there (and reuses them).
set -euo pipefail
cd "$(dirname "$0")/.."
units=${1:-10000}
years=${2:-10}
runs=${3:-5}
cargo build --release --quiet --locked --bin propdesk --example gen-office
bin=$PWD/target/release/propdesk
gen=$PWD/target/release/examples/gen-office
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dir=${PROPDESK_BENCH_DIR:-$tmp}
mkdir -p "$dir"
big=$dir/office-$units-$years
small=$dir/office-100-$years
for spec in "$units $big" "100 $small"; do
  set -- $spec
  if [ ! -f "$2/office.toml" ]; then
    /usr/bin/time -f "generated $1 units x $years years in %es, peak %MKB" \
      "$gen" --units "$1" --years "$years" --seed 7 --out "$2"
  fi
done
export PROPDESK_NOW=2026-11-23T09:30 PROPDESK_USER=bench
unset PROPDESK_SEED
files=$(find "$big" -type f -not -path '*/.git/*' | wc -l)
mb=$(du -sm --apparent-size --exclude=.git "$big" | cut -f1)
disk=$(du -sm --exclude=.git "$big" | cut -f1)
echo "office: $units units x $years years: $files files, $mb MB of records ($disk MB on disk)"

# median wall seconds and max peak KB of $runs runs of "$@" (run in $PWD)
mem=$tmp/peak
measure() {
  local t0 t1 out=()
  for _ in $(seq "$runs"); do
    t0=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$mem" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; "$@" >/dev/null; exit 1; }
    t1=$(date +%s%N)
    out+=("$(( (t1 - t0) / 1000 )) $(tail -1 "$mem")")
  done
  printf '%s\n' "${out[@]}" | sort -n | awk -v n="$runs" '
    { t[NR] = $1; if ($2 > m) m = $2 }
    END { printf "%.4f %d\n", t[int((n + 1) / 2)] / 1e6, m }'
}
fail=0
verdict() { # name seconds ratio limit peakKB
  local ok
  ok=$(awk -v r="$3" -v l="$4" -v m="$5" 'BEGIN { print (r <= l && m < 500 * 1024) ? "ok" : "MISSED" }')
  [ "$ok" = ok ] || fail=1
  printf '%-40s %7.3fs %6.2fx (target %sx) %6d MB  %s\n' "$1" "$2" "$3" "$4" $(($5 / 1024)) "$ok"
}

cd "$big"
# The floor: every byte of every file of the office, read once (warm cache).
floor_cmd=(sh -c "find . -type f -not -path './.git/*' -print0 | xargs -0 cat")
"${floor_cmd[@]}" >/dev/null
read -r floor _ < <(measure "${floor_cmd[@]}")
printf '%-40s %7.3fs\n' "read floor (every file, cat)" "$floor"
for cmd in "agenda" "check" "report" "dunning run --dry-run" "dunning run" "dunning aging"; do
  # shellcheck disable=SC2086
  read -r t m < <(measure "$bin" $cmd)
  verdict "$cmd" "$t" "$(awk -v a="$t" -v b="$floor" 'BEGIN { print a / b }')" 3 "$m"
done

# Single-record commands, the same on both offices: a few milliseconds each, so at
# least 21 runs, the two offices taking turns so that both meet the same machine.
wall_peak() { # dir args... -> "microseconds peakKB"
  local dir=$1 t0 t1
  shift
  t0=$(date +%s%N)
  (cd "$dir" && /usr/bin/time -f "%M" -o "$mem" "$@" >/dev/null 2>&1) || { echo "failed in $dir: $*" >&2; exit 1; }
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000 )) $(tail -1 "$mem")"
}
median_peak() { # lines "microseconds peakKB" on stdin -> "seconds peakKB"
  sort -n | awk '{ t[NR] = $1; if ($2 > m) m = $2 } END { printf "%.4f %d\n", t[int((NR + 1) / 2)] / 1e6, m }'
}
single() { # name args...
  local name=$1 n=$(( runs < 21 ? 21 : runs )) tb mb ts ms big_runs=() small_runs=()
  shift
  for _ in $(seq "$n"); do
    big_runs+=("$(wall_peak "$big" "$bin" "$@")")
    small_runs+=("$(wall_peak "$small" "$bin" "$@")")
  done
  read -r tb mb < <(printf '%s\n' "${big_runs[@]}" | median_peak)
  read -r ts ms < <(printf '%s\n' "${small_runs[@]}" | median_peak)
  verdict "$name (big vs 100 units)" "$tb" "$(awk -v a="$tb" -v b="$ts" 'BEGIN { print (b > 0) ? a / b : 1 }')" 1.2 "$mb"
}
unit=$(cd "$small" && ls units | head -1)
unit=${unit%.yaml}
single "ticket new" ticket new --kind repair --channel phone --reporter bench --unit "$unit" --category plumbing --description "bench: the tap drips"
single "pay" pay "$unit" 10
single "unit show" unit show "$unit"
if [ "$fail" = 0 ]; then echo "every target met"; else echo "MISSED: see above"; fi
exit $fail
