#!/usr/bin/env bash
# Installs what Linli needs to build when it is missing: GSL (libgsl-dev) and
# pkg-config, from Debian/Ubuntu packages. Does nothing when both are present.
set -euo pipefail
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists gsl; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "ensure-deps: installing libgsl-dev and pkg-config (apt)" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libgsl-dev pkg-config >/dev/null
pkg-config --exists gsl
