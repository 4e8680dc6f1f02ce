#!/usr/bin/env bash
# Threading a large folder: Tern (tern-bench-threads: the folder's ids read from
# the cache, JWZ, the tree the thread view shows; then new mail one message at a
# time, incrementally) side by side with notmuch, which threads at index time
# (`notmuch new`) and lists threads from its database (`notmuch search
# --output=threads`), over the same N messages. Reports times, thread counts
# (the two should agree closely) and ratios.
#   run.sh [N]            messages, default 100000
#   TERN_BENCH_BIN=DIR    where tern-bench-threads is (default build/bin)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../../.." && pwd)
BIN=${TERN_BENCH_BIN:-$REPO/build/bin}
N=${1:-100000}
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]" >&2; exit 2; }
WORK=$(mktemp -d /tmp/tern-bench-threads-XXXXXX)
REPORT=$REPO/build/bench/threads.txt
mkdir -p "$(dirname "$REPORT")"
cleanup() { [ -n "${TERN_BENCH_KEEP:-}" ] || rm -rf "$WORK" 2>/dev/null || true; }
trap cleanup EXIT
command -v notmuch >/dev/null || { echo "bench: notmuch is missing; run: packaging/install-deps.sh packaging/bench-packages.txt" >&2; exit 1; }
[ -x "$BIN/tern-bench-threads" ] || { echo "bench: $BIN/tern-bench-threads is missing; run: make build" >&2; exit 1; }

TERN=$("$BIN/tern-bench-threads" "$N" "$WORK")
cat > "$WORK/notmuch-config" <<CONF
[database]
path=$WORK/Maildir
[new]
tags=
[search]
exclude_tags=
[maildir]
synchronize_flags=false
CONF
export NOTMUCH_CONFIG=$WORK/notmuch-config
ms() { local s e; s=$(date +%s%N); "$@" > "$WORK/out" 2>/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
NEW_MS=$(ms notmuch new --quiet)
SEARCH_MS=$(ms notmuch search --output=threads '*')
NM_THREADS=$(wc -l < "$WORK/out")
val() { sed -n "s/.*\\b$1=\\([0-9.]*\\).*/\\1/p" <<<"$TERN"; }
FIRST=$(( $(val first_load_ms) + $(val first_tree_ms) ))
{
  echo "threads benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "tern: $TERN"
  echo "notmuch: new_ms=$NEW_MS search_threads_ms=$SEARCH_MS threads=$NM_THREADS"
  awk -v f="$FIRST" -v s="$SEARCH_MS" -v n="$NEW_MS" -v full="$(val full_rethread_ms)" 'BEGIN {
    printf "tern threading the folder from its cache rows: %d ms; notmuch listing its precomputed threads: %d ms (tern/notmuch %.2f)\n", f, s, f / s
    printf "tern full re-threading: %d ms; notmuch new (index + threads): %d ms (tern/notmuch %.3f)\n", full, n, full / n }'
} | tee "$REPORT"
