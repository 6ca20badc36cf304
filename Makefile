# The two commands a new user needs:
#   make demo   install everything, then design a sample part
#   make test   install everything, then run every quality gate and the test suite
# While working on the code (CONTRIBUTING.md):
#   make test-unit          the tests that need no FreeCAD and no Redis (installs only the venv)
#   make test-integration   the tests that run real FreeCAD and Redis
#   make release-check      everything the release workflow does, except publishing
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
DEMO_PROMPT ?= a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners
DEMO_OUT ?= outputs/demo

# Tests marked `serial` watch every process of the machine: they run first, alone (exit 5: there
# are none). The rest run on pytest-xdist workers (`make test PYTEST_WORKERS=0`: one process).
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -q
PYTEST_PARALLEL := $(PYTEST) -n $(PYTEST_WORKERS) --dist loadgroup
# Shell text for the version of the wheel in dist/ (after `make dist`)
DIST_VERSION = $$(basename dist/*.whl | sed -E 's/^ai_designer-([^-]+)-.*/\1/')

.PHONY: demo test install system-deps venv lint typecheck security pytest test-unit test-integration \
	dist dist-check release-notes image release-check lock clean

demo: install
	$(BIN)/ai-designer doctor
	$(BIN)/ai-designer design "$(DEMO_PROMPT)" --out $(DEMO_OUT) --force

test: install lint typecheck security pytest

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
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

typecheck:
	$(BIN)/mypy

security:
	$(BIN)/bandit -q -c pyproject.toml -r src
	$(BIN)/detect-secrets-hook --baseline .secrets.baseline $$(git ls-files | grep -v '^\.secrets\.baseline$$')

pytest:
	$(PYTEST) -m serial || [ $$? -eq 5 ]
	$(PYTEST_PARALLEL) -m "not serial"

# `integration`: every test under tests/integration/ or marked freecad, redis or serial (tests/conftest.py).
test-unit: venv
	$(PYTEST_PARALLEL) -m "not integration"

test-integration: install
	$(PYTEST) -m "integration and serial" || [ $$? -eq 5 ]
	$(PYTEST_PARALLEL) -m "integration and not serial"

# The release workflow's steps (.github/workflows/release.yml) but publishing.
release-check: test dist-check release-notes image

dist: venv
	rm -rf dist
	$(PY) -m build --outdir dist .
	$(BIN)/twine check --strict dist/*

# VERSION (the tag without its v) makes the check insist the wheel says exactly that.
dist-check: dist
	PYTHON=$(PY) bash scripts/check-wheel.sh dist/*.whl $(VERSION)

release-notes: dist
	@version=$(DIST_VERSION); case "$$version" in \
	  *dev*|*+*) echo "release-notes: $$version is not a tagged release; tag it to check its CHANGELOG.md notes" ;; \
	  *) PYTHON=$(PY) bash scripts/release-notes.sh "$$version" ;; \
	esac

image: dist
	@version=$(DIST_VERSION); if docker info >/dev/null 2>&1; then \
	  docker build --build-arg AI_DESIGNER_VERSION="$$version" -t "ai-designer:$$version" . \
	  && test "$$(docker run --rm "ai-designer:$$version" --version)" = "ai-designer $$version" \
	  && echo "image: ai-designer:$$version built, and it says that version"; \
	else \
	  echo "image: SKIPPED, no Docker engine is reachable (docker info failed); the release workflow builds it"; \
	fi

# requirements.lock: everything, for the venv. requirements-runtime.lock: what the wheel needs, for
# the Docker image and the clean-venv check; compiled over a copy of the first so it pins the same versions.
UV_COMPILE := uv pip compile pyproject.toml --universal --python-version 3.10 --generate-hashes -q
lock:
	$(UV_COMPILE) --extra dev -o requirements.lock
	cp requirements.lock requirements-runtime.lock
	$(UV_COMPILE) -o requirements-runtime.lock

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache dist
