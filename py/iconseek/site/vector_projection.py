"""Fewer dimensions for the shipped icon vectors: a per-arm orthonormal projection.

Each arm's ``[D, N]`` icon matrix ``V`` is replaced by ``Y = P^T V`` (``[d, N]``,
d < D) where ``P`` (``[D, d]``, orthonormal columns) spans the d directions that
hold most of the icons' squared length (principal axes of ``V V^T``, not
centred: scores are plain dot products, so the mean direction matters too),
followed by a seeded random rotation inside that subspace.

WHY it is free at query time: a query ``q`` scores ``q . (P P^T v) = (P^T q) . y``,
so the scoring graph multiplies the query by ``P`` once (``[1, D] x [D, d]``,
~0.1 M multiply-adds) and then scores ``[1, d] x [d, N]``: fewer bytes to
download, a smaller float32 matrix in the model worker, a shorter MatMul.
WHY the rotation: principal axes come in falling order of variance (the first
holds ~10x the last's), and per-icon 4-bit levels share one scale across all of
an icon's values; rotating spreads the variance evenly, so every level counts.

The reconstruction ``P Y`` is what CPython scores against (``reconstruct``), so
the e2e parity test and the benchmarks see exactly what the browser ranks with.
"""

from __future__ import annotations

ROTATION_SEED = 17  # fixed: the same vectors give the same site, byte for byte
DIMS_STEP = 32  # projected dimensions come in multiples of this (whole SIMD rows, even nibble rows)


def fit_projection(matrix, dims: int, seed: int = ROTATION_SEED, rotate: bool = True):
    """float32 ``[D, dims]`` with orthonormal columns for the ``[D, N]`` ``matrix``.

    ``rotate=False`` keeps the bare principal axes (for comparison only: the
    levels are then worse used). Raises ValueError for a dims outside 1..D or a
    matrix that is not 2-D and finite.
    """
    import numpy as np

    m = _checked(matrix)
    dim = m.shape[0]
    if not 1 <= dims <= dim:
        raise ValueError(f"projection dims must be between 1 and the vectors' {dim}, not {dims}")
    gram = m @ m.T  # [D, D]: D is a few hundred, so this is cheap at any N
    values, vectors = np.linalg.eigh(gram)
    order = np.argsort(values)[::-1][:dims]
    # eigh's sign per axis is arbitrary across platforms: fix it (largest entry positive)
    axes = vectors[:, order]
    axes *= np.where(axes[np.abs(axes).argmax(axis=0), range(dims)] < 0, -1.0, 1.0)
    if rotate:
        rotation, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((dims, dims)))
        axes = axes @ rotation
    return np.ascontiguousarray(axes, dtype=np.float32)


def dims_for_energy(matrix, energy: float, step: int = DIMS_STEP) -> int:
    """The fewest dimensions, a multiple of ``step`` (or D), whose principal axes hold at
    least ``energy`` (0 < energy <= 1) of the ``[D, N]`` matrix's total squared length.

    WHY a share and not a fixed count: it adapts to whatever vectors are shipped. Our
    picture arm lives in ~192 of its 384 dimensions, the meaning arm needs ~320.
    """
    import numpy as np

    if not 0 < energy <= 1:
        raise ValueError(f"vector energy must be in (0, 1], not {energy}")
    m = _checked(matrix)
    values = np.sort(np.clip(np.linalg.eigvalsh(m @ m.T), 0, None))[::-1]
    held = np.cumsum(values) / max(float(values.sum()), 1e-30)
    for dims in range(step, m.shape[0], step):
        if held[dims - 1] >= energy:
            return dims
    return m.shape[0]


def project(matrix, projection):
    """``P^T V``: the ``[D, N]`` icon matrix in the projection's d dimensions (float32 ``[d, N]``)."""
    import numpy as np

    m = _checked(matrix)
    p = np.asarray(projection, dtype=np.float32)
    if p.ndim != 2 or p.shape[0] != m.shape[0]:
        raise ValueError(f"projection shape {p.shape} does not fit vectors of {m.shape[0]} dimensions")
    return np.ascontiguousarray(p.T @ m)


def reconstruct(projected, projection):
    """``P Y``: projected ``[d, N]`` vectors back in the query's D dimensions (float32 ``[D, N]``)."""
    import numpy as np

    p = np.asarray(projection, dtype=np.float32)
    y = np.asarray(projected, dtype=np.float32)
    if p.ndim != 2 or y.ndim != 2 or p.shape[1] != y.shape[0]:
        raise ValueError(f"projection shape {p.shape} does not fit projected vectors of shape {y.shape}")
    return p @ y


def _checked(matrix):
    import numpy as np

    m = np.asarray(matrix, dtype=np.float32)
    if m.ndim != 2 or m.shape[0] < 1 or m.shape[1] < 1:
        raise ValueError(f"icon vectors must be a [D, N] matrix, got shape {m.shape}")
    if not np.isfinite(m).all():
        raise ValueError("icon vectors contain NaN or infinite values")
    return m
