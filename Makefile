# Two commands do all set-up on a fresh machine:
#   make serve   install what is needed, build, and serve the site on http://127.0.0.1:8000
#   make test    install what is needed (Python venv, npm packages, Debian's Chromium, WebKitGTK
#                and Firefox ESR) and run every test, the three-engine smoke suite included
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
export CHROMIUM ?= /usr/bin/chromium

ZENSICAL_SITE := build/zensical-site

.PHONY: install serve build build-zensical test test-fast smoke fuzz bench clean browsers originality

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Debian's chromium, webkit2gtk-driver, xvfb and firefox-esr: installed with apt-get when missing (as root).
browsers:
	@scripts/ensure-browsers.sh

# The default build: MkDocs; its hook (guide_site/mkdocs_hook.py) checks the content first
# and finishes the site last.
build: install
	$(VENV)/bin/mkdocs build --strict

# The same site built by Zensical (zensical.yml: mkdocs.yml plus its own site_dir), with the
# steps its missing hooks would run: the content check before, the post-build step after.
# --clean: its cache does not know that the tool forms depend on guide_engine/data.
build-zensical: install
	$(PY) -m guide_site --check
	$(VENV)/bin/zensical build --clean --strict -f zensical.yml
	$(PY) -m guide_site $(ZENSICAL_SITE)

serve: install
	$(VENV)/bin/mkdocs serve --strict -a 127.0.0.1:8000

originality:
	python3 ../shared/tools/check_originality.py docs guide_engine includes

test: install browsers build build-zensical
	$(PY) -m pytest

# The reader's journey in Chromium, WebKitGTK and Firefox ESR only, on both builds (tests/test_browser_smoke.py).
smoke: install browsers build build-zensical
	$(PY) -m pytest -m smoke

# Long fuzz run of the engine boundary: 10,000 examples per property (tests/hypothesis_profiles.py).
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_fuzz_boundary.py -p no:cacheprovider -q --hypothesis-show-statistics

# Quick loop while developing: engine tests only, no browser.
test-fast: install
	$(PY) -m pytest -m "not browser and not pyodide"

clean:
	rm -rf site build dist .cache .pytest_cache .hypothesis

# The performance benchmark (a script, not a test): build, serve with gzip, Lighthouse,
# Chromium on half a CPU core with slow 4G, and engine start in Chromium, WebKitGTK and Firefox.
# Prints a budget table, writes bench-results.json.
bench: install browsers
	@test bench/node_modules/.installed -nt bench/package-lock.json 2>/dev/null || \
	  { npm ci --prefix bench --no-audit --no-fund --loglevel=error && touch bench/node_modules/.installed; }
	$(PY) bench/run.py
