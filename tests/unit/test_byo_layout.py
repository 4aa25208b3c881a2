"""Which graph/config/tokenizer an encoder directory resolves to, and the CLIP/BERT rules."""

import json

import pytest

from iconseek.byo.errors import (
    BYOError,
    CorruptModelError,
    MissingModelFileError,
    UnsupportedTokenizerError,
)
from iconseek.byo.layout import context_length, eos_token_id, pad_token_id, pick_model_file, read_layout
from iconseek.models.errors import ModelFileError

CLIP_TOKENIZER = {
    "added_tokens": [{"id": 5, "content": "<|startoftext|>"}, {"id": 6, "content": "<|endoftext|>"}],
    "model": {"type": "BPE", "end_of_word_suffix": "</w>", "vocab": {"a</w>": 0, "!": 1}, "merges": []},
}
BERT_TOKENIZER = {
    "added_tokens": [{"id": 0, "content": "[PAD]"}, {"id": 3, "content": "[SEP]"}],
    "truncation": {"max_length": 128},
    "model": {"type": "WordPiece", "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3}},
}


def make_dir(root, config=None, tokenizer=None, graphs=("onnx/model_quantized.onnx",), tok_config=None):
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.json").write_text(json.dumps(config if config is not None else {"model_type": "clip_text_model"}))
    (root / "tokenizer.json").write_text(json.dumps(tokenizer if tokenizer is not None else CLIP_TOKENIZER))
    if tok_config is not None:
        (root / "tokenizer_config.json").write_text(json.dumps(tok_config))
    for graph in graphs:
        (root / graph).parent.mkdir(parents=True, exist_ok=True)
        (root / graph).write_bytes(b"x")
    return root


@pytest.mark.parametrize(
    "present, expected",
    [
        (["onnx/model_quantized.onnx", "onnx/model.onnx", "model.onnx"], "onnx/model_quantized.onnx"),
        (["onnx/model.onnx", "model.onnx"], "onnx/model.onnx"),
        (["model.onnx"], "model.onnx"),
        # transformers.js two-tower CLIP repos: the text tower, not the joint graph
        (["onnx/model_quantized.onnx", "onnx/text_model.onnx", "onnx/text_model_quantized.onnx"], "onnx/text_model_quantized.onnx"),
        (["onnx/model_quantized.onnx", "onnx/text_model.onnx"], "onnx/text_model.onnx"),
    ],
)
def test_graph_preference_order(tmp_path, present, expected):
    make_dir(tmp_path, graphs=present)
    assert pick_model_file(tmp_path) == tmp_path / expected


def test_forced_graph_relative_and_missing(tmp_path):
    make_dir(tmp_path, graphs=["onnx/model_quantized.onnx", "onnx/model.onnx"])
    assert pick_model_file(tmp_path, "onnx/model.onnx") == tmp_path / "onnx/model.onnx"
    with pytest.raises(MissingModelFileError) as err:
        pick_model_file(tmp_path, "onnx/model_fp16.onnx")
    assert err.value.path == str(tmp_path / "onnx/model_fp16.onnx")


def test_missing_directory_and_file_instead_of_directory(tmp_path):
    with pytest.raises(MissingModelFileError, match="does not exist") as err:
        read_layout(tmp_path / "nope")
    assert err.value.path.endswith("nope")
    (tmp_path / "file").write_text("x")
    with pytest.raises(MissingModelFileError, match="got a file"):
        read_layout(tmp_path / "file")


def test_no_graph_lists_what_was_searched(tmp_path):
    make_dir(tmp_path, graphs=())
    with pytest.raises(MissingModelFileError, match="onnx/text_model_quantized.onnx, .*onnx/model_quantized.onnx, onnx/model.onnx, model.onnx"):
        read_layout(tmp_path)


@pytest.mark.parametrize("missing", ["config.json", "tokenizer.json"])
def test_missing_json_file_is_named(tmp_path, missing):
    make_dir(tmp_path)
    (tmp_path / missing).unlink()
    with pytest.raises(MissingModelFileError) as err:
        read_layout(tmp_path)
    assert err.value.path == str(tmp_path / missing)
    assert isinstance(err.value, BYOError) and isinstance(err.value, ModelFileError)


def test_corrupt_config_json(tmp_path):
    make_dir(tmp_path)
    (tmp_path / "config.json").write_text("{not json")
    with pytest.raises(CorruptModelError, match="not valid JSON") as err:
        read_layout(tmp_path)
    assert err.value.path == str(tmp_path / "config.json")


def test_unigram_tokenizer_is_unsupported(tmp_path):
    make_dir(tmp_path, tokenizer={"model": {"type": "Unigram", "vocab": [["a", 0.0]]}})
    with pytest.raises(UnsupportedTokenizerError, match="'Unigram'") as err:
        read_layout(tmp_path)
    assert err.value.path == str(tmp_path / "tokenizer.json")


def test_clip_rules_from_config_or_tokenizer(tmp_path):
    clip = read_layout(make_dir(tmp_path / "a", config={"model_type": "clip_text_model", "max_position_embeddings": 77}))
    assert clip.is_clip_family and context_length(clip) == 77
    # A renamed model type is still CLIP if its tokenizer is CLIP's BPE.
    renamed = read_layout(make_dir(tmp_path / "b", config={"model_type": "icon_tower"}))
    assert renamed.is_clip_family
    bert = read_layout(make_dir(tmp_path / "c", config={"model_type": "bert", "max_position_embeddings": 512}, tokenizer=BERT_TOKENIZER))
    assert not bert.is_clip_family
    assert context_length(bert) == 128  # the tokenizer's truncation is tighter than the positions


def test_full_clip_config_reads_text_config(tmp_path):
    config = {"model_type": "clip", "projection_dim": 768, "text_config": {"max_position_embeddings": 77, "eos_token_id": 6}}
    layout = read_layout(make_dir(tmp_path, config=config))
    assert layout.text_config["projection_dim"] == 768
    assert eos_token_id(layout) == 6


def test_pad_token_order(tmp_path):
    # tokenizer.json padding wins
    tok = dict(CLIP_TOKENIZER, padding={"pad_id": 1})
    assert pad_token_id(read_layout(make_dir(tmp_path / "a", tokenizer=tok))) == 1
    # then tokenizer_config.json's pad_token (string or AddedToken dict)
    layout = read_layout(make_dir(tmp_path / "b", tok_config={"pad_token": {"content": "!"}}))
    assert pad_token_id(layout) == 1
    # then <|endoftext|>; config.json's pad_token_id=1 is ignored on purpose
    layout = read_layout(make_dir(tmp_path / "c", config={"model_type": "clip_text_model", "pad_token_id": 1}))
    assert pad_token_id(layout) == 6


def test_legacy_eos_token_id_two_falls_back_to_endoftext(tmp_path):
    layout = read_layout(make_dir(tmp_path, config={"model_type": "clip_text_model", "eos_token_id": 2}))
    assert eos_token_id(layout) == 6
