"""Vector files: DxN float16 layout, sidecar checks, parquet copy, cosine top-n."""

import json

import numpy as np
import pytest

from iconseek.models.errors import ModelFileError
from iconseek.models.runtime import VectorIndex
from iconseek.models.vectors import ids_digest, read_arm_vectors, write_arm_vectors


def _unit(rows, dim, seed=0):
    m = np.random.default_rng(seed).normal(size=(rows, dim)).astype(np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_f16_file_is_transposed_float16_with_sidecar(tmp_path):
    matrix = _unit(5, 8)
    ids = [f"lib/icon{i}" for i in range(5)]
    meta = write_arm_vectors(tmp_path, "t2i", matrix, ids, model_sha256="abc")
    raw = np.fromfile(tmp_path / "t2i.f16", dtype="<f2")
    assert raw.size == 40
    np.testing.assert_allclose(raw.reshape(8, 5), matrix.T, atol=1e-3)
    assert meta == json.loads((tmp_path / "t2i.json").read_text())
    assert (meta["dim"], meta["count"], meta["dtype"], meta["layout"]) == (8, 5, "float16", "DxN")
    assert meta["ids_sha256"] == ids_digest(ids)
    loaded, _ = read_arm_vectors(tmp_path, "t2i")
    np.testing.assert_allclose(loaded, matrix.T, atol=1e-3)


def test_parquet_has_id_and_fixed_size_embedding(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow (build extra) not installed")
    matrix = _unit(3, 4)
    write_arm_vectors(tmp_path, "t2t", matrix, ["a", "b", "c"], model_sha256="x")
    table = pq.read_table(tmp_path / "t2t.parquet")
    assert table.column("id").to_pylist() == ["a", "b", "c"]
    assert str(table.schema.field("embedding").type) == "fixed_size_list<element: float>[4]"
    np.testing.assert_allclose(np.array(table.column("embedding").to_pylist()), matrix, rtol=1e-6)


def test_corrupt_vector_file_names_the_file(tmp_path):
    write_arm_vectors(tmp_path, "t2i", _unit(4, 4), list("abcd"), model_sha256="x", parquet=False)
    data = tmp_path / "t2i.f16"
    payload = bytearray(data.read_bytes())
    payload[0] ^= 0xFF
    data.write_bytes(bytes(payload))
    with pytest.raises(ModelFileError, match="t2i.f16.*sha256"):
        read_arm_vectors(tmp_path, "t2i")
    data.write_bytes(bytes(payload[:-2]))
    with pytest.raises(ModelFileError, match="t2i.f16.*size"):
        read_arm_vectors(tmp_path, "t2i")
    with pytest.raises(ModelFileError, match="t2t.json.*missing"):
        read_arm_vectors(tmp_path, "t2t")


def test_vector_index_top_is_exact_cosine_order(tmp_path):
    matrix = _unit(50, 16, seed=3)
    write_arm_vectors(tmp_path, "t2i", matrix, [str(i) for i in range(50)], model_sha256="x", parquet=False)
    index = VectorIndex(tmp_path, "t2i")
    query = matrix[7]
    top = index.top(query, 5)
    assert top[0][0] == 7 and top[0][1] == pytest.approx(1.0, abs=2e-3)
    expected = np.argsort(-(matrix @ query), kind="stable")[:5]
    assert [i for i, _ in top] == expected.tolist()
    assert [s for _, s in top] == sorted((s for _, s in top), reverse=True)
    assert len(index.top(query, 500)) == 50
    assert index.top(query, 0) == []


def test_vector_index_never_returns_missing_rows(tmp_path):
    matrix = _unit(6, 8, seed=5)
    write_arm_vectors(tmp_path, "t2t", matrix, list("abcdef"), model_sha256="x", parquet=False)
    meta_path = tmp_path / "t2t.json"
    meta = json.loads(meta_path.read_text())
    meta["missing_indices"] = [2, 4]
    meta_path.write_text(json.dumps(meta))
    top = VectorIndex(tmp_path, "t2t").top(matrix[2], 10)
    assert len(top) == 4 and {i for i, _ in top} == {0, 1, 3, 5}
