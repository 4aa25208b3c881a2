#!/usr/bin/env bash
# Idempotent project set-up on a fresh Debian machine with Python 3.11 and Node 20.
#   scripts/setup.sh            runtime + build tools (what the demo needs)
#   scripts/setup.sh --test     also the test tools (HF tokenizers, rank_bm25, ranx,
#                               pytest-playwright) and Debian's Chromium
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WITH_TEST=0
[[ "${1:-}" == "--test" ]] && WITH_TEST=1

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

PY=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  log "creating .venv with $($PY --version)"
  $PY -m venv .venv
fi
PIP=(.venv/bin/python -m pip install -q --disable-pip-version-check -c scripts/constraints.txt)

extras="build,train"
[[ $WITH_TEST == 1 ]] && extras="build,train,test"
stamp=".venv/.iconseek-$(sha256sum pyproject.toml scripts/constraints.txt | sha256sum | cut -c1-16)-$extras"
if [[ ! -f "$stamp" ]]; then
  log "installing Python packages ($extras)"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  # torch first, from the pinned CPU build, so nothing else pulls a CUDA build
  "${PIP[@]}" torch==2.13.0
  "${PIP[@]}" -e ".[${extras}]"
  touch "$stamp"
else
  log "Python packages up to date"
fi

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
else
  log "npm packages up to date"
fi

if [[ $WITH_TEST == 1 ]]; then
  if ! [[ -x /usr/lib/chromium/chromium || -x /usr/bin/chromium ]]; then
    log "installing Debian chromium"
    SUDO=""; [[ $(id -u) != 0 ]] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  fi
fi
log "done"
