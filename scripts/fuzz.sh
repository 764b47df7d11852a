#!/usr/bin/env bash
# Fuzzes Linli's parsers with libFuzzer (issue "Robustness", item 1; docs/fuzzing.md).
#
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]   TARGET: scenario, sweep, calibration, set, where
#   scripts/fuzz.sh all SECONDS                           each target for SECONDS, one after another
#   scripts/fuzz.sh merge TARGET                          minimise Fuzz/corpus/TARGET with what was found
#                                                         (set-cover merge on edges: a few hundred files keep the edges)
#
# Builds linli-fuzz with -sanitize=fuzzer,address into .build-fuzz (never
# touches .build), then runs one fuzzer (-jobs=1) with -max_total_time=SECONDS,
# -timeout=1 (an input taking over 1 s is a failure), -rss_limit_mb=2048, over
# a working corpus .build-fuzz/work/TARGET seeded from Fuzz/corpus/TARGET and
# the shipped files; crashes, timeouts and out-of-memory inputs go to
# .build-fuzz/artifacts/TARGET/. Prints inputs run, execs/s and the result;
# exits non-zero when the fuzzer found anything.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=(scenario sweep calibration set where)
BIN=.build-fuzz/release/linli-fuzz

build() {
  swift build -c release --scratch-path .build-fuzz --product linli-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -D -Xswiftc LINLI_FUZZ \
    -Xcc -fsanitize=fuzzer-no-link,address 2>&1 | grep -E "error|warning: unre|Build" | tail -5
  [ -x "$BIN" ] || { echo "fuzz.sh: build failed" >&2; exit 2; }
}

# The shipped files a target starts from (besides its committed corpus).
seeds() {
  case "$1" in
    scenario) ls scenarios/*.yaml ;;
    sweep) ls scenarios/sweeps/*.yaml ;;
    calibration) ls scenarios/calibration/*.yaml ;;
    set) ls Fuzz/seeds/set/* ;;
    where) ls Fuzz/seeds/where/* ;;
  esac
}

run() {
  local target=$1 seconds=$2; shift 2
  local work=.build-fuzz/work/$target art=.build-fuzz/artifacts/$target log=.build-fuzz/$target.log
  mkdir -p "$work" "$art" "Fuzz/corpus/$target"
  # shellcheck disable=SC2046
  cp $(seeds "$target") "$work"/ 2>/dev/null || true
  local status=0
  LINLI_FUZZ_TARGET=$target "$BIN" "$work" "Fuzz/corpus/$target" \
    -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$art/" "$@" >"$log" 2>&1 || status=$?
  local execs rate rss
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  rss=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  if [ "$status" -eq 0 ]; then
    echo "fuzz $target: ${seconds}s, $execs inputs, $rate execs/s, peak RSS ${rss} MB: no crash, hang or leak"
  else
    echo "fuzz $target: FAILED after $execs inputs (exit $status); log $log, inputs in $art/:" >&2
    grep -E "linli-fuzz $target:|ERROR: libFuzzer|ERROR: AddressSanitizer|SUMMARY|Test unit written" "$log" | head -8 >&2
  fi
  return "$status"
}

case "${1:-}" in
  all)
    [ $# -ge 2 ] || { echo "usage: $0 all SECONDS" >&2; exit 2; }
    build
    failed=0
    for t in "${TARGETS[@]}"; do run "$t" "$2" || failed=1; done
    exit $failed ;;
  merge)
    [ $# -ge 2 ] || { echo "usage: $0 merge TARGET" >&2; exit 2; }
    build
    t=$2 new=.build-fuzz/merged-$2
    rm -rf "$new"; mkdir -p "$new" ".build-fuzz/work/$t"
    LINLI_FUZZ_TARGET=$t "$BIN" -set_cover_merge=1 -use_counters=0 -timeout=1 -rss_limit_mb=2048 "$new" "Fuzz/corpus/$t" ".build-fuzz/work/$t" >".build-fuzz/merge-$t.log" 2>&1
    rm -rf "Fuzz/corpus/$t"; mv "$new" "Fuzz/corpus/$t"
    echo "merge $t: $(ls "Fuzz/corpus/$t" | wc -l) files, $(du -sk "Fuzz/corpus/$t" | cut -f1) KB in Fuzz/corpus/$t" ;;
  scenario|sweep|calibration|set|where)
    [ $# -ge 2 ] || { echo "usage: $0 TARGET SECONDS" >&2; exit 2; }
    t=$1 s=$2; shift 2
    build
    run "$t" "$s" "$@" ;;
  *)
    echo "usage: $0 TARGET|all SECONDS | merge TARGET   (targets: ${TARGETS[*]})" >&2; exit 2 ;;
esac
