# The two set-up commands of the README. Each installs GSL first when missing.
.PHONY: run test deps

deps:
	@bash scripts/ensure-deps.sh

# Run the baseline scenario; prints where the results went and a short summary.
run: deps
	swift run -c release linli run scenarios/baseline.yaml

# The whole test suite, optimised (behaviour tests run replicates of the model).
test: deps
	swift test -c release -Xswiftc -enable-testing
