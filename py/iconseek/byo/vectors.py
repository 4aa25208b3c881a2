"""Icon vectors from a user's parquet file, aligned to the catalogue's order.

A team that already embedded its icons (e.g. CLIP image embeddings) hands us a
parquet with an id column and a vector column. We match each row to a
catalogue id, L2-normalise, and write the same ``<arm>.f16`` + ``<arm>.json``
pair that ``iconseek embed`` writes (float16, transposed ``[D, N]``, rows in
corpus order — docs/CONTRACTS.md), so the CPython scorer and the browser
worker consume BYO vectors with no special path.

Matching (docs/BYO_MODEL.md):

* ``library/name`` ids match the catalogue's ``_id`` exactly; Iconify-style
  ``library:name`` is accepted too.
* bare ``name`` ids are qualified with a library column when there is one;
  without it a bare name matches only if exactly one library has that name
  (otherwise it is reported as ambiguous, never guessed).
* Catalogue icons with no vector get a **zero vector** (cosine 0 with every
  query) and are listed in the sidecar's ``missing_indices``; scorers drop
  them, so they are never retrieved by this arm (the lexical arm still finds
  them). Rows that match nothing are counted and reported, not fatal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Container, Iterable, Sequence

import numpy as np

from iconseek.byo.errors import DimensionMismatchError, VectorFileError
from iconseek.byo.pooling import l2_normalise
from iconseek.core.jsonl import JsonlError, iter_jsonl
from iconseek.hashing import file_sha256
from iconseek.models.vectors import write_arm_vectors

ID_COLUMN_CANDIDATES: tuple[str, ...] = ("id", "_id", "icon_id", "icon", "name", "key")
VECTOR_COLUMN_CANDIDATES: tuple[str, ...] = (
    "embedding",
    "embeddings",
    "image_embeds",
    "image_embedding",
    "image_embeddings",
    "vector",
    "vectors",
    "emb",
    "features",
)
LIBRARY_COLUMN_CANDIDATES: tuple[str, ...] = ("library", "lib", "icon_set", "prefix")
EXAMPLES = 10  # how many offending ids a report or error quotes


@dataclass
class ParquetVectors:
    """Rows of a parquet vector file: raw ids, optional libraries, unit vectors."""

    path: Path
    ids: list[str]
    libraries: list[str] | None
    matrix: np.ndarray  # [rows, dim] float32, L2-normalised (zero rows stay zero)
    id_column: str
    vector_column: str
    library_column: str | None
    zero_rows: int = 0

    @property
    def dim(self) -> int:
        return int(self.matrix.shape[1])


@dataclass
class MatchReport:
    """How parquet rows and catalogue icons met; counts in both directions."""

    catalog_count: int
    vector_rows: int
    matched: int
    missing: int  # catalogue icons without a usable vector
    unmatched_rows: int  # parquet rows whose id is not in the catalogue
    ambiguous_rows: int  # bare names present in several libraries, no library column
    zero_rows: int  # rows whose vector is all zeros (unusable, counted as missing)
    missing_examples: list[str] = field(default_factory=list)
    unmatched_examples: list[str] = field(default_factory=list)
    ambiguous_examples: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"vectors: {self.matched}/{self.catalog_count} catalogue icons matched "
            f"({self.missing} without a vector); {self.vector_rows} parquet rows, "
            f"{self.unmatched_rows} not in the catalogue, {self.ambiguous_rows} ambiguous, "
            f"{self.zero_rows} zero vectors",
        ]
        if self.missing_examples:
            lines.append("  e.g. missing: " + ", ".join(self.missing_examples))
        if self.unmatched_examples:
            lines.append("  e.g. unmatched: " + ", ".join(self.unmatched_examples))
        if self.ambiguous_examples:
            lines.append("  e.g. ambiguous: " + ", ".join(self.ambiguous_examples))
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class AlignedVectors:
    """Vectors in catalogue order; ``present[i]`` is False where icon i has none."""

    matrix: np.ndarray  # [N, dim] float32
    present: np.ndarray  # [N] bool
    report: MatchReport
    source: Path
    catalog_ids: list[str] = field(default_factory=list)

    @property
    def dim(self) -> int:
        return int(self.matrix.shape[1])

    @property
    def missing_indices(self) -> list[int]:
        return [int(i) for i in np.flatnonzero(~self.present)]


# -- reading --------------------------------------------------------------------


def _pick_column(names: Sequence[str], wanted: str | None, candidates: Iterable[str], what: str, path: Path) -> str | None:
    if wanted is not None:
        if wanted not in names:
            raise VectorFileError(path, f"{what} column {wanted!r} not found; columns are {list(names)}")
        return wanted
    return next((c for c in candidates if c in names), None)


def _is_float_list(arrow_type: Any) -> bool:
    import pyarrow as pa

    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type) or pa.types.is_fixed_size_list(arrow_type):
        return pa.types.is_floating(arrow_type.value_type)
    return False


def _vector_matrix(column: Any, ids: list[str], path: Path, name: str) -> np.ndarray:
    import pyarrow as pa
    import pyarrow.compute as pc

    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if array.null_count:
        bad = [ids[i] for i in np.flatnonzero(np.asarray(array.is_null()))[:EXAMPLES]]
        raise VectorFileError(path, f"column {name!r} has {array.null_count} null vectors, e.g. {bad}")
    if len(array) == 0:
        raise VectorFileError(path, "the parquet file has no rows")
    lengths = np.asarray(pc.list_value_length(array))
    dim = int(lengths[0])
    if dim == 0 or not (lengths == dim).all():
        odd = [ids[i] for i in np.flatnonzero(lengths != dim)[:EXAMPLES]]
        raise VectorFileError(path, f"vectors in {name!r} differ in length (first row has {dim}), e.g. {odd}")
    values = array.flatten()
    if values.null_count:
        raise VectorFileError(path, f"column {name!r} has null values inside vectors")
    matrix = np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.float32).reshape(len(array), dim)
    if not np.isfinite(matrix).all():
        bad_rows = np.flatnonzero(~np.isfinite(matrix).all(axis=1))
        raise VectorFileError(path, f"non-finite values (NaN/inf) in {len(bad_rows)} vectors, e.g. {[ids[i] for i in bad_rows[:EXAMPLES]]}")
    return matrix


def read_parquet_vectors(
    path: str | Path,
    *,
    id_column: str | None = None,
    vector_column: str | None = None,
    library_column: str | None = None,
) -> ParquetVectors:
    """Read ids and vectors; columns default to ``id``/``embedding`` (or common aliases)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    if not path.is_file():
        raise VectorFileError(path, "parquet file does not exist")
    try:
        schema = pq.read_schema(path)
    except (pa.ArrowException, OSError) as exc:
        raise VectorFileError(path, f"not a readable parquet file ({exc})") from exc
    names = list(schema.names)
    id_col = _pick_column(names, id_column, ID_COLUMN_CANDIDATES, "id", path)
    if id_col is None:
        raise VectorFileError(path, f"no id column; pass one (columns are {names}, defaults {list(ID_COLUMN_CANDIDATES)})")
    vec_col = _pick_column(names, vector_column, VECTOR_COLUMN_CANDIDATES, "vector", path)
    if vec_col is None:
        float_lists = [f.name for f in schema if _is_float_list(f.type)]
        if len(float_lists) != 1:
            raise VectorFileError(
                path, f"cannot tell which column holds the vectors (float list columns: {float_lists}); pass one"
            )
        vec_col = float_lists[0]
    if not _is_float_list(schema.field(vec_col).type):
        raise VectorFileError(path, f"column {vec_col!r} is {schema.field(vec_col).type}, expected a list of floats")
    lib_col = _pick_column(names, library_column, LIBRARY_COLUMN_CANDIDATES, "library", path)

    columns = [c for c in (id_col, vec_col, lib_col) if c is not None]
    try:
        table = pq.read_table(path, columns=columns)
    except (pa.ArrowException, OSError) as exc:
        raise VectorFileError(path, f"cannot read columns {columns} ({exc})") from exc
    raw_ids = table.column(id_col).to_pylist()
    if any(i is None for i in raw_ids):
        raise VectorFileError(path, f"id column {id_col!r} has null ids")
    ids = [str(i).strip() for i in raw_ids]
    libraries = None
    if lib_col is not None:
        libraries = ["" if v is None else str(v).strip() for v in table.column(lib_col).to_pylist()]
    raw = _vector_matrix(table.column(vec_col), ids, path, vec_col)
    zero_rows = int((np.linalg.norm(raw, axis=1) == 0).sum())
    return ParquetVectors(path, ids, libraries, l2_normalise(raw), id_col, vec_col, lib_col, zero_rows)


# -- matching -------------------------------------------------------------------


def read_catalog_ids(catalog: str | Path) -> list[str]:
    """Catalogue ids in corpus order from a catalogue dir or its corpus.jsonl."""
    path = Path(catalog)
    corpus = path / "corpus.jsonl" if path.is_dir() else path
    if not corpus.is_file():
        raise VectorFileError(corpus, "catalogue corpus.jsonl not found")
    ids = []
    with corpus.open(encoding="utf-8") as fh:
        for where, record in iter_jsonl(fh, str(corpus)):
            if not isinstance(record, dict) or "_id" not in record:
                raise JsonlError(where, "not a corpus record with _id")
            ids.append(record["_id"])
    return ids


def _resolve(
    raw_id: str, library: str | None, by_name: dict[str, list[str]], catalog_set: Container[str]
) -> tuple[str | None, bool]:
    """Map one parquet id to a catalogue id; returns (id or None, ambiguous?)."""
    key = raw_id
    if "/" not in key and ":" in key:
        key = key.replace(":", "/", 1)  # Iconify's prefix:name
    if "/" in key:
        return (key if key in catalog_set else None), False
    if library:
        qualified = f"{library}/{key}"
        return (qualified if qualified in catalog_set else None), False
    owners = by_name.get(key, [])
    if len(owners) == 1:
        return owners[0], False
    return None, len(owners) > 1


def align_to_catalog(vectors: ParquetVectors, catalog_ids: Sequence[str]) -> AlignedVectors:
    """Place parquet vectors at their catalogue rows; raise on duplicate matches."""
    index = {cid: i for i, cid in enumerate(catalog_ids)}
    by_name: dict[str, list[str]] = {}
    for cid in catalog_ids:
        by_name.setdefault(cid.split("/", 1)[-1], []).append(cid)

    matrix = np.zeros((len(catalog_ids), vectors.dim), dtype=np.float32)
    present = np.zeros(len(catalog_ids), dtype=bool)
    seen: Counter[str] = Counter()
    unmatched: list[str] = []
    ambiguous: list[str] = []
    for row, raw_id in enumerate(vectors.ids):
        library = vectors.libraries[row] if vectors.libraries is not None else None
        cid, is_ambiguous = _resolve(raw_id, library, by_name, index)
        if cid is None:
            (ambiguous if is_ambiguous else unmatched).append(raw_id if not library else f"{library}/{raw_id}")
            continue
        seen[cid] += 1
        if np.any(vectors.matrix[row]):
            matrix[index[cid]] = vectors.matrix[row]
            present[index[cid]] = True
    duplicates = [cid for cid, n in seen.items() if n > 1]
    if duplicates:
        raise VectorFileError(
            vectors.path, f"{len(duplicates)} catalogue icons have more than one vector row, e.g. {duplicates[:EXAMPLES]}"
        )
    missing_idx = np.flatnonzero(~present)
    report = MatchReport(
        catalog_count=len(catalog_ids),
        vector_rows=len(vectors.ids),
        matched=int(present.sum()),
        missing=int(len(missing_idx)),
        unmatched_rows=len(unmatched),
        ambiguous_rows=len(ambiguous),
        zero_rows=vectors.zero_rows,
        missing_examples=[catalog_ids[i] for i in missing_idx[:EXAMPLES]],
        unmatched_examples=unmatched[:EXAMPLES],
        ambiguous_examples=ambiguous[:EXAMPLES],
    )
    if report.matched == 0:
        raise VectorFileError(
            vectors.path,
            f"no row matches a catalogue id (e.g. {vectors.ids[:3]} vs {list(catalog_ids[:3])}); "
            "ids must be 'library/name', 'library:name', or bare names with a library column",
        )
    return AlignedVectors(matrix, present, report, vectors.path, list(catalog_ids))


# -- writing --------------------------------------------------------------------


def write_vectors_f16(
    aligned: AlignedVectors, out_dir: str | Path, arm: str = "t2i", *, model_sha256: str | None = None
) -> tuple[Path, Path]:
    """Write ``<arm>.f16`` (float16, transposed [D, N]) and its ``<arm>.json`` sidecar.

    The one vector writer (models/vectors.py), plus where the rows came from and
    which icons have no vector (``missing_indices``: scorers never return them).
    """
    extra = {
        "source": "byo-parquet",
        "parquet": aligned.source.name,
        "parquet_sha256": file_sha256(aligned.source),
        "match": {k: v for k, v in aligned.report.as_dict().items() if not k.endswith("_examples")},
        "missing_indices": aligned.missing_indices,
    }
    write_arm_vectors(out_dir, arm, aligned.matrix, aligned.catalog_ids, model_sha256, parquet=False, extra=extra)
    out = Path(out_dir)
    return out / f"{arm}.f16", out / f"{arm}.json"


def convert_parquet(
    parquet: str | Path,
    catalog: str | Path | Sequence[str],
    out_dir: str | Path,
    *,
    arm: str = "t2i",
    encoder_dim: int | None = None,
    model_sha256: str | None = None,
    id_column: str | None = None,
    vector_column: str | None = None,
    library_column: str | None = None,
) -> AlignedVectors:
    """parquet → ``out_dir/<arm>.f16`` + sidecar, checked against the encoder's size."""
    vectors = read_parquet_vectors(parquet, id_column=id_column, vector_column=vector_column, library_column=library_column)
    if encoder_dim is not None and encoder_dim != vectors.dim:
        raise DimensionMismatchError(
            vectors.path, f"vectors have {vectors.dim} dimensions but the text encoder produces {encoder_dim}"
        )
    ids = read_catalog_ids(catalog) if isinstance(catalog, (str, Path)) else list(catalog)
    aligned = align_to_catalog(vectors, ids)
    write_vectors_f16(aligned, out_dir, arm, model_sha256=model_sha256)
    return aligned
