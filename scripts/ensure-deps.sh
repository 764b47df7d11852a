#!/usr/bin/env bash
# Installs what Linli needs when it is missing, then runs every
# scripts/deps.d/*.sh (each installs one optional tool, e.g. Slurm for the
# cluster test or Chromium for the report test, and only when CI=true or
# LINLI_FULL_DEPS=1, so a laptop `make test` does not pull them in).
# Core: GSL (libgsl-dev) and pkg-config, from Debian/Ubuntu packages.
set -euo pipefail
cd "$(dirname "$0")"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export SUDO DEBIAN_FRONTEND=noninteractive
if ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists gsl; }; then
  echo "ensure-deps: installing libgsl-dev and pkg-config (apt)" >&2
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq libgsl-dev pkg-config >/dev/null
  pkg-config --exists gsl
fi
for extra in deps.d/*.sh; do
  [ -e "$extra" ] || continue
  bash "$extra"
done
