#!/usr/bin/env bash
# The morning run of an office, for cron (see examples/crontab):
#
#   1. `propdesk sync`: the other desks' changes in (what came in is listed), if the
#      office is a git clone with a remote; it stops the run on a record both desks
#      changed, naming it and how to settle it;
#   2. `propdesk check`: problems are printed (cron mails them), the run goes on;
#   3. `propdesk dunning run --commit`: late fees, ladder steps, notices, committed;
#   4. `propdesk agenda --for ROLE` for each role into agenda/<role>.txt, and the
#      whole day as agenda/agenda.ics for the desk's calendar;
#   5. a commit of the agenda files that changed, and `propdesk sync` out;
#   6. today's agenda on stdout, so cron mails it to the desk.
#
# On a quiet day (nothing due, no problems, no dunning step) it prints nothing and
# exits 0, so cron mails nothing. Any failure exits non-zero with the reason.
#
#   PROPDESK_OFFICE=/srv/office bash examples/daily.sh
#   PROPDESK=/usr/local/bin/propdesk AGENDA_DIR=/srv/office/agenda bash examples/daily.sh
#
# The office's day comes from office.toml's time zone, not the machine's; PROPDESK_NOW
# pins the clock (tests, replays).
set -euo pipefail
PROPDESK=${PROPDESK:-propdesk}
: "${PROPDESK_OFFICE:?set PROPDESK_OFFICE to the office folder}"
export PROPDESK_OFFICE
office=$PROPDESK_OFFICE
# Each desk keeps its own morning lists (agenda/<desk code>/), so two desks' lists of
# one morning never touch the same file.
desk=${PROPDESK_DESK:-$(git -C "$office" config propdesk.desk 2>/dev/null || true)}
dir=${AGENDA_DIR:-$office/agenda${desk:+/$desk}}
roles=(desk engineering security finance manager)
is_git() { git -C "$office" rev-parse --is-inside-work-tree >/dev/null 2>&1; }
# A write that finds the office busy exits 75 having done nothing: run it again a few
# times (RETRY_TIMES, RETRY_SLEEP seconds apart). Readers never wait, so only the
# writes (sync, dunning run) go through it.
write_retrying() {
  local try code
  for ((try = 1; ; try++)); do
    code=0
    "$@" || code=$?
    if [ "$code" -ne 75 ] || [ "$try" -ge "${RETRY_TIMES:-5}" ]; then
      return "$code"
    fi
    echo "daily.sh: the office is busy; trying again in ${RETRY_SLEEP:-20}s" >&2
    sleep "${RETRY_SLEEP:-20}"
  done
}
has_remote() { is_git && [ -n "$(git -C "$office" remote)" ]; }

# 1. Other desks' changes first, so today's work starts from the shared tree.
if has_remote; then
  write_retrying "$PROPDESK" sync
fi

# 2. A broken record is reported, not fatal: the rest of the office still runs.
if ! problems=$("$PROPDESK" check 2>&1); then
  printf '%s\n\n' "$problems"
fi

# 3. The ladder; it prints one line per action and nothing on a quiet day.
if is_git; then
  write_retrying "$PROPDESK" dunning run --commit
else
  write_retrying "$PROPDESK" dunning run
fi

# 4. Each role's list, written whole then moved into place (a reader never sees half).
mkdir -p "$dir"
write() {
  local target=$1; shift
  "$PROPDESK" agenda "$@" >"$target.tmp"
  mv "$target.tmp" "$target"
}
for role in "${roles[@]}"; do
  write "$dir/$role.txt" --for "$role"
done
write "$dir/agenda.ics" --format ics

# 5. Commit what changed (git keeps each morning's lists).
if is_git; then
  git -C "$office" add -- "$dir"
  if ! git -C "$office" diff --cached --quiet -- "$dir"; then
    # The office's day, in its own time zone (office.toml), for the message.
    tz=$(sed -n 's/^timezone *= *"\(.*\)".*/\1/p' "$office/office.toml" | head -1)
    day=$(TZ=${tz:-UTC} date -d "${PROPDESK_NOW:-now}" +%F)
    git -C "$office" -c user.name="${GIT_AUTHOR_NAME:-propdesk cron}" \
      -c user.email="${GIT_AUTHOR_EMAIL:-propdesk@localhost}" \
      commit --quiet -m "agenda: the morning lists of $day" -- "$dir"
  fi
  if has_remote; then
    write_retrying "$PROPDESK" sync
  fi
fi

# 6. Everything due today, for the mail; nothing when nothing is due.
"$PROPDESK" agenda
