#!/usr/bin/env bash
# Set everything up, build what is missing (catalogue, icon vectors, site) and serve
# the search page on http://127.0.0.1:${PORT:-8000}/ .
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
exec .venv/bin/python build/pipeline.py --serve --port "${PORT:-8000}" "$@"
