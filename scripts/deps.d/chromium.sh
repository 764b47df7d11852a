#!/usr/bin/env bash
# Chromium, for the report browser test (Tests/LinliTests/ReportBrowserTests.swift):
# it renders each kind of `linli report` page headless to PNG and reads the DOM.
# Debian's chromium-driver (chromedriver, the same version as the browser), for the
# studio browser test (Tests/LinliStudioTests/StudioBrowserTests.swift), which drives
# `linli serve` through Selenium (Tests/browser/studio_browser.py; selenium itself is
# pinned in the venv of scripts/deps.d/python-tools.sh).
# Installed only when CI=true or LINLI_FULL_DEPS=1, so `make test` on a laptop
# does not pull in a browser; there the test is skipped when chromium is absent.
# Debian's `chromium` package; fonts-liberation gives the page's sans-serif
# stack a font on a minimal image. $SUDO comes from scripts/ensure-deps.sh.
set -euo pipefail
if [ "${CI:-}" != "true" ] && [ "${LINLI_FULL_DEPS:-}" != "1" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 \
   && fc-list 2>/dev/null | grep -qi liberation; then exit 0; fi
echo "ensure-deps: installing chromium, chromium-driver and fonts-liberation (apt)" >&2
${SUDO:-} apt-get update -qq
${SUDO:-} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-liberation >/dev/null
command -v chromium >/dev/null
command -v chromedriver >/dev/null
