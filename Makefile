# Ringbinder: `make run` opens the app, `make test` runs every test headless.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint screenshots clean catalogues package team-demo team-demo-stop

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

# PostgreSQL's server for the team binder's tests (tests/pg.py): installed like Qt's libraries
# when missing; without it (no root, no password-less sudo) its command is printed and those
# tests are skipped
test: $(STAMP)
	$(BIN)/ruff check app tests
	$(BIN)/mypy
	-$(BIN)/python -m tests.pg --install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(STAMP)
	@failed=""; \
	run() { echo "== $$*"; env "$$@" || failed="$$failed\n  $$*"; }; \
	run QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.bench; \
	run QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.bench.strip; \
	run $(BIN)/python -m tests.bench.pdf; \
	run $(BIN)/python -m tests.bench.handover; \
	run $(BIN)/python -m tests.bench.interchange_read; \
	run $(BIN)/python -m tests.bench.interchange_write; \
	run $(BIN)/python -m tests.bench.interchange; \
	run $(BIN)/python -m tests.bench.quick_check; \
	run $(BIN)/python -m tests.bench.cli; \
	run $(BIN)/python -m tests.bench.pg_search; \
	run $(BIN)/python -m tests.bench.team; \
	run $(BIN)/python -m tests.bench.team_keeper; \
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

# the one-folder application (PyInstaller, packaging/ringbinder.spec) in dist/Ringbinder/,
# with the desktop entry, the AppStream metadata and the icons under its share/, packed as
# dist/Ringbinder-<version>-linux-x86_64.tar.gz; the tarball is then unpacked in a temporary
# folder and its binary run there by packaging/check_frozen.py (any failed check fails this)
APP_ID := io.github.ringbinder.Ringbinder
VERSION = $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
FROZEN := dist/Ringbinder
TARBALL = dist/Ringbinder-$(VERSION)-linux-x86_64.tar.gz
PACKAGE_STAMP := $(VENV)/.installed-package
ICON_SIZES := 16 32 48 64 128 256 512

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,package]'
	touch $(PACKAGE_STAMP)

package: $(PACKAGE_STAMP)
	command -v desktop-file-validate >/dev/null && command -v appstreamcli >/dev/null || { \
		sudo=; [ "$$(id -u)" = 0 ] || sudo="sudo -n"; \
		$$sudo apt-get update -qq && \
		$$sudo apt-get install -y -qq desktop-file-utils appstream >/dev/null; }
	desktop-file-validate packaging/linux/$(APP_ID).desktop
	appstreamcli validate --no-net packaging/linux/$(APP_ID).metainfo.xml
	rm -rf $(FROZEN) $(TARBALL)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/ringbinder.spec
	install -D -m 644 packaging/linux/$(APP_ID).desktop \
		$(FROZEN)/share/applications/$(APP_ID).desktop
	install -D -m 644 packaging/linux/$(APP_ID).metainfo.xml \
		$(FROZEN)/share/metainfo/$(APP_ID).metainfo.xml
	install -D -m 644 packaging/icons/ringbinder.svg \
		$(FROZEN)/share/icons/hicolor/scalable/apps/$(APP_ID).svg
	for size in $(ICON_SIZES); do \
		install -D -m 644 packaging/icons/hicolor/$${size}x$${size}/apps/$(APP_ID).png \
			$(FROZEN)/share/icons/hicolor/$${size}x$${size}/apps/$(APP_ID).png || exit 1; \
	done
	install -m 644 app/pdf/fonts/LICENSE-DejaVu.txt $(FROZEN)/LICENSE-DejaVu.txt
	tar -C dist -czf $(TARBALL) Ringbinder
	$(BIN)/python packaging/check_frozen.py $(TARBALL) || { rm -f $(TARBALL); exit 1; }
	@du -sh $(FROZEN) $(TARBALL)

lint: $(STAMP)
	$(BIN)/ruff check app tests

SHOTS := packaging/screenshots
SHOT_BINDER := build/screenshots/demo.rbinder
# the screenshots never read the user's own preferences; English unless a language is given
RBX := env RINGBINDER_PREFERENCES=build/screenshots/preferences.json $(BIN)/ringbinder \
	--today 2026-11-24
RB := LANG=en_US.UTF-8 $(RBX) --binder $(SHOT_BINDER)
SHOT_LANGUAGES := es_ES pl_PL ru_RU

# a local PostgreSQL with a team binder (a manager, three salespeople) to try; it runs until
# `make team-demo-stop` (its data stays in .team-demo/)
team-demo: $(STAMP)
	-$(BIN)/python -m tests.pg --install
	PYTHONPATH=. $(BIN)/python packaging/team_demo.py

team-demo-stop: $(STAMP)
	PYTHONPATH=. $(BIN)/python packaging/team_demo.py --stop

screenshots: $(STAMP)
	rm -rf build/screenshots && mkdir -p build/screenshots $(SHOTS)
	$(RB) demo --clients 1000 --seed 1
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/main-1366x768.png --size 1366x768
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/main-1920x1080.png --size 1920x1080
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/month-1366x768.png --size 1366x768 --insert 2026-12
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/log-contact-1366x768.png --open log-contact
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/history-1366x768.png --tab history
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/forms-1366x768.png --tab forms
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/documents-1366x768.png --tab documents
	# a day long after the demo's dates: today's insert empty, everything overdue
	QT_QPA_PLATFORM=offscreen $(RB) --today 2031-01-07 gui --screenshot $(SHOTS)/empty-day-1366x768.png
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/form-templates-1366x768.png --open form-templates
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/new-proposal-1366x768.png --open new-proposal
	QT_QPA_PLATFORM=offscreen $(RB) gui --screenshot $(SHOTS)/import-wizard.png --open import-wizard --file packaging/import-sample.csv
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/shoot_handover.py $(SHOTS)
	LANG=en_US.UTF-8 RINGBINDER_PREFERENCES=build/screenshots/preferences.json \
		QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/shoot_reminders.py $(SHOTS)
	LANG=en_US.UTF-8 RINGBINDER_PREFERENCES=build/screenshots/preferences.json \
		QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/shoot_reports.py $(SHOTS)
	command -v pdftoppm >/dev/null || apt-get install -y -qq poppler-utils >/dev/null || \
		sudo -n apt-get install -y -qq poppler-utils >/dev/null
	LANG=en_US.UTF-8 RINGBINDER_PREFERENCES=build/screenshots/preferences.json $(BIN)/python packaging/shoot_card_extreme.py $(SHOTS)
	LANG=en_US.UTF-8 RINGBINDER_PREFERENCES=build/screenshots/preferences.json $(BIN)/python packaging/shoot_visit_pack.py $(SHOTS)
	# the English card of today's first dossier, and the day sheet that opens the day's batch
	id=$$($(RB) list 2026-11-24 --json | $(BIN)/python -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])') && \
		$(RB) print card $$id -o build/screenshots/card.pdf >/dev/null && \
		pdftoppm -png -r 60 -singlefile build/screenshots/card.pdf $(SHOTS)/card
	$(RB) print day 2026-11-24 -o build/screenshots/day.pdf >/dev/null && \
		pdftoppm -png -r 60 -singlefile -f 1 -l 1 build/screenshots/day.pdf $(SHOTS)/agenda
	# each language on a demo binder made in it (its labels and forms are the user's words)
	for lang in $(SHOT_LANGUAGES); do \
		rbl="$(RBX) --binder build/screenshots/demo-$$lang.rbinder" && \
		LANG=$$lang.UTF-8 $$rbl demo --clients 1000 --seed 1 >/dev/null && \
		LANG=$$lang.UTF-8 QT_QPA_PLATFORM=offscreen $$rbl gui --screenshot $(SHOTS)/main-$$lang.png --size 1366x768 && \
		LANG=$$lang.UTF-8 QT_QPA_PLATFORM=offscreen $$rbl gui --screenshot $(SHOTS)/log-contact-$$lang.png --open log-contact && \
		id=$$(LANG=$$lang.UTF-8 $$rbl list 2026-11-24 --json | $(BIN)/python -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])') && \
		LANG=$$lang.UTF-8 $$rbl print card $$id -o build/screenshots/card-$$lang.pdf >/dev/null && \
		pdftoppm -png -r 60 -singlefile build/screenshots/card-$$lang.pdf $(SHOTS)/card-$$lang || exit 1; \
	done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis bench-data dist build/pyinstaller build/catalogues
