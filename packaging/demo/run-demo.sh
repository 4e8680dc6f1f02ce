#!/usr/bin/env bash
# `make run`: start the demo mail system, create the demo profile once, open Tern.
#   run-demo.sh [TERN OPTIONS…]   e.g. --screenshot shot.png
#   run-demo.sh --stop            stop the demo mail system
# TERN_DEMO_DIR (mail system) and TERN_DEMO_PROFILE (Tern's profile) override the defaults.
set -euo pipefail

readonly REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly MAIL_SYSTEM=$REPO/packaging/demo/mail-system.sh
readonly TERN=$REPO/build/bin/tern
# Under /var/tmp: the mail system's own user must reach it, which a private home would forbid.
readonly DEMO_DIR=${TERN_DEMO_DIR:-/var/tmp/tern-demo-$(id -u)}
readonly PROFILE=${TERN_DEMO_PROFILE:-$REPO/demo-profile}

if [ "${1:-}" = "--stop" ]; then
  exec "$MAIL_SYSTEM" stop "$DEMO_DIR"
fi

[ -x "$TERN" ] || { echo "run-demo: $TERN is missing; run: make build" >&2; exit 1; }

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [[ " $* " != *" --screenshot "* ]]; then
  echo "run-demo: no display (DISPLAY and WAYLAND_DISPLAY are unset)." >&2
  echo "Run Tern from a desktop session, or under a virtual display: xvfb-run make run" >&2
  exit 2
fi

"$MAIL_SYSTEM" status "$DEMO_DIR" >/dev/null 2>&1 || "$MAIL_SYSTEM" start "$DEMO_DIR"
# shellcheck disable=SC1091
. "$DEMO_DIR/env"

# Seed once per mail system: alice gets the hand-picked samples, bob a bigger folder.
if [ ! -f "$DEMO_DIR/.demo-seeded" ]; then
  "$MAIL_SYSTEM" seed "$DEMO_DIR" --user alice --samples "$REPO/resources/demo"
  "$MAIL_SYSTEM" seed "$DEMO_DIR" --user alice --count 2000 --folder Archive
  "$MAIL_SYSTEM" seed "$DEMO_DIR" --user bob --count 300
  touch "$DEMO_DIR/.demo-seeded"
fi

# The demo profile: made once; its account URLs follow the mail system's ports.
ports="v2 $IMAPS_PORT $POP3S_PORT $SMTPS_PORT $SUBMISSION_PORT"
if [ "$(cat "$PROFILE/demo-ports" 2>/dev/null)" != "$ports" ]; then
  mkdir -p "$PROFILE"
  rm -f "$PROFILE/config/accounts.ini"
  "$TERN" --profile "$PROFILE" account add alice --address alice@example.test \
    --imap "imaps://alice@127.0.0.1:$IMAPS_PORT" --smtp "smtps://alice@127.0.0.1:$SMTPS_PORT" \
    --mode disconnected --ca-file "$CA_FILE" --password-env ALICE_PASSWORD >/dev/null
  "$TERN" --profile "$PROFILE" account add bob --address bob@example.test \
    --pop3 "pop3s://bob@127.0.0.1:$POP3S_PORT" --smtp "smtp://bob@127.0.0.1:$SUBMISSION_PORT" \
    --ca-file "$CA_FILE" --password-env BOB_PASSWORD >/dev/null
  echo "$ports" > "$PROFILE/demo-ports"
  echo "run-demo: demo profile ready in $PROFILE" >&2
fi

# The demo accounts read their passwords from these (--password-env).
export ALICE_PASSWORD BOB_PASSWORD CAROL_PASSWORD
# Bring the cache up to date before the window opens (the GUI does not sync yet).
"$TERN" --profile "$PROFILE" sync >/dev/null 2>"$PROFILE/last-sync.log" \
  || echo "run-demo: sync failed, see $PROFILE/last-sync.log" >&2
exec "$TERN" --profile "$PROFILE" "$@"
