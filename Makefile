# Two commands for people: `make demo` and `make test`. Both create or reuse
# .venv and install the pinned lock, so a fresh machine needs only Python 3.11+,
# pip and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_OUT := demo-out

.PHONY: demo test setup lock bench clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q -r requirements.lock
	@$(PY) -m pip install -q --no-deps -e .
	@touch $(STAMP)

demo: $(STAMP)
	@mkdir -p $(DEMO_OUT)
	@$(VENV)/bin/histsift build examples/berlin-wall --db $(DEMO_OUT)/demo.db
	@$(VENV)/bin/histsift export --db $(DEMO_OUT)/demo.db --format json > $(DEMO_OUT)/export.json
	@$(VENV)/bin/histsift export --db $(DEMO_OUT)/demo.db --format csv --out $(DEMO_OUT)/csv 2>/dev/null
	@$(VENV)/bin/histsift timeline --db $(DEMO_OUT)/demo.db --format md > $(DEMO_OUT)/timeline.md
	@$(VENV)/bin/histsift timeline --db $(DEMO_OUT)/demo.db
	@echo "store:  $(DEMO_OUT)/demo.db"
	@echo "export: $(DEMO_OUT)/export.json, $(DEMO_OUT)/csv/, $(DEMO_OUT)/timeline.md"

test: $(STAMP)
	@$(PY) -m pytest -q

bench: $(STAMP)
	@$(PY) bench/build.py

# Regenerate the lock after changing dependencies in pyproject.toml.
lock: $(STAMP)
	@$(PY) -m pip install -q uv
	@$(VENV)/bin/uv pip compile pyproject.toml --extra test --extra ray --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(DEMO_OUT) .pytest_cache
