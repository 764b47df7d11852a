#!/usr/bin/env bash
# Rewrites Tests/Fixtures/regression-pin.csv from the current model, then
# checks it. Run after a change that alters the model's results on purpose,
# and say in the commit why the pinned statistics moved.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
LINLI_REGENERATE_PIN=1 swift test -c release -Xswiftc -enable-testing --filter RegressionPinTests
swift test -c release -Xswiftc -enable-testing --filter RegressionPinTests
git --no-pager diff --stat -- Tests/Fixtures/regression-pin.csv
