#!/usr/bin/env bash
# Runs the behaviour suites at N base seeds (LINLI_TEST_SEED=1..N) and prints,
# per assertion (#expect at FILE:LINE), on how many seeds it held. An
# assertion inside a loop counts once per seed (failed if any pass failed).
#
#   scripts/seed-robustness.sh N [SUITE_REGEX] [OUT.md]
#
# Target (issue "Behaviour tests that prove their mechanism"): every
# assertion holds at >= 19 of 20 seeds. The table goes to stdout and, when
# OUT.md is given, into that file with the date and commit.
#
# LINLI_SCRATCH=DIR runs a frozen copy of an already-built .build (e.g.
# `cp -a .build /tmp/frozen`) without building, so work can go on in the
# tree while the seeds run (the sources' line numbers must match that build).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:?usage: seed-robustness.sh N [SUITE_REGEX] [OUT.md]}"
SUITES="${2:-PatternTests|ProblemsTests|LeverCostTests|SubdivisionLeverTests|TenantLeverTests|AssociationEventLeverTests|StaffLeverTests}"
OUT="${3:-}"
bash scripts/ensure-deps.sh
scratch=()
if [ -n "${LINLI_SCRATCH:-}" ]; then
  scratch=(--scratch-path "$LINLI_SCRATCH")
else
  swift build -c release -Xswiftc -enable-testing --build-tests >/dev/null
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for s in $(seq 1 "$N"); do
  LINLI_TEST_SEED="$s" swift test -c release -Xswiftc -enable-testing "${scratch[@]}" --skip-build --filter "$SUITES" \
    > "$work/seed-$s.log" 2>&1 || true
  # FILE:LINE of every failed expectation at this seed, once each.
  grep -oE 'recorded an issue at [A-Za-z]+\.swift:[0-9]+' "$work/seed-$s.log" | sed 's/recorded an issue at //' | sort -u > "$work/fail-$s.txt" || true
  echo "seed $s: $(wc -l < "$work/fail-$s.txt") assertion(s) failed" >&2
done
# Every #expect in the behaviour suites' files.
files=$(grep -lE "@Suite struct ($SUITES)\b" Tests/LinliTests/*.swift)
table="$work/table.md"
{
  echo "| assertion | held at seeds (of $N) |"
  echo "|---|---|"
  for f in $files; do
    grep -nE '#expect\(' "$f" | cut -d: -f1 | while read -r line; do
      key="$(basename "$f"):$line"
      failed=$(cat "$work"/fail-*.txt | grep -cx "$key" || true)
      echo "| \`$key\` | $((N - failed)) |"
    done
  done
} > "$table"
cat "$table"
below=$(awk -F'|' -v n="$N" 'NR > 2 { gsub(/ /, "", $3); if ($3 + 0 < n - n / 20) c++ } END { print c + 0 }' "$table")
echo "assertions below $((N - N / 20)) of $N seeds: $below" >&2
if [ -n "$OUT" ]; then
  {
    echo "# Seed robustness of the behaviour tests"
    echo
    echo "Run $(date -u +%Y-%m-%d) on commit $(git rev-parse --short HEAD) with \`scripts/seed-robustness.sh $N\`:"
    echo "each behaviour suite at base seeds 1..$N (\`LINLI_TEST_SEED\`); per assertion, the seeds at which it held."
    echo
    cat "$table"
  } > "$OUT"
fi
