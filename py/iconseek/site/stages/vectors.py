"""Stage: the icon vectors as the browser's scoring graph (and, for int4, the packed levels).

WHY at build time: the browser scores a query against every icon in one
onnxruntime call (scoring_graph.py); packing and quantizing here keeps the
download small and the browser's ranking the same as CPython's.
"""

from __future__ import annotations

from pathlib import Path

from ... import defaults
from ..manifest import ScorerSection
from .context import SiteBuild

# The scoring graph's inputs and outputs, and so its bytes, follow this order
# (alphabetical, unlike defaults.SEMANTIC_ARMS): keep it, or every site changes.
SITE_ARM_ORDER = tuple(sorted(defaults.SEMANTIC_ARMS))


def load_vectors(vectors_dir: Path, ids: list[str]):
    """{arm: (float16 [D, N], missing indices)} for every arm present; checks sidecars against the corpus.

    ``missing_indices`` (bring-your-own vectors) are icons without a vector: the
    scoring graph never returns them, as the CPython scorer drops them.
    """
    from ...models.vectors import read_arm_vectors

    arms = {}
    for arm in SITE_ARM_ORDER:
        raw, sidecar = vectors_dir / f"{arm}.f16", vectors_dir / f"{arm}.json"
        if not raw.is_file() or not sidecar.is_file():
            continue
        # The one vector reader: layout, size, sha256, corpus ids and missing_indices are checked there.
        matrix, info = read_arm_vectors(vectors_dir, arm, ids=ids, dtype="float16")
        arms[arm] = (matrix, [int(i) for i in info.get("missing_indices") or ()])
    return arms


def projected(matrices: dict, energy: float | None, seed: int | None = None) -> tuple[dict, dict | None]:
    """({arm: [d or D, N]}, {arm: [D, d]}): each arm projected to the fewest dimensions
    holding ``energy`` of its squared length (vector_projection.py); an arm that
    needs all its dimensions is left as it is. (matrices, None) without ``energy``.
    ``seed``: another rotation (the benchmark's noise check); the build keeps the default."""
    from ..vector_projection import ROTATION_SEED, dims_for_energy, fit_projection, project

    if energy is None:
        return matrices, None
    projections = {}
    for arm, matrix in matrices.items():
        dims = dims_for_energy(matrix, energy)
        if dims < matrix.shape[0]:
            projections[arm] = fit_projection(matrix, dims, seed=ROTATION_SEED if seed is None else seed)
    return {arm: project(m, projections[arm]) if arm in projections else m
            for arm, m in matrices.items()}, projections or None


def scoring(build: SiteBuild) -> None:
    """manifest "scorer" (arms, sizes, storage) and, with vectors, the scorer graph and packed vectors."""
    opts, inputs = build.opts, build.inputs
    sizes = {"count": inputs.count, "candidates": min(opts.candidates, inputs.count), "storage": opts.vector_storage,
             "bits": opts.vector_bits if opts.vector_storage in ("int8", "int4") else 16}
    if not inputs.semantic:
        build.scorer = ScorerSection(arms=[], dim=0, **sizes)
        return
    from ..scoring_graph import build_scoring_model, pack_vectors

    arms_vectors = inputs.arms_vectors
    matrices = {arm: v for arm, (v, _) in arms_vectors.items()}
    dim = int(next(iter(matrices.values())).shape[0])
    matrices, projections = projected(matrices, opts.vector_energy)
    model = build_scoring_model(matrices, storage=opts.vector_storage, bits=opts.vector_bits,
                                excluded={arm: missing for arm, (_, missing) in arms_vectors.items() if missing},
                                projections=projections)
    build.add_hashed("scorer", "scorer", ".onnx", model.SerializeToString())
    layout = None
    if opts.vector_storage == "int4":
        packed, layout = pack_vectors(matrices, opts.vector_bits, projections)
        build.add_hashed("vectors", "vectors-int4", ".bin", packed)
    build.scorer = ScorerSection(arms=list(arms_vectors), dim=dim,
                                 vectors=layout,
                                 missing={arm: len(missing) for arm, (_, missing) in arms_vectors.items()}, **sizes)
