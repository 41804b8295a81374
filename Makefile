# footprint audit: the two set-up commands of the README, and helpers.
#   make report   create .venv, install, audit the bundled sample archives, write the HTML report
#   make app      the interactive audit as a standalone page (Voilà, code hidden)
#   make lab      open the interactive audit in JupyterLab
#   make test     create .venv if needed, lint, run the whole test suite
#   make model    train the learned judgement from ../shared (audit/model/)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLES := $(sort $(wildcard data_samples/*.zip data_samples/*.tar.gz data_samples/*.car))

.PHONY: test report app lab lint samples model clean

$(STAMP): requirements.txt pyproject.toml jupyter/overrides.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	# JupyterLab's defaults for this venv: no news feed, no update check (nothing fetched)
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

report: $(STAMP)
	$(BIN)/python -m audit report $(SAMPLES) -o reports/report.html

# JupyterLab on the interactive audit notebook (http://127.0.0.1:8888, local only).
# As root (a container, CI) JupyterLab needs --allow-root; no news feed, no update check.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(LAB_ROOT) --LabApp.news_url=None \
		--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
		notebooks/01_interactive_audit.ipynb

# The standalone app (Voilà: the notebook's code hidden) on http://127.0.0.1:8866, local only; the
# URL with its access token is printed. As root (a container) no browser is opened: open the URL.
# jupyter/voila/templates/audit: Voilà's page without its CDN style sheets (nothing fetched).
APP_BROWSER := $(if $(filter 0,$(shell id -u)),--no-browser,)
APP_PORT ?= 8866
app: $(STAMP)
	JUPYTER_PATH=$(CURDIR)/jupyter $(BIN)/voila notebooks/00_audit_app.ipynb --template=audit \
		--Voila.ip=127.0.0.1 --port=$(APP_PORT) --token $(APP_BROWSER) --KernelManager.transport=ipc

# Train the learned judgement from ../shared (deterministic): audit/model/judgement.npz,
# judgement.json and MODEL_CARD.md, with every figure measured on the shipped files.
model: $(STAMP)
	$(BIN)/python -m training.train

# Rebuild the synthetic sample archives (deterministic: the bytes only change with the script).
samples: $(STAMP)
	$(BIN)/python data_samples/make_samples.py
	$(BIN)/python data_samples/make_more_samples.py

clean:
	rm -rf $(VENV) reports build .pytest_cache .ruff_cache
