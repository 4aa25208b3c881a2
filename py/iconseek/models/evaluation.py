"""Held-out evaluation: does the image tower generalise to a library it never saw?

Train with ``--holdout LIB``, then rank only that library's icons (the "slice")
for a set of queries with three arms:

* ``t2i``    — the trained tower (its ONNX export, i.e. what ships) on the rasters;
* ``t2t``    — the INT8 text tower on each icon's metadata text (a strong baseline
               that *reads* the names and tags the tower never sees);
* ``random`` — the same architecture, untrained (the floor: what pixels alone give
               with no learning).

Query sets: the dev benchmark (``bench/dev``: queries.jsonl + qrels/test.tsv),
restricted to queries with a relevant icon in the slice; and a metadata set (one
tag per icon, relevant = the slice's icons carrying that tag). The metadata set
is biased toward ``t2t``: its queries are literally words from the text that arm
embeds. Figures from both are reported, labelled.
"""

from __future__ import annotations

import json
from pathlib import Path

from iconseek.bench import DEV_DIR
from iconseek.eval.beir import load_qrels, load_queries
from iconseek.eval.metrics import mean_metric, mrr_at_k, ndcg_at_k, recall_at_k

from .captions import metadata_text, phrase
from .runtime import OnnxImageEncoder, open_text_encoder
from .embedding import TEXT_BATCH
from .tower import WIDTHS

K = 10
DEFAULT_DEV = str(DEV_DIR)  # the checkout's bench/dev, whatever the working directory
METADATA_QUERY_LIMIT = 400


def dev_queries(dev_dir: str | Path, slice_ids: set[str]):
    """(queries {qid: text}, qrels {qid: {doc: grade}}) restricted to the slice."""
    dev_dir = Path(dev_dir)
    if not (dev_dir / "queries.jsonl").is_file() or not (dev_dir / "qrels" / "test.tsv").is_file():
        return None
    texts = {q.id: q.text for q in load_queries(str(dev_dir))}
    qrels = {}
    for qid, judged in load_qrels(str(dev_dir), "test").items():
        kept = {d: g for d, g in judged.items() if d in slice_ids and g > 0}
        if kept and qid in texts:
            qrels[qid] = kept
    return {q: texts[q] for q in qrels}, qrels


def metadata_queries(records: list[dict], seed: int, limit: int = METADATA_QUERY_LIMIT):
    """One tag per icon as a query (seeded), relevant = slice icons with that tag."""
    import numpy as np

    rng = np.random.default_rng(seed)
    by_tag: dict[str, set[str]] = {}
    for r in records:
        for tag in r.get("tags", ()):
            by_tag.setdefault(phrase(tag), set()).add(r["_id"])
    chosen: dict[str, str] = {}
    for r in records:
        tags = sorted({phrase(t) for t in r.get("tags", ()) if phrase(t)})
        if tags:
            tag = tags[int(rng.integers(len(tags)))]
            chosen.setdefault(tag, tag)
    texts = sorted(chosen)
    if len(texts) > limit:
        texts = sorted(rng.choice(texts, size=limit, replace=False).tolist())
    queries = {f"meta-{i}": t for i, t in enumerate(texts)}
    qrels = {qid: {d: 1 for d in by_tag[t]} for qid, t in queries.items()}
    return queries, qrels


def rank(query_vecs, doc_vecs, doc_ids: list[str], k: int = K) -> list[list[str]]:
    import numpy as np

    scores = query_vecs @ doc_vecs.T
    top = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return [[doc_ids[j] for j in row] for row in top]


def score_arms(queries: dict, qrels: dict, arm_vectors: dict, query_vecs, doc_ids: list[str]) -> dict:
    qids = list(queries)
    out = {"queries": len(qids)}
    for arm, doc_vecs in arm_vectors.items():
        run = dict(zip(qids, rank(query_vecs, doc_vecs, doc_ids)))
        out[arm] = {
            "mrr@10": round(mean_metric(mrr_at_k, run, qrels, K), 4),
            "ndcg@10": round(mean_metric(ndcg_at_k, run, qrels, K), 4),
            "recall@10": round(mean_metric(recall_at_k, run, qrels, K), 4),
        }
    return out


def random_tower_vectors(rasters, seed: int, widths):
    """Vectors from an untrained tower with the same architecture (needs torch)."""
    import numpy as np
    import torch

    from .tower import build_tower

    torch.manual_seed(seed)
    model = build_tower(widths=tuple(widths)).eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(rasters), 512):
            pixels = torch.from_numpy(np.asarray(rasters[start : start + 512], dtype=np.float32)[:, None] / 255.0)
            out.append(model(pixels).numpy())
    return np.concatenate(out)


def evaluate_holdout(catalog_dir, tower_dir, text_model_dir, library: str, queries_dir=None, seed: int = 0,
                     widths=None) -> dict:
    import numpy as np

    from .training import load_catalog

    records, rasters = load_catalog(catalog_dir)
    rows = [i for i, r in enumerate(records) if r.get("library") == library]
    if not rows:
        raise ValueError(f"no icons of library {library!r} in {catalog_dir}")
    slice_records = [records[i] for i in rows]
    slice_rasters = np.asarray(rasters[rows])
    doc_ids = [r["_id"] for r in slice_records]
    text = open_text_encoder(text_model_dir)
    arm_vectors = {
        "t2i": OnnxImageEncoder(tower_dir).encode(slice_rasters),
        "t2t": text.encode([metadata_text(r) for r in slice_records], batch_size=TEXT_BATCH),
        "random": random_tower_vectors(slice_rasters, seed, widths or WIDTHS),
    }
    report = {"library": library, "slice_icons": len(rows), "k": K, "query_sets": {}}
    sets = {}
    dev = dev_queries(queries_dir or DEFAULT_DEV, set(doc_ids))
    if dev is not None:
        sets["dev"] = dev
    else:
        report["dev_missing"] = f"no BEIR folder at {queries_dir or DEFAULT_DEV}"
    sets["metadata-tags"] = metadata_queries(slice_records, seed)
    for name, (queries, qrels) in sets.items():
        if not queries:
            continue
        qvecs = np.stack([text.encode_query(t) for t in queries.values()])
        report["query_sets"][name] = score_arms(queries, qrels, arm_vectors, qvecs, doc_ids)
    return report


def write_eval(report: dict, out_dir) -> Path:
    path = Path(out_dir) / f"holdout-{report['library']}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return path
