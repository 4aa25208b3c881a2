#!/usr/bin/env bash
# Regenerate the hash-pinned Python locks that scripts/setup.sh installs from:
#   requirements/pip.lock.txt    pip itself (installed first, so one known pip installs the rest)
#   requirements/test.lock.txt   pyproject.toml's build + train + test extras, test.in  (scripts/test.sh)
#   requirements/demo.lock.txt   pyproject.toml's build extra, demo.in                  (scripts/demo.sh)
# for CPython 3.11 on Linux x86_64, with uv (pinned below, installed into a scratch venv).
#
#   scripts/lock.sh                        keep the current pins, add/drop what pyproject.toml changed
#   scripts/lock.sh --upgrade              move everything to the newest releases the extras allow
#   scripts/lock.sh --upgrade-package X    move one package
# (arguments go to `uv pip compile`). Each lock is then installed into a scratch venv with
# the locked pip, exactly as setup.sh does, which checks it and measures the installed size
# that setup.sh announces. Needs PyPI and, for torch's CPU build, the source named in
# ICONSEEK_TORCH_FIND_LINKS (default: pip's configured find-links, else PyTorch's CPU
# wheel page). The demo lock is resolved under the test lock as a constraint, so the two
# never pin different versions and a test venv is always a complete demo venv.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.9
PYTORCH_CPU_PAGE=https://download.pytorch.org/whl/cpu/torch/
PY=${PYTHON:-python3}

log() { printf '\033[1m[lock]\033[0m %s\n' "$*"; }

links=${ICONSEEK_TORCH_FIND_LINKS:-${PIP_FIND_LINKS:-$($PY -m pip config get global.find-links 2>/dev/null || true)}}
links=${links:-$PYTORCH_CPU_PAGE}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log "installing uv $UV_VERSION into a scratch venv"
$PY -m venv "$tmp/uv"
"$tmp/uv/bin/python" -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
# uv reads no pip.conf: it resolves against PyPI (or UV_DEFAULT_INDEX) plus $links for torch.
compile=("$tmp/uv/bin/uv" pip compile --quiet --generate-hashes --python-version 3.11
         --python-platform x86_64-manylinux_2_28 --custom-compile-command scripts/lock.sh)
find_links=()
for link in $links; do find_links+=(--find-links "$link"); done

log "resolving requirements/pip.lock.txt"
echo pip | "${compile[@]}" - --no-annotate -o requirements/pip.lock.txt "$@"
log "resolving requirements/test.lock.txt (torch from: $links)"
"${compile[@]}" pyproject.toml requirements/test.in --extra build --extra train --extra test \
  "${find_links[@]}" -o requirements/test.lock.txt "$@"
log "resolving requirements/demo.lock.txt"
"${compile[@]}" pyproject.toml requirements/demo.in --extra build \
  -c requirements/test.lock.txt -o requirements/demo.lock.txt "$@"

# Install a lock as setup.sh does; print "about SIZE" (the venv's size) for its header.
measure() {
  local venv="$tmp/venv-$1" mb
  $PY -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --require-hashes --no-deps \
    -r requirements/pip.lock.txt >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --require-hashes \
    "${find_links[@]}" -r "requirements/$1.lock.txt" >&2
  mb=$(du -sm "$venv" | cut -f1)
  if (( mb >= 1000 )); then
    printf 'about %s GB' "$(awk "BEGIN { printf \"%.1f\", $mb / 1024 }")"
  else
    printf 'about %s MB' "$(( (mb + 5) / 10 * 10 ))"
  fi
}
count() { grep -c '^[A-Za-z0-9]' "requirements/$1.lock.txt"; }

# Put a header above uv's own: what the lock is for, and the size setup.sh announces.
header() {
  local file=requirements/$1.lock.txt body
  body=$(cat "$file")
  { cat; printf '%s\n' "$body"; } > "$file"
}

log "installing requirements/demo.lock.txt into a scratch venv"
demo_size=$(measure demo)
header demo <<EOF
# requirements/demo.lock.txt: what scripts/demo.sh installs (scripts/setup.sh).
# pyproject.toml's \`build\` extra and requirements/demo.in, for CPython 3.11 on Linux
# x86_64 (manylinux_2_28), every file pinned by sha256 (pip --require-hashes).
# No torch, transformers or sentence-transformers: the demo pipeline never imports them.
# Its pins are the test lock's (resolved under it), so a test venv is a demo venv too.
# Regenerate with scripts/lock.sh (docs/DEPLOYMENT.md, "Set-up").
# installed: $demo_size, $(count demo) packages (a venv made from this lock, measured by scripts/lock.sh)
EOF
log "installing requirements/test.lock.txt into a scratch venv"
test_size=$(measure test)
header test <<EOF
# requirements/test.lock.txt: what scripts/test.sh installs (scripts/setup.sh --test).
# pyproject.toml's build, train and test extras and requirements/test.in, for CPython
# 3.11 on Linux x86_64 (manylinux_2_28), every file pinned by sha256 (pip --require-hashes).
# torch is PyTorch's CPU build 2.13.0+cpu: PyPI has no CPU build for Linux x86_64 (its
# torch 2.13.0 is the CUDA build, 527 MB plus several GB of nvidia-* wheels). The torch
# hash is that of the wheel found at $links when this lock was made.
# setup.sh takes torch from pip's configured find-links when they hold it, else from
# $PYTORCH_CPU_PAGE; pip refuses a file with any other hash, so where
# PyTorch's file differs from this one, run scripts/lock.sh there (docs/DEPLOYMENT.md, "Set-up").
# installed: $test_size, $(count test) packages (a venv made from this lock, measured by scripts/lock.sh)
EOF
header pip <<EOF
# requirements/pip.lock.txt: the pip that scripts/setup.sh installs first, so one known
# pip (hash-checked by the venv's bundled pip) installs the other locks.
# Regenerate with scripts/lock.sh.
EOF
log "done: requirements/{pip,demo,test}.lock.txt (demo venv $demo_size, test venv $test_size)"
