# Thin wrappers around the course's own commands. `make lab` and `make test` are the two
# commands of the README; both create .venv/ on first use and are quick to re-run.

PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test
SYSTEM_INSTALLED := $(VENV)/.installed-system
LAB_ARGS ?=
PYTEST_ARGS ?=

# Every recipe (and nbgrader's alembic subprocess) finds the environment's tools first.
export PATH := $(BIN):$(PATH)

.PHONY: lab test lint clean-venv

lab: $(INSTALLED)
	$(BIN)/jupyter lab $(LAB_ARGS) sessions/

test: $(TEST_INSTALLED) $(SYSTEM_INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(TEST_INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

$(TEST_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@

# Debian packages the browser, hub and handout tests use (chromium, poppler), and the npm
# proxy JupyterHub needs. Installed once; needs root or sudo.
$(SYSTEM_INSTALLED): .ci/system-packages
	bash .ci/system-packages
	touch $@

clean-venv:
	rm -rf $(VENV)
