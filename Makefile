# Two commands: `make run` (the app with demo data on SQLite) and `make test` (the whole suite).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
export PATH := $(CURDIR)/$(BIN):$(PATH)
export REFLEX_USE_NPM := 1
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false
PORT ?= 3000

.PHONY: run test install migrate demo test-unit test-e2e bench clean prod

install:
	@bash scripts/bootstrap.sh

migrate: install
	@echo "==> Applying database migrations"
	@$(BIN)/alembic upgrade head

demo: migrate
	@echo "==> Loading demo data if the database is empty"
	@$(BIN)/python -m app.cli seed-demo

run: demo
	@echo "==> Starting Candor at http://localhost:$(PORT) (first start builds the frontend: about a minute)"
	@$(BIN)/reflex run --env prod --frontend-port $(PORT) --backend-port $(PORT)

test: install
	@bash scripts/ensure_chromium.sh
	@echo "==> Running the test suite (unit and migrations on SQLite and PostgreSQL, browser tests in Chromium)"
	@$(BIN)/python -m pytest $(PYTEST_ARGS)

test-unit: install
	@$(BIN)/python -m pytest tests/unit $(PYTEST_ARGS)

test-e2e: install
	@$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

# Production: PostgreSQL + Redis + several workers (see README "Production"); needs DATABASE_URL, REFLEX_REDIS_URL.
prod: install
	@bash scripts/prod.sh

# The benchmark suite: seeds its own data, prints one table. SCALE=small for a quick run;
# BENCH_ARGS="--only search,naive --keep" for some sections on kept data (see bench/bench_suite.py).
SCALE ?= full
bench: install
	@echo "==> Benchmarks (seed their own data; not part of the tests)"
	@$(BIN)/python bench/bench_suite.py --scale $(SCALE) $(BENCH_ARGS)

clean:
	rm -rf .web .states
