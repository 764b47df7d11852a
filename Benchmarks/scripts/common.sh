# Shared by compare.sh and crosscheck.sh: build the three LB-1 implementations
# and run one of them. Source it from the Benchmarks/ directory.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LINLI_LB1="$BENCH_DIR/.build/release/lb1"
C_LB1="$BENCH_DIR/peers/c/lb1"
MESA_DIR="$BENCH_DIR/peers/mesa"
MESA_PY="$MESA_DIR/.venv/bin/python"

log() { printf '%s\n' "$*" >&2; }

# A Python 3.12 for the Mesa peer: $PYTHON, else python3.12 on PATH, else pyenv's.
find_python() {
    for p in "${PYTHON:-}" python3.12 /root/.pyenv/versions/3.12.1/bin/python; do
        [ -n "$p" ] || continue
        if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null; then
            command -v "$p"; return 0
        fi
    done
    log "error: Python 3.12 not found (set PYTHON=/path/to/python3.12)"; return 1
}

build_linli() {
    log "building Linli's lb1 (swift build -c release)…"
    (cd "$BENCH_DIR/.." && bash scripts/ensure-deps.sh >&2)
    swift build -c release --package-path "$BENCH_DIR" --product lb1 >&2
}

build_c() {
    log "building the C port (gcc -O3 -march=native)…"
    make -s -C "$BENCH_DIR/peers/c" >&2
}

build_mesa() {
    if [ ! -x "$MESA_PY" ]; then
        log "creating the Mesa virtualenv (peers/mesa/.venv)…"
        "$(find_python)" -m venv "$MESA_DIR/.venv"
    fi
    log "installing Mesa (peers/mesa/requirements.txt)…"
    "$MESA_PY" -m pip install -q --disable-pip-version-check -r "$MESA_DIR/requirements.txt" >&2
}

# run_lb1 IMPL ARGS... : runs one implementation (linli | c | mesa).
run_lb1() {
    local impl=$1; shift
    case $impl in
        linli) "$LINLI_LB1" "$@" ;;
        c) "$C_LB1" "$@" ;;
        mesa) "$MESA_PY" "$MESA_DIR/lb1_mesa.py" "$@" ;;
        *) log "unknown implementation $impl"; return 1 ;;
    esac
}

# rate IMPL ARGS... : resident-days per second from the last line.
rate() {
    run_lb1 "$@" --quiet | tail -n 1 | sed -n 's/^resident_days_per_second=//p'
}

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.0f\n", (a[NR/2]+a[NR/2+1])/2}'; }
