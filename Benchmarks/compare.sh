#!/usr/bin/env bash
# One command: build LB-1 on Linli, the plain-C port and the Mesa port, run
# them side by side at N = 10,000 and N = 1,000,000 (Mesa at 10,000 only),
# T = 365, on one thread and on every core, and print a Markdown table of
# resident-days per second with each ratio to Mesa and to C.
#
#   Benchmarks/compare.sh                 # REPS=3 runs per cell, median reported; ~4 minutes
#   REPS=5 SEED=7 Benchmarks/compare.sh
#
# Each figure is the median of REPS runs of the day loop (setup timed apart,
# as BENCHMARK.md says). Ratios compare equal N and equal thread counts;
# "× Mesa" is against Mesa's single-thread figure at N = 10,000 (Mesa steps a
# model on one thread, and at N = 1,000,000 one run would take about half an hour).
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
REPS=${REPS:-3}
SEED=${SEED:-1}
DAYS=365
CORES=$(getconf _NPROCESSORS_ONLN)

build_linli; build_c; build_mesa

# measure IMPL N THREADS -> median resident-days/s over REPS runs
measure() {
    local impl=$1 n=$2 k=$3
    for _ in $(seq 1 "$REPS"); do rate "$impl" --residents "$n" --days "$DAYS" --threads "$k" --seed "$SEED"; done | median
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A R
for n in 10000 1000000; do
    for k in 1 "$CORES"; do
        for impl in linli c; do
            log "  $impl N=$n threads=$k…"
            R[$impl,$n,$k]=$(measure "$impl" "$n" "$k")
        done
        if [ "$CORES" = 1 ]; then break; fi
    done
done
log "  mesa N=10000 threads=1…"
R[mesa,10000,1]=$(measure mesa 10000 1)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

mesa=${R[mesa,10000,1]}
fmt() { awk -v x="$1" 'BEGIN { printf "%.2f M", x / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else printf "—" }'; }

echo "## LB-1: resident-days per second (T = $DAYS, seed $SEED, median of $REPS runs)"
echo
echo "| N | threads | implementation | resident-days/s | × Mesa | × C |"
echo "|---:|---:|---|---:|---:|---:|"
for n in 10000 1000000; do
    for k in 1 "$CORES"; do
        for impl in linli c mesa; do
            v=${R[$impl,$n,$k]:-}
            [ -n "$v" ] || continue
            name=$([ "$impl" = linli ] && echo "Linli" || ([ "$impl" = c ] && echo "C (gcc -O3 -march=native)" || echo "Mesa 3.5.1"))
            echo "| $(echo "$n" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') | $k | $name | $(fmt "$v") | $(ratio "$v" "$mesa") | $(ratio "$v" "${R[c,$n,$k]}") |"
        done
        if [ "$CORES" = 1 ]; then break; fi
    done
done
echo
if [ "$CORES" != 1 ]; then
    echo "Thread scaling at N = 1,000,000: Linli $(ratio "${R[linli,1000000,$CORES]}" "${R[linli,1000000,1]}") with $CORES threads, C $(ratio "${R[c,1000000,$CORES]}" "${R[c,1000000,1]}")."
    echo
fi
echo "Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -n1), $CORES cores; $(uname -sr)."
echo "Load average (1, 5, 15 min): $load_before before, $load_after after."
echo "Swift: $(swift --version 2>/dev/null | head -n1). gcc: $(gcc -dumpfullversion). Python: $("$MESA_PY" -c 'import sys; print(sys.version.split()[0])'), Mesa $("$MESA_PY" -c 'import mesa; print(mesa.__version__)')."
echo "Commit: $(git -C "$BENCH_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown); $(date -u +%Y-%m-%dT%H:%MZ)."
