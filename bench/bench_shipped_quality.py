"""Retrieval quality of what the site ships, before and after issue 17's size reductions, in one run.

    PYTHONPATH=py .venv/bin/python bench/bench_shipped_quality.py

The browser's numbers, recomputed by the CPython engine (bm25 + t2t + t2i, the
shipped default) over bench/dev and bench/describe, tune and holdout halves:

  * ``float16``: models/ as committed and the float16 icon vectors (out/vectors);
  * ``before``: the encoder and vectors the site shipped before issue 17: float16 FFN
    weights (encoder_slim.py) and 4-bit vectors over all 384 dimensions;
  * ``no-grid``: the token-embedding table on the coarser grid too (encoder_shrink.py) and
    each arm projected to the dimensions holding 99.5 % of its energy before the 4-bit
    levels (vector_projection.py, ``--vector-energy 0.995``): a build with ``--no-grid-encoder``;
  * ``shipped``: today's site build: ``no-grid`` with the float FFN weights on the 6-bit
    grid whose codes the site sends (encoder_grid.py).

``--configs`` picks some of them (default: all).

Each encoder is written into a temporary copy of the model folder; each set of vectors
is packed as the site packs it and decoded back (bench/bench_vector_shrink.py).
The issue's gate: dev holdout MRR@10 within 0.005 of ``before``; the FFN grid's own:
within 0.002 of ``no-grid``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "py"))
sys.path.insert(0, str(REPO / "bench"))

MODEL = REPO / "models" / "minilm-l6-int8"
GRAPH = "onnx/model_quantized.onnx"


def encoder_folder(tmp: Path, name: str, shrink: bool, grid: bool = False) -> Path:
    """A copy of the text tower's folder holding the graph the site ships (before or after the table
    grid, and the FFN weights' grid)."""
    from iconseek.site.encoder_grid import FLOAT_BITS
    from iconseek.site.stages.encoder import replay_lossy_steps

    graph = replay_lossy_steps((MODEL / GRAPH).read_bytes(), shrink=shrink, grid_bits=FLOAT_BITS if grid else None)[0]
    folder = tmp / name
    shutil.copytree(MODEL, folder, ignore=shutil.ignore_patterns("*.onnx"))
    (folder / GRAPH).write_bytes(graph)
    return folder


def vectors_folder(tmp: Path, name: str, scheme: str, source: Path) -> Path:
    """The vectors packed as the site packs them under ``scheme``, decoded back to float16 files."""
    from bench_vector_shrink import shrink, write_vectors

    from iconseek.models.vectors import read_arm_vectors

    arms = {arm: read_arm_vectors(source, arm)[0] for arm in ("t2i", "t2t")}
    _, _, decoded, _ = shrink(arms, scheme)
    write_vectors(tmp / name, source, decoded)
    return tmp / name


CONFIGS = ("float16", "before", "no-grid", "shipped")


def _config(tmp: Path, name: str, source: Path) -> tuple[str, str]:
    """(models folder, vectors folder) of configuration ``name``."""
    if name == "float16":
        return str(REPO / "models"), str(source)
    if name == "before":
        return (str(encoder_folder(tmp, "enc-before", shrink=False)),
                str(vectors_folder(tmp, "vec-before", "int4", source)))
    return (str(encoder_folder(tmp, f"enc-{name}", shrink=True, grid=name == "shipped")),
            str(vectors_folder(tmp, f"vec-{name}", "e0.995-int4", source)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", type=Path, default=REPO / "out" / "vectors")
    parser.add_argument("--catalog", default=str(REPO / "out" / "catalog"))
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--configs", nargs="+", choices=CONFIGS, default=list(CONFIGS),
                        help="which configurations to evaluate (default: all)")
    args = parser.parse_args()
    from bench_vector_shrink import quality

    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        for name in args.configs:
            print(f"evaluating {name}", file=sys.stderr, flush=True)
            models, vectors = _config(tmp, name, args.vectors)
            results[name] = quality(Path(vectors), args.catalog, models)
    print(f"{'configuration':<10} " + " ".join(f"{b}/{h:<8}" for b in ("dev", "describe") for h in ("tune", "holdout")))
    for name, figures in results.items():
        cells = [f"{figures[b][h][0]:.4f}/{figures[b][h][1]:.4f}" for b in ("dev", "describe") for h in ("tune", "holdout")]
        print(f"{name:<10} " + "  ".join(cells))
    print("(MRR@10/nDCG@10 per bench and half)")
    for base, allowed in (("before", 0.005), ("no-grid", 0.002)):
        if base in results and "shipped" in results:
            drop = results[base]["dev"]["holdout"][0] - results["shipped"]["dev"]["holdout"][0]
            print(f"dev holdout MRR@10: {base} {results[base]['dev']['holdout'][0]:.4f}, shipped "
                  f"{results['shipped']['dev']['holdout'][0]:.4f} (drop {drop:+.4f}; allowed {allowed})")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
