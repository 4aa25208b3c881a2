"""Icon vector files: the browser's compact matrix and a parquet interchange copy.

Layout (docs/CONTRACTS.md, "Vectors"): ``<arm>.f16`` is raw little-endian float16
stored transposed, ``[D, N]``, so the browser scores a query with one
``[1, D] x [D, N]`` MatMul; ``<arm>.json`` says dim/count/dtype/layout and the
sha256 of the matrix file and of the model that produced it; ``<arm>.parquet``
has ``id`` (string) and ``embedding`` (fixed_size_list<float32>[D]) for other tools.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Sequence

from .errors import ModelFileError


def write_arm_vectors(out_dir: str | Path, arm: str, matrix, ids: Sequence[str], model_sha256: str, parquet: bool = True) -> dict:
    """Write ``matrix`` ([N, D] float, rows in corpus order) in all formats; returns the sidecar."""
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
        "ids_sha256": hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest(),
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


def read_arm_vectors(vectors_dir: str | Path, arm: str, verify: bool = True):
    """Load ``<arm>.f16`` as a float32 ``[D, N]`` array, checked against its sidecar."""
    import numpy as np

    base = Path(vectors_dir)
    meta_path, data_path = base / f"{arm}.json", base / f"{arm}.f16"
    for path in (meta_path, data_path):
        if not path.is_file():
            raise ModelFileError(path, "vector file missing (run `iconseek embed`)")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        dim, count = int(meta["dim"]), int(meta["count"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelFileError(meta_path, f"unreadable vector sidecar ({exc})") from None
    if meta.get("dtype") != "float16" or meta.get("layout") != "DxN":
        raise ModelFileError(meta_path, f"unsupported dtype/layout {meta.get('dtype')}/{meta.get('layout')}")
    raw = data_path.read_bytes()
    if len(raw) != dim * count * 2:
        raise ModelFileError(data_path, f"size {len(raw)} bytes, expected {dim}x{count} float16 = {dim * count * 2}")
    if verify and hashlib.sha256(raw).hexdigest() != meta.get("sha256"):
        raise ModelFileError(data_path, "sha256 does not match its sidecar (corrupt or stale)")
    return np.frombuffer(raw, dtype="<f2").reshape(dim, count).astype(np.float32), meta
