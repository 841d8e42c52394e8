# wirefeed: `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# The newest Kafka line, also run by `make test` so that moving the default is a measured step.
KAFKA_NEXT ?= 4.4.0

.DEFAULT_GOAL := help
.PHONY: help setup demo test unit integration bench lint schemas broker-start broker-stop lock clean

# make bench: items of the throughput runs, offered rate of the latency run, the corpus.
BENCH_ITEMS  ?= 100000
BENCH_RATE   ?= 500
BENCH_CORPUS ?= ../shared/corpora/reuters21578

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

setup: $(STAMP) ## create .venv and install wirefeed with pinned dependencies

$(STAMP): pyproject.toml constraints.txt
	@command -v java >/dev/null || { echo "wirefeed needs Java 17+ for the local Kafka broker"; exit 2; }
	@command -v mvn >/dev/null || { echo "wirefeed needs Maven 3.8+ to resolve the Kafka jars"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[dev]'
	touch $(STAMP)

demo: setup ## the main job on its embedded default: broker, worker, sample feed, output live
	$(BIN)/wirefeed demo

test: setup lint ## the whole suite: lint, types, schemas, gazetteer, unit, integration on real Kafka (default and KAFKA_NEXT)
	$(BIN)/wirefeed schemas --check
	$(BIN)/wirefeed gazetteer check
	$(BIN)/pytest
	WIREFEED_KAFKA_VERSION=$(KAFKA_NEXT) $(BIN)/pytest -m integration

unit: setup ## fast unit tests only (no broker)
	$(BIN)/pytest -m "not integration"

integration: setup ## integration tests only (starts a real Kafka broker)
	$(BIN)/pytest -m integration

bench: setup ## throughput (pipeline vs pass-through baseline) and latency at BENCH_RATE; JSON last line
	@ls $(BENCH_CORPUS)/reut2-*.sgm >/dev/null 2>&1 || { echo "make bench: no Reuters-21578 files (reut2-*.sgm) in BENCH_CORPUS=$(BENCH_CORPUS)"; exit 2; }
	$(BIN)/wirefeed bench --items $(BENCH_ITEMS) --rate $(BENCH_RATE) $(BENCH_CORPUS)/reut2-*.sgm

lint: setup ## ruff (lint and format) and mypy
	$(BIN)/ruff check streams tests
	$(BIN)/ruff format --check streams tests
	$(BIN)/mypy

schemas: setup ## regenerate schemas/ from the records
	$(BIN)/wirefeed schemas

broker-start: setup ## start the local Kafka broker
	$(BIN)/wirefeed broker start

broker-stop: setup ## stop the local Kafka broker
	$(BIN)/wirefeed broker stop

lock: ## re-pin constraints.txt from a fresh resolution of pyproject.toml
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet '.[dev]'
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^wirefeed' > constraints.txt
	rm -rf .venv-lock

clean: ## remove the virtualenv, caches and local state (not the jar cache)
	rm -rf $(VENV) .wirefeed .mypy_cache .ruff_cache .pytest_cache .hypothesis
