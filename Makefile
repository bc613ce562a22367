# Two commands for a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
# make demo SIMULATE=0: no virtual scanners sending scans.
SIMULATE ?= 1
PORT   ?= 5000
SPA    := app/spa_dist/index.html
FRONTEND_SOURCES := $(shell find frontend/src frontend/scripts -type f -not -path 'frontend/src/generated/*' 2>/dev/null) \
                    $(wildcard frontend/*.ts frontend/*.json frontend/index.html) docs/events.schema.json docs/openapi.json

.PHONY: demo test lint bench build install frontend serve clean

demo: build
	$(BIN)/cips db upgrade
	$(BIN)/cips demo
	@echo "CIPS is starting at http://$(HOST):$(PORT) (Ctrl+C stops it)"
	@$(BIN)/cips serve --host $(HOST) --port $(PORT) & server=$$!; sim=; \
	trap 'kill $$server $$sim 2>/dev/null; wait' INT TERM EXIT; \
	if [ "$(SIMULATE)" != "0" ]; then \
	  sleep 4; echo "virtual scanners start sending scans (make demo SIMULATE=0 for none)"; \
	  $(BIN)/cips simulate --server http://$(HOST):$(PORT) & sim=$$!; \
	fi; \
	wait $$server

# Every core: pytest-xdist; with worksteal an idle worker takes half of a busy one's
# queue, so one long test at the end does not leave the other core idle. Two passes, run
# at once: the SQLite pass alone kept the cores busy 60 % of its time (its tests wait for
# servers, browsers and subprocesses), so the other pass fills what it leaves:
# - everything on SQLite with scans in a folder, the embedded default (its log streams);
# - production's parts, PostgreSQL (TimeZone Asia/Shanghai) with the store of record on a
#   real S3 server (SeaweedFS, tests/s3.py), for the tests that reach a database through
#   tests/db.py or the store (tests/conftest.py), but not the browser tests and those
#   whose subject is the SQLite default; then, on the same parts, the multi-process tests
#   (marker scaleout), two at a time: each runs a deployment of several processes (up to
#   18 connections on a quiet box), and beside the other PostgreSQL tests the server's 100
#   connections ran out ("too many clients already"). This pass's log is printed when it
#   ends.
# The tests start hundreds of Python processes (servers, workers, `cips` commands): the
# bytecode is compiled once first, so that none compiles it again (a machine with
# PYTHONDONTWRITEBYTECODE set never writes it).
JOBS ?= auto
SCALEOUT_JOBS ?= 2
DIST ?= worksteal
CIPS_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test
export CIPS_TEST_POSTGRES_URL

# Formatted by `ruff format` so far (the rest follows as each area is next reworked).
RUFF_FORMATTED := app/tiles app/vendors app/jobs cips_agent
# Lint first: a bug finder's complaint costs seconds, a failed suite minutes.
lint: build
	$(BIN)/ruff check app cips_agent tests benchmarks migrations
	$(BIN)/ruff format --check $(RUFF_FORMATTED)
	$(BIN)/mypy
	cd frontend && npm run --silent typecheck && npm run --silent lint

test: lint
	cd frontend && npm run --silent test
	$(BIN)/python -m compileall -q app cips_agent migrations tests examples > /dev/null
	@start=$$(date +%s); log=$$(mktemp); \
	( CIPS_TEST_DATABASE=postgresql CIPS_TEST_STORE=s3 $(BIN)/python -m pytest -n $(JOBS) --dist $(DIST) -m "not browser and not fuzz and not sqlite_only and not scaleout" $(PYTEST_ARGS) && \
	  CIPS_TEST_DATABASE=postgresql CIPS_TEST_STORE=s3 $(BIN)/python -m pytest -n $(SCALEOUT_JOBS) --dist worksteal -m scaleout $(PYTEST_ARGS) ) > $$log 2>&1 & production=$$!; \
	$(BIN)/python -m pytest -n $(JOBS) --dist $(DIST) -m "not scaleout" $(PYTEST_ARGS); sqlite=$$?; \
	wait $$production; postgresql=$$?; \
	echo "=== PostgreSQL + S3 pass, then the multi-process tests ==="; cat $$log; rm -f $$log; \
	echo "SQLite pass: exit $$sqlite; PostgreSQL + S3 pass: exit $$postgresql"; \
	echo "test suite wall time: $$(( $$(date +%s) - start )) s"; [ $$sqlite -eq 0 ] && [ $$postgresql -eq 0 ]

bench: build
	$(BIN)/python benchmarks/run.py

build: install frontend

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml examples/cips-vendor-example/pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "CIPS needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# The example vendor plug-in, so the tests load it through its real entry point.
	$(BIN)/python -m pip install --quiet --no-deps -e examples/cips-vendor-example
	touch $@

frontend: $(SPA)

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

$(SPA): frontend/node_modules/.package-lock.json $(FRONTEND_SOURCES)
	cd frontend && npm run build

serve: build
	$(BIN)/cips serve --host $(HOST) --port $(PORT)

clean:
	rm -rf $(VENV) frontend/node_modules app/spa_dist
