# Ringbinder: `make run` opens the app, `make test` runs every test headless.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint screenshots clean catalogues

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Qt's system libraries first (installed with apt-get when root or password-less sudo,
# else the exact command is printed): never Qt's bare "Aborted"
run: $(STAMP)
	$(BIN)/python -m app.system_libs --install
	$(BIN)/ringbinder gui

test: $(STAMP)
	$(BIN)/ruff check app tests
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(STAMP)
	@failed=""; \
	run() { echo "== $$*"; env "$$@" || failed="$$failed\n  $$*"; }; \
	run QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.bench; \
	run $(BIN)/python -m tests.bench.pdf; \
	run $(BIN)/python -m tests.bench.handover; \
	run $(BIN)/python -m tests.bench.interchange_read; \
	run $(BIN)/python -m tests.bench.interchange_write; \
	run $(BIN)/python -m tests.bench.interchange; \
	run $(BIN)/python -m tests.bench.quick_check; \
	run RINGBINDER_KILLS=1000 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider tests/store/test_crash_kill.py; \
	run RINGBINDER_FUZZ_EXAMPLES=10000 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider tests/handover/test_fuzz.py tests/handover/test_round_trip.py; \
	if [ -n "$$failed" ]; then printf "make bench: these failed:$$failed\n"; exit 1; fi

# the message catalogues: every _(), n_() and N_() of app/ (and argparse's own words, which
# the CLI's help and errors show) extracted into the template, and
# each language's .po brought up to date with it (new strings empty, changed ones fuzzy)
POT := app/locale/ringbinder.pot
LANGUAGES := es pl ru
catalogues: $(STAMP)
	$(BIN)/pybabel -q extract --no-location --sort-output -k N_ -k n_:1,2 \
		--project Ringbinder --copyright-holder "Ringbinder" -o $(POT) app \
		$$($(BIN)/python -c "import argparse; print(argparse.__file__)")
	for lang in $(LANGUAGES); do \
		if [ -f app/locale/$$lang/LC_MESSAGES/ringbinder.po ]; then \
			$(BIN)/pybabel -q update --no-wrap -i $(POT) -d app/locale -D ringbinder -l $$lang; \
		else \
			$(BIN)/pybabel -q init --no-wrap -i $(POT) -d app/locale -D ringbinder -l $$lang; \
		fi; \
	done

lint: $(STAMP)
	$(BIN)/ruff check app tests

SHOTS := packaging/screenshots
SHOT_BINDER := build/screenshots/demo.rbinder
# the screenshots never read the user's own preferences; English unless a language is given
RBL := RINGBINDER_PREFERENCES=build/screenshots/preferences.json $(BIN)/ringbinder \
	--binder $(SHOT_BINDER) --today 2026-11-24
RB := LANG=en_US.UTF-8 $(RBL)
SHOT_LANGUAGES := es_ES pl_PL ru_RU

screenshots: $(STAMP)
	rm -rf build/screenshots && mkdir -p build/screenshots $(SHOTS)
	$(RB) demo --clients 1000 --seed 1
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/main-1366x768.png --size 1366x768
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/main-1920x1080.png --size 1920x1080
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/month-1366x768.png --size 1366x768 --insert 2026-12
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/log-contact-1366x768.png --open log-contact
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/history-1366x768.png --tab history
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/forms-1366x768.png --tab forms
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/form-templates-1366x768.png --open form-templates
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/import-wizard.png --open import-wizard --file packaging/import-sample.csv
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/shoot_handover.py $(SHOTS)
	command -v pdftoppm >/dev/null || apt-get install -y -qq poppler-utils >/dev/null || \
		sudo -n apt-get install -y -qq poppler-utils >/dev/null
	for lang in $(SHOT_LANGUAGES); do \
		LANG=$$lang.UTF-8 QT_QPA_PLATFORM=offscreen $(RBL) gui --screenshot $(SHOTS)/main-$$lang.png --size 1366x768 && \
		LANG=$$lang.UTF-8 QT_QPA_PLATFORM=offscreen $(RBL) gui --screenshot $(SHOTS)/log-contact-$$lang.png --open log-contact && \
		id=$$($(RB) list 2026-11-24 --json | $(BIN)/python -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])') && \
		LANG=$$lang.UTF-8 $(RBL) print card $$id -o build/screenshots/card-$$lang.pdf >/dev/null && \
		pdftoppm -png -r 60 -singlefile build/screenshots/card-$$lang.pdf $(SHOTS)/card-$$lang || exit 1; \
	done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis bench-data
