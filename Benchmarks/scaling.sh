#!/usr/bin/env bash
# How the full model's cost grows with size (issue "City scale"): one
# replicate of a generated city of 10 k, 100 k, 1 M, 5 M and 25 M residents
# (streets of five communities of about 400 households; the city's levers —
# subdivision, office hours, posts, the red list, crowdfunding — on from day
# 0; observed by street), `linli run` on 1 and on 2 threads, 365 days.
# Prints a CSV row per run: residents, threads, wall seconds (set-up to the
# four files written), seconds per million resident-days, peak RSS and bytes
# per resident; checks that 1 and 2 threads wrote the same timeseries.csv.
#
#   Benchmarks/scaling.sh                 # all sizes, ~15 minutes on 2 cores
#   SIZES="10000 100000" Benchmarks/scaling.sh
#   DAYS=365 Benchmarks/scaling.sh > Benchmarks/scaling.csv
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
SIZES=${SIZES:-"10000 100000 1000000 5000000 25000000"}
DAYS=${DAYS:-365}
(cd "$ROOT" && bash scripts/ensure-deps.sh >&2)
log "building linli (release)…"
swift build -c release --package-path "$ROOT" --product linli >&2
LINLI="$ROOT/.build/release/linli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A street of five communities: three old compounds, two commercial estates,
# 400 households each (about 5,200 residents).
scenario() { # residents
    local streets=$(( ($1 + 2600) / 5200 ))
    [ "$streets" -ge 2 ] || streets=2
    cat <<EOF
name: scaling-$1
seed: 20261128
replicates: 1
days: $DAYS
observe: {level: street}
population:
  generate:
    districts:
      - name: city
        streets: $streets
        mix:
          - {type: old_compound, count: 3, households: 400}
          - {type: commercial_estate, count: 2, households: 400}
levers:
  subdivision: {on: true, start_day: 0}
  office_hours: {on: true, start_day: 0}
  posts: {on: true, start_day: 0}
  red_list: {on: true, start_day: 0}
  crowdfunding: {on: true, start_day: 0}
EOF
}

echo "target_residents,residents,communities,threads,days,wall_seconds,seconds_per_million_resident_days,resident_days_per_second,peak_rss_mb,bytes_per_resident"
for n in $SIZES; do
    scenario "$n" > "$work/s.yaml"
    for t in 1 2; do
        out="$work/out-$n-$t"
        /usr/bin/time -f "%M" -o "$work/rss" "$LINLI" run "$work/s.yaml" --threads "$t" --jobs 1 --out "$out" --quiet >/dev/null 2>"$work/err" \
            || { cat "$work/err" >&2; exit 1; }
        rss_kb=$(tail -n1 "$work/rss")
        python3 - "$out/manifest.json" "$n" "$t" "$rss_kb" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
n, t, rss = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]) * 1024
rd = m["resident_days"]; wall = m["wall_seconds"]; res = rd / m["days"]
print(f"{n},{int(res)},{len(m['communities'])},{t},{m['days']},{wall:.2f},{wall / rd * 1e6:.4f},{rd / wall:.0f},{rss / 2**20:.1f},{rss / res:.0f}")
PY
    done
    cmp -s "$work/out-$n-1/timeseries.csv" "$work/out-$n-2/timeseries.csv" \
        || { echo "scaling.sh: 1 and 2 threads differ at $n residents" >&2; exit 1; }
    rm -rf "$work/out-$n-1" "$work/out-$n-2"
done
log "load after: $(cut -d' ' -f1-3 /proc/loadavg); $(lscpu | sed -n 's/^Model name: *//p' | head -n1), $(getconf _NPROCESSORS_ONLN) cores"
