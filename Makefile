# Two entry points: `make demo` and `make test`. Both create .venv on first use and install
# what they need into it; the demo needs the package only, the tests also their extras.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test test-fast bench browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# torch is pinned to 2.13.0: that CPU build is what the project's machines carry locally (a
# looser pin would pull a multi-GB CUDA build); the hf backend's tests run a tiny local model.
# lmms-eval goes in without its declared requirements: they pull torchvision (which does not import
# beside this torch build) and wandb; the exported-task test needs only what the test extra lists.
$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,hf]' 'torch==2.13.0'
	$(BIN)/pip install --quiet --no-deps 'lmms-eval==0.7.3'
	touch $@ $(RUN_STAMP)

demo: $(RUN_STAMP)
	$(BIN)/remi demo --out demo-out

test: $(TEST_STAMP) browser
	$(BIN)/python -m pytest -q

test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# Page tests drive Debian's Chromium (a browser download of its own cannot work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
		|| echo "warning: could not install chromium; page tests will be skipped (and fail on CI)"

bench: $(RUN_STAMP)
	$(BIN)/python benchmarks/generate.py --per-task 50 --workers 2 --json benchmarks/results/generate.json

clean:
	rm -rf $(VENV) demo-out
