# The course's commands. Each sets itself up on a fresh machine with only Python 3 and make.
#   make start   serve the course (Voila) at http://127.0.0.1:8866/  (PORT=... to change)
#   make lab     open JupyterLab on the course home
#   make test    install the test tools (and Debian's chromium, postgresql and npm, and the Hub's
#                proxy from npm, if missing) and run every test layer
#   make bench   print speed figures (not part of make test)
#   make hub     a local JupyterHub for a cohort at http://127.0.0.1:8000/ (HUB_PORT=..., and
#                SOCIOCRACY_HUB_PASSWORD=... the users' password), rooms on PostgreSQL
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8866
HUB_PORT ?= 8000
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: start lab test lint bench clean help hub
help:
	@echo "make start | make lab | make test | make bench | make hub"

$(VENV)/.course-installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@# an editable install skips data-files: enable the course's server extension as pip would
	install -D -m 644 etc/jupyter/jupyter_server_config.d/sociocracy-course.json \
		$(VENV)/etc/jupyter/jupyter_server_config.d/sociocracy-course.json
	@touch $@

$(VENV)/.test-installed: pyproject.toml $(VENV)/.course-installed
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

start: $(VENV)/.course-installed
	PORT=$(PORT) $(VENV)/bin/sociocracy-course start --port $(PORT)

$(VENV)/.hub-installed: pyproject.toml $(VENV)/.course-installed
	$(PY) -m pip install --quiet -e '.[hub]'
	@touch $@

hub: $(VENV)/.hub-installed
	@test -n "$$SOCIOCRACY_HUB_PASSWORD" || { echo "Set SOCIOCRACY_HUB_PASSWORD to the password users log in with: SOCIOCRACY_HUB_PASSWORD=... make hub" >&2; exit 2; }
	@bash tools/ensure_postgres.sh
	@bash tools/ensure_proxy.sh .hub || echo "configurable-http-proxy missing: the Hub tests will say so"
	HUB_PORT=$(HUB_PORT) $(PY) tools/hub.py

lab: $(VENV)/.course-installed
	$(VENV)/bin/sociocracy-course lab

test: $(VENV)/.test-installed
	@bash tools/ensure_chromium.sh
	@bash tools/ensure_postgres.sh
	@bash tools/ensure_debian_package.sh npm "the JupyterHub tests (its proxy comes from npm)" "command -v npm"
	@bash tools/ensure_proxy.sh .hub || echo "configurable-http-proxy missing: the Hub tests will say so"
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy sociocracy widgets
	$(PY) -m pytest -n auto --dist loadscope --no-loadscope-reorder \
		--nbval-lax --nbval-current-env tests lessons exercises solutions apps

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy sociocracy widgets

bench: $(VENV)/.test-installed
	@bash tools/ensure_chromium.sh
	@bash tools/ensure_postgres.sh
	@for script in benchmarks/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
