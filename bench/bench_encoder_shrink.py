"""What shrinking the encoder's token-embedding table costs and saves (py/iconseek/site/encoder_shrink.py).

For the encoder as the site ships it before shrinking (float16 FFN weights,
encoder_slim.py) and after shrinking at each ``--steps`` value, in one run:
bytes of the graph and of the table (raw and zstd, what the site serves),
cosine to the float32 model on many phrases (the dev and describe queries
and sampled icon titles), and retrieval quality: ``iconseek eval`` on the
BEIR folders with a temporary model folder holding that graph.

    PYTHONPATH=py .venv/bin/python bench/bench_encoder_shrink.py            # steps 0.33 0.44
    PYTHONPATH=py .venv/bin/python bench/bench_encoder_shrink.py --steps 0.44 --splits holdout
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "py"))

MODEL = REPO / "models" / "minilm-l6-int8"
GRAPH = "onnx/model_quantized.onnx"
TABLE = "bert.embeddings.word_embeddings.weight_quantized"


def phrases(titles: int) -> list[str]:
    texts = [json.loads(line)["text"] for folder in ("dev", "describe")
             for line in (REPO / "bench" / folder / "queries.jsonl").read_text().splitlines() if line.strip()]
    corpus = REPO / "out" / "catalog" / "corpus.jsonl"
    if corpus.is_file():
        names = [json.loads(line)["title"] for line in corpus.read_text().splitlines() if line.strip()]
        texts += random.Random(0).sample(names, min(titles, len(names)))
    return texts


def sizes(graph: bytes) -> dict:
    import onnx
    import zstandard

    packer = zstandard.ZstdCompressor(level=19)
    table = next((t.raw_data for t in onnx.load_from_string(graph).graph.initializer if t.name == TABLE), b"")
    return {"graph_mb": len(graph) / 1e6, "graph_zstd_mb": len(packer.compress(graph)) / 1e6,
            "table_mb": len(table) / 1e6, "table_zstd_mb": len(packer.compress(table)) / 1e6}


def evaluate(graph: bytes, beir: str, split: str) -> dict:
    """MRR@10 and nDCG@10 of ``iconseek eval`` with a copy of the model folder holding ``graph``."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "model"
        shutil.copytree(MODEL, folder, ignore=shutil.ignore_patterns("*.onnx"))
        (folder / GRAPH).write_bytes(graph)
        out = subprocess.run([sys.executable, "-m", "iconseek", "eval", str(REPO / "bench" / beir), "--models",
                              str(folder), "--split", split, "--json"], cwd=REPO, capture_output=True, text=True,
                             env={"PYTHONPATH": str(REPO / "py"), "PATH": "/usr/bin:/bin"}, check=True)
    overall = json.loads(out.stdout)["overall"]
    return {"MRR@10": overall["MRR@10"], "nDCG@10": overall["nDCG@10"], "n": overall["n"]}


def measure(row: dict, graph: bytes, ids, spec: dict, reference, beirs, splits) -> dict:
    """``row`` with the graph's cosine to ``reference`` (mean, min) and its eval per BEIR folder and split."""
    import numpy as np

    from iconseek.site.encoder_shrink import embeddings

    cos = (np.stack(embeddings(graph, ids, spec)) * reference).sum(axis=1)
    row.update(cos_mean=round(float(cos.mean()), 5), cos_min=round(float(cos.min()), 5))
    for beir in beirs:
        for split in splits:
            quality = evaluate(graph, beir, split)
            row[f"{beir}/{split}"] = {k: round(v, 4) if isinstance(v, float) else v for k, v in quality.items()}
    return row


def main() -> None:
    import numpy as np

    from iconseek.core.tokenizers import load_tokenizer
    from iconseek.site.encoder_shrink import embeddings, shrink_tables
    from iconseek.site.encoder_slim import fp16_weights
    from iconseek.site.stages.encoder import encoder_config

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=float, nargs="+", default=[0.33, 0.44],
                        help="grid steps to try, in standard deviations of the table (default 0.33 0.44)")
    parser.add_argument("--titles", type=int, default=300, help="icon titles added to the phrases (default 300)")
    parser.add_argument("--beir", nargs="+", default=["dev", "describe"], help="bench/ folders to evaluate on")
    parser.add_argument("--splits", nargs="+", default=["test", "holdout"], help="qrels splits (default test holdout)")
    args = parser.parse_args()

    _, _, spec = encoder_config(MODEL)
    tokenizer = load_tokenizer(str(MODEL / "tokenizer.json"))
    texts = phrases(args.titles)
    ids = [list(tokenizer.encode(t).ids) for t in texts]
    reference = np.stack(embeddings((MODEL / "onnx" / "model.onnx").read_bytes(), ids, spec))
    slim = fp16_weights((MODEL / GRAPH).read_bytes())[0].SerializeToString()
    variants = [("original (float16 FFN)", slim)]
    for step in args.steps:
        model, names = shrink_tables(slim, step)
        variants.append((f"table grid {step} sd" + ("" if names else " (unchanged)"), model.SerializeToString()))
    print(f"{len(texts)} phrases; cosine to float32 MiniLM (onnx/model.onnx)")
    for label, graph in variants:
        row = {"variant": label, **{k: round(v, 3) for k, v in sizes(graph).items()}}
        print(json.dumps(measure(row, graph, ids, spec, reference, args.beir, args.splits)), flush=True)


if __name__ == "__main__":
    main()
