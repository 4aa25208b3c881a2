"""Print the model figures recorded in docs/MODELS.md and the model cards.

    PYTHONPATH=py .venv/bin/python bench/bench_models.py [--catalog out/catalog] [--vectors out/vectors]

Sizes (raw and gzip), text-tower parity (fp32 ONNX vs sentence-transformers,
INT8 vs fp32 over tests/fixtures/models/icon_queries.txt, with our own
tokenizer), query latency on one onnxruntime thread, image-tower throughput,
and — when the dev benchmark (bench/dev) and t2t vectors exist — MRR@10
retention of INT8 vs fp32 query vectors on the t2t arm.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

TEXT = ROOT / "models" / "minilm-l6-int8"
TOWER = ROOT / "models" / "icon-tower"


def size_line(path: Path) -> str:
    raw = path.read_bytes()
    return f"{path.relative_to(ROOT)}: {len(raw) / 1e6:.2f} MB ({len(gzip.compress(raw, 6)) / 1e6:.2f} MB gzip)"


def text_figures(queries) -> dict:
    import numpy as np

    from iconseek.models.parity import cosine_rows, median_latency_ms, onnx_session, sentence_transformers_reference
    from iconseek.models.runtime import OnnxTextEncoder

    figures = {}
    int8 = OnnxTextEncoder(TEXT)
    token_ids = lambda text: int8.tokenizer.encode(text).ids  # noqa: E731 - our stdlib tokenizer
    int8_vecs = int8.encode(queries, batch_size=1)
    fp32_path = TEXT / "onnx" / "model.onnx"
    if fp32_path.is_file():
        fp32 = OnnxTextEncoder(TEXT, onnx_file="onnx/model.onnx")
        fp32_vecs = fp32.encode(queries, batch_size=1)
        cos = cosine_rows(int8_vecs, fp32_vecs)
        figures["int8_vs_fp32_cos_mean"] = float(cos.mean())
        figures["int8_vs_fp32_cos_min"] = float(cos.min())
        figures["worst_query"] = queries[int(np.argmin(cos))]
        try:
            ref = sentence_transformers_reference(queries)
            figures["fp32_vs_sentence_transformers_maxabs"] = float(np.abs(fp32_vecs - ref).max())
        except ImportError:
            figures["fp32_vs_sentence_transformers_maxabs"] = "sentence-transformers not installed"
        fp32_session = onnx_session(fp32_path)
        figures["latency_fp32_ms"] = median_latency_ms(fp32_session, token_ids, queries)
        figures["cpu_time_fp32_ms"] = median_latency_ms(fp32_session, token_ids, queries, clock=time.process_time)
    else:
        figures["note"] = "fp32 graph absent: run `iconseek export` for parity figures"
    figures["latency_int8_ms"] = median_latency_ms(int8.session, token_ids, queries)
    figures["cpu_time_int8_ms"] = median_latency_ms(int8.session, token_ids, queries, clock=time.process_time)
    return figures


def tower_figures(catalog: Path) -> dict:
    import numpy as np

    from iconseek.models.runtime import OnnxImageEncoder

    encoder = OnnxImageEncoder(TOWER, threads=1)
    if (catalog / "rasters.npy").is_file():
        rasters = np.load(catalog / "rasters.npy", mmap_mode="r")[:2048]
    else:
        rasters = np.random.default_rng(0).integers(0, 256, size=(2048, 64, 64), dtype=np.uint8)
    encoder.encode(rasters[:256])
    cpu_start = time.process_time()
    times = []
    for _ in range(3):
        start = time.perf_counter()
        vecs = encoder.encode(rasters)
        times.append(time.perf_counter() - start)
    per_s = len(rasters) / statistics.median(times)
    cpu_per_s = 3 * len(rasters) / (time.process_time() - cpu_start)
    return {"tower_icons_per_s_1thread": per_s, "tower_icons_per_cpu_s": cpu_per_s, "norm_max_dev": float(np.abs(np.linalg.norm(vecs, axis=1) - 1).max())}


def retention_figures(vectors: Path, dev: Path, catalog: Path) -> dict:
    """MRR@10 of the t2t arm with INT8 vs fp32 query vectors on the dev benchmark."""
    import numpy as np

    from iconseek.eval.beir import load_qrels, load_queries
    from iconseek.eval.metrics import mean_metric, mrr_at_k
    from iconseek.models.captions import read_corpus
    from iconseek.models.runtime import OnnxTextEncoder, VectorIndex

    if not (dev / "queries.jsonl").is_file() or not (vectors / "t2t.f16").is_file():
        return {"retention": f"needs {dev}/queries.jsonl and {vectors}/t2t.f16"}
    ids = [r["_id"] for r in read_corpus(catalog)]
    qrels = load_qrels(str(dev), "test")
    queries = [q for q in load_queries(str(dev)) if q.id in qrels]
    index = VectorIndex(vectors, "t2t")
    out = {"dev_queries": len(queries)}
    for label, onnx_file in (("int8", "onnx/model_quantized.onnx"), ("fp32", "onnx/model.onnx")):
        if not (TEXT / onnx_file).is_file():
            continue
        enc = OnnxTextEncoder(TEXT, onnx_file=onnx_file)
        qv = enc.encode([q.text for q in queries], batch_size=1)
        run = {q.id: [ids[i] for i, _ in index.top(v, 10)] for q, v in zip(queries, qv)}
        out[f"t2t_mrr@10_{label}"] = mean_metric(mrr_at_k, run, qrels, 10)
    if "t2t_mrr@10_fp32" in out:
        out["int8_retention"] = out["t2t_mrr@10_int8"] / out["t2t_mrr@10_fp32"]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--catalog", default=str(ROOT / "out" / "catalog"))
    ap.add_argument("--vectors", default=str(ROOT / "out" / "vectors"))
    ap.add_argument("--dev", default=str(ROOT / "bench" / "dev"))
    args = ap.parse_args()
    from iconseek.models.parity import load_queries

    queries = load_queries()
    print("== sizes")
    for path in [TEXT / "onnx" / "model_quantized.onnx", TEXT / "onnx" / "model.onnx", TOWER / "model.onnx"]:
        if path.is_file():
            print(size_line(path))
    print(f"== text tower ({len(queries)} icon queries, one at a time, 1 thread)")
    for key, value in text_figures(queries).items():
        print(f"{key}: {value:.6g}" if isinstance(value, float) else f"{key}: {value}")
    if (TOWER / "model.onnx").is_file():
        print("== image tower")
        for key, value in tower_figures(Path(args.catalog)).items():
            print(f"{key}: {value:.6g}")
    print("== INT8 ranking retention (dev benchmark, t2t arm)")
    for key, value in retention_figures(Path(args.vectors), Path(args.dev), Path(args.catalog)).items():
        print(f"{key}: {value:.4f}" if isinstance(value, float) else f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
