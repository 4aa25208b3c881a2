"""Behaviour of the tokenizer API that other modules rely on (no HF needed)."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path

import pytest

from iconseek.core.tokenizers import (
    Encoding,
    TokenizerFileError,
    UnsupportedTokenizerError,
    load_tokenizer,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tokenizers"
MINILM = FIXTURES / "minilm_tokenizer.json.gz"
CLIP = FIXTURES / "clip_tokenizer.json.gz"


@pytest.fixture(scope="module")
def minilm_config() -> dict:
    return json.loads(gzip.decompress(MINILM.read_bytes()))


@pytest.fixture(scope="module")
def clip_config() -> dict:
    return json.loads(gzip.decompress(CLIP.read_bytes()))


@pytest.fixture(scope="module")
def minilm(minilm_config):
    return load_tokenizer(minilm_config)


@pytest.fixture(scope="module")
def clip(clip_config):
    return load_tokenizer(clip_config)


def test_wordpiece_properties(minilm):
    assert minilm.kind == "wordpiece"
    assert (minilm.cls_id, minilm.sep_id, minilm.pad_id, minilm.unk_id) == (101, 102, 0, 100)
    assert (minilm.bos_id, minilm.eos_id) == (101, 102)
    assert minilm.model_max_length == 128 and minilm.vocab_size == 30522
    assert minilm.token_to_id("[MASK]") == 103 and minilm.id_to_token(102) == "[SEP]"


def test_wordpiece_known_split(minilm):
    enc = minilm.encode("Unaffable café!")
    assert isinstance(enc, Encoding)
    assert enc.tokens == ["[CLS]", "una", "##ffa", "##ble", "cafe", "!", "[SEP]"]  # as HF gives
    assert enc.ids[0] == 101 and enc.ids[-1] == 102
    assert enc.attention_mask == [1] * 7 and enc.type_ids == [0] * 7


def test_clip_known_ids(clip):
    assert clip.kind == "clip-bpe"
    assert clip.encode("throw it away").ids == [49406, 6293, 585, 1520, 49407]
    assert (clip.bos_id, clip.eos_id, clip.pad_id, clip.context_length) == (49406, 49407, 49407, 77)
    assert clip.vocab_size == 49408


def test_clip_pads_to_77_and_keeps_eos_when_truncating(clip_config):
    tok = load_tokenizer(clip_config, padding=True)
    short = tok.encode("a red heart")
    assert len(short.ids) == 77 and short.attention_mask.count(1) == 5 and short.ids[4] == 49407
    assert short.ids[5:] == [49407] * 72
    long = tok.encode("icon " * 200)
    assert len(long.ids) == 77 and long.ids[-1] == 49407 and long.attention_mask == [1] * 77


def test_explicit_pad_length_and_max_length(minilm_config):
    tok = load_tokenizer(minilm_config, max_length=8, padding=12)
    enc = tok.encode("one two three four five six seven eight nine")
    assert len(enc.ids) == 12 and enc.ids[7] == 102 and enc.attention_mask == [1] * 8 + [0] * 4
    assert tok.model_max_length == 8 and tok.padding_length == 12


def test_encode_batch_equals_encode(minilm):
    texts = ["home", "arrow left", "", "日本"]
    assert minilm.encode_batch(texts) == [minilm.encode(t) for t in texts]


def test_batch_longest_padding(minilm_config):
    config = copy.deepcopy(minilm_config)
    config["padding"]["strategy"] = "BatchLongest"
    tok = load_tokenizer(config, padding=True)
    a, b = tok.encode_batch(["home", "arrow left right"])
    assert len(a.ids) == len(b.ids) == 5 and a.attention_mask == [1, 1, 1, 0, 0]


def test_accepts_path_bytes_and_json_text(tmp_path, minilm_config):
    plain = tmp_path / "tokenizer.json"
    plain.write_text(json.dumps(minilm_config))
    expected = [101, 2188, 102]
    for source in (plain, str(plain), MINILM, plain.read_bytes(), MINILM.read_bytes(), plain.read_text()):
        assert load_tokenizer(source).encode("home").ids == expected


def test_unsupported_model_type_is_named(minilm_config):
    config = dict(minilm_config, model={"type": "Unigram", "vocab": [["a", 0.0]]})
    with pytest.raises(UnsupportedTokenizerError, match="Unigram"):
        load_tokenizer(config)


@pytest.mark.parametrize(
    "section, value, needle",
    [
        ("normalizer", {"type": "Precompiled", "precompiled_charsmap": ""}, "Precompiled"),
        ("pre_tokenizer", {"type": "Metaspace"}, "Metaspace"),
        ("post_processor", {"type": "Unknown"}, "Unknown"),
        ("pre_tokenizer", {"type": "Split", "pattern": {"Regex": r"\w+"}, "behavior": "Removed", "invert": True}, r"\\w"),
    ],
)
def test_unsupported_components_are_named(minilm_config, section, value, needle):
    config = dict(minilm_config, **{section: value})
    with pytest.raises(UnsupportedTokenizerError, match=needle):
        load_tokenizer(config)


def test_bad_files_name_the_path(tmp_path):
    missing = tmp_path / "nope.json"
    with pytest.raises(TokenizerFileError, match="nope.json"):
        load_tokenizer(missing)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(TokenizerFileError, match="broken.json"):
        load_tokenizer(broken)
    with pytest.raises(TokenizerFileError, match="model"):
        load_tokenizer({"version": "1.0"})


def test_max_length_must_fit_special_tokens(minilm_config):
    with pytest.raises(ValueError, match="special tokens"):
        load_tokenizer(minilm_config, max_length=1)


def test_lone_surrogates_become_replacement_characters(minilm, clip):
    assert minilm.encode("a\ud800b").tokens == minilm.encode("a\ufffdb").tokens
    assert clip.encode("a\udc00").ids == clip.encode("a\ufffd").ids


def test_non_string_input_is_rejected(minilm):
    with pytest.raises(TypeError):
        minilm.encode(None)  # type: ignore[arg-type]
