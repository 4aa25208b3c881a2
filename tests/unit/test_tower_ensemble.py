"""Merging image towers: the merged graph is the normalised mean of its members."""

import json

import numpy as np
import pytest

onnx = pytest.importorskip("onnx", reason="build extra (onnx) not installed")
ort = pytest.importorskip("onnxruntime", reason="build extra (onnxruntime) not installed")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from iconseek.models.tower_ensemble import EnsembleError, merge_towers  # noqa: E402

SIZE, DIM = 4, 6


def _tiny_tower(folder, weights, seed, **overrides):
    """A stand-in tower with the real contract: pixels [B,1,S,S] -> unit embeddings [B,D]."""
    folder.mkdir(parents=True)
    nodes = [
        helper.make_node("Flatten", ["pixels"], ["flat"], axis=1),
        helper.make_node("MatMul", ["flat", "w"], ["raw"]),
        helper.make_node("LpNormalization", ["raw"], ["embeddings"], axis=1, p=2),
    ]
    graph = helper.make_graph(
        nodes, "tiny",
        [helper.make_tensor_value_info("pixels", TensorProto.FLOAT, ["batch", 1, SIZE, SIZE])],
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", DIM])],
        initializer=[numpy_helper.from_array(weights.astype(np.float32), "w")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(folder / "model.onnx"))
    config = {
        "architecture": "iconseek-cnn", "widths": [2], "embed_dim": DIM, "raster_size": SIZE,
        "input": {"name": "pixels"}, "output": {"name": "embeddings"},
        "text_model": "models/minilm-l6-int8", "text_model_fp32_sha256": "ab" * 32,
        "model_sha256": f"{seed:064d}",
        "train": {"seed": seed, "holdout": None, "lr": 0.002, "weight_decay": 0.05, "batch_size": 8, "threads": 1},
        "result": {"steps": 10, "epochs": 1.0, "seconds": 60.0, "parameters": weights.size, "final_loss": 1.0 + seed,
                   "final_temperature": 0.02, "images_per_second": 100.0, "train_icons": 5, "unique_captions": 5,
                   "groups": 5},
        "command": f"iconseek train --seed {seed}",
    }
    config.update(overrides)
    (folder / "config.json").write_text(json.dumps(config))
    return folder


def _run(path, pixels):
    return ort.InferenceSession(str(path)).run(["embeddings"], {"pixels": pixels})[0]


def test_merged_graph_is_the_normalised_mean_of_the_members(tmp_path):
    rng = np.random.default_rng(0)
    members = [_tiny_tower(tmp_path / f"m{i}", rng.normal(size=(SIZE * SIZE, DIM)), seed=i) for i in range(3)]
    out = merge_towers(members, tmp_path / "ensemble", command="iconseek merge-towers m0 m1 m2")
    pixels = rng.random((5, 1, SIZE, SIZE), dtype=np.float32)
    mean = sum(_run(m / "model.onnx", pixels) for m in members) / 3
    expected = mean / np.linalg.norm(mean, axis=1, keepdims=True)
    np.testing.assert_allclose(_run(out, pixels), expected, atol=1e-6)
    config = json.loads((tmp_path / "ensemble" / "config.json").read_text())
    assert [m["seed"] for m in config["ensemble"]] == [0, 1, 2]
    assert config["result"]["parameters"] == 3 * SIZE * SIZE * DIM
    assert config["result"]["final_loss"] == 2.0
    assert not list((tmp_path / "ensemble").glob("*.partial"))


def test_members_of_different_text_towers_or_icons_are_refused(tmp_path):
    rng = np.random.default_rng(1)
    a = _tiny_tower(tmp_path / "a", rng.normal(size=(SIZE * SIZE, DIM)), seed=0)
    b = _tiny_tower(tmp_path / "b", rng.normal(size=(SIZE * SIZE, DIM)), seed=1, text_model_fp32_sha256="cd" * 32)
    c = _tiny_tower(tmp_path / "c", rng.normal(size=(SIZE * SIZE, DIM)), seed=2,
                    train={"seed": 2, "holdout": "lucide", "lr": 0.002})
    with pytest.raises(EnsembleError, match="text_model_fp32_sha256"):
        merge_towers([a, b], tmp_path / "out")
    with pytest.raises(EnsembleError, match="holdout"):
        merge_towers([a, c], tmp_path / "out")
    with pytest.raises(EnsembleError, match="at least two"):
        merge_towers([a], tmp_path / "out")
    assert not (tmp_path / "out" / "model.onnx").exists()


def test_missing_member_file_is_named_and_existing_output_kept(tmp_path):
    rng = np.random.default_rng(2)
    a = _tiny_tower(tmp_path / "a", rng.normal(size=(SIZE * SIZE, DIM)), seed=0)
    (tmp_path / "empty").mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "model.onnx").write_bytes(b"previous")
    with pytest.raises(EnsembleError, match="empty/config.json"):
        merge_towers([a, tmp_path / "empty"], out)
    assert (out / "model.onnx").read_bytes() == b"previous"


def test_an_ensemble_is_not_merged_again(tmp_path):
    rng = np.random.default_rng(3)
    members = [_tiny_tower(tmp_path / f"m{i}", rng.normal(size=(SIZE * SIZE, DIM)), seed=i) for i in range(2)]
    merge_towers(members, tmp_path / "ens")
    with pytest.raises(EnsembleError, match="already an ensemble"):
        merge_towers([tmp_path / "ens", members[0]], tmp_path / "out")


def test_card_lists_the_members(tmp_path):
    from iconseek.models.cards import write_tower_card

    rng = np.random.default_rng(4)
    members = [_tiny_tower(tmp_path / f"m{i}", rng.normal(size=(SIZE * SIZE, DIM)), seed=i) for i in range(2)]
    merge_towers(members, tmp_path / "ens", command="iconseek merge-towers m0 m1")
    card = write_tower_card(tmp_path / "ens").read_text()
    assert "ensemble of 2 such towers" in card
    assert "`iconseek train --seed 1`" in card
    assert "seeds 0, 1." in card


def test_a_folder_that_is_not_a_tower_is_not_overwritten(tmp_path):
    rng = np.random.default_rng(5)
    members = [_tiny_tower(tmp_path / f"m{i}", rng.normal(size=(SIZE * SIZE, DIM)), seed=i) for i in range(2)]
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "model.onnx").write_bytes(b"someone else's model")
    with pytest.raises(EnsembleError, match="not an iconseek image tower"):
        merge_towers(members, foreign)
    assert (foreign / "model.onnx").read_bytes() == b"someone else's model"
    assert sorted(p.name for p in foreign.iterdir()) == ["model.onnx"]
    merge_towers(members, tmp_path / "ens")
    merge_towers(members, tmp_path / "ens")  # a tower folder it wrote may be replaced
