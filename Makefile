# One command each on a fresh machine: `make demo`, `make test`, `make bench`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test test-fast bench mutation docs clean i18n-extract i18n-update i18n-compile

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	@bash examples/demo.sh $(VENV)

test: $(STAMP)
	$(PY) -m pytest -q

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow"

bench: $(STAMP)
	$(PY) bench/run.py

# Deliberate one-line mistakes in the critical rules; says how many the tests catch (minutes).
mutation: $(STAMP)
	$(PY) tools/mutation.py

docs: $(STAMP)
	$(PY) -m itsm_assess.docgen > docs/cli.md

# Interface strings: extract from the code into the template, merge into every language's PO
# file (a translator then fills in the new entries), check that they compile.
# A new language: `$(VENV)/bin/pybabel init -D itsm_assess -i $(POT) -d $(LOCALE_DIR) -l sv`.
LOCALE_DIR := src/itsm_assess/i18n/locale
POT := $(LOCALE_DIR)/itsm_assess.pot
# Keywords live in babel.cfg; private packages (_io) are searched too (Babel skips "_*" folders by
# default). tests/test_i18n_extraction.py runs exactly these options in-process.
EXTRACT_OPTIONS := -F babel.cfg --ignore-dirs ".* __pycache__" --no-location --sort-output

i18n-extract: $(STAMP)
	@mkdir -p $(LOCALE_DIR)
	$(VENV)/bin/pybabel -q extract $(EXTRACT_OPTIONS) --project itsm-assess --copyright-holder "itsm-assess contributors" -o $(POT) .

i18n-update: i18n-extract
	$(VENV)/bin/pybabel -q update -D itsm_assess -i $(POT) -d $(LOCALE_DIR) --no-fuzzy-matching --ignore-obsolete --no-wrap

# The program reads the PO files themselves; this checks that they compile and counts the
# translated entries (the .mo files it writes are ignored by git and by the program).
i18n-compile: $(STAMP)
	$(VENV)/bin/pybabel compile -D itsm_assess -d $(LOCALE_DIR) --statistics

clean:
	rm -rf $(VENV) dist build demo-output .pytest_cache
