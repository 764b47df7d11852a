#!/usr/bin/env bash
# Regenerates the README's report screenshots, docs/report-{run,comparison,sweep}.png:
# runs shipped scenarios (and a small shipped sweep), makes each kind of page
# with `linli report`, and has headless Chromium photograph the top of it
# (1000 px wide). Needs chromium (scripts/deps.d/chromium.sh, LINLI_FULL_DEPS=1).
#   bash scripts/report-screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# Same flags as `make test`, so switching between the two does not rebuild everything.
swift build -c release -Xswiftc -enable-testing --product linli >/dev/null
linli=.build/release/linli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shot() {  # shot PAGE.html OUT.png
  chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile" --window-size=1000,1300 --screenshot="$2" "file://$1" >/dev/null 2>&1
  echo "$2"
}

$linli run scenarios/problems-demo.yaml --out "$work/problems-demo" --quiet >/dev/null
$linli report "$work/problems-demo" --out "$work/run.html" --quiet >/dev/null
shot "$work/run.html" docs/report-run.png

$linli run scenarios/baseline.yaml --out "$work/baseline" --quiet >/dev/null
$linli run scenarios/levers-demo.yaml --out "$work/levers-demo" --quiet >/dev/null
$linli report "$work/baseline" "$work/levers-demo" --out "$work/comparison.html" --quiet >/dev/null
shot "$work/comparison.html" docs/report-comparison.png

if $linli --help | grep -qE "^ +sweep "; then
  $linli sweep scenarios/sweeps/latin-hypercube.yaml --out "$work/sweep" >/dev/null
  $linli report "$work/sweep" --out "$work/sweep.html" --quiet >/dev/null
  shot "$work/sweep.html" docs/report-sweep.png
fi
