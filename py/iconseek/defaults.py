"""Where things live in a checkout, and the names every command agrees on.

WHY one module: the commands, the engine factory, the benchmark and the site
build all default to the same folders (``out/catalog``, ``out/vectors``,
``models``...). Spelled out in each of them, a moved folder meant a hunt
through a dozen files and a command that silently looked in the old place.

Paths are relative to the working directory, as the commands always took
them (run from the repository root; ``scripts/`` and ``build/pipeline.py`` do).
They are POSIX strings, so they serve as argparse defaults and in help texts
as they are; wrap them in ``Path`` where a path object is wanted.

Stdlib only and import-free: the query-time core must not depend on it, but
anything else may import it cheaply.
"""

from __future__ import annotations

# ---------------------------------------------------------------- build outputs
OUT_DIR = "out"
CATALOG_DIR = f"{OUT_DIR}/catalog"  # iconseek catalog build: corpus.jsonl, SVGs, LICENSES.md
VECTORS_DIR = f"{OUT_DIR}/vectors"  # iconseek embed: <arm>.f16 + <arm>.json
SITE_DIR = f"{OUT_DIR}/site"  # iconseek site build
BENCH_RESULTS = f"{OUT_DIR}/bench/results.json"  # iconseek bench --json

# ---------------------------------------------------------------- models
MODELS_DIR = "models"
TEXT_MODEL_DIRNAME = "minilm-l6-int8"  # the bundled text tower (frozen)
QUERY_MODEL_DIRNAME = "minilm-l6-query-int8"  # its query side, fine-tuned (iconseek tune-query)
IMAGE_MODEL_DIRNAME = "icon-tower"  # the icon (picture) tower (iconseek train)
TEXT_MODEL_DIR = f"{MODELS_DIR}/{TEXT_MODEL_DIRNAME}"
QUERY_MODEL_DIR = f"{MODELS_DIR}/{QUERY_MODEL_DIRNAME}"
IMAGE_MODEL_DIR = f"{MODELS_DIR}/{IMAGE_MODEL_DIRNAME}"

# ---------------------------------------------------------------- benchmark
BENCH_DIR = "bench"
DEV_BENCH_DIR = f"{BENCH_DIR}/dev"  # BEIR queries + qrels + split.json
TUNED_FILE = f"{BENCH_DIR}/tuned.json"  # iconseek bench --tune

# ---------------------------------------------------------------- arms
LEXICAL_ARM = "bm25"
# text -> text (name/tags embedded) and text -> image (icon tower). This order is
# the CLI's and the evaluation's; the site's scoring graph keeps its own
# (site/stages/vectors.py) because its file bytes depend on it.
SEMANTIC_ARMS = ("t2t", "t2i")
