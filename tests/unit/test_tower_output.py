"""Tower output folders: refused when foreign, written whole or not at all."""

import json

import pytest

from iconseek.models.tower_output import TowerOutputError, refuse_foreign_tower, write_tower_files


def _tower(folder):
    folder.mkdir()
    (folder / "model.onnx").write_bytes(b"old graph")
    (folder / "config.json").write_text(json.dumps({"architecture": "iconseek-cnn"}))
    return folder


def test_new_empty_and_tower_folders_are_accepted(tmp_path):
    refuse_foreign_tower(tmp_path / "absent")
    (tmp_path / "empty").mkdir()
    refuse_foreign_tower(tmp_path / "empty")
    refuse_foreign_tower(_tower(tmp_path / "tower"))


def test_a_foreign_folder_is_refused_and_left_as_it_was(tmp_path):
    foreign = tmp_path / "my-model"
    foreign.mkdir()
    (foreign / "model.onnx").write_bytes(b"somebody's model")
    with pytest.raises(TowerOutputError, match="my-model.*not an iconseek image tower"):
        write_tower_files(foreign, {"model.onnx": b"new"})
    assert [p.name for p in foreign.iterdir()] == ["model.onnx"]
    assert (foreign / "model.onnx").read_bytes() == b"somebody's model"
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(TowerOutputError, match="not a folder"):
        refuse_foreign_tower(a_file)


def test_a_failed_write_keeps_the_earlier_tower_and_leaves_no_partial_files(tmp_path):
    tower = _tower(tmp_path / "tower")
    # The second file cannot be written (its folder does not exist) after the first was.
    with pytest.raises(FileNotFoundError):
        write_tower_files(tower, {"model.onnx": b"new graph", "missing/config.json": b"{}"})
    assert sorted(p.name for p in tower.iterdir()) == ["config.json", "model.onnx"]
    assert (tower / "model.onnx").read_bytes() == b"old graph"


def test_every_file_is_swapped_in_and_no_partial_is_left(tmp_path):
    tower = _tower(tmp_path / "tower")
    config = json.dumps({"architecture": "iconseek-cnn", "new": True}).encode()
    write_tower_files(tower, {"model.onnx": b"g", "config.json": config, "train-log.json": b"[]"})
    assert sorted(p.name for p in tower.iterdir()) == ["config.json", "model.onnx", "train-log.json"]
    assert (tower / "model.onnx").read_bytes() == b"g"
    assert (tower / "config.json").read_bytes() == config


def test_iconseek_train_refuses_a_foreign_out_before_training(tmp_path, capsys):
    pytest.importorskip("torch", reason="torch (optional train extra) not installed")
    from iconseek.cli import main

    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    # No catalogue at all: reaching training would fail differently.
    code = main(["train", "--catalog", str(tmp_path / "no-catalog"), "--out", str(foreign), "--steps", "1"])
    assert code == 2
    assert "not an iconseek image tower" in capsys.readouterr().err
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]
