#!/usr/bin/env bash
# MIME parse + render throughput: Tern's engine (tern-bench-mime, the path of
# `tern render`: GMime parse into the part tree, then the header display, the
# text a reader sees, the viewer's document, attachments, route) over N seeded
# messages in a Maildir, side by side with `notmuch new` indexing the same
# Maildir into a fresh database (notmuch parses with GMime too, then indexes
# the text with Xapian). Warm page cache; each run three times, interleaved,
# median wall time. Reports messages/s, MB/s, peak RSS and the ratio.
#   run.sh [N]            messages, default 10000
#   TERN_BENCH_BIN=DIR    where tern-bench-mime is (default build/bin, what make bench builds)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../../.." && pwd)
BIN=${TERN_BENCH_BIN:-$REPO/build/bin}
BENCH=$BIN/tern-bench-mime
GEN=$REPO/tests/bench/mime/gen_maildir.py
N=${1:-10000}
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]" >&2; exit 2; }
RUNS=3
SEED=1
WORK=$(mktemp -d /tmp/tern-bench-mime-XXXXXX)
MAILDIR=$WORK/Maildir
REPORT=$REPO/build/bench/mime.txt
mkdir -p "$(dirname "$REPORT")"
# The Maildir (some 280 MB at 10,000) and the database go when done; TERN_BENCH_KEEP=1 keeps them.
cleanup() { [ -n "${TERN_BENCH_KEEP:-}" ] || rm -rf "$WORK" 2>/dev/null || true; }
trap cleanup EXIT
for tool in python3 notmuch /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing; run: packaging/install-deps.sh packaging/bench-packages.txt" >&2; exit 1; }
done
[ -x "$BENCH" ] || { echo "bench: $BENCH is missing; run: make build" >&2; exit 1; }

GEN_STATS=$(python3 "$GEN" "$MAILDIR" --count "$N" --seed "$SEED")
stat_of() { sed -n "s/.*\\b$1=\\([0-9.]*\\).*/\\1/p" <<<"$2"; }
BYTES=$(stat_of bytes "$GEN_STATS")
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
BENCH_BUILT=$(date -u -r "$BENCH" +%Y-%m-%dT%H:%M:%SZ)

# notmuch with a configuration of its own: the database outside the Maildir (so
# tern reads only mail), fresh for every run, and nothing that asks a question.
NM_CONFIG=$WORK/notmuch-config
NM_DB=$WORK/notmuch-db
cat > "$NM_CONFIG" <<CFG
[database]
path=$NM_DB
mail_root=$MAILDIR
[user]
name=Bench
primary_email=bench@example.org
[new]
tags=unread;inbox;
ignore=
[search]
exclude_tags=
[maildir]
synchronize_flags=true
CFG
notmuch_new() { rm -rf "$NM_DB" && mkdir -p "$NM_DB" && NOTMUCH_CONFIG=$NM_CONFIG notmuch new --quiet; }
export -f notmuch_new
export NM_CONFIG NM_DB

# measure NAME CMD...: wall seconds, peak RSS (KiB), user and system CPU seconds of
# CMD into $WORK/NAME.t. Dirty pages of the run before (notmuch's database) are
# written back first, untimed.
measure() {
  local name=$1; shift
  sync
  /usr/bin/time -f '%e %M %U %S' -o "$WORK/$name.t" "$@" >"$WORK/$name.log" 2>&1 || {
    echo "bench: $name failed:" >&2; tail -5 "$WORK/$name.log" >&2; exit 1; }
}
# median NAME: NAME.t and NAME.log become those of the run with the median wall time.
median() {
  local name=$1 i best
  best=$(for i in $(seq 1 "$RUNS"); do echo "$(cut -d' ' -f1 "$WORK/$name.$i.t") $i"; done | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p" | cut -d' ' -f2)
  cp "$WORK/$name.$best.t" "$WORK/$name.t"
  cp "$WORK/$name.$best.log" "$WORK/$name.log"
}
wall() { cut -d' ' -f1 "$WORK/$1.t"; }
rss() { echo $(( $(cut -d' ' -f2 "$WORK/$1.t") / 1024 )); }
cpu() { awk '{ printf "%.2f", $3 + $4 }' "$WORK/$1.t"; }
per_s() { awk -v n="$2" -v w="$(wall "$1")" 'BEGIN { printf "%.0f", (w > 0 ? n / w : 0) }'; }
mb_s() { awk -v b="$BYTES" -v w="$(wall "$1")" 'BEGIN { printf "%.1f", (w > 0 ? b / 1e6 / w : 0) }'; }

# Warm cache: every file read once, untimed.
find "$MAILDIR" -type f -exec cat {} + >/dev/null
for i in $(seq 1 "$RUNS"); do
  measure "tern.$i" "$BENCH" "$MAILDIR"
  measure "notmuch.$i" bash -c notmuch_new
done
median tern
median notmuch

TERN_LINE=$(tail -1 "$WORK/tern.log")
got=$(stat_of messages "$TERN_LINE")
[ "$got" = "$N" ] || { echo "bench: tern-bench-mime read $got of $N messages: $TERN_LINE" >&2; exit 1; }
failed=$(stat_of failed "$TERN_LINE")
indexed=$(NOTMUCH_CONFIG=$NM_CONFIG notmuch count '*')
[ "$indexed" -eq "$N" ] || { echo "bench: notmuch indexed $indexed of $N messages" >&2; exit 1; }
RATIO=$(awk -v a="$(wall tern)" -v b="$(wall notmuch)" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
# CPU time (user + system) is what a busy machine disturbs least: the ratio of that too.
CPU_RATIO=$(awk -v a="$(cpu tern)" -v b="$(cpu notmuch)" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
[ "$(date -u -r "$BENCH" +%Y-%m-%dT%H:%M:%SZ)" = "$BENCH_BUILT" ] || echo "bench: $BENCH was rebuilt during the run" >&2

row() {   # LABEL NAME
  printf '%-44s %8s %7s %9s %9s %7s\n' "$1" "$(wall "$2")" "$(cpu "$2")" "$(rss "$2")" "$(per_s "$2" "$N")" "$(mb_s "$2")"
}
{
  echo "Tern MIME benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  echo "$BENCH (built $BENCH_BUILT), $(notmuch --version), GMime $(pkg-config --modversion gmime-3.0 2>/dev/null || echo '?')"
  echo "Maildir: $N messages (gen_maildir.py --seed $SEED), $MB MB; size median $(stat_of median "$GEN_STATS") B,"
  echo "  90th percentile $(stat_of p90 "$GEN_STATS") B, largest $(stat_of max "$GEN_STATS") B, $(stat_of over100k "$GEN_STATS") of 100 KB or more."
  echo "Load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "Warm page cache (every file read once first); tern and notmuch alternate, $RUNS runs each, median wall"
  echo "time shown (with that run's CPU and peak RSS). Whole processes, each reading the files itself."
  echo
  printf '%-44s %8s %7s %9s %9s %7s\n' "run" "wall (s)" "CPU (s)" "RSS (MiB)" "msgs/s" "MB/s"
  row "tern-bench-mime: parse + render every file" tern
  row "notmuch new: parse + index into a fresh db" notmuch
  echo
  echo "tern / notmuch wall time = $RATIO (notmuch takes $(awk -v r="$RATIO" 'BEGIN { printf "%.1f", (r > 0 ? 1 / r : 0) }')× as long);"
  echo "  CPU time = $CPU_RATIO (what a loaded machine disturbs least; wall above CPU means other work ran)"
  echo "tern inside the process (parse and render only, file reading timed apart): $(stat_of parse_s "$TERN_LINE") s parse +"
  echo "  $(stat_of render_s "$TERN_LINE") s render = $(stat_of msgs_per_s "$TERN_LINE") msgs/s, $(stat_of mb_per_s "$TERN_LINE") MB/s; reading the files $(stat_of read_s "$TERN_LINE") s;"
  echo "  $failed messages not parsed."
  echo
  echo "Notes: both parse every message with GMime 3. tern-bench-mime then renders it as \`tern render\` does"
  echo "(header display with its spoofing checks, decoded text of the displayed parts, HTML reduced to text with"
  echo "remote resources listed, attachments with safe names, the Received: route) and keeps nothing. notmuch"
  echo "new also decodes the text parts, but then indexes every term with Xapian and writes the database"
  echo "($(du -sm "$NM_DB" | cut -f1) MiB here): more work per message, and I/O. MB = 10^6 bytes of message files."
} | tee "$REPORT"
