#!/usr/bin/env bash
# Runs a propdesk command, and runs it again while it exits 75: the office was busy
# with another desk's or cron's write (propdesk waited PROPDESK_LOCK_WAIT_MS for it,
# then gave up having done nothing). Any other exit code is the command's own and is
# returned at once: 1 is bad data or a refused step, 2 a wrong command or office.toml,
# neither of which a retry mends.
#
#   examples/retry.sh propdesk dunning run --commit
#   RETRY_TIMES=10 RETRY_SLEEP=30 examples/retry.sh propdesk bill run --commit
#
# With a write that must not happen twice (a payment typed in a script), give it a
# request key too, so that a retry after a timeout never pays twice:
#   examples/retry.sh propdesk --request pay-2026-11-23-A-1203 pay A-1203 1800.00
set -uo pipefail
times=${RETRY_TIMES:-5}
pause=${RETRY_SLEEP:-20}
for ((try = 1; ; try++)); do
  "$@"
  code=$?
  if [ "$code" -ne 75 ] || [ "$try" -ge "$times" ]; then
    exit "$code"
  fi
  echo "retry.sh: the office is busy; trying again in ${pause}s ($try of $times)" >&2
  sleep "$pause"
done
