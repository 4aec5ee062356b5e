# Grid Manager — developer entry points.  Run `make help`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PLUGIN      := gridmanager
SYS_PYTHON  := /usr/bin/python3
VENV        := .venv
PY          := $(VENV)/bin/python
STAMP       := $(VENV)/.setup-done
BUILD       := build
# Isolated QGIS settings tree: the checkout is linked into its default profile.
QGIS_HOME   := $(abspath $(BUILD)/qgis)
PROFILE_PLUGINS := $(QGIS_HOME)/profiles/default/python/plugins
QGIS_PROCESS := /usr/bin/qgis_process.bin
VERSION     := $(shell sed -n 's/^version=//p' metadata.txt)
DEB_PACKAGES := qgis python3-qgis qgis-providers postgresql-15-postgis-3 postgresql-contrib \
	xvfb xauth qttools5-dev-tools pyqt5-dev-tools python3-venv python3-scipy python3-gdal \
	python3-psycopg2 python3-threadpoolctl python3-dev libgeos-dev libproj-dev libgdal-dev proj-bin fonts-noto-cjk zip make
export QT_QPA_PLATFORM ?= offscreen
export QGIS_CUSTOM_CONFIG_PATH := $(QGIS_HOME)
export XDG_RUNTIME_DIR ?= /tmp/runtime-$(shell id -u)

.PHONY: help setup demo test bench package transup transcompile lint link clean

help:
	@echo "make demo          install everything (first run) and partition the bundled sample into grids"
	@echo "make test          install everything (first run) and run the test suite"
	@echo "make setup         Debian packages (QGIS, PostGIS, Xvfb), venv, translations (idempotent)"
	@echo "make bench         run the benchmarks (installs the comparison tools)"
	@echo "make package       build dist/$(PLUGIN)-$(VERSION).zip"
	@echo "make transup       refresh i18n/*.ts from the sources"
	@echo "make transcompile  build i18n/*.qm"
	@echo "make lint          ruff format --check + ruff check (rules in pyproject.toml)"
	@echo "make casedb        local PostGIS case store with sample cases + QGIS connections (port 55432)"
	@echo "make casedb-stop   stop that local case store"

setup: $(STAMP) transcompile link

$(STAMP): requirements.txt constraints.txt build-constraints.txt
	@if ! dpkg -s $(DEB_PACKAGES) >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends $(DEB_PACKAGES); \
	fi
	$(SYS_PYTHON) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip<26"
	PIP_CONSTRAINT=$(CURDIR)/build-constraints.txt $(PY) -m pip install --quiet -c constraints.txt -r requirements.txt
	touch $(STAMP)

link:
	@mkdir -p $(PROFILE_PLUGINS)
	@ln -sfn $(CURDIR) $(PROFILE_PLUGINS)/$(PLUGIN)

transup:
	$(SYS_PYTHON) scripts/ts_update.py

transcompile:
	lrelease -silent i18n/*.ts

demo: setup
	$(PY) scripts/demo.py --qgis-process $(QGIS_PROCESS) --out demo_output

test: setup
	$(VENV)/bin/pytest

bench: setup
	$(PY) -m pip install --quiet -c constraints.txt -r requirements-bench.txt
	$(PY) bench/run_all.py

package: transcompile
	rm -rf $(BUILD)/package dist/$(PLUGIN)-$(VERSION).zip
	mkdir -p $(BUILD)/package/$(PLUGIN) dist
	git ls-files -z | grep -zv -E '^(tests|bench|scripts|docs|\.ci|\.github)/|^(Makefile|requirements.*\.txt|[a-z-]*constraints\.txt|pyproject\.toml|\.gitignore)$$' \
		| xargs -0 -I{} cp --parents {} $(BUILD)/package/$(PLUGIN)/
	cp i18n/*.qm $(BUILD)/package/$(PLUGIN)/i18n/
	cd $(BUILD)/package && zip -qr9 ../../dist/$(PLUGIN)-$(VERSION).zip $(PLUGIN)
	@echo "dist/$(PLUGIN)-$(VERSION).zip"

lint: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(BUILD) dist demo_output .pytest_cache

# Demo case store (issue #4): a persistent local cluster in build/casedb with sample cases and one
# login per workflow role; QGIS connections "Grid Manager demo (<role>)" in the isolated profile.
.PHONY: casedb casedb-stop
casedb: setup
	$(PY) scripts/casedb.py

casedb-stop:
	$(PY) scripts/casedb.py --stop
