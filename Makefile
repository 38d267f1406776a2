# Entry points: `make run` starts the dashboard, `make test` is what CI runs (.ci/run).
# Both create .venv when missing and reinstall requirements only when a requirements file changed.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Stamps inside the venv: a new venv has none, so it always gets its packages.
RUN_STAMP := $(VENV)/.stamp-requirements
DEV_STAMP := $(VENV)/.stamp-requirements-dev
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check --progress-bar off
# loadfile: one worker takes the browser test file (one app server, one Chromium), the other the rest.
# Not loadgroup: pytest 9 ignores the node-id suffix that xdist 3.8 groups by, so groups silently split.
PYTEST_ARGS ?= -n 2 --dist loadfile

.PHONY: run test test-fast lint clean

run: $(RUN_STAMP)
	bash scripts/ensure_system_deps.sh --runtime
	$(BIN)/streamlit run dashboard.py

test: $(DEV_STAMP)
	bash scripts/ensure_system_deps.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	KPIS_REQUIRE_BROWSER=1 KPIS_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

# The edit-test loop: SQLite only, no browser, no PostgreSQL, no process-spawning suites. CI runs `make test`.
test-fast: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS) -m "not browser and not postgres and not slow"

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf var/ test-artifacts/ .pytest_cache/ .ruff_cache/
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

# --clear: a venv whose python is gone (say, a removed interpreter) is rebuilt whole, stamps included.
$(BIN)/python:
	$(PYTHON) -m venv --clear $(VENV)

$(RUN_STAMP): requirements.txt | $(BIN)/python
	$(PIP) -r requirements.txt
	touch $@

# requirements-dev.txt includes requirements.txt, so this install satisfies `make run` as well.
$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(PIP) -r requirements-dev.txt
	touch $@ $(RUN_STAMP)
