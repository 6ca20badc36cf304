#!/usr/bin/env bash
# The wheel as a user gets it: a new virtual environment holding the wheel's locked dependencies
# (requirements-runtime.lock, no development tools) and the wheel (nothing of this checkout),
# `pip check`, then, from an empty folder, `ai-designer --version`, `ai-designer doctor` and one
# design. With EXPECTED_VERSION (the tag without its v) the wheel's name and the version it prints
# must be exactly that.
#   scripts/check-wheel.sh WHEEL [EXPECTED_VERSION]        (PYTHON=... picks the interpreter)
set -euo pipefail
wheel=$(realpath "${1:?usage: scripts/check-wheel.sh WHEEL [EXPECTED_VERSION]}")
expected=${2:-}
lock="$(cd "$(dirname "$0")/.." && pwd)/requirements-runtime.lock"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset PYTHONPATH
named=$(basename "$wheel" | sed -E 's/^ai_designer-([^-]+)-.*/\1/')
if [ -n "$expected" ] && [ "$named" != "$expected" ]; then
  echo "check-wheel: expected version $expected (the tag), the wheel is $named" >&2
  exit 1
fi

"${PYTHON:-python3}" -m venv "$work/venv"
bin="$work/venv/bin"
"$bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r "$lock"
"$bin/python" -m pip install -q --disable-pip-version-check --no-deps "$wheel"
"$bin/python" -m pip check

cd "$work"
printed=$("$bin/ai-designer" --version)
echo "$printed"
if [ -n "$expected" ] && [ "$printed" != "ai-designer $expected" ]; then
  echo "check-wheel: expected 'ai-designer $expected' (the tag), the wheel says '$printed'" >&2
  exit 1
fi
export OUTPUT_DIR="$work/outputs"
"$bin/ai-designer" doctor
"$bin/ai-designer" design "a 20 mm cube with a 5 mm hole through the centre" --out "$work/cube" --format step
ls "$work/cube"
