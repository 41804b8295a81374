# footprint audit: the two set-up commands of the README, and helpers.
#   make report   create .venv, install, audit the bundled sample archives, write an HTML page
#   make test     create .venv if needed, lint, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLES := data_samples/twitter.zip data_samples/facebook.zip

.PHONY: test report lint samples clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

report: $(STAMP)
	$(BIN)/python -m audit inventory $(SAMPLES) -o reports/inventory.html

# Rebuild the synthetic sample archives (deterministic: the bytes only change with the script).
samples: $(STAMP)
	$(BIN)/python data_samples/make_samples.py

clean:
	rm -rf $(VENV) reports build .pytest_cache .ruff_cache
