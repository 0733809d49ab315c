# crosswire — `make demo` and `make test` are the whole quickstart (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: demo test lint typecheck pytest wheel-check bench eval clean install browser postgres

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/crosswire run samples/raqqa --db crosswire.db --report crosswire-report.html

test: lint typecheck pytest wheel-check

lint: $(STAMP)
	$(BIN)/ruff check src tests eval benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) browser postgres
	$(BIN)/pytest

# What `pip install crosswire` gives a user: the wheel built and installed into a fresh
# virtualenv (dependencies from the index or pip's cache), then `crosswire run` on the samples.
wheel-check: $(STAMP)
	$(BIN)/python .ci/check_wheel.py

# The browser tests drive Debian's chromium through Playwright (Playwright's own download is
# not reachable offline); installed here when missing (CI runs as root).
browser:
	command -v chromium >/dev/null 2>&1 || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_extraction.py $(SHARED)/eval/extraction
	$(BIN)/python benchmarks/bench_stories.py
	cd benchmarks && ../$(BIN)/python bench_facts.py
	$(BIN)/python benchmarks/bench_timeline.py
	$(BIN)/python benchmarks/bench_framing.py
	$(BIN)/python benchmarks/bench_web.py
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_upload.py
	$(BIN)/python benchmarks/bench_fetch.py $(SHARED)/eval/extraction
	# issue 14: 1k/10k/100k stores (built once into /tmp/crosswire-bench, ~1 h the first time)
	$(BIN)/python benchmarks/big_store.py --stored 1000 10000 100000 --cards 2000
	$(BIN)/python benchmarks/bench_update.py
	$(BIN)/python benchmarks/bench_watch.py
	$(BIN)/python benchmarks/bench_web.py --stored 100000

eval: $(STAMP)
	$(BIN)/crosswire eval extraction $(SHARED)/eval/extraction
	$(BIN)/crosswire eval clustering $(SHARED)/eval/clustering/ecbplus.jsonl
	$(BIN)/crosswire eval quantities $(SHARED)/eval/quantities/newsquant.jsonl
	$(BIN)/crosswire eval timeline $(SHARED)/eval/timeline/t17
	$(BIN)/crosswire eval facts $(SHARED)/eval/facts/ecbplus-dev.json
	$(BIN)/crosswire eval metadata $(SHARED)/eval/metadata

clean:
	rm -rf $(VENV) build *.egg-info crosswire.db* crosswire-report.html .pytest_cache .mypy_cache

# The PostgreSQL tests start a throwaway server from Debian's package (as an unprivileged user:
# initdb refuses root); installed here when missing.
postgres:
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null)
