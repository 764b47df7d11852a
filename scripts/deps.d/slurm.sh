#!/usr/bin/env bash
# Slurm and MUNGE for the real-cluster sweep test (Tests/LinliTests/SweepSlurmTests.swift),
# which brings up a one-node cluster with scripts/slurm-local-up.sh. Installed only
# when CI=true or LINLI_FULL_DEPS=1: a laptop `make test` skips that test when
# `sbatch` is missing. Debian 12 packages: slurm-wlm 22.05, munge 0.5.15 (~20 s).
set -euo pipefail
if [ "${CI:-}" != "true" ] && [ "${LINLI_FULL_DEPS:-}" != "1" ]; then exit 0; fi
if command -v sbatch >/dev/null 2>&1 && command -v slurmctld >/dev/null 2>&1 \
   && command -v slurmd >/dev/null 2>&1 && command -v munged >/dev/null 2>&1; then
  exit 0
fi
echo "ensure-deps: installing slurm-wlm and munge (apt)" >&2
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
command -v sbatch >/dev/null && command -v munged >/dev/null
