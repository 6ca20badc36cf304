#!/usr/bin/env bash
# Installs the system packages ai-designer needs (FreeCAD headless, Redis, Python venv,
# bubblewrap and python3-seccomp for the sandbox, chromium for the web page's browser tests).
# Idempotent: does nothing when everything is already there. Needs root or sudo.
set -euo pipefail

need=()
command -v freecadcmd >/dev/null 2>&1 || need+=(freecad-python3)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need+=(python3-venv)
# The sandbox of the FreeCAD model process: bubblewrap (namespaces) and libseccomp's Python
# binding for FreeCAD's system Python (Debian's /usr/bin/python3).
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
/usr/bin/python3 -c 'import seccomp' >/dev/null 2>&1 || need+=(python3-seccomp)
# The web page's tests drive Debian's chromium with Playwright (no browser download).
command -v chromium >/dev/null 2>&1 || need+=(chromium)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Need root or sudo to install: ${need[*]}" >&2; exit 1
  fi
fi
echo "Installing system packages: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
