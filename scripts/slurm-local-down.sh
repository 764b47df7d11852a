#!/usr/bin/env bash
# Stops the cluster of scripts/slurm-local-up.sh: slurmd, slurmctld and, if
# that script started it, munged; each by the pid it recorded, TERM then (after
# 10 s) KILL. Leaves STATE_DIR (logs) in place.
#   scripts/slurm-local-down.sh [STATE_DIR]
set -uo pipefail
DIR=${1:-${LINLI_SLURM_DIR:-/tmp/linli-slurm}}
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
stop() {
  local name=$1 pidfile=$2
  [ -s "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || $SUDO kill -0 "$pid" 2>/dev/null; then
    $SUDO kill -TERM "$pid" 2>/dev/null
    local end=$((SECONDS + 10))
    while $SUDO kill -0 "$pid" 2>/dev/null; do
      if [ "$SECONDS" -ge "$end" ]; then $SUDO kill -KILL "$pid" 2>/dev/null; break; fi
      sleep 0.2
    done
    echo "slurm-local-down: stopped $name ($pid)" >&2
  fi
  $SUDO rm -f "$pidfile"
}
stop slurmd "$DIR/slurmd.pid"
stop slurmctld "$DIR/slurmctld.pid"
stop munged "$DIR/munged.pid"
exit 0
