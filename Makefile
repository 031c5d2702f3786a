# The two commands of the README: `make run` and `make test`. Both install what is missing first.
SHELL := /bin/bash
PYTHON ?= python3
# uv is bootstrapped with pip when missing; `python -m uv` works even when pip's script dir is not on PATH.
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")

export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export GX_ANALYTICS_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 120
export PREFECT_HOME ?= $(CURDIR)/.prefect

.PHONY: install browser run test lint bench clean

# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set, Python never writes .pyc files itself, and every process
# of a run (the flow, the temporary Prefect server, each worker) compiled Prefect, Great Expectations, spaCy and
# their dependencies from source at every start: 23 of a seeds run's 61 CPU seconds (1 December 2026). Given to
# the sync alone, not as a [tool.uv] setting, which makes every `uv run` check all 13,000 files again (~1 s).
install:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen --compile-bytecode

# Debian's chromium for the release-page test (tests/test_release_page.py); Playwright drives it and never
# downloads a browser of its own. Installed with apt-get when missing (root, or sudo when available).
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo 2>/dev/null)
browser:
	@test -x $(CHROMIUM) || { echo "Installing Debian's chromium for the release-page test..."; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; }

run: install
	$(UV) run newsevents run

# Two test processes (pytest-xdist), one a core of the 2-core machine the suite is timed on; tests that share a
# release build or a module's fixture run on the same one (tests/conftest.py). TEST_WORKERS=0: one process.
TEST_WORKERS ?= 2
test: install lint browser
	$(UV) run pytest -n $(TEST_WORKERS) --dist loadgroup

lint: install
	$(UV) run ruff check .
	$(UV) run ruff format --check .

bench: install
	$(UV) run python bench/run_all.py

clean:
	rm -rf .venv .prefect .pytest_cache .hypothesis output/releases output/quarantine output/.cache output/LATEST
