#!/usr/bin/env bash
# Search: building the index of N cached messages and the latency of twenty
# typical queries, side by side with notmuch over the same messages as a
# Maildir. The messages are tests/bench/mime's generator's (varied MIME,
# charsets, attachments, lists), loaded into a Tern cache as a disconnected
# account keeps them (untimed: that is the sync's work), then:
#   index:   `tern index` (decode + FTS5) against `notmuch new` (parse + Xapian),
#            each once on a fresh index, wall time and peak RSS;
#   queries: `tern search --limit 100 Q` against `notmuch search --limit=100 Q`,
#            whole processes, alternating, ROUNDS runs of each query;
#            then in one process over an open database each (what the GUI's
#            search box costs; libnotmuch for the peer, when libnotmuch-dev
#            was there at build time), 4×ROUNDS runs of each query.
#   run.sh [N] [ROUNDS]       default 100000 messages, 5 rounds
#   TERN_BENCH_BIN=DIR        where tern and tern-bench-search are (default build/bin)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../../.." && pwd)
HERE=$REPO/tests/bench/search
BIN=${TERN_BENCH_BIN:-$REPO/build/bin}
N=${1:-100000}
ROUNDS=${2:-5}
[[ "$N" =~ ^[1-9][0-9]*$ && "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N] [ROUNDS]" >&2; exit 2; }
WORK=$(mktemp -d /tmp/tern-bench-search-XXXXXX)
MAILDIR=$WORK/Maildir
PROFILE=$WORK/profile
REPORT=$REPO/build/bench/search.txt
mkdir -p "$(dirname "$REPORT")" "$PROFILE/cache"
cleanup() { [ -n "${TERN_BENCH_KEEP:-}" ] || rm -rf "$WORK" 2>/dev/null || true; }
trap cleanup EXIT
for tool in python3 notmuch /usr/bin/time "$BIN/tern" "$BIN/tern-bench-search"; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make build; packaging/install-deps.sh packaging/bench-packages.txt)" >&2; exit 1; }
done

echo "bench: writing $N messages" >&2
GEN_STATS=$(python3 "$REPO/tests/bench/mime/gen_maildir.py" "$MAILDIR" --count "$N" --seed 1)
stat_of() { sed -n "s/.*\\b$1=\\([0-9.]*\\).*/\\1/p" <<<"$2"; }
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
echo "bench: loading them into a Tern cache" >&2
LOAD=$("$BIN/tern-bench-search" load "$MAILDIR" "$PROFILE/cache/cache.sqlite")

NM_CONFIG=$WORK/notmuch-config
NM_DB=$WORK/notmuch-db
mkdir -p "$NM_DB"
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
measure() {   # NAME CMD…: wall, peak RSS KiB, user+sys CPU into $WORK/NAME.t
  local name=$1; shift
  sync
  /usr/bin/time -f '%e %M %U %S' -o "$WORK/$name.t" "$@" >"$WORK/$name.log" 2>&1 || {
    echo "bench: $name failed:" >&2; tail -5 "$WORK/$name.log" >&2; exit 1; }
}
wall() { cut -d' ' -f1 "$WORK/$1.t"; }
start_ms() {   # CMD…: median wall ms of 20 starts
  python3 -c 'import statistics, subprocess, sys, time
ts = []
for _ in range(20):
    s = time.perf_counter(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); ts.append((time.perf_counter() - s) * 1000)
print("%.1f" % statistics.median(ts))' "$@"
}
rss() { echo $(( $(cut -d' ' -f2 "$WORK/$1.t") / 1024 )); }
cpu() { awk '{ printf "%.1f", $3 + $4 }' "$WORK/$1.t"; }
find "$MAILDIR" -type f -exec cat {} + >/dev/null   # warm page cache for both
echo "bench: tern index" >&2
measure tern-index "$BIN/tern" --profile "$PROFILE" index
echo "bench: notmuch new" >&2
measure notmuch-new env NOTMUCH_CONFIG="$NM_CONFIG" notmuch new --quiet
indexed=$(NOTMUCH_CONFIG=$NM_CONFIG notmuch count '*')
echo "bench: $ROUNDS rounds of 20 queries each" >&2
LAT=$(python3 "$HERE/latency.py" "$HERE/queries.txt" "$ROUNDS" -- "$BIN/tern" --profile "$PROFILE" search --limit 100 -- \
      env NOTMUCH_CONFIG="$NM_CONFIG" notmuch search --limit=100)
INPROC="(not measured: tern-bench-notmuch-queries not built; install libnotmuch-dev and rebuild)"
if [ -x "$BIN/tern-bench-notmuch-queries" ]; then
  echo "bench: the same queries in one process each" >&2
  : > "$WORK/inproc-tern" ; : > "$WORK/inproc-nm"
  for _ in 1 2 3 4; do   # alternating, so that neither has the quieter minutes
    "$BIN/tern-bench-search" queries "$PROFILE/cache/cache.sqlite" "$HERE/queries.txt" "$ROUNDS" >> "$WORK/inproc-tern"
    "$BIN/tern-bench-notmuch-queries" "$NM_CONFIG" "$HERE/queries.txt" "$ROUNDS" >> "$WORK/inproc-nm"
  done
  INPROC=$(python3 "$HERE/latency.py" --inproc "$HERE/queries.txt" "$WORK/inproc-tern" "$WORK/inproc-nm")
fi
IDX_RATIO=$(awk -v a="$(wall tern-index)" -v b="$(wall notmuch-new)" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
{
  echo "Tern search benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(notmuch --version), SQLite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || echo '?')"
  echo "$N messages (tests/bench/mime/gen_maildir.py --seed 1): $(awk -v b="$(stat_of bytes "$GEN_STATS")" 'BEGIN { printf "%.0f", b / 1e6 }') MB; notmuch indexed $indexed."
  echo "Loaded into the Tern cache (untimed here, the sync's work): $LOAD"
  echo "Load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  printf '%-40s %9s %8s %10s %8s\n' "index build (fresh)" "wall (s)" "CPU (s)" "RSS (MiB)" "msgs/s"
  printf '%-40s %9s %8s %10s %8.0f\n' "tern index (GMime, FTS5)" "$(wall tern-index)" "$(cpu tern-index)" "$(rss tern-index)" "$(awk -v n="$N" -v w="$(wall tern-index)" 'BEGIN{print n/w}')"
  printf '%-40s %9s %8s %10s %8.0f\n' "notmuch new (GMime, Xapian)" "$(wall notmuch-new)" "$(cpu notmuch-new)" "$(rss notmuch-new)" "$(awk -v n="$N" -v w="$(wall notmuch-new)" 'BEGIN{print n/w}')"
  echo "index build tern / notmuch wall = $IDX_RATIO (target: at most 1)"
  echo "index size: tern cache $(du -sm "$PROFILE/cache" | cut -f1) MiB (messages and index together), notmuch $(du -sm "$NM_DB" | cut -f1) MiB (index only)"
  echo
  echo "Query latency: whole processes (start, open, query, print the 100 newest hits), $ROUNDS runs each, alternating."
  echo "$LAT"
  echo "(ratio = tern / notmuch; target: median at most 0.5. hits = lines printed, at most 100; notmuch prints threads.)"
  echo "Process start alone here: tern --version $(start_ms "$BIN/tern" --version) ms, notmuch --version $(start_ms notmuch --version) ms (median of 20)."
  echo
  echo "Query latency in one process, the database open (the search box; libnotmuch): the query, the 100"
  echo "newest hits read and formatted (notmuch: threads, with authors, subject, tags)."
  echo "$INPROC"
} | tee "$REPORT"
