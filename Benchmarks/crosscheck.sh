#!/usr/bin/env bash
# LB-1 cross-check (BENCHMARK.md): Linli, the C port and the Mesa port must
# agree on the mean active share on day 364 over 20 seeds at N = 10,000,
# within 0.03 of each other. Exit status 1 if any pair differs by more.
#
#   Benchmarks/crosscheck.sh            # builds what is missing, ~3 minutes (Mesa dominates)
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
SEEDS=${SEEDS:-20}
N=${N:-10000}
build_linli; build_c; build_mesa
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for impl in linli c mesa; do
    log "running $impl: $SEEDS seeds at N = $N…"
    # Two at a time: the cross-check is not timed.
    seq 1 "$SEEDS" | xargs -P 2 -I{} bash -c "source '$BENCH_DIR/scripts/common.sh'; run_lb1 $impl --residents $N --days 365 --threads 1 --seed {} --csv '$tmp/$impl-{}.csv' --quiet >/dev/null"
done
python3 - "$tmp" "$SEEDS" <<'PY'
import csv, itertools, statistics, sys
tmp, seeds = sys.argv[1], int(sys.argv[2])
means = {}
for impl in ("linli", "c", "mesa"):
    vals = []
    for s in range(1, seeds + 1):
        rows = list(csv.DictReader(open(f"{tmp}/{impl}-{s}.csv")))
        assert len(rows) == 365 and rows[364]["day"] == "364", f"{impl} seed {s}: expected 365 rows"
        vals.append(float(rows[364]["active_share"]))
    means[impl] = vals
print(f"LB-1 cross-check: active share on day 364, N = 10,000, {seeds} seeds")
print(f"{'implementation':<16}{'mean':>8}{'sd':>8}{'min':>8}{'max':>8}")
for impl, v in means.items():
    print(f"{impl:<16}{statistics.mean(v):>8.4f}{statistics.stdev(v):>8.4f}{min(v):>8.4f}{max(v):>8.4f}")
ok = True
for a, b in itertools.combinations(means, 2):
    d = abs(statistics.mean(means[a]) - statistics.mean(means[b]))
    verdict = "ok" if d <= 0.03 else "DIFFERS"
    ok &= d <= 0.03
    print(f"|{a} − {b}| = {d:.4f}  (limit 0.03)  {verdict}")
sys.exit(0 if ok else 1)
PY
