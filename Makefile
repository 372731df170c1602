# regional-showcase: every target sets up what it needs; nothing is installed by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
NODE_STAMP := node_modules/.installed
# Only what a build ships (decap-cms and yaml, prebuilt): html, publish and serve need no more.
NODE_PUBLISH_STAMP := node_modules/.installed-publish
OUTPUTDIR := output
PORT ?= 8000
PELICAN := $(BIN)/pelican
# Some machines set PYTHONDONTWRITEBYTECODE: then every run compiles the plugin and pytest
# rewrites every test module again (seconds per process). The caches stay out of Git.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help lock html stop publish serve cms check report post schema settings-doc test test-fast screenshots lint translations clean rsync_upload s3_upload bench audit

# `make` alone lists the targets: each has its one line after `## ` on the target's own line
# (tests/test_makefile.py checks that every target has one and is listed in .PHONY above).
.DEFAULT_GOAL := help
help: ## diese Liste (auch „make“ allein)
	@echo "Aufruf: make <Ziel>, z. B. make serve. Für die Redaktion: docs/redaktion.md; alles Weitere: README.md."
	@awk 'BEGIN { FS = ":[^#]*## " } /^[a-zA-Z0-9_-]+:[^=]*## / { printf "  make %-14s %s\n", $$1, $$2 }' $(firstword $(MAKEFILE_LIST))

# Every Python package, transitive ones included, installs from a lock file with its hashes
# (requirements/, written by `make lock` from pyproject.toml's pins): a file on PyPI that
# differs from the one locked fails the install instead of running. The project itself then
# installs without dependencies and without build isolation, which would fetch setuptools
# unlocked (requirements/build.in locks it).
LOCK := requirements/base.txt
TEST_LOCK := requirements/test.txt

# uv installs the locks (requirements/uv.txt pins it with its hashes; into .tools/uv, not into
# .venv). It checks them as pip does: a package the lock lacks, or a file whose hash is not the
# lock's, fails the install. But it downloads side by side and unpacks into its cache, linked
# from there: both installs of a fresh clone took 42 s of CPU with pip, 20 s with uv (uv's own
# install included; bench/ci_install.py, bench/results/2026-12-08-ci-install.md). The venv needs
# no pip of its own (the lock's pip lands in it).
UV := .tools/uv/bin/uv
UV_STAMP := .tools/uv/.installed

# Python's own pip installs uv where it has one (python:3.11 images, most machines): a venv with
# a pip of its own costs 5-6 s of CPU more (ensurepip). Without one (or with a pip older than
# 22.3, without --python), the venv gets its pip as before.
$(UV_STAMP): requirements/uv.txt
	$(PYTHON) -m venv --without-pip .tools/uv
	$(PYTHON) -m pip --python .tools/uv/bin/python install --quiet --require-hashes -r requirements/uv.txt 2>/dev/null \
	  || { $(PYTHON) -m venv .tools/uv && .tools/uv/bin/pip install --quiet --require-hashes -r requirements/uv.txt; }
	touch $@

# What a build imports is compiled ahead (--compile-bytecode), as pip did: every build process
# imports Pelican, Jinja and Markdown.
$(STAMP): $(UV_STAMP) pyproject.toml $(LOCK)
	$(PYTHON) -m venv --without-pip $(VENV)
	$(UV) pip install --quiet --python $(BIN)/python --compile-bytecode --require-hashes -r $(LOCK)
	$(UV) pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	touch $@

# The test tools' files are not compiled ahead (uv's default): of moto's, botocore's and
# playwright's thousands of modules a run imports a few, compiled on first import (make
# unexports PYTHONDONTWRITEBYTECODE, so once).
$(TEST_STAMP): $(STAMP) $(TEST_LOCK)
	$(UV) pip install --quiet --python $(BIN)/python --require-hashes -r $(TEST_LOCK)
	touch $@

# After changing a pin in pyproject.toml or requirements/*.in: resolve again (needs PyPI).
# uv writes every package for Python 3.11 on every platform with all its files' hashes;
# base.txt is constrained by test.txt, so both lock the same versions.
LOCK_FLAGS := --quiet --universal --python-version 3.11 --generate-hashes
lock: $(UV_STAMP) ## nach einer geänderten Version in pyproject.toml: requirements/ neu sperren, mit Hashes (braucht PyPI)
	UV_CUSTOM_COMPILE_COMMAND="make lock" $(UV) pip compile $(LOCK_FLAGS) requirements/uv.in -o requirements/uv.txt
	UV_CUSTOM_COMPILE_COMMAND="make lock" $(UV) pip compile $(LOCK_FLAGS) --extra test pyproject.toml requirements/build.in -o $(TEST_LOCK)
	UV_CUSTOM_COMPILE_COMMAND="make lock" $(UV) pip compile $(LOCK_FLAGS) pyproject.toml requirements/build.in -c $(TEST_LOCK) -o $(LOCK)

# The web editor at /admin/ ships Decap CMS from npm (package.json), so a build needs it: only
# its prebuilt bundle (--publish, 2 packages); `make cms` and the tests install what runs under
# Node.js (141 of the lock's 733). A changed installer installs again.
$(NODE_STAMP): package.json package-lock.json scripts/install-node-deps
	scripts/install-node-deps

$(NODE_PUBLISH_STAMP): package.json package-lock.json scripts/install-node-deps
	scripts/install-node-deps --publish

html: $(STAMP) $(NODE_PUBLISH_STAMP) ## die Website nach output/ bauen (Entwicklung)
	OUTPUT=$(OUTPUTDIR) scripts/html
	@echo "Ansehen: make serve, dann http://localhost:$(PORT)/ (output/index.html direkt geöffnet zeigt die Seite ohne Gestaltung)."

# make html hands its build to a process that stays for the next one (staff/build_server.py;
# not in CI, not with SHOWCASE_BUILD_SERVER=0); it ends itself after 10 minutes without a build.
stop: ## den Bauprozess beenden, den make html im Hintergrund laufen lässt (sonst endet er nach 10 Minuten)
	@if [ -x $(BIN)/showcase ]; then $(BIN)/showcase build-server stop; else echo "Es lief kein Bauprozess im Hintergrund."; fi

publish: $(STAMP) $(NODE_PUBLISH_STAMP) ## für die Veröffentlichung bauen: streng, mit Suche und Stempel; ersetzt output/ erst, wenn fertig
	OUTPUT=$(OUTPUTDIR) scripts/publish

# LAN=1: reachable from phones on the same network; prints the address and a QR code.
serve: $(STAMP) $(NODE_PUBLISH_STAMP) ## Vorschau auf http://localhost:8000/, baut nach jedem Speichern neu (LAN=1: auch fürs Handy; PORT=8001)
	$(BIN)/showcase serve --port $(PORT)$(if $(LAN), --lan)

# The web editor locally: decap-server behind its proxy (127.0.0.1:8081, or PROXY_PORT) and
# the preview; open /admin/.
cms: $(STAMP) $(NODE_STAMP) ## der Web-Editor auf diesem Rechner: http://localhost:8000/admin/ (PROXY_PORT=8082)
	$(BIN)/showcase cms --port $(PORT)$(if $(PROXY_PORT), --proxy-port $(PROXY_PORT))

check: $(STAMP) ## alles prüfen, ohne zu bauen: jedes Problem mit Datei, Zeile und Korrektur
	$(BIN)/showcase check

report: $(STAMP) ## je Region: was gefüllt ist und was der Betreiber noch liefern muss
	$(BIN)/showcase report

post: $(STAMP) ## eine neue Meldung anlegen (fragt nach Titel, Regionen und Kategorie)
	@$(BIN)/showcase new-post

schema: $(STAMP) ## das JSON-Schema von data/regions.yaml nach data/regions.schema.json schreiben
	$(BIN)/showcase schema

# docs/settings.md from the fields of settings.py and environment.py; a test holds it current.
settings-doc: $(STAMP) ## docs/settings.md aus den Feldern der Einstellungen schreiben
	$(BIN)/python -m regional_showcase.settings_doc

# npm's packages as a prerequisite: with `make -j2` they install beside pip's (.ci/run).
test: $(TEST_STAMP) $(NODE_STAMP) ## alle Tests (installiert zuerst Chromium, Java, nginx, Apache und die npm-Werkzeuge)
	scripts/install-test-deps
	$(BIN)/pytest -n 2 --dist loadfile

# Unit tests only: the rules called as functions, no site build, no browser. The web editor's
# kept files need decap-cms's bundle (2 npm packages), as make html does.
# Their temporary folders lie in memory (/dev/shm) where it has 2 GB free: they copy the project
# some 30 times and write caches, and on this machine's disk (ext4, loaded) that cost about 4 s
# of system CPU a run (bench/results/2026-12-08-test-fast.md). A passed test's folder goes when
# it ends (retention "failed"): a run that passes leaves nothing there, one that fails the
# folders of its failed tests and its modules, at most three runs' (pytest's numbering).
# Elsewhere (a container's 64 MB /dev/shm, macOS) the system's temporary folder, as before.
FAST_TMPDIR = $(shell df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 && $$4 > 2000000 { print "/dev/shm" }')
test-fast: $(TEST_STAMP) $(NODE_PUBLISH_STAMP) ## nur die Regeln, als Funktionen aufgerufen: kein Bau, kein Browser
	$(if $(FAST_TMPDIR),TMPDIR=$(FAST_TMPDIR) )$(BIN)/pytest -q -n 2 -m "not build and not browser" \
	  -o tmp_path_retention_policy=failed

# The browser checks with a full-page screenshot of every page they look at, in
# test-artifacts/screenshots/, for a human look (the web editor's go to docs/screenshots/).
screenshots: $(TEST_STAMP) ## die Browser-Prüfungen mit einem Bildschirmfoto jeder Seite (test-artifacts/screenshots/)
	scripts/install-test-deps
	SHOWCASE_SCREENSHOTS=1 $(BIN)/pytest -q -n 2 --dist loadfile tests/test_browser.py tests/test_cms_editor.py

lint: $(TEST_STAMP) ## ruff check und ruff format --check über das ganze Projekt
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# UI strings: extract from the templates, merge into each language's catalog, compile.
# Translate the new entries in theme/translations/<lang>/LC_MESSAGES/messages.po, then run again.
TRANSLATIONS := theme/translations
translations: $(STAMP) ## Texte der Oberfläche aus den Vorlagen holen, in die Kataloge übernehmen, kompilieren
	$(BIN)/pybabel -q extract -F babel.cfg --omit-header --no-wrap --sort-by-file --ignore-dirs '.* _* node_modules bench output cache' -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel -q update --init-missing --no-wrap --ignore-obsolete -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -l en
	$(BIN)/pybabel -q compile -d $(TRANSLATIONS)

# The build process in the background goes too: what it keeps in memory is a cache as well.
clean: ## output/, liegen gebliebene Bauordner und cache/ löschen, den Bauprozess im Hintergrund beenden
	@if [ -x $(BIN)/showcase ]; then $(BIN)/showcase build-server stop; fi
	rm -rf $(OUTPUTDIR) $(OUTPUTDIR).new-* $(OUTPUTDIR).old-* cache

# Deploy: each target builds with `publish` first, so a failing build uploads nothing.
# Settings come from the environment or the command line (see docs/betrieb.md, "Deploy").
rsync_upload: publish ## bauen (publish) und per rsync über SSH hochladen (SSH_HOST, SSH_USER, SSH_TARGET_DIR)
	OUTPUT_DIR=$(OUTPUTDIR) scripts/rsync-upload

s3_upload: publish ## bauen (publish) und in einen S3-Bucket hochladen (S3_BUCKET, optional S3_ENDPOINT)
	OUTPUT_DIR=$(OUTPUTDIR) scripts/s3-upload

# Build-performance benchmark (bench/README.md); writes bench/results/. How long a run takes:
# bench/results/current.md. Quick run: make bench BENCH_ARGS=--quick
bench: $(STAMP) ## der Bau-Benchmark (bench/README.md; BENCH_ARGS=--quick für die kurze Fassung)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Lighthouse scores of a local publish build (scripts/audit says how); not part of the tests.
audit: $(STAMP) ## Lighthouse-Prüfung eines lokalen publish-Baus (Startseite, eine Region, eine Meldung)
	scripts/audit
