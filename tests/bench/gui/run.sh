#!/usr/bin/env bash
# The desktop client over a cached 100,000-message folder, side by side with
# neomutt opening the same messages from a Maildir with its header cache warm,
# in one run, under Xvfb. Reports, with ratios and the targets of issue #7:
#   - tern started until its main window has painted the folder's message list
#     (TERN_BENCH_FIRST_PAINT: tern prints the wall clock of that paint) and its
#     peak RSS then; neomutt in tmux until its index shows (the status line
#     reports the folder's message count), and its peak RSS;
#   - inside one process (tern-bench-gui, the same window): switching to the
#     folder from another, dragging the scroll bar to the folder's end, and
#     through it in 100 painted steps, opening a message; peak RSS after each.
# How the folder is made: the demo Dovecot is seeded with N messages in carol's
# INBOX and 300 in a folder "Small"; `tern sync` of an online account caches
# their headers (what an account shows a folder from); neomutt gets a copy of
# the same Maildir. The mail system is stopped before anything is timed, and
# the GUI works offline (no sync at start): only the cache is read.
#   run.sh [N]            messages, default 100000
#   TERN_BENCH_BIN=DIR    where tern, tern-bench-gui, tern-demo-seed are (default build/bin)
#   TERN_BENCH_KEEP=1     keep the work directory (the profile, the Maildir); TERN_BENCH_REUSE=DIR
#                         then measures again on that directory's folder without making it anew
set -euo pipefail
if [ -z "${DISPLAY:-}" ] && [ -z "${TERN_BENCH_XVFB:-}" ]; then
  command -v xvfb-run >/dev/null || { echo "bench: xvfb-run is missing; run: packaging/install-deps.sh" >&2; exit 1; }
  TERN_BENCH_XVFB=1 exec xvfb-run -a -s "-screen 0 1280x1024x24" "$0" "$@"
fi
REPO=$(cd "$(dirname "$0")/../../.." && pwd)
BIN=${TERN_BENCH_BIN:-$REPO/build/bin}
TERN=$BIN/tern
BENCH=$BIN/tern-bench-gui
export TERN_DEMO_SEED=$BIN/tern-demo-seed
MS=$REPO/packaging/demo/mail-system.sh
N=${1:-100000}
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]" >&2; exit 2; }
RUNS=5
if [ -n "${TERN_BENCH_REUSE:-}" ]; then
  WORK=$TERN_BENCH_REUSE
  TERN_BENCH_KEEP=1
else
  WORK=$(mktemp -d /tmp/tern-bench-gui-XXXXXX)
  chmod 755 "$WORK"   # the mail user must reach $WORK/mail
fi
MAIL=$WORK/mail
REPORT=$REPO/build/bench/gui.txt
mkdir -p "$(dirname "$REPORT")"
TMUX_SOCKET=tern-bench-gui-$$
cleanup() {
  tmux -L "$TMUX_SOCKET" kill-server >/dev/null 2>&1 || true
  "$MS" stop "$MAIL" >/dev/null 2>&1 || true
  [ -n "${TERN_BENCH_KEEP:-}" ] || rm -rf "$WORK" 2>/dev/null || true
}
trap cleanup EXIT
for tool in neomutt tmux sqlite3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing; run: packaging/install-deps.sh packaging/bench-packages.txt" >&2; exit 1; }
done
for b in "$TERN" "$BENCH" "$TERN_DEMO_SEED"; do
  [ -x "$b" ] || { echo "bench: $b is missing; run: make build" >&2; exit 1; }
done
PROBLEMS=()
problem() { PROBLEMS+=("$*"); echo "bench: $*" >&2; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : 0) }'; }
now_us() { echo $(( $(date +%s%N) / 1000 )); }

# --- the folder ----------------------------------------------------------------
P=$WORK/profile
NM=$WORK/neomutt
if [ -z "${TERN_BENCH_REUSE:-}" ]; then
  "$MS" start "$MAIL" >/dev/null
  # shellcheck disable=SC1091
  . "$MAIL/env"
  : "${IMAPS_PORT:?}" "${SMTPS_PORT:?}" "${CA_FILE:?}" "${CAROL_PASSWORD:?}"
  export CAROL_PASSWORD
  "$MS" seed "$MAIL" --user carol --count "$N" >/dev/null
  "$MS" seed "$MAIL" --user carol --count 300 --folder Small >/dev/null
  "$TERN" --profile "$P" account add bench --imap "imaps://carol@127.0.0.1:$IMAPS_PORT" \
    --smtp "smtps://carol@127.0.0.1:$SMTPS_PORT" --mode online --ca-file "$CA_FILE" --password-env CAROL_PASSWORD >/dev/null
  "$TERN" --profile "$P" sync bench >"$WORK/sync.log" 2>&1 || { cat "$WORK/sync.log" >&2; exit 1; }
  cached=$(sqlite3 "$P/cache/cache.sqlite" "SELECT count(*) FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.name = 'INBOX'")
  [ "$cached" -eq "$N" ] || { echo "bench: tern cached $cached of $N messages" >&2; exit 1; }
  # The message the bench opens (the newest: the list's first row) read once while online, as a reader
  # would have: its body is in the cache, so the viewer (QtWebEngine) shows it without the network.
  FIRST_UID=$(sqlite3 "$P/cache/cache.sqlite" "SELECT m.uid FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id
    WHERE b.name = 'INBOX' ORDER BY m.received_at DESC, m.id DESC LIMIT 1")
  "$TERN" --profile "$P" show bench INBOX "$FIRST_UID" >/dev/null
  # The same messages for neomutt: a copy of the server's Maildir (its files, not Dovecot's indexes).
  mkdir -p "$NM/Maildir/tmp" "$NM/hcache" "$NM/home"
  cp -a "$MAIL/mail/carol/Maildir/cur" "$MAIL/mail/carol/Maildir/new" "$NM/Maildir/"
  NM_FILES=$(find "$NM/Maildir/cur" "$NM/Maildir/new" -type f | wc -l)
  [ "$NM_FILES" -eq "$N" ] || { echo "bench: the Maildir copy has $NM_FILES of $N messages" >&2; exit 1; }
  "$MS" stop "$MAIL" >/dev/null
  # Offline: no sync at start, nothing but the cache is read.
  printf '[General]\noffline=true\n' > "$P/config/viewer.ini"
fi
rm -rf "$NM/hcache" && mkdir -p "$NM/hcache"   # neomutt's first run below fills it (cold)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
TERN_BUILT=$(date -u -r "$TERN" +%Y-%m-%dT%H:%M:%SZ)

# --- tern: start to first paint ------------------------------------------------
# One untimed run first (page cache), then RUNS timed ones.
tern_first_paint() {   # prints: milliseconds from exec to the paint, peak RSS (KiB) at the paint, rows, CPU ms
  local start log=$WORK/tern-start.log
  start=$(now_us)
  TERN_BENCH_FIRST_PAINT=exit "$TERN" --profile "$P" 2>"$log" >/dev/null || { cat "$log" >&2; exit 1; }
  sed -n 's/^tern: first-paint unix-us=\([0-9]*\) rows=\([0-9]*\) vmhwm-kib=\([0-9-]*\) cpu-ms=\([0-9]*\).*/\1 \2 \3 \4/p' "$log" \
    | awk -v s="$start" '{ printf "%.1f %d %d %d\n", ($1 - s) / 1000, $3, $2, $4 }'
}
tern_first_paint >/dev/null
: > "$WORK/tern-start.txt"
for _ in $(seq 1 "$RUNS"); do tern_first_paint >> "$WORK/tern-start.txt"; done
[ "$(wc -l < "$WORK/tern-start.txt")" -eq "$RUNS" ] || { echo "bench: tern never reported its first paint" >&2; exit 1; }
TERN_START_MS=$(cut -d' ' -f1 "$WORK/tern-start.txt" | median)
TERN_START_RSS=$(( $(cut -d' ' -f2 "$WORK/tern-start.txt" | sort -n | tail -1) / 1024 ))
TERN_ROWS=$(cut -d' ' -f3 "$WORK/tern-start.txt" | head -1)
TERN_START_CPU=$(cut -d' ' -f4 "$WORK/tern-start.txt" | median)

# --- tern: switch, scroll, a message (one process) ------------------------------
"$BENCH" --profile "$P" --account bench --folder INBOX --from Small --messages "$N" --runs "$RUNS" \
  >"$WORK/bench.out" 2>"$WORK/bench.err" || { cat "$WORK/bench.err" >&2; exit 1; }
kv() { sed -n "s/.*\\b$1=\\([0-9.-]*\\).*/\\1/p" "$WORK/bench.out"; }

# --- neomutt: start until the index shows ----------------------------------------
cat > "$NM/muttrc" <<RC
set folder = "$NM"
set spoolfile = "$NM/Maildir"
set mbox_type = Maildir
set header_cache = "$NM/hcache/"
set status_format = "bench-index %m messages"
set quit = yes
set mark_old = no
set read_inc = 0
set sleep_time = 0
RC
# neomutt_open WARM: prints milliseconds from start to the index, and peak RSS (KiB).
neomutt_open() {
  local start end rss t=$NM/time.txt
  rm -f "$t"
  tmux -L "$TMUX_SOCKET" kill-server >/dev/null 2>&1 || true
  start=$(now_us)
  tmux -L "$TMUX_SOCKET" new-session -d -x 160 -y 48 \
    "HOME=$NM/home /usr/bin/time -f %M -o $t neomutt -n -F $NM/muttrc"
  for _ in $(seq 1 12000); do   # at most 120 s
    if tmux -L "$TMUX_SOCKET" capture-pane -p 2>/dev/null | grep -q "bench-index $N messages"; then
      end=$(now_us)
      break
    fi
    sleep 0.01
  done
  [ -n "${end:-}" ] || { echo "bench: neomutt's index never showed:" >&2; tmux -L "$TMUX_SOCKET" capture-pane -p >&2 || true; exit 1; }
  tmux -L "$TMUX_SOCKET" send-keys q
  for _ in $(seq 1 1000); do [ -s "$t" ] && break; sleep 0.01; done
  rss=$(tail -1 "$t" 2>/dev/null || echo 0)
  echo "$(( (end - start) / 1000 )) $rss"
}
NM_COLD=$(neomutt_open)   # fills the header cache
: > "$NM/warm.txt"
for _ in $(seq 1 "$RUNS"); do neomutt_open >> "$NM/warm.txt"; done
NM_COLD_MS=${NM_COLD%% *}
NM_WARM_MS=$(cut -d' ' -f1 "$NM/warm.txt" | median)
NM_RSS=$(( $(cut -d' ' -f2 "$NM/warm.txt" | sort -n | tail -1) / 1024 ))

# --- report ----------------------------------------------------------------------
[ "$(date -u -r "$TERN" +%Y-%m-%dT%H:%M:%SZ)" = "$TERN_BUILT" ] || problem "tern was rebuilt during the run"
[ "$TERN_ROWS" -gt 0 ] || problem "tern's first paint showed no rows"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v < t ? "met" : "MISSED") }'; }
mib() { echo $(( $1 / 1024 )); }
SWITCH=$(kv switch_median_ms)
RSS_ALL=$(mib "$(kv rss_message_kib)")
RSS_LIST=$(mib "$(kv rss_scroll_kib)")
{
  echo "Tern GUI benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, Xvfb $(xdpyinfo 2>/dev/null | sed -n 's/.*dimensions: *\([0-9x]*\).*/\1/p' | head -1)"
  echo "$("$TERN" --version) ($TERN of $TERN_BUILT), neomutt $(neomutt -v | head -1 | awk '{print $2}')"
  echo "Folder: $N messages (headers cached by an online account) in INBOX, 300 in Small; neomutt reads the same $N files."
  echo "Load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "tern, start until the message list has painted the folder (median of $RUNS after one untimed run):"
  echo "  $TERN_START_MS ms (CPU $TERN_START_CPU ms), $TERN_ROWS rows in the model, peak RSS $TERN_START_RSS MiB"
  echo "neomutt, start until its index shows ($RUNS runs with the header cache warm, median):"
  echo "  $NM_WARM_MS ms warm ($NM_COLD_MS ms cold, filling the cache), peak RSS $NM_RSS MiB"
  echo "  tern / neomutt (warm) = $(ratio "$TERN_START_MS" "$NM_WARM_MS"); RSS tern / neomutt = $(ratio "$TERN_START_RSS" "$NM_RSS")"
  echo
  echo "tern-bench-gui, the same window in one process:"
  echo "  window made and shown until the list painted: $(kv open_ms) ms (peak RSS $(mib "$(kv rss_open_kib)") MiB)"
  echo "  switch Small -> INBOX until painted: median $SWITCH ms (min $(kv switch_min_ms), max $(kv switch_max_ms), $RUNS runs; CPU $(kv switch_cpu_ms) ms)"
  echo "  scroll thumb dragged to the end until the last message is painted: $(kv end_ms) ms (CPU $(kv end_cpu_ms) ms), $(kv end_drags) drag(s)"
  echo "  scroll thumb from top to bottom in 100 painted steps: $(kv drag_ms) ms (CPU $(kv drag_cpu_ms) ms), worst step $(kv drag_worst_step_ms) ms"
  echo "  peak RSS after scrolling the whole folder: $RSS_LIST MiB"
  echo "  first message selected until the viewer loaded it (QtWebEngine's first start): $(kv message_ms) ms; peak RSS then $RSS_ALL MiB"
  echo
  echo "Targets (issue #7): first paint < 500 ms: $(verdict "$TERN_START_MS" 500) ($TERN_START_MS ms);" \
       "folder switch < 100 ms: $(verdict "$SWITCH" 100) ($SWITCH ms);" \
       "main-process RSS <= 200 MiB: $(verdict "$RSS_LIST" 200.001) with the list ($RSS_LIST MiB), $(verdict "$RSS_ALL" 200.001) with a message shown ($RSS_ALL MiB)"
  echo
  echo "Notes: times are wall clock on a shared machine; tern's start is measured from the shell's clock before exec to the"
  echo "clock tern reads after the paint (TERN_BENCH_FIRST_PAINT=exit), neomutt's by polling tmux every 10 ms for its status"
  echo "line ('bench-index $N messages'). RSS is the main process's (QtWebEngine renders in helper processes not counted;"
  echo "neomutt has none). neomutt: -n, folder/spoolfile/header_cache set, mark_old and read_inc off."
  if [ ${#PROBLEMS[@]} -gt 0 ]; then
    echo
    printf 'PROBLEM: %s\n' "${PROBLEMS[@]}"
  fi
} | tee "$REPORT"
[ ${#PROBLEMS[@]} -eq 0 ]
