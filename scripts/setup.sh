#!/usr/bin/env bash
# Idempotent project set-up on a fresh Debian machine with Python 3.11 and Node 20.
#   scripts/setup.sh               what the demo runs: the `build` extra
#                                  (requirements/demo.lock.txt; no torch) and the npm packages
#   scripts/setup.sh --test        what the tests run: build + train (torch, CPU build) + test
#                                  extras (requirements/test.lock.txt), npm packages, Debian's Chromium
#   scripts/setup.sh --print-plan  say what would be installed, install nothing (with or without --test)
# Python packages come only from the hash-pinned locks in requirements/ (regenerate them
# with scripts/lock.sh), installed by the pip pinned in requirements/pip.lock.txt;
# iconseek itself is then installed editable, without dependencies or build isolation.
# A second run installs nothing: the stamp in .venv names the lock content it installed.
set -euo pipefail
cd "$(dirname "$0")/.."

WITH_TEST=0 PLAN=0
for arg in "$@"; do
  case $arg in
    --test) WITH_TEST=1 ;;
    --print-plan) PLAN=1 ;;
    *) echo "usage: scripts/setup.sh [--test] [--print-plan]" >&2; exit 2 ;;
  esac
done

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
# Every install goes through run, so --print-plan shows exactly the commands a fresh
# machine runs. Ctrl+C or SIGTERM stops the running install at once and quietly: it runs
# in the background (so the terminal's SIGINT does not reach it) and this shell's trap
# sends it SIGTERM, instead of pip printing a traceback or "Operation cancelled by user".
child=""
stop() {
  trap - INT TERM
  if [[ -n $child ]]; then kill -TERM "$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; fi
  exit "$1"
}
trap 'stop 130' INT
trap 'stop 143' TERM
run() {
  if [[ $PLAN == 1 ]]; then printf '  would run: %s\n' "$*"; return 0; fi
  local rc=0
  "$@" & child=$!
  wait "$child" || rc=$?
  child=""
  return "$rc"
}
run_quiet() { if [[ $PLAN == 1 ]]; then run "$@"; else run "$@" >/dev/null; fi; }

PY=${PYTHON:-python3}
VPY=.venv/bin/python
PIP_LOCK=requirements/pip.lock.txt
DEMO_LOCK=requirements/demo.lock.txt
TEST_LOCK=requirements/test.lock.txt
if [[ $WITH_TEST == 1 ]]; then LOCK=$TEST_LOCK EXTRAS=build,train,test; else LOCK=$DEMO_LOCK EXTRAS=build; fi
# torch's CPU build is not on PyPI: where pip's own configuration (find-links) does not
# offer the locked wheel, take it from PyTorch's CPU wheel page (hash-checked like the rest).
TORCH_FIND_LINKS=${ICONSEEK_TORCH_FIND_LINKS:-https://download.pytorch.org/whl/cpu/torch/}
PIP=("$VPY" -m pip install -q --disable-pip-version-check)
NPM=(npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

stamp_of() { echo ".venv/.iconseek-$(cat "$PIP_LOCK" "$1" pyproject.toml | sha256sum | cut -c1-16)"; }
stamp=$(stamp_of "$LOCK")
pins=$(sed -n 's/^\([A-Za-z0-9][^ ]*\) .*/\1/p' "$LOCK")
size=$(sed -n 's/^# installed: \(about [^,]*\),.*/\1/p' "$LOCK")  # written by scripts/lock.sh

if [[ $PLAN == 1 ]]; then
  log "what a fresh machine runs for scripts/$([[ $WITH_TEST == 1 ]] && echo test || echo demo).sh (nothing is installed):"
fi

if [[ $PLAN == 1 || ! -f "$stamp" ]]; then
  if [[ $PLAN == 1 || ! -x $VPY ]]; then log "creating .venv with $($PY --version)"; run "$PY" -m venv .venv; fi
  log "installing pip from $PIP_LOCK"
  run "${PIP[@]}" --require-hashes --no-deps -r "$PIP_LOCK"
  torch_source=()
  torch_pin=$(grep -o '^torch==[^ ]*' "$LOCK" || true)
  if [[ -n $torch_pin && $PLAN == 1 ]]; then
    echo "  ($torch_pin: from pip's configured find-links if they hold it, else --find-links $TORCH_FIND_LINKS)"
  elif [[ -n $torch_pin ]] && ! "${PIP[@]}" --dry-run --no-deps --no-index "$torch_pin" >/dev/null 2>&1; then
    torch_source=(--find-links "$TORCH_FIND_LINKS")
  fi
  # say what is downloaded before downloading it
  log "installing $(wc -l <<<"$pins") Python packages, $size once installed (extras $EXTRAS, $LOCK)" \
    ${torch_source:+"(torch from ${torch_source[1]})"}
  echo $pins | fold -s -w 96 | sed 's/^/    /'
  if [[ ${#torch_source[@]} -gt 0 ]]; then
    # torch alone first: pip reads a find-links page once per locked package otherwise
    torch_lock=$(mktemp)
    awk '/^torch==/ { p = 1 } p { print; if ($0 !~ /\\$/) exit }' "$LOCK" > "$torch_lock"
    run "${PIP[@]}" --require-hashes --no-deps "${torch_source[@]}" -r "$torch_lock"
    rm -f "$torch_lock"
  fi
  run "${PIP[@]}" --require-hashes -r "$LOCK"
  log "installing iconseek itself (editable)"
  run "${PIP[@]}" --no-deps --no-build-isolation -e .
  if [[ $PLAN == 0 ]]; then
    touch "$stamp"
    # the demo lock's pins are the test lock's, so a test venv is a complete demo venv
    if [[ $WITH_TEST == 1 ]]; then touch "$(stamp_of "$DEMO_LOCK")"; fi
  fi
else
  log "Python packages up to date ($LOCK)"
fi

# --ignore-scripts: we only read files from the npm packages, and no install script
# produces one (an install with them is byte-identical); @carbon/icons' postinstall
# would send telemetry to its vendor, protobufjs' only prints a version warning.
if [[ $PLAN == 1 || ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "installing npm packages (npm ci, no install scripts)"
  run "${NPM[@]}"
else
  log "npm packages up to date"
fi

if [[ $WITH_TEST == 1 ]]; then
  if [[ $PLAN == 1 ]] || ! [[ -x /usr/lib/chromium/chromium || -x /usr/bin/chromium ]]; then
    log "installing Debian chromium (when missing)"
    SUDO=""; [[ $(id -u) != 0 ]] && SUDO=sudo
    run $SUDO apt-get update -qq
    run_quiet $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
fi
log "done"
