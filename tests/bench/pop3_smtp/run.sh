#!/usr/bin/env bash
# POP3 download and SMTP submission, Tern side by side with fetchmail and
# msmtp, in one run against one private demo mail system, with the bare
# protocol floors (one pipelined session through openssl s_client) measured
# in the same run. Reports wall times, ratios and peak RSS.
#   run.sh [POP3_COUNT] [SMTP_COUNT]     defaults 10000 and 1000
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../../.." && pwd)
TERN=$REPO/build/bin/tern
SEED=$REPO/build/bin/tern-demo-seed
MS=$REPO/packaging/demo/mail-system.sh
N_POP=${1:-10000}
N_SMTP=${2:-1000}
WORK=$(mktemp -d /tmp/tern-bench-XXXXXX)
chmod 755 "$WORK"
MAIL=$WORK/mail
REPORT=$REPO/build/bench/pop3_smtp.txt
mkdir -p "$(dirname "$REPORT")"
trap '"$MS" stop "$MAIL" >/dev/null 2>&1 || true' EXIT

"$MS" start "$MAIL" >/dev/null
# shellcheck disable=SC1091
. "$MAIL/env"
export ALICE_PASSWORD BOB_PASSWORD CAROL_PASSWORD CA_FILE POP3S_PORT SMTPS_PORT WORK N_POP N_SMTP
"$MS" seed "$MAIL" --user carol --count "$N_POP" >/dev/null

# measure NAME CMD...: wall seconds and peak RSS (KiB) of CMD into $WORK/NAME.t
measure() {
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$WORK/$name.t" "$@" >"$WORK/$name.log" 2>&1 || {
    echo "bench: $name failed:" >&2; tail -5 "$WORK/$name.log" >&2; exit 1; }
}
wall() { cut -d' ' -f1 "$WORK/$1.t"; }
rss() { echo $(( $(cut -d' ' -f2 "$WORK/$1.t") / 1024 )); }
ratio() { awk -v a="$(wall "$1")" -v b="$(wall "$2")" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }

# --- POP3 -------------------------------------------------------------------
{ printf 'USER carol\r\nPASS %s\r\n' "$CAROL_PASSWORD"
  seq 1 "$N_POP" | sed 's/^/RETR /; s/$/\r/'
  printf 'QUIT\r\n'
} > "$WORK/pop3-floor.in"
pop3_floor() {
  openssl s_client -quiet -ign_eof -CAfile "$CA_FILE" -verify_return_error \
    -connect "127.0.0.1:$POP3S_PORT" <"$WORK/pop3-floor.in" >"$WORK/pop3-floor.out" 2>/dev/null
  local ok; ok=$(grep -c '^+OK' "$WORK/pop3-floor.out" || true)
  [ "$ok" -ge "$N_POP" ] || { echo "bench: floor session got $ok replies" >&2; return 1; }
}
export -f pop3_floor
measure pop3_floor bash -c pop3_floor

mkdir -p "$WORK/fetchmail/maildir/"{tmp,new,cur}
cat > "$WORK/fetchmail/mda.sh" <<MDA
#!/bin/sh
f=$WORK/fetchmail/maildir/tmp/\$\$.\$(date +%s%N)
cat > "\$f" && mv "\$f" $WORK/fetchmail/maildir/new/
MDA
chmod +x "$WORK/fetchmail/mda.sh"
cat > "$WORK/fetchmail/rc" <<RC
set no bouncemail
poll localhost port $POP3S_PORT protocol pop3
  user carol password "$CAROL_PASSWORD"
  ssl sslcertck sslcertfile "$CA_FILE"
  keep fetchall
  mda "$WORK/fetchmail/mda.sh"
RC
chmod 600 "$WORK/fetchmail/rc"
measure fetchmail env FETCHMAILHOME="$WORK/fetchmail" fetchmail --nosyslog -f "$WORK/fetchmail/rc" \
  --idfile "$WORK/fetchmail/ids"
got=$(find "$WORK/fetchmail/maildir/new" -type f | wc -l)
[ "$got" -eq "$N_POP" ] || { echo "bench: fetchmail stored $got of $N_POP" >&2; exit 1; }

P=$WORK/tern-profile
"$TERN" --profile "$P" account add carol --pop3 "pop3s://carol@127.0.0.1:$POP3S_PORT" \
  --smtp "smtps://carol@127.0.0.1:$SMTPS_PORT" --ca-file "$CA_FILE" --password-env CAROL_PASSWORD >/dev/null
measure tern_pop3 "$TERN" --profile "$P" sync carol
grep -q "$N_POP downloaded" "$WORK/tern_pop3.log" || { echo "bench: tern did not download $N_POP" >&2; cat "$WORK/tern_pop3.log" >&2; exit 1; }

# --- SMTP -------------------------------------------------------------------
mkdir -p "$WORK/msgs"
"$SEED" --user bob --domain example.test --count "$N_SMTP" --out "$WORK/msgs"
find "$WORK/msgs" -type f | sort > "$WORK/msgs.list"
mapfile -t MSGS < "$WORK/msgs.list"

# The floor's input is built before the clock starts: only the session is timed.
{ printf 'EHLO bench.example.test\r\nAUTH PLAIN %s\r\n' "$(printf '\0alice\0%s' "$ALICE_PASSWORD" | base64 -w0)"
  for m in "${MSGS[@]}"; do
    printf 'MAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nBDAT %d LAST\r\n' "$(stat -c %s "$m")"
    cat "$m"
  done
  printf 'QUIT\r\n'
} > "$WORK/smtp-floor.in"
smtp_floor() {
  openssl s_client -quiet -ign_eof -CAfile "$CA_FILE" -verify_return_error \
    -connect "127.0.0.1:$SMTPS_PORT" <"$WORK/smtp-floor.in" >"$WORK/smtp-floor.out" 2>/dev/null
  local ok; ok=$(grep -c '^250 2.0.0 Ok: ' "$WORK/smtp-floor.out" || true)
  [ "$ok" -eq "$N_SMTP" ] || { echo "bench: floor session delivered $ok of $N_SMTP" >&2; return 1; }
}
export -f smtp_floor
measure smtp_floor bash -c smtp_floor

cat > "$WORK/msmtprc" <<RC
account bench
host localhost
port $SMTPS_PORT
tls on
tls_starttls off
tls_trust_file $CA_FILE
auth plain
user alice
password $ALICE_PASSWORD
from alice@example.test
RC
chmod 600 "$WORK/msmtprc"
msmtp_all() { while read -r m; do msmtp -C "$WORK/msmtprc" -a bench bob@example.test < "$m"; done < "$WORK/msgs.list"; }
export -f msmtp_all
measure msmtp bash -c msmtp_all

"$TERN" --profile "$P" account add alice --pop3 "pop3s://alice@127.0.0.1:$POP3S_PORT" \
  --smtp "smtps://alice@127.0.0.1:$SMTPS_PORT" --ca-file "$CA_FILE" --password-env ALICE_PASSWORD >/dev/null
for m in "${MSGS[@]}"; do "$TERN" --profile "$P" send alice "$m" --later 2>/dev/null; done
measure tern_smtp "$TERN" --profile "$P" sync alice
grep -q "sent $N_SMTP," "$WORK/tern_smtp.log" || { echo "bench: tern did not send $N_SMTP" >&2; cat "$WORK/tern_smtp.log" >&2; exit 1; }

{
  echo "Tern POP3/SMTP benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, loopback, TLS"
  echo
  printf '%-44s %9s %9s\n' "run" "wall (s)" "RSS (MB)"
  printf '%-44s %9s %9s\n' "POP3 floor: one pipelined RETR session" "$(wall pop3_floor)" "-"
  printf '%-44s %9s %9s\n' "fetchmail ($N_POP msgs, MDA to a Maildir)" "$(wall fetchmail)" "$(rss fetchmail)"
  printf '%-44s %9s %9s\n' "tern sync ($N_POP msgs into the cache)" "$(wall tern_pop3)" "$(rss tern_pop3)"
  printf '%-44s %9s %9s\n' "SMTP floor: one pipelined BDAT session" "$(wall smtp_floor)" "-"
  printf '%-44s %9s %9s\n' "msmtp ($N_SMTP msgs, one run each)" "$(wall msmtp)" "$(rss msmtp)"
  printf '%-44s %9s %9s\n' "tern sync ($N_SMTP queued msgs)" "$(wall tern_smtp)" "$(rss tern_smtp)"
  echo
  echo "POP3: tern / fetchmail = $(ratio tern_pop3 fetchmail)   tern / floor = $(ratio tern_pop3 pop3_floor)   (targets <= 0.1 and <= 3)"
  echo "SMTP: tern / msmtp     = $(ratio tern_smtp msmtp)   tern / floor = $(ratio tern_smtp smtp_floor)   (targets <= 0.1 and <= 3)"
  echo
  echo "Durability: Tern commits each batch of downloads (synchronous=FULL) before any DELE, and marks each"
  echo "outbox entry submitting/sent with a commit of its own; fetchmail's MDA here writes files without fsync."
} | tee "$REPORT"
