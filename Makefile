# The two commands of the README are `make serve` and `make test`; everything else is a step of those.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000
# Builds stamp dates (sitemap) from the last commit, not the clock: two builds give the same bytes.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: install system-deps serve build test check figures bench lint clean

# System packages a bare Debian lacks: Node.js for build-time KaTeX, Chromium for the browser test.
system-deps:
	@missing=""; \
	command -v node >/dev/null || missing="$$missing nodejs"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	$(PYTHON) -c 'import ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the pins change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade "pip>=24"
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

install: system-deps $(VENV)/.installed node_modules/.package-lock.json

serve: install
	$(BIN)/python -m mkdocs serve --strict -a $(HOST)

build: install
	$(BIN)/python -m mkdocs build --strict

test: install lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup

check: install
	$(BIN)/python -m derive check

figures: install
	$(BIN)/python -m figures.build

bench: install
	$(BIN)/python benchmarks/build_times.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf site .cache docs/assets/generated
