"""Icon vector schemes compared: bytes, memory, quality, scoring time.

    PYTHONPATH=py .venv/bin/python bench/bench_vector_shrink.py [--schemes fp16 int4 p192-int4 ...]

For each scheme the shipped vectors (out/vectors, both arms) are compressed the
way the site build would ship them (scoring_graph.pack_vectors, optionally after
vector_projection.fit_projection), then decoded back and scored by the shipped
CPython engine (bm25 + t2t + t2i, out/catalog, models/), so the quality is the
browser's. Reported per scheme:

  * raw / zstd MB: the vectors file (levels, scales, projections), zstd level 19;
  * f32 MB: the float32 matrices (and projections) the model worker holds;
  * MRR@10 / nDCG@10 on the tune and holdout halves of bench/dev and bench/describe;
  * score ms: onnxruntime (CPython) time of the scoring graph (both arms, projection,
    MatMul + TopK 100, 2 threads, no pre-packing, as in the browser), the lowest of
    5 medians of 40 random queries.

Scheme names: ``fp16`` (reference, unquantized); ``int<b>`` (b-bit per-icon levels,
the current shipped scheme is ``int4``); ``rot-int<b>`` (random rotation first);
``p<d>-int<b>`` (projection to d dimensions, rotated); ``pcab<d>-int<b>`` (bare
principal axes, not rotated); ``e<share>-int<b>`` (each arm projected to the fewest
dimensions holding that share of its squared length, as the site build does,
vector_projection.dims_for_energy). Choose on tune, report holdout (docs/DEPLOYMENT.md).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "py"))

DEFAULT_SCHEMES = ("fp16", "int4", "int3", "rot-int3", "rot-int4", "p320-int4", "p256-int4", "e0.999-int4",
                   "e0.998-int4", "e0.995-int4", "e0.99-int4")
BENCHES = ("dev", "describe")
HALVES = ("tune", "holdout")


def parse_scheme(name: str) -> tuple[str | None, int | None, bool]:
    """(dims: "192" or "e0.99" or None, bits or None for fp16, rotate)."""
    if name == "fp16":
        return None, None, False
    found = re.fullmatch(r"(?:(rot)-|(p|pcab)(\d+)-|(e0\.\d+)-)?int([234])", name)
    if not found:
        raise SystemExit(f"unknown scheme {name!r} (fp16, int4, rot-int3, p192-int4, pcab192-int4, e0.99-int4)")
    rot, kind, dims, energy, bits = found.groups()
    return energy or dims, int(bits), bool(rot or energy) or kind == "p"


def shrink(arms: dict, scheme: str, seed: int | None = None):
    """{arm: [D, N]} -> (stored blob bytes, float32 bytes held, {arm: decoded [D, N]}, graph inputs)."""
    import numpy as np

    from iconseek.site.scoring_graph import pack_vectors, quantize_columns, unpack_vectors
    from iconseek.site.stages.vectors import projected
    from iconseek.site.vector_projection import fit_projection, project

    dims, bits, rotate = parse_scheme(scheme)
    dim, count = next(iter(arms.values())).shape
    if bits is None:
        held = sum(m.size * 4 for m in arms.values())
        return b"".join(m.astype("<f2").tobytes() for m in arms.values()), held, arms, (arms, None)
    projections = None
    stored = arms
    if dims and dims.startswith("e"):  # exactly as the site build does
        stored, projections = projected(arms, float(dims[1:]), seed)
    elif dims or rotate:
        projections = {a: fit_projection(m, int(dims or dim), rotate=rotate, **({"seed": seed} if seed else {}))
                       for a, m in arms.items()}
        stored = {a: project(m, projections[a]) for a, m in arms.items()}
    blob, layout = pack_vectors(stored, bits, projections)
    decoded = unpack_vectors(blob, {"vectors": layout, "count": count, "dim": dim})
    levels = {a: (lambda q, s: q.astype(np.float32) * s)(*quantize_columns(m, bits)) for a, m in stored.items()}
    held = sum(m.size * 4 for m in stored.values()) + sum(p.size * 4 for p in (projections or {}).values())
    return blob, held, decoded, (levels, projections)


def write_vectors(out: Path, source: Path, decoded: dict) -> None:
    """<arm>.f16 + sidecar (the source's, with the new sha256) that the engine reads."""
    import hashlib

    out.mkdir(parents=True, exist_ok=True)
    for arm, matrix in decoded.items():
        payload = matrix.astype("<f2").tobytes()
        (out / f"{arm}.f16").write_bytes(payload)
        meta = json.loads((source / f"{arm}.json").read_text(encoding="utf-8"))
        meta["sha256"] = hashlib.sha256(payload).hexdigest()
        (out / f"{arm}.json").write_text(json.dumps(meta), encoding="utf-8")


def quality(vectors: Path, catalog: str, models: str) -> dict:
    """{bench: {half: (MRR@10, nDCG@10)}} for the shipped engine over ``vectors``."""
    from iconseek.commands.evaluate import evaluate
    from iconseek.engine_factory import build_engine
    from iconseek.eval.beir import load_qrels, load_queries

    engine = build_engine(catalog, ["bm25", "t2t", "t2i"], models, str(vectors))
    result = {}
    for bench in BENCHES:
        folder = str(REPO / "bench" / bench)
        queries = load_queries(folder)
        result[bench] = {}
        for half in HALVES:
            _, per_query, _ = evaluate(engine, queries, load_qrels(folder, half))
            n = len(per_query)
            result[bench][half] = tuple(sum(q[m] for q in per_query.values()) / n for m in ("MRR@10", "nDCG@10"))
    return result


def score_ms(graph_inputs, dim: int, count: int, rounds: int = 5, runs: int = 40) -> float:
    """ms of one scoring-graph run (both arms), 2 threads, no pre-packing: the lowest
    of ``rounds`` medians of ``runs`` runs (on a shared machine, the least disturbed round)."""
    import numpy as np
    import onnxruntime as ort

    from iconseek.site.scoring_graph import build_scoring_model

    matrices, projections = graph_inputs
    model = build_scoring_model(matrices, storage="fp16", projections=projections)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    options.add_session_config_entry("session.disable_prepacking", "1")
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    medians = []
    for _ in range(rounds):
        times = []
        for _ in range(runs):
            query = rng.standard_normal((1, dim)).astype(np.float32)
            feeds = {f"{arm}_query": query for arm in matrices}
            feeds |= {"bias": np.zeros((1, count), np.float32), "k": np.array([100], np.int64)}
            start = time.perf_counter()
            session.run(None, feeds)
            times.append((time.perf_counter() - start) * 1000)
        medians.append(statistics.median(times))
    return min(medians)


def main() -> int:
    import zstandard

    from iconseek.models.vectors import read_arm_vectors

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schemes", nargs="+", default=list(DEFAULT_SCHEMES))
    parser.add_argument("--vectors", type=Path, default=REPO / "out" / "vectors")
    parser.add_argument("--catalog", default=str(REPO / "out" / "catalog"))
    parser.add_argument("--models", default=str(REPO / "models"))
    parser.add_argument("--seeds", type=int, nargs="+", default=[None],
                        help="rotation seeds to repeat each rotated scheme with (the spread is the noise "
                             "of the quality figures; default: the build's seed only)")
    args = parser.parse_args()
    arms = {arm: read_arm_vectors(args.vectors, arm)[0] for arm in ("t2i", "t2t")}
    dim, count = next(iter(arms.values())).shape
    print(f"{len(arms)} arms x {count} icons x {dim} dims from {args.vectors}")
    header = f"{'scheme':14s} {'dims':>7s} {'raw MB':>7s} {'zstd MB':>7s} {'f32 MB':>7s} {'score ms':>8s}"
    header += "".join(f" {b[:3]}-{h[:4]} MRR/nDCG".rjust(22) for b in BENCHES for h in HALVES)
    print(header)
    for scheme, seed in ((s, seed) for s in args.schemes for seed in args.seeds):
        if seed is not None and not parse_scheme(scheme)[2]:
            continue  # nothing rotated: the seed changes nothing
        blob, held, decoded, graph_inputs = shrink(arms, scheme, seed)
        packed = zstandard.ZstdCompressor(level=19).compress(blob)
        with tempfile.TemporaryDirectory() as tmp:
            write_vectors(Path(tmp), args.vectors, decoded)
            found = quality(Path(tmp), args.catalog, args.models)
        stored = "/".join(str(graph_inputs[0][a].shape[0]) for a in sorted(arms))
        label = scheme if seed is None else f"{scheme}@{seed}"
        line = f"{label:14s} {stored:>7s} {len(blob) / 1e6:7.2f} {len(packed) / 1e6:7.2f} {held / 1e6:7.1f} "
        line += f"{score_ms(graph_inputs, dim, count):8.2f}"
        line += "".join(f"{found[b][h][0]:14.4f}/{found[b][h][1]:.4f}" for b in BENCHES for h in HALVES)
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
