# The two commands a new user needs:
#   make demo   install everything, then design a sample part
#   make test   install everything, then run every quality gate and the test suite
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
DEMO_PROMPT ?= a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners
DEMO_OUT ?= outputs/demo

.PHONY: demo test install system-deps venv lint typecheck security unit lock clean

demo: install
	$(BIN)/ai-designer doctor
	$(BIN)/ai-designer design "$(DEMO_PROMPT)" --out $(DEMO_OUT) --force

test: install lint typecheck security unit

install: system-deps venv

system-deps:
	@bash scripts/install-system-deps.sh

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

lint:
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/hadolint Dockerfile

typecheck:
	$(BIN)/mypy

security:
	$(BIN)/bandit -q -c pyproject.toml -r src
	$(BIN)/detect-secrets-hook --baseline .secrets.baseline $$(git ls-files | grep -v '^\.secrets\.baseline$$')

unit:
	$(BIN)/pytest -q

lock:
	uv pip compile pyproject.toml --extra dev --universal --python-version 3.10 --generate-hashes -q -o requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
