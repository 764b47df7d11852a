#!/usr/bin/env bash
# Runs the engine, sweep and output tests under a sanitizer (debug build in
# its own scratch directory, so the Release build in .build is untouched).
#   bash scripts/sanitize.sh thread            # ThreadSanitizer: WorkerPool, parallelMap, RunStore, signals
#   bash scripts/sanitize.sh address           # AddressSanitizer
#   bash scripts/sanitize.sh thread 'RegexOfSuites'
# Exit status is swift test's: any report of a race or a memory error fails.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-thread}
case "$kind" in thread|address) ;; *) echo "usage: $0 thread|address [FILTER]" >&2; exit 2 ;; esac
# The suites that exercise shared state: the worker pool and parallel map,
# run stores under concurrent appends and resume, atomic files. (The CLI's
# signal and lock tests spawn the binary on long runs: too slow under TSan.)
filter=${2:-'EnginePrimitiveTests|RandomStreamTests|SweepRunTests|OutputTests'}
scratch=".build-$kind"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
export ASAN_OPTIONS="detect_leaks=0 ${ASAN_OPTIONS:-}"
swift build --build-tests --sanitize="$kind" --scratch-path "$scratch"
swift test --skip-build --sanitize="$kind" --scratch-path "$scratch" --filter "$filter"
