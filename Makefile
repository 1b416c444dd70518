# Two entry points: `make run` (set up, ingest the bundled corpus, show it) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup setup-test system-deps run test test-fast clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# The tests also load a sentence-transformers model; torch goes first, as the CPU build 2.13.0. They also start a
# milvus-lite server for the Milvus backend's tests (the `milvus` extra).
setup-test: $(VENV)/.installed-st

$(VENV)/.installed-st: $(VENV)/.installed
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test,st,milvus]'
	touch $@

# Tesseract with its Vietnamese model reads scanned PDFs; DejaVu renders Vietnamese in test PDFs;
# Debian's Chromium runs the browser tests (Playwright drives it; no browser download).
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-vie fonts-dejavu-core chromium
system-deps:
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx vie \
	    && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	elif command -v sudo >/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	else echo "warning: cannot install $(SYSTEM_PACKAGES) (not root); OCR and browser tests will be skipped"; fi

run: setup system-deps
	$(BIN)/directives ingest corpus/
	$(BIN)/directives ask "Cơ quan nào chủ trì chuyển đổi số?"
	$(BIN)/directives app

test: setup-test system-deps
	$(BIN)/pytest -q

test-fast: setup-test
	$(BIN)/pytest -q -m "not slow"

clean:
	rm -rf $(VENV) build *.egg-info
