#!/usr/bin/env bash
# Set everything up, build what is missing (catalogue, icon vectors, site) and serve
# the search page on http://127.0.0.1:${PORT:-8000}/ .
set -euo pipefail
cd "$(dirname "$0")/.."
# Stopping the demo (Ctrl+C, or SIGTERM to this script) during the set-up stops the set-up
# quietly too: it runs in the background so that these traps can pass SIGTERM on at once.
scripts/setup.sh & setup=$!
trap 'kill -TERM "$setup" 2>/dev/null; wait "$setup" || true; exit 130' INT
trap 'kill -TERM "$setup" 2>/dev/null; wait "$setup" || true; exit 143' TERM
wait "$setup"
trap - INT TERM
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
exec .venv/bin/python build/pipeline.py --serve --port "${PORT:-8000}" "$@"
