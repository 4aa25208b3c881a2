"""Parquet vectors: column detection, id matching in both directions, bad files."""

import json

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from iconseek.byo.errors import DimensionMismatchError, VectorFileError
from iconseek.byo.vectors import align_to_catalog, convert_parquet, read_catalog_ids, read_parquet_vectors
from iconseek.models.vectors import read_arm_vectors

CATALOG = ["lucide/arrow-left", "lucide/house", "phosphor/house", "tabler/bike", "tabler/home"]


def write(path, columns):
    pq.write_table(pa.table(columns), path)
    return path


def fixed(rows, dim=None, value_type=pa.float32()):
    rows = np.asarray(rows, dtype=np.float64)
    return pa.FixedSizeListArray.from_arrays(pa.array(rows.reshape(-1), value_type), dim or rows.shape[1])


def test_qualified_ids_fixed_size_list_are_normalised_and_placed(tmp_path):
    path = write(tmp_path / "v.parquet", {"id": ["tabler/bike", "lucide/house"], "embedding": fixed([[3, 4], [0, 2]])})
    aligned = align_to_catalog(read_parquet_vectors(path), CATALOG)
    np.testing.assert_allclose(aligned.matrix[3], [0.6, 0.8], rtol=1e-6)
    np.testing.assert_allclose(aligned.matrix[1], [0.0, 1.0])
    assert aligned.present.tolist() == [False, True, False, True, False]
    assert aligned.missing_indices == [0, 2, 4]
    report = aligned.report
    assert (report.matched, report.missing, report.unmatched_rows) == (2, 3, 0)
    assert report.missing_examples == ["lucide/arrow-left", "phosphor/house", "tabler/home"]
    assert not aligned.matrix[0].any()  # zero vector for icons without one


def test_bare_names_with_library_column_and_unmatched_both_ways(tmp_path):
    path = write(
        tmp_path / "v.parquet",
        {
            "name": ["house", "house", "bike", "rocket"],
            "library": ["lucide", "phosphor", "tabler", "tabler"],
            "image_embeds": pa.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 2.0]], pa.list_(pa.float64())),
        },
    )
    vectors = read_parquet_vectors(path)
    assert (vectors.id_column, vectors.vector_column, vectors.library_column) == ("name", "image_embeds", "library")
    aligned = align_to_catalog(vectors, CATALOG)
    assert aligned.present.tolist() == [False, True, True, True, False]
    assert aligned.report.unmatched_rows == 1 and aligned.report.unmatched_examples == ["tabler/rocket"]
    assert aligned.report.missing == 2
    assert "3/5 catalogue icons matched" in aligned.report.summary()


def test_bare_names_without_library_match_only_when_unique(tmp_path):
    path = write(tmp_path / "v.parquet", {"id": ["house", "bike", "arrow-left"], "vector": fixed([[1, 0], [0, 1], [1, 1]])})
    aligned = align_to_catalog(read_parquet_vectors(path), CATALOG)
    # "house" exists in lucide and phosphor: reported ambiguous, never guessed.
    assert aligned.report.ambiguous_rows == 1 and aligned.report.ambiguous_examples == ["house"]
    assert aligned.present.tolist() == [True, False, False, True, False]


def test_iconify_prefix_ids_and_configured_column_names(tmp_path):
    path = write(tmp_path / "v.parquet", {"key": ["tabler:home", "lucide:house"], "clip": fixed([[1, 0], [0, 1]]), "other": fixed([[1, 0], [1, 0]])})
    with pytest.raises(VectorFileError, match="cannot tell which column"):
        read_parquet_vectors(path)
    vectors = read_parquet_vectors(path, id_column="key", vector_column="clip")
    aligned = align_to_catalog(vectors, CATALOG)
    assert aligned.present.tolist() == [False, True, False, False, True]


def test_single_float_list_column_is_auto_detected_and_large_list_read(tmp_path):
    path = write(tmp_path / "v.parquet", {"id": ["tabler/bike"], "clip_vec": pa.array([[0.0, 5.0]], pa.large_list(pa.float32()))})
    vectors = read_parquet_vectors(path)
    assert vectors.vector_column == "clip_vec" and vectors.matrix.tolist() == [[0.0, 1.0]]


def test_duplicate_rows_for_one_icon_are_an_error(tmp_path):
    path = write(tmp_path / "v.parquet", {"id": ["tabler/bike", "tabler:bike"], "embedding": fixed([[1, 0], [0, 1]])})
    with pytest.raises(VectorFileError, match="more than one vector row.*tabler/bike"):
        align_to_catalog(read_parquet_vectors(path), CATALOG)


def test_nothing_matches_is_an_error_that_shows_both_id_styles(tmp_path):
    path = write(tmp_path / "v.parquet", {"id": ["mdi/rocket"], "embedding": fixed([[1, 0]])})
    with pytest.raises(VectorFileError, match="no row matches") as err:
        align_to_catalog(read_parquet_vectors(path), CATALOG)
    assert err.value.path == str(path)


def test_zero_vectors_count_as_missing(tmp_path):
    path = write(tmp_path / "v.parquet", {"id": ["tabler/bike", "tabler/home"], "embedding": fixed([[0, 0], [1, 0]])})
    aligned = align_to_catalog(read_parquet_vectors(path), CATALOG)
    assert aligned.report.zero_rows == 1 and aligned.present.tolist() == [False, False, False, False, True]


@pytest.mark.parametrize(
    "columns, message",
    [
        ({"id": ["a/b"], "embedding": pa.array([None], pa.list_(pa.float32()))}, "null vectors"),
        ({"id": ["a/b", "a/c"], "embedding": pa.array([[1.0, 2.0], [1.0]], pa.list_(pa.float32()))}, "differ in length"),
        ({"id": ["a/b"], "embedding": pa.array([[1.0, float("nan")]], pa.list_(pa.float32()))}, "non-finite"),
        ({"id": ["a/b"], "embedding": pa.array([[1, 2]], pa.list_(pa.int64()))}, "expected a list of floats"),
        ({"ident": ["a/b"], "embedding": pa.array([[1.0]], pa.list_(pa.float32()))}, "no id column"),
        ({"id": pa.array([None], pa.string()), "embedding": pa.array([[1.0]], pa.list_(pa.float32()))}, "null ids"),
    ],
)
def test_bad_parquet_contents(tmp_path, columns, message):
    path = write(tmp_path / "bad.parquet", columns)
    with pytest.raises(VectorFileError, match=message) as err:
        read_parquet_vectors(path)
    assert err.value.path == str(path)


def test_missing_and_non_parquet_files(tmp_path):
    with pytest.raises(VectorFileError, match="does not exist"):
        read_parquet_vectors(tmp_path / "none.parquet")
    junk = tmp_path / "junk.parquet"
    junk.write_bytes(b"PAR1 but not really")
    with pytest.raises(VectorFileError, match="not a readable parquet"):
        read_parquet_vectors(junk)
    path = write(tmp_path / "v.parquet", {"id": ["a/b"], "embedding": fixed([[1, 0]])})
    with pytest.raises(VectorFileError, match="column 'emb' not found"):
        read_parquet_vectors(path, vector_column="emb")


def test_convert_writes_the_embed_format_readable_by_the_runtime(tmp_path):
    corpus = tmp_path / "cat" / "corpus.jsonl"
    corpus.parent.mkdir()
    corpus.write_text("".join(json.dumps({"_id": i, "title": i}) + "\n" for i in CATALOG))
    assert read_catalog_ids(corpus.parent) == CATALOG
    path = write(tmp_path / "v.parquet", {"id": ["tabler/bike", "lucide/house"], "embedding": fixed([[3, 4], [0, 2]])})
    convert_parquet(path, corpus.parent, tmp_path / "vectors", arm="t2i", encoder_dim=2, model_sha256="abc")
    matrix, meta = read_arm_vectors(tmp_path / "vectors", "t2i")  # the models helper's reader
    assert matrix.shape == (2, 5) and meta["model_sha256"] == "abc"
    np.testing.assert_allclose(matrix[:, 3], [0.6, 0.8], atol=1e-3)
    assert meta["missing_indices"] == [0, 2, 4] and meta["match"]["matched"] == 2
    from iconseek.models.vectors import ids_digest

    assert meta["ids_sha256"] == ids_digest(CATALOG)  # what the site and runtime check
    with pytest.raises(DimensionMismatchError, match="2 dimensions but the text encoder produces 768"):
        convert_parquet(path, corpus.parent, tmp_path / "v2", encoder_dim=768)
    assert not (tmp_path / "v2").exists()  # nothing half-written on error


@pytest.mark.parametrize("value_type", [pa.float16(), pa.float32(), pa.float64()])
def test_every_float_width_is_read(tmp_path, value_type):
    path = write(tmp_path / "v.parquet", {"id": ["a/b"], "embedding": pa.array([[3.0, 4.0]], pa.list_(value_type))})
    np.testing.assert_allclose(read_parquet_vectors(path).matrix, [[0.6, 0.8]], rtol=1e-3)
