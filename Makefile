# Thin wrappers around the course's own commands. `make lab` and `make test` are the two
# commands of the README; both create .venv/ on first use and are quick to re-run.

PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test
SYSTEM_INSTALLED := $(VENV)/.installed-system
LAB_ARGS ?=
# JupyterLab refuses to run as root unless told; containers and CI machines often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
PYTEST_ARGS ?=
# The course's own modules byte-compiled, as pip does for a wheel (an editable install does not):
# a kernel then imports course.player from .pyc even where PYTHONDONTWRITEBYTECODE is set, instead
# of compiling some thirty modules again on every start. Quick when nothing has changed.
COMPILE = $(BIN)/python -m compileall -q course autograder

# Every recipe (and nbgrader's alembic subprocess) finds the environment's tools first.
export PATH := $(BIN):$(PATH)

.PHONY: lab test test-fast lint release handouts bench clean-venv

FIRST_SESSION := sessions/week01-foundations-brows.ipynb

lab: $(INSTALLED)
	$(COMPILE)
	@echo "Building the assignments' clips (first time about two minutes, then seconds)..."
	$(BIN)/facs-course release
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=$(CURDIR) $(LAB_ARGS) $(FIRST_SESSION)

test: $(TEST_INSTALLED) $(SYSTEM_INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Everything but the browser, nbgrader-pipeline, hub and slow tests: the loop while you work.
test-fast: $(TEST_INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -m "not browser and not pipeline and not slow and not hub" $(PYTEST_ARGS)

lint: $(TEST_INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

release: $(INSTALLED)
	$(BIN)/facs-course release

handouts: $(INSTALLED)
	$(BIN)/facs-course handouts

bench: $(TEST_INSTALLED)
	$(COMPILE)
	$(BIN)/python -m course.bench
	$(BIN)/python tests/browser/bench.py
	$(BIN)/python -m autograder.bench

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable .
	$(COMPILE)
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

# A cohort on JupyterHub (deploy/README.md), as root: install once (re-run to add learners), start.
HUB_PREFIX ?= /opt/facs-course
HUB_PORT ?= 8000
HUB_PATH := $(HUB_PREFIX)/env/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

.PHONY: hub-install hub-start bench-hub
hub-install:
	@test -n "$(ROSTER)" && test -n "$(INSTRUCTOR)" || \
	  { echo "Usage: make hub-install ROSTER=learners.csv INSTRUCTOR=name"; exit 2; }
	/usr/bin/python3 deploy/hub_install.py --roster $(ROSTER) --instructor $(INSTRUCTOR) --prefix $(HUB_PREFIX) --port $(HUB_PORT)

hub-start:
	cd $(HUB_PREFIX)/hub && env PATH=$(HUB_PATH) $(HUB_PREFIX)/env/bin/jupyterhub -f $(HUB_PREFIX)/jupyterhub_config.py

# 18 learners at once on a local hub (as root, about 10 minutes): figures for deploy/README.md.
bench-hub: $(TEST_INSTALLED) $(SYSTEM_INSTALLED)
	$(BIN)/python -m tests.hub.bench
