# The README's two commands: `make run` (daily alert on the bundled snapshot) and `make test`.
SWIFT ?= swift
# OpenBLAS threads gain nothing on these 2-core machines and fight the Swift concurrency pool.
export OPENBLAS_NUM_THREADS := 1

.PHONY: deps build run test lint format fixtures clean

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

clean:
	rm -rf .build
