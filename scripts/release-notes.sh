#!/usr/bin/env bash
# Print the CHANGELOG.md section of VERSION (Keep a Changelog format): the GitHub release's notes.
#   scripts/release-notes.sh VERSION        (PYTHON=... must have the keepachangelog package)
set -euo pipefail
version=${1:?usage: scripts/release-notes.sh VERSION}
python=${PYTHON:-python3}
cd "$(dirname "$0")/.."
if ! "$python" -c 'import keepachangelog' 2>/dev/null; then
  echo "release-notes: $python has no keepachangelog package; run make install (or set PYTHON)" >&2
  exit 1
fi
if ! "$python" -m keepachangelog show "$version" CHANGELOG.md 2>/dev/null; then
  echo "release-notes: CHANGELOG.md has no notes under '## [$version] - DATE'." >&2
  echo "  Before tagging v$version, move the '## [Unreleased]' changes there:" >&2
  echo "  $python -m keepachangelog release $version   (then commit, tag and push the tag)" >&2
  exit 1
fi
