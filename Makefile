# The README's two commands: `make run` (daily alert on the bundled snapshot) and `make test`.
SWIFT ?= swift
# OpenBLAS threads gain nothing on these 2-core machines and fight the Swift concurrency pool.
export OPENBLAS_NUM_THREADS := 1

.PHONY: deps build run test lint format fixtures bench bench-quick clean

deps:
	./scripts/install-deps

build: deps
	$(SWIFT) build

run: build
	$(SWIFT) run --skip-build dashbrief daily --dashboard "Marketing Dashboard"

test: deps
	$(SWIFT) test

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

# Regenerates Fixtures/demo (deterministic); golden files then need DASHBRIEF_UPDATE_GOLDEN=1 make test.
fixtures:
	python3 scripts/generate-demo-snapshot.py

# Benchmarks (issue 11, Benchmarks/README.md): `bench` builds the release binaries, generates the
# large snapshot into .bench-data/ and prints one line per stage, end to end weekly and daily, and the
# ratio to the numpy/statsmodels peer (pip install -r Benchmarks/peer/requirements.txt); several
# minutes. `bench-quick` is the CI guard: the small snapshot, each stage against Benchmarks/baseline.json
# as a ratio to a same-run dgemm, failing on a 2x regression; under a minute once built.
# More options through BENCH_ARGS, e.g. make bench BENCH_ARGS="--size xl --no-peer" (scripts/bench -h).
bench: deps
	SWIFT=$(SWIFT) ./scripts/bench $(BENCH_ARGS)

bench-quick: deps
	SWIFT=$(SWIFT) ./scripts/bench --quick $(BENCH_ARGS)

clean:
	rm -rf .build
