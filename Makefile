# fanjian: `make run` processes seeds/ into out/; `make test` runs the tests;
# `make bench` (< 15 min) / `make bench-quick` (< 2 min) print the benchmark table.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: install browser run test clean soak fuzz-soak bench bench-quick data

install: $(STAMP) browser

# Headless Chromium and CJK fonts for the page tests (Debian); only when chromium is missing.
browser:
	@test -x /usr/bin/chromium || { test "$$(id -u)" = 0 && apt-get update && apt-get install -y chromium fonts-noto-cjk; } \
	  || echo "make: /usr/bin/chromium missing: run 'sudo apt-get install -y chromium fonts-noto-cjk' (browser tests skip without it, except under CI=true)"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

run: install
	$(BIN)/fanjian run seeds --out out

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

soak: install  # 200 SIGKILL rounds through the pipeline loop, 10 through the real flow
	$(BIN)/python scripts/soak.py --rounds 200 --flow-rounds 10

fuzz-soak: install  # the long Hypothesis profile
	HYPOTHESIS_PROFILE=soak $(BIN)/python -m pytest -p no:cacheprovider tests/test_fuzz.py

bench: install
	$(BIN)/python -m bench.run

bench-quick: install
	$(BIN)/python -m bench.run --quick

# After editing protected_terms.tsv or half_converted.tsv: the OpenCC configurations and the
# tables read from them (tests fail while one is stale). Order matters: each reads the one before.
data: install
	$(BIN)/python scripts/build_convert_data.py
	$(BIN)/python scripts/make_opencc_keys.py
	$(BIN)/python scripts/make_opencc_pairs.py
	$(BIN)/python scripts/make_opencc_phrases.py

clean:
	rm -rf out .pytest_cache
