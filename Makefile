# Every install step of the project lives here. `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# Two workers: the suite is mostly database- and browser-bound and CI machines have two cores.
PYTEST_ARGS ?= -n 2

.PHONY: demo test test-sqlite test-postgres setup python-deps static system-deps lint typecheck benchmarks clean

demo: setup
	$(BIN)/zhaoshang demo

test: setup system-deps test-sqlite

test-sqlite:
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: setup system-deps
	ZHAOSHANG_DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_ARGS)

setup: python-deps static

python-deps: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static: node_modules/.installed
	npm run --silent build

# Browser tests and PDFs need Debian's chromium and CJK fonts; installed when missing and we are root.
# The bulletin: FandolFang/Hei/Kai from texlive-lang-chinese (about 40 s and 280 MB without recommends),
# pango for WeasyPrint, cairo for the charts' PNG, poppler-utils for the report test's pdftotext/pdftoppm.
FANDOL = /usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	slim=""; [ -f $(FANDOL) ] || slim="texlive-lang-chinese"; \
	[ -x /usr/bin/pdftoppm ] || missing="$$missing poppler-utils"; \
	ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ldconfig -p 2>/dev/null | grep -q "libcairo.so.2 " || missing="$$missing libcairo2"; \
	if [ -n "$$missing$$slim" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing:$$missing $$slim"; \
			apt-get update -qq || exit 1; \
			[ -z "$$missing" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
			[ -z "$$slim" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
				$$slim >/dev/null || exit 1; \
		else \
			echo "missing system packages:$$missing $$slim (run: sudo apt-get install$$missing $$slim)"; exit 1; \
		fi; \
	fi

lint: setup
	$(BIN)/ruff check zhaoshang benchmarks

# mypy with the Django plugin over the package; its settings are in pyproject.toml.
typecheck: python-deps
	$(BIN)/mypy

benchmarks: setup
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/score_extraction.py

clean:
	rm -rf $(VENV) node_modules zhaoshang/static/vendor zhaoshang-data
