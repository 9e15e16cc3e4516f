# Two commands matter: `make site` and `make test`. Everything they need is set up here.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site manual manual-pdf serve test validate lint bench chromium system-deps clean

# The venv is built from the lock only; pyproject.toml pins Python 3.11, so refuse anything else
# up front instead of failing halfway through pip.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || { \
	  $(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null || { \
	    echo "需要 Python 3.11（找到的是：$(or $(PYTHON),无)）。可用 make PYTHON=/path/to/python3.11 指定" >&2; \
	    exit 1; }; \
	  echo "$(PYTHON) -m venv $(VENV)"; \
	  $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/gongshi build
	@echo
	@echo "门户已生成到 site/。本地预览：make serve  （然后打开 http://127.0.0.1:8000/）"

# The staff build: the site with the HR manual (site_src/manual/), never the public site.
manual: $(STAMP)
	$(BIN)/gongshi manual

# The manual for offline reading and printing: site-manual/公示门户操作手册.pdf (Chromium prints it).
manual-pdf: $(STAMP)
	$(BIN)/gongshi manual --pdf

# Preview: data warnings are printed but never stop it (only errors do), as in `make site`.
serve: $(STAMP)
	$(BIN)/mkdocs serve --no-strict --dev-addr 127.0.0.1:8000

validate: $(STAMP)
	$(BIN)/gongshi validate data

# The browser tests drive Debian's Chromium, serve through Debian's nginx and read PDFs with
# poppler's pdftotext; openssl makes the HTTPS test's and the bench's certificates. Install
# whatever is missing (needs root, as on CI).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || missing="$$missing nginx"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v rsync >/dev/null || missing="$$missing rsync"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	fc-list 2>/dev/null | grep -qi 'wqy' || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then \
	  echo "安装系统依赖：$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

test: $(STAMP) system-deps
	$(BIN)/ruff check builder tests harness $(wildcard bench)
	$(BIN)/mypy
	$(BIN)/pytest -n 2 -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check builder tests harness $(wildcard bench)
	$(BIN)/mypy

# make bench SIZES=1000,10000 SEARCH_SIZES=1000,10000 (the search beside Pagefind; "" skips it)
SIZES ?= 1000,10000,50000
SEARCH_SIZES ?= 1000,10000,50000,200000
bench: $(STAMP) system-deps
	$(BIN)/python -m bench --sizes "$(SIZES)" --search-sizes "$(SEARCH_SIZES)"

clean:
	rm -rf site site-manual .venv
