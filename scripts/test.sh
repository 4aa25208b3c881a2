#!/usr/bin/env bash
# Set up everything the tests need, then run the whole suite:
# unit, integration (CPython + onnxruntime + Node/Pyodide) and end-to-end (Chromium).
# Extra arguments go to pytest, e.g.  scripts/test.sh -m "not e2e"
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PYTHONHASHSEED=0 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
exec .venv/bin/python -m pytest "$@"
