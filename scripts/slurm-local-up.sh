#!/usr/bin/env bash
# Brings up a one-node Slurm cluster on this machine (munged, slurmctld,
# slurmd) without systemd, for the real-cluster sweep test and for trying
# `linli sweep --emit-slurm` locally. Every wait is bounded.
#
#   scripts/slurm-local-up.sh [STATE_DIR]      # default $LINLI_SLURM_DIR or /tmp/linli-slurm
#   export SLURM_CONF=STATE_DIR/slurm.conf     # then sbatch, squeue, sinfo talk to it
#   scripts/slurm-local-down.sh [STATE_DIR]
#
# Needs slurm-wlm and munge (scripts/deps.d/slurm.sh installs them) and root or sudo.
# No cgroups: ProctrackType=proctrack/linuxproc, TaskPlugin=task/none; accounting
# and job completion logging are off. Ports: $LINLI_SLURM_PORT (slurmctld, default
# 6817) and the next one (slurmd).
set -euo pipefail
DIR=${1:-${LINLI_SLURM_DIR:-/tmp/linli-slurm}}
PORT=${LINLI_SLURM_PORT:-6817}
NODE=linli-node
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

as_munge() { if [ "$(id -u)" -eq 0 ]; then runuser -u munge -- "$@"; else sudo -u munge "$@"; fi; }
# Starts a daemon with no file descriptor of ours beyond /dev/null: a caller
# waiting for this script's output (a pipe, or the exit socket of a Swift
# Process) would otherwise wait for the daemon too.
detach() {
  (
    for fd in /proc/self/fd/*; do
      n=${fd##*/}
      if [ "$n" -gt 2 ] 2>/dev/null; then eval "exec $n>&-" 2>/dev/null || true; fi
    done
    "$@"
  ) </dev/null >/dev/null 2>&1
}
fail() {
  echo "slurm-local-up: $*" >&2
  for f in "$DIR"/log/*.log; do [ -e "$f" ] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }; done
  exit 1
}
# wait_for SECONDS WHAT COMMAND...: polls COMMAND every 0.2 s.
wait_for() {
  local limit=$1 what=$2; shift 2
  local end=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$end" ] || fail "timed out after ${limit} s waiting for $what"
    sleep 0.2
  done
}
for tool in munged slurmctld slurmd sinfo; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool not found: install slurm-wlm and munge (LINLI_FULL_DEPS=1 bash scripts/ensure-deps.sh)"
done

mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log"
DIR=$(cd "$DIR" && pwd)

# MUNGE: a key, its runtime directory owned by munge, munged as the munge user.
if [ ! -s /etc/munge/munge.key ]; then
  $SUDO mkdir -p /etc/munge
  $SUDO mungekey --create --keyfile=/etc/munge/munge.key 2>/dev/null \
    || $SUDO dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
  $SUDO chown munge:munge /etc/munge/munge.key
  $SUDO chmod 0400 /etc/munge/munge.key
fi
$SUDO mkdir -p /run/munge /var/lib/munge /var/log/munge
$SUDO chown munge:munge /run/munge /var/lib/munge /var/log/munge
$SUDO chmod 0755 /run/munge
if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
  echo "slurm-local-up: munged already running; using it" >&2
else
  detach as_munge /usr/sbin/munged --pid-file=/run/munge/linli-munged.pid
  wait_for 10 "munged" sh -c 'munge -n </dev/null | unmunge'
  cp /run/munge/linli-munged.pid "$DIR/munged.pid"
fi

CPUS=$(nproc)
cat > "$DIR/slurm.conf" <<CONF
# One-node cluster written by scripts/slurm-local-up.sh
ClusterName=linli
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS State=UNKNOWN
PartitionName=linli Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$DIR/slurm.conf"

detach $SUDO env SLURM_CONF="$SLURM_CONF" slurmctld -c -f "$SLURM_CONF"
wait_for 20 "slurmctld to answer" sinfo -h
detach $SUDO env SLURM_CONF="$SLURM_CONF" slurmd -f "$SLURM_CONF" -N "$NODE"
# `idle*` (or `unk*`) means slurmd has not registered yet.
wait_for 30 "slurmd to register (node idle)" sh -c 'sinfo -h -N -o %T | grep -qx idle'
echo "slurm-local-up: node $NODE idle with $CPUS CPUs; export SLURM_CONF=$SLURM_CONF" >&2
echo "export SLURM_CONF=$SLURM_CONF"
