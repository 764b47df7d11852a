#!/usr/bin/env bash
# Test-only Python: SALib (Sobol indices reference, Tests/LinliTests/SobolSALibTests.swift)
# and ema_workbench (PRIM reference, Tests/LinliTests/DiscoverTests.swift), pinned, in a
# venv at .build-py/ (gitignored by `.build-*`). The tests call them through
# scripts/python-reference.py. selenium drives headless Chromium through Debian's
# chromedriver (scripts/deps.d/chromium.sh) in the studio browser test
# (Tests/browser/studio_browser.py, Tests/LinliStudioTests/StudioBrowserTests.swift);
# it is given the chromedriver path, so Selenium Manager never downloads a driver.
# Installed only when CI=true or LINLI_FULL_DEPS=1, so a
# laptop `make test` does not pull them in; there those tests skip with a printed
# reason, while under CI=true a missing venv fails them (CI cannot silently skip).
# Python: $LINLI_PYTHON, else pyenv's 3.12 when present, else python3 (>= 3.10).
set -euo pipefail
if [ "${CI:-}" != "true" ] && [ "${LINLI_FULL_DEPS:-}" != "1" ]; then exit 0; fi
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="$ROOT/.build-py"
# numpy, pandas and scipy pinned too: they do the arithmetic the tests compare to 1e-6.
PINS=(SALib==1.6.0 ema-workbench==3.0.0 numpy==2.5.5 pandas==3.1.1 scipy==1.18.1 selenium==4.51.0)
# .build-py/pins records what it was made with: a change of pins remakes it.
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/pins" 2>/dev/null)" = "${PINS[*]}" ] \
   && "$VENV/bin/python" -c 'import SALib, ema_workbench, selenium' >/dev/null 2>&1; then exit 0; fi
PY="${LINLI_PYTHON:-}"
if [ -z "$PY" ]; then
  for candidate in /root/.pyenv/versions/3.12.1/bin/python3 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PY="$(command -v "$candidate")"; break; fi
  done
fi
# Debian's python3 makes venvs only with python3-venv (ensurepip) installed.
usable() { [ -n "$1" ] && "$1" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 10) else 1)' >/dev/null 2>&1; }
if ! usable "$PY"; then
  echo "ensure-deps: installing python3 and python3-venv (apt)" >&2
  ${SUDO:-} apt-get update -qq
  ${SUDO:-} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
  PY="$(command -v python3)"
  usable "$PY"
fi
echo "ensure-deps: creating $VENV with ${PINS[*]} (pip)" >&2
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check "${PINS[@]}"
"$VENV/bin/python" -c 'import SALib, ema_workbench, selenium'
echo "${PINS[*]}" > "$VENV/pins"
