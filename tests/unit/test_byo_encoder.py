"""The encoder's rules on hand-built ONNX graphs, whose outputs can be computed by hand.

Each graph is an embedding table lookup (``Gather``), optionally averaged, so the
expected vector for a text is a few rows of the table: the test checks feeding
(inputs, dtype, padding), output choice and pooling without any trained model.
"""

import json

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from iconseek.byo.encoder import choose_output, load_text_encoder
from iconseek.byo.errors import (
    CorruptModelError,
    DimensionMismatchError,
    NoEmbeddingOutputError,
    UnsupportedInputError,
    UnsupportedTokenizerError,
)

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "arrow", "left", "home", "##s", "gear"]
IDS = {t: i for i, t in enumerate(VOCAB)}
DIM = 4
TABLE = np.arange(len(VOCAB) * DIM, dtype=np.float32).reshape(len(VOCAB), DIM) % 7 - 3


def special(token):
    return {"id": IDS[token], "content": token, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}


WORDPIECE = {
    "version": "1.0",
    "truncation": None,
    "padding": None,
    "added_tokens": [special(t) for t in ("[PAD]", "[UNK]", "[CLS]", "[SEP]")],
    "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True, "strip_accents": None, "lowercase": True},
    "pre_tokenizer": {"type": "BertPreTokenizer"},
    "post_processor": {
        "type": "TemplateProcessing",
        "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
        "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
        "special_tokens": {t: {"id": t, "ids": [IDS[t]], "tokens": [t]} for t in ("[CLS]", "[SEP]")},
    },
    "decoder": None,
    "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": IDS},
}


def lookup_graph(inputs, outputs, *, seq=None, int_type=TensorProto.INT64, pooled_name=None):
    """input_ids -> Gather(table) as 'last_hidden_state'-like output; optional ReduceMean output."""
    seq_dim = seq if seq is not None else "sequence"
    graph_inputs = [helper.make_tensor_value_info(name, int_type, ["batch", seq_dim]) for name in inputs]
    nodes = [helper.make_node("Gather", ["table", "input_ids"], ["hidden"], axis=0)]
    graph_outputs = []
    for name, rank in outputs:
        if rank == 3:
            nodes.append(helper.make_node("Identity", ["hidden"], [name]))
            graph_outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, ["batch", seq_dim, DIM]))
        else:
            nodes.append(helper.make_node("ReduceMean", ["hidden"], [name], axes=[1], keepdims=0))
            graph_outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, ["batch", DIM]))
    graph = helper.make_graph(nodes, "lookup", graph_inputs, graph_outputs, [numpy_helper.from_array(TABLE, "table")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return model


def model_dir(root, graph, *, config=None, tokenizer=WORDPIECE, where="onnx/model.onnx"):
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.json").write_text(json.dumps(config or {"model_type": "bert", "max_position_embeddings": 32}))
    (root / "tokenizer.json").write_text(json.dumps(tokenizer))
    (root / where).parent.mkdir(parents=True, exist_ok=True)
    if isinstance(graph, bytes):
        (root / where).write_bytes(graph)
    else:
        onnx.save(graph, str(root / where))
    return root


def unit(v):
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_bert_rules_mean_pool_last_hidden_state_without_padding(tmp_path):
    graph = lookup_graph(["input_ids", "attention_mask", "token_type_ids"], [("last_hidden_state", 3)])
    enc = load_text_encoder(model_dir(tmp_path, graph))
    assert (enc.family, enc.output_name, enc.pooling, enc.pad_to, enc.dim) == ("bert", "last_hidden_state", "mean", None, DIM)
    assert enc.input_names == ("input_ids", "attention_mask", "token_type_ids")
    ids = [IDS["[CLS]"], IDS["arrow"], IDS["left"], IDS["[SEP]"]]
    assert enc.token_ids("Arrow LEFT") == ids
    width = enc.padded_batch(["arrow left"])[0].shape[1]
    assert width == 4  # a single query is not padded
    np.testing.assert_allclose(enc.encode_one("arrow left"), unit(TABLE[ids].mean(0)), rtol=1e-6)
    # In a batch the short text is padded, and the masked mean keeps its vector unchanged.
    batch = enc.encode(["arrow left", "home gear gear gear left"])
    np.testing.assert_allclose(batch[0], enc.encode_one("arrow left"), rtol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(batch, axis=1), 1.0, rtol=1e-6)


def test_pooled_output_is_preferred_and_bare_two_d_output_accepted(tmp_path):
    graph = lookup_graph(["input_ids", "attention_mask"], [("last_hidden_state", 3), ("sentence_embedding", 2)])
    enc = load_text_encoder(model_dir(tmp_path / "a", graph))
    assert (enc.output_name, enc.pooling) == ("sentence_embedding", "none")
    single = lookup_graph(["input_ids"], [("output_0", 2)])
    enc = load_text_encoder(model_dir(tmp_path / "b", single))
    assert (enc.output_name, enc.pooling, enc.input_names) == ("output_0", "none", ("input_ids",))


def test_clip_rules_pad_to_context_and_int32_static_graph(tmp_path):
    graph = lookup_graph(["input_ids", "attention_mask"], [("last_hidden_state", 3)], seq=16, int_type=TensorProto.INT32)
    config = {"model_type": "clip_text_model", "max_position_embeddings": 77, "eos_token_id": IDS["[SEP]"]}
    enc = load_text_encoder(model_dir(tmp_path, graph, config=config))
    # The graph's fixed sequence axis (16) overrides the config's 77.
    assert (enc.family, enc.context_length, enc.pad_to, enc.input_dtype) == ("clip", 16, 16, "int32")
    ids, mask = enc.padded_batch(["arrow left"])
    assert ids.dtype == np.int32 and ids.shape == (1, 16) and mask.sum() == 4
    # CLIP without text_embeds/pooler_output: EOS pooling on the hidden states.
    assert enc.pooling == "eos"
    np.testing.assert_allclose(enc.encode_one("arrow left"), unit(TABLE[IDS["[SEP]"]]), rtol=1e-6)
    # Over-long text is cut to the context, keeping its final EOS.
    long_ids = enc.token_ids("gear " * 40)
    assert len(long_ids) == 16 and long_ids[-1] == IDS["[SEP]"]


def test_forced_output_and_pooling(tmp_path):
    graph = lookup_graph(["input_ids", "attention_mask"], [("last_hidden_state", 3), ("sentence_embedding", 2)])
    enc = load_text_encoder(model_dir(tmp_path, graph), output="last_hidden_state", pooling="cls")
    np.testing.assert_allclose(enc.encode_one("gear"), unit(TABLE[IDS["[CLS]"]]), rtol=1e-6)
    with pytest.raises(NoEmbeddingOutputError, match="'logits' not in graph outputs"):
        load_text_encoder(tmp_path, output="logits")


def test_manifest_describes_the_feed(tmp_path):
    graph = lookup_graph(["input_ids", "attention_mask", "token_type_ids"], [("last_hidden_state", 3)])
    manifest = load_text_encoder(model_dir(tmp_path, graph)).manifest()
    assert manifest["model_file"] == "onnx/model.onnx" and len(manifest["model_sha256"]) == 64
    assert manifest["input_names"] == ["input_ids", "attention_mask", "token_type_ids"]
    assert (manifest["pooling"], manifest["pad_to"], manifest["tokenizer_kind"], manifest["dim"]) == ("mean", None, "wordpiece", DIM)


def test_no_recognisable_output(tmp_path):
    graph = lookup_graph(["input_ids"], [("logits", 3), ("scores", 2)])
    with pytest.raises(NoEmbeddingOutputError, match="no recognisable embedding output among \\['logits', 'scores'\\]") as err:
        load_text_encoder(model_dir(tmp_path, graph))
    assert err.value.path.endswith("model.onnx")


def test_image_graph_is_rejected(tmp_path):
    pixels = helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch", 3, 8, 8])
    out = helper.make_tensor_value_info("image_embeds", TensorProto.FLOAT, ["batch", 3, 8, 8])
    graph = helper.make_model(helper.make_graph([helper.make_node("Identity", ["pixel_values"], ["image_embeds"])], "img", [pixels], [out]),
                              opset_imports=[helper.make_opsetid("", 13)])
    graph.ir_version = 8
    with pytest.raises(UnsupportedInputError, match="pixel_values.*text_model_quantized.onnx"):
        load_text_encoder(model_dir(tmp_path, graph))


@pytest.mark.parametrize("payload", [b"", b"\x08\x07garbage that is not a protobuf model", b"\xff" * 64])
def test_corrupt_onnx_names_the_file(tmp_path, payload):
    with pytest.raises(CorruptModelError) as err:
        load_text_encoder(model_dir(tmp_path, payload, where="onnx/model_quantized.onnx"))
    assert err.value.path == str(tmp_path / "onnx" / "model_quantized.onnx")


def test_tokenizer_component_we_do_not_implement(tmp_path):
    tokenizer = dict(WORDPIECE, normalizer={"type": "Precompiled", "precompiled_charsmap": ""})
    graph = lookup_graph(["input_ids"], [("sentence_embedding", 2)])
    with pytest.raises(UnsupportedTokenizerError, match="Precompiled") as err:
        load_text_encoder(model_dir(tmp_path, graph, tokenizer=tokenizer))
    assert err.value.path == str(tmp_path / "tokenizer.json")


def test_dimension_check_names_both_files(tmp_path):
    graph = lookup_graph(["input_ids"], [("sentence_embedding", 2)])
    enc = load_text_encoder(model_dir(tmp_path, graph))
    enc.check_dim(DIM, "v.parquet")
    with pytest.raises(DimensionMismatchError, match="vectors have 768 dimensions but the text encoder .*model.onnx produces 4") as err:
        enc.check_dim(768, tmp_path / "v.parquet")
    assert err.value.path == str(tmp_path / "v.parquet")


def test_choose_output_preferences():
    assert choose_output({"text_embeds": 2, "last_hidden_state": 3}, is_clip=True).name == "text_embeds"
    clip = choose_output({"last_hidden_state": 3, "pooler_output": 2}, is_clip=True)
    assert (clip.name, clip.pooling) == ("pooler_output", "none")
    bert = choose_output({"last_hidden_state": 3, "pooler_output": 2}, is_clip=False)
    assert (bert.name, bert.pooling) == ("last_hidden_state", "mean")
    # A name we know for pooled vectors but with token rank still gets pooled.
    assert choose_output({"embeddings": 3}, is_clip=False).pooling == "mean"
    with pytest.raises(ValueError, match="unknown pooling"):
        choose_output({"embeddings": 2}, is_clip=False, forced_pooling="max")
