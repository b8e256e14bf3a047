# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= out/store

.PHONY: venv browser ocr demo test test-fast golden check lint typecheck bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: venv ocr
	$(BIN)/vbkg demo --out out

# The browser tests drive Debian's Chromium (never a browser downloaded by Playwright).
# Installed when missing and possible (root); otherwise those tests skip and say why.
browser:
	@command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "chromium could not be installed: browser tests will be skipped"

# OCR of scans (Tesseract + its Vietnamese model, pdftoppm) and the legacy office formats
# (.doc/.rtf/.odt through LibreOffice, antiword): installed when missing and possible (root);
# otherwise scans and those files are reported as unreadable, naming what to install, and
# their tests skip and say why.
OCR_PACKAGES = tesseract-ocr tesseract-ocr-vie poppler-utils libreoffice-writer-nogui antiword
ocr:
	@{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie && \
	   command -v pdftoppm >/dev/null 2>&1 && command -v soffice >/dev/null 2>&1; } || \
	  [ "$$(id -u)" != 0 ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(OCR_PACKAGES) >/dev/null) || \
	  echo "OCR could not be installed: install $(OCR_PACKAGES); scans will be skipped"

# pytest exits 5 when it collects no test; that is a failure of the suite, not a pass.
PYTEST = rc=0; $(BIN)/python -m pytest $(1) || rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no test: the suite is broken" >&2; exit 1; fi; \
	  exit $$rc

# Everything: slow, browser and corpus tests included (CI: .ci/run). The tests marked serial
# (wall-clock limits, timings: tests/conftest.py SERIAL) run alone after the rest, which runs
# on both cores (TEST_JOBS=0: everything in one process).
TEST_JOBS ?= 2
test: venv browser ocr
	@$(call PYTEST,-q -n $(TEST_JOBS) -m "not serial")
	@$(call PYTEST,-q -m serial)

# The fast lane, under 90 s: the tests marked slow, browser or corpus are left out (the marks
# are in tests/conftest.py, SLOW, and in the modules), and the rest runs on two processes
# (pytest-xdist; FAST_JOBS=0 runs in one).
FAST_JOBS ?= 2
test-fast: venv
	@$(call PYTEST,-q -n $(FAST_JOBS) -m "not slow and not browser and not corpus")

# Rewrites tests/data/golden/seed00N.ttl from the pipeline; the run fails on purpose:
# review `git diff tests/data/golden`, commit, then run `make test`.
golden: venv
	-VBKG_REGENERATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py
	git diff --stat -- tests/data/golden

# Runs the notebooks and writes them with their outputs to docs/notebooks/*.html (the notebooks
# stay without outputs; tests/test_notebooks.py fails when a page is older than its notebook).
notebooks: venv
	PYTHONPATH=. $(BIN)/python notebooks/render.py

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check parsers graph tests

typecheck: venv
	$(BIN)/mypy

check: lint typecheck test

# the whole country (100,000 documents, about half an hour more): make bench BENCH_SIZES=1000,10000,100000
bench: venv
	$(BIN)/python bench/run.py --sizes $(or $(BENCH_SIZES),1000,10000) --jobs $(or $(BENCH_JOBS),2)

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
