#!/usr/bin/env bash
# make fuzz: every libFuzzer target of tests/fuzz under ASan and UBSan, each for
# a bounded time, from the seeds (tests/fuzz/seeds/<target>/ and the golden
# MIME corpus tests/data/mime/*.eml). Fails on any crash, leak, timeout,
# out-of-memory or UBSan report, naming the reproducer.
#   FUZZ_SECONDS   seconds per target (default 60)
#   FUZZ_TARGETS   which targets (default: all four)
#   FUZZ_TIMEOUT   seconds one input may take (default 10)
#   FUZZ_RSS_MB    memory limit (default 2048)
#   FUZZ_JOBS      parallel compile jobs for the build (default: ninja's)
# Everything it writes is under build-fuzz/ (build-fuzz/fuzz/: corpora, which
# grow from run to run, logs, reproducers); the repository is never modified.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$REPO/build-fuzz
OUT=$BUILD/fuzz
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-10}
FUZZ_RSS_MB=${FUZZ_RSS_MB:-2048}
FUZZ_TARGETS=${FUZZ_TARGETS:-fuzz_mime_message fuzz_headers fuzz_bodystructure fuzz_html}
[[ "$FUZZ_SECONDS" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz: FUZZ_SECONDS must be a positive number" >&2; exit 2; }
SEEDS=$REPO/tests/fuzz/seeds
CORPUS_EML=$REPO/tests/data/mime

"$REPO/packaging/install-deps.sh" "$REPO/packaging/fuzz-packages.txt"
cd "$REPO"
cmake --preset fuzz >/dev/null
nice cmake --build --preset fuzz ${FUZZ_JOBS:+-j "$FUZZ_JOBS"}

# The largest input each target is given: a message with a few attachments, a
# header block, a FETCH response, an HTML part.
max_len() {
  case $1 in
    fuzz_mime_message) echo 131072 ;;
    fuzz_headers) echo 16384 ;;
    *) echo 65536 ;;
  esac
}
dict() {
  case $1 in
    fuzz_mime_message|fuzz_headers) echo "$REPO/tests/fuzz/mime.dict" ;;
    fuzz_bodystructure) echo "$REPO/tests/fuzz/imap.dict" ;;
    fuzz_html) echo "$REPO/tests/fuzz/html.dict" ;;
  esac
}

# The header fields of the corpus messages, unfolded, one value a file: seeds
# for the header decoders.
header_seeds() {
  local eml n=0
  for eml in "$CORPUS_EML"/*.eml; do
    [ -f "$eml" ] || continue
    n=$((n + 1))
    awk -v dir="$1" -v base="eml$n" '
      /^\r?$/ { emit(); exit }
      /^[ \t]/ { value = value " " $0; next }
      { emit(); field = tolower($0); sub(/:.*/, "", field); value = $0; sub(/^[^:]*:[ \t]*/, "", value) }
      function emit() {
        if (field ~ /^(from|to|cc|reply-to|sender|subject|date|received|content-type|content-disposition)$/) {
          gsub(/\r/, "", value); k++
          printf "%s", value > (dir "/" base "-" k); close(dir "/" base "-" k)
        }
        field = ""
      }' "$eml"
  done
}

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:abort_on_error=0:symbolize=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$REPO/tests/fuzz/lsan.supp:print_suppressions=0
export G_SLICE=always-malloc   # GLib's slice allocator would hide GMime's frees from LeakSanitizer
mkdir -p "$OUT"
FAILED=()
SUMMARY=()
for t in $FUZZ_TARGETS; do
  bin=$BUILD/bin/$t
  [ -x "$bin" ] || { echo "fuzz: $bin was not built" >&2; exit 1; }
  corpus=$OUT/corpus/$t
  artifacts=$OUT/artifacts/$t
  log=$OUT/$t.log
  mkdir -p "$corpus"
  rm -rf "$artifacts"
  mkdir -p "$artifacts"
  # Seeds are copied in; what the fuzzer found in earlier runs stays.
  if [ -d "$SEEDS/$t" ]; then cp -n "$SEEDS/$t"/* "$corpus"/ 2>/dev/null || true; fi
  case $t in
    fuzz_mime_message|fuzz_html)
      for eml in "$CORPUS_EML"/*.eml; do [ -f "$eml" ] && cp -n "$eml" "$corpus"/; done ;;
    fuzz_headers) header_seeds "$corpus" ;;
  esac
  echo "fuzz: $t for ${FUZZ_SECONDS} s, $(find "$corpus" -type f | wc -l) inputs to start from (log: $log)"
  rc=0
  "$bin" -max_total_time="$FUZZ_SECONDS" -timeout="$FUZZ_TIMEOUT" -rss_limit_mb="$FUZZ_RSS_MB" \
    -max_len="$(max_len "$t")" -dict="$(dict "$t")" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  SUMMARY+=("$(printf '%-20s %6s s %10s execs %7s exec/s %6s MB peak RSS  cov %s  corpus %s' "$t" "$FUZZ_SECONDS" \
    "${execs:-?}" "${speed:-?}" "${rss:-?}" "${cov:-?}" "$(find "$corpus" -type f | wc -l)")")
  # UBSan stops at its first report (halt_on_error), but a report is a failure however it ends.
  reproducers=$(find "$artifacts" -type f | sort)
  if [ "$rc" -ne 0 ] || [ -n "$reproducers" ] || grep -q 'runtime error:' "$log"; then
    FAILED+=("$t")
    echo "fuzz: $t FAILED (exit $rc):" >&2
    grep -E '^(==[0-9]+==ERROR|SUMMARY:|.*runtime error:|ALARM:|FUZZ_CHECK failed|==[0-9]+== ERROR: libFuzzer)' "$log" | head -5 >&2 || true
    for r in $reproducers; do
      echo "fuzz:   reproducer $r" >&2
      echo "fuzz:   replay: $bin $r" >&2
    done
    echo "fuzz:   log $log" >&2
  fi
done

echo
echo "fuzz: $(date -u +%Y-%m-%dT%H:%MZ), ASan + UBSan, timeout ${FUZZ_TIMEOUT} s, RSS limit ${FUZZ_RSS_MB} MB"
printf '  %s\n' "${SUMMARY[@]}"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${FAILED[*]} (reproducers under $OUT/artifacts/)" >&2
  exit 1
fi
echo "fuzz: no crash, leak, timeout or UBSan report"
