#!/usr/bin/env bash
# Full-model benchmarks: the baseline at 100,000 residents on one thread, and
# scenarios/district.yaml (~1.2 M residents, 1,095 days, two replicates) on
# two jobs, both in-process (fullmodel) and through `linli run`, output
# files included (/usr/bin/time: wall time and peak RSS).
#
#   Benchmarks/fullmodel.sh            # ~5 minutes on 2 cores
#   SKIP_CLI=1 Benchmarks/fullmodel.sh # skip the `linli run` timing
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
JOBS=${JOBS:-2}
(cd "$ROOT" && bash scripts/ensure-deps.sh >&2)
log "building fullmodel and linli (release)…"
swift build -c release --package-path "$BENCH_DIR" --product fullmodel >&2
swift build -c release --package-path "$ROOT" --product linli >&2
FULL="$BENCH_DIR/.build/release/fullmodel"
LINLI="$ROOT/.build/release/linli"

echo "## Full model (load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo '```'
"$FULL" baseline --residents 100000 --days 365
echo
"$FULL" district --jobs "$JOBS"
echo '```'
if [ -z "${SKIP_CLI:-}" ]; then
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    echo
    echo "\`linli run scenarios/district.yaml --jobs $JOBS\` (writes the four output files):"
    echo
    echo '```'
    /usr/bin/time -f "wall_seconds=%e peak_rss_kb=%M" "$LINLI" run "$ROOT/scenarios/district.yaml" --jobs "$JOBS" --out "$out/district" --quiet 2>&1 | grep -v "^$out" || true
    du -sh "$out/district" | awk '{print "output size " $1}'
    echo '```'
fi
echo
echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg). Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -n1), $(getconf _NPROCESSORS_ONLN) cores."
