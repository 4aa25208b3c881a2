"""Icon vector files, the one place they are written, read and searched.

Layout (docs/CONTRACTS.md, "Vectors"): ``<arm>.f16`` is raw little-endian float16
stored transposed, ``[D, N]``, so the browser scores a query with one
``[1, D] x [D, N]`` MatMul; ``<arm>.json`` says dim/count/dtype/layout and the
sha256 of the matrix file, of the model that produced it and of the corpus ids
the rows follow; ``<arm>.parquet`` has ``id`` (string) and ``embedding``
(fixed_size_list<float32>[D]) for other tools.

``iconseek embed`` (models/embedding.py), bring-your-own parquet vectors
(byo/vectors.py), the CPython runtime, ``iconseek similar`` and the site build
all go through :func:`write_arm_vectors` / :func:`read_arm_vectors`, so every
vector file is checked the same way wherever it is used.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Sequence

from .errors import ModelFileError

RERUN = "re-run `iconseek embed`"


def ids_digest(ids: Sequence[str]) -> str:
    """sha256 of the newline-joined ids: ties a vector file to one corpus order."""
    return hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest()


def write_arm_vectors(
    out_dir: str | Path,
    arm: str,
    matrix,
    ids: Sequence[str],
    model_sha256: str | None,
    parquet: bool = True,
    extra: dict | None = None,
) -> dict:
    """Write ``matrix`` ([N, D] float, rows in corpus order) in all formats; returns the sidecar.

    ``extra`` adds fields after the contract's own (bring-your-own vectors record
    where they came from and which icons have none: ``missing_indices``).
    """
    import numpy as np

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim != 2 or matrix.shape[0] != len(ids):
        raise ValueError(f"{arm}: matrix shape {matrix.shape} does not match {len(ids)} ids")
    payload = np.ascontiguousarray(matrix.T.astype("<f2")).tobytes()
    (out / f"{arm}.f16").write_bytes(payload)
    sidecar = {
        "dim": int(matrix.shape[1]),
        "count": int(matrix.shape[0]),
        "dtype": "float16",
        "layout": "DxN",
        "sha256": hashlib.sha256(payload).hexdigest(),
        "model_sha256": model_sha256,
        # Extra field (not required by the contract): ties rows to one corpus order.
        "ids_sha256": ids_digest(ids),
        **(extra or {}),
    }
    (out / f"{arm}.json").write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")
    if parquet:
        write_parquet(out / f"{arm}.parquet", matrix, ids)
    return sidecar


def write_parquet(path: Path, matrix, ids: Sequence[str]) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    dim = matrix.shape[1]
    flat = pa.array(np.asarray(matrix, dtype=np.float32).reshape(-1), type=pa.float32())
    embedding = pa.FixedSizeListArray.from_arrays(flat, dim)
    table = pa.table({"id": pa.array(list(ids), type=pa.string()), "embedding": embedding})
    pq.write_table(table, str(path))


def read_arm_vectors(
    vectors_dir: str | Path,
    arm: str,
    verify: bool = True,
    ids: Sequence[str] | None = None,
    dtype: str = "float32",
):
    """Load ``<arm>.f16`` as a ``[D, N]`` array (``dtype``), checked against its sidecar.

    With ``ids`` (the catalogue's, in corpus order) the file must have one row per
    id and, when the sidecar records it, the same ids hash. ``missing_indices``
    (icons without a vector) must lie inside the matrix. Every problem raises
    :class:`ModelFileError` naming the file.
    """
    import numpy as np

    base = Path(vectors_dir)
    meta_path, data_path = base / f"{arm}.json", base / f"{arm}.f16"
    for path in (meta_path, data_path):
        if not path.is_file():
            raise ModelFileError(path, "vector file missing (run `iconseek embed`)")
    meta, dim, count = _read_sidecar(meta_path)
    raw = data_path.read_bytes()
    if len(raw) != dim * count * 2:
        raise ModelFileError(data_path, f"size {len(raw)} bytes, expected {dim}x{count} float16 = {dim * count * 2}")
    if verify and hashlib.sha256(raw).hexdigest() != meta.get("sha256"):
        raise ModelFileError(data_path, "sha256 does not match its sidecar (corrupt or stale)")
    if ids is not None:
        _check_ids(meta_path, meta, count, ids)
    if any(not 0 <= int(i) < count for i in meta.get("missing_indices") or ()):
        raise ModelFileError(meta_path, f"missing_indices outside 0..{count - 1}")
    return np.frombuffer(raw, dtype="<f2").reshape(dim, count).astype(dtype), meta


def _read_sidecar(meta_path: Path) -> tuple[dict, int, int]:
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        dim, count = int(meta["dim"]), int(meta["count"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelFileError(meta_path, f"unreadable vector sidecar ({exc})") from None
    if meta.get("dtype") != "float16" or meta.get("layout") != "DxN":
        raise ModelFileError(meta_path, f"unsupported dtype/layout {meta.get('dtype')}/{meta.get('layout')}")
    return meta, dim, count


def _check_ids(meta_path: Path, meta: dict, count: int, ids: Sequence[str]) -> None:
    if count != len(ids):
        raise ModelFileError(meta_path, f"{count} vectors but the catalogue has {len(ids)} icons; {RERUN}")
    expected = meta.get("ids_sha256")
    if expected and expected != ids_digest(ids):
        raise ModelFileError(meta_path, f"vectors were computed for a different catalogue; {RERUN}")


def top_n(scores, n: int, excluded=None) -> list[tuple[int, float]]:
    """``[(index, score)]`` of the ``n`` best scores, best first, lower index first on ties.

    ``excluded`` indices (icons without a vector) are never returned. CPython and
    the browser break ties the same way, so equal scores rank identically.
    """
    import numpy as np

    excluded = np.asarray(excluded if excluded is not None else (), dtype=np.int64)
    if excluded.size:
        scores = np.array(scores, copy=True)
        scores[excluded] = -np.inf
    n = max(0, min(n, scores.shape[0] - excluded.size))
    if n == 0:
        return []
    best = np.argpartition(-scores, n - 1)[:n] if n < scores.shape[0] else np.arange(scores.shape[0])
    best = best[np.lexsort((best, -scores[best]))]  # score desc, index asc on ties
    return [(int(i), float(scores[i])) for i in best]
