"""Build-time graph optimisation of the text encoder, so the browser can skip its own.

WHY: on a cold visit the model worker's critical path is onnxruntime-web's
start-up, then the encoder's session, then the first query. Creating the
session at optimisation level "all" runs onnxruntime's graph transformers
(attention, GELU, LayerNorm and quantized-MatMul fusions, constant folding)
in wasm, and V8 compiles each of those functions lazily, on first call, on the
worker's thread. Measured in Chromium on this machine (interleaved cold
starts, docs/DEPLOYMENT.md): the session took 400-550 ms; the same graph
fused here, at build time, by the same onnxruntime code (CPython wheel) and
loaded with optimisation "disabled" took 220-300 ms, and nothing else changed.

What the browser loads is exactly what onnxruntime would have built itself:
``ORT_ENABLE_EXTENDED`` fusions are made for the CPU execution provider, which
is the provider onnxruntime-web's wasm backend runs. Level "all" (layout
changes for NCHWc convolutions, machine specific) is not used: a text encoder
has no convolutions to re-layout.

Constant folding turns the float16-stored weights of encoder_slim.py back
into float32 constants (their Cast nodes are folded), which would give back
the 3.5 MB that slimming saved. So every large float32 initializer whose
values are exactly float16 numbers leaves the graph as **external data**: its
float16 values go into a side file, and the model worker widens them to
float32 and hands them to onnxruntime as the graph's external initializers
(the same mechanism as the scoring graph's vectors). Lossless by construction:
a float16 value widened to float32 is exact.

The side file holds the float16 values as two byte planes, every low byte
first, then every high byte (``FORMAT``). WHY: the high bytes (sign, exponent,
two mantissa bits) repeat a lot and the low bytes hardly at all; interleaved,
zstd saves 7.6 % of the 3.5 MB, planed 15 % (3.27 -> 3.02 MB).

The result is checked before it ships: the optimised graph, loaded as the
browser loads it (optimisation disabled, external weights widened), must give
the same output as the input graph at onnxruntime's default level on the
check phrases (min cosine >= ``MIN_COSINE``); otherwise the site ships the
input graph and the browser optimises it itself.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MIN_ELEMENTS = 65_536  # float32 initializers at least this big may leave the graph as float16 external data
MIN_COSINE = 0.9999  # the optimised graph's outputs vs the input graph's, per check phrase
EXTERNAL_PREFIX = "encoder-weight-"  # external data locations: encoder-weight-<n>.f32
FORMAT = "fp16-byte-planes"  # the side file: N low bytes, then N high bytes, of N float16 values


@dataclass
class PreoptimizedEncoder:
    graph: bytes  # ONNX graph, fused, with large exact-float16 weights as external data
    weights: bytes  # the external weights: float16 values, concatenated, as byte planes (FORMAT)
    external: list[dict] = field(default_factory=list)  # [{"path", "start" (first value), "count"}]
    min_cosine: float = 1.0  # of the check
    ops_before: int = 0
    ops_after: int = 0


def optimize_graph(graph_bytes: bytes):
    """onnx.ModelProto of ``graph_bytes`` after onnxruntime's extended-level fusions on CPU."""
    import onnx
    import onnxruntime as ort

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "optimized.onnx"
        options = ort.SessionOptions()
        options.log_severity_level = 3
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        options.optimized_model_filepath = str(out)
        ort.InferenceSession(graph_bytes, options, providers=["CPUExecutionProvider"])
        return onnx.load(str(out))


def externalize_half_weights(model, min_elements: int = MIN_ELEMENTS) -> tuple[bytes, list[dict]]:
    """Move big float32 initializers that are exact float16 numbers out of ``model`` (in place).

    Returns (the side file: their float16 values as byte planes, [{"path",
    "start", "count"}]): ``path`` is the external-data location the graph now
    names, ``start`` the index of the tensor's first value in the side file.
    """
    import numpy as np
    from onnx import TensorProto, numpy_helper

    graph_inputs = {i.name for i in model.graph.input}
    halves = []
    external = []
    start = 0
    for tensor in model.graph.initializer:
        if tensor.data_type != TensorProto.FLOAT or tensor.name in graph_inputs:
            continue
        array = numpy_helper.to_array(tensor)
        if array.size < min_elements:
            continue
        half = array.astype(np.float16)
        if not np.array_equal(half.astype(np.float32), array):
            continue  # not a float16 number: moving it would change the model
        path = f"{EXTERNAL_PREFIX}{len(external)}.f32"
        external.append({"path": path, "start": start, "count": int(array.size)})
        start += int(array.size)
        halves.append(half.reshape(-1))
        tensor.ClearField("raw_data")
        tensor.ClearField("float_data")
        tensor.data_location = TensorProto.EXTERNAL
        del tensor.external_data[:]
        for key, value in (("location", path), ("offset", "0"), ("length", str(array.size * 4))):
            entry = tensor.external_data.add()
            entry.key, entry.value = key, value
    if not halves:
        return b"", []
    values = np.concatenate(halves).astype("<f2").view(np.uint8).reshape(-1, 2)
    return values[:, 0].tobytes() + values[:, 1].tobytes(), external


def widen(weights: bytes, external: list[dict]) -> dict[str, bytes]:
    """{location: float32 bytes}, what the model worker builds from the side file."""
    import numpy as np

    planes = np.frombuffer(weights, dtype=np.uint8)
    if planes.size % 2:
        raise ValueError("encoder weights file has an odd number of bytes: not two byte planes")
    total = planes.size // 2
    out = {}
    for e in external:
        start, count = e["start"], e["count"]
        if start + count > total:
            raise ValueError(f"encoder weights file does not hold {e['path']} (values {start}..{start + count})")
        pairs = np.stack([planes[start:start + count], planes[total + start:total + start + count]], axis=1)
        out[e["path"]] = pairs.reshape(-1).view("<f2").astype(np.float32).tobytes()
    return out


def encoder_feeds(session, ids: list[int], spec: dict) -> dict:
    """Feeds built the way the model worker builds them (web/ort-worker.js, encoderFeeds)."""
    import numpy as np

    real = len(ids)
    width = max(spec.get("pad_to") or 0, real)
    dtype = np.int64 if (spec.get("input_dtype") or "int64") == "int64" else np.int32
    pad_id = spec.get("pad_id") or 0
    columns = {
        "input_ids": [ids[i] if i < real else pad_id for i in range(width)],
        "attention_mask": [1 if i < real else 0 for i in range(width)],
        "token_type_ids": [0] * width,
        "position_ids": list(range(width)),
    }
    feeds = {}
    for item in session.get_inputs():
        if item.name not in columns:
            raise ValueError(f"encoder input {item.name!r} is not supported")
        feeds[item.name] = np.asarray([columns[item.name]], dtype=dtype)
    return feeds


def _outputs(session, output: str, token_ids: list[list[int]], spec: dict):
    import numpy as np

    return [session.run([output], encoder_feeds(session, ids, spec))[0].reshape(-1).astype(np.float64)
            for ids in token_ids]


def check(original: bytes, candidate: PreoptimizedEncoder, token_ids: list[list[int]], spec: dict) -> float:
    """Min cosine, over the phrases, between the input graph (default level) and the
    optimised one loaded as the browser loads it (optimisation disabled)."""
    import numpy as np
    import onnxruntime as ort

    output = spec.get("output")
    options = ort.SessionOptions()
    options.log_severity_level = 3
    reference = ort.InferenceSession(original, options, providers=["CPUExecutionProvider"])
    output = output or reference.get_outputs()[0].name
    expected = _outputs(reference, output, token_ids, spec)
    with tempfile.TemporaryDirectory() as tmp:
        for path, data in widen(candidate.weights, candidate.external).items():
            (Path(tmp) / path).write_bytes(data)
        graph = Path(tmp) / "encoder.onnx"
        graph.write_bytes(candidate.graph)
        plain = ort.SessionOptions()
        plain.log_severity_level = 3
        plain.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        session = ort.InferenceSession(str(graph), plain, providers=["CPUExecutionProvider"])
        got = _outputs(session, output, token_ids, spec)
    worst = 1.0
    for a, b in zip(expected, got):
        norm = np.linalg.norm(a) * np.linalg.norm(b)
        worst = min(worst, float(a @ b / norm) if norm else float(np.array_equal(a, b)))
    return worst


def preoptimize(graph_bytes: bytes, token_ids: list[list[int]], spec: dict) -> PreoptimizedEncoder | None:
    """The fused encoder to ship, or None (with a note) when it does not pass ``check``."""
    import onnx

    before = len(onnx.load_from_string(graph_bytes).graph.node)
    model = optimize_graph(graph_bytes)
    after = len(model.graph.node)
    weights, external = externalize_half_weights(model)
    candidate = PreoptimizedEncoder(model.SerializeToString(), weights, external, ops_before=before, ops_after=after)
    candidate.min_cosine = check(graph_bytes, candidate, token_ids, spec)
    if candidate.min_cosine < MIN_COSINE:
        print(f"note: the build-time optimised encoder moved its outputs (min cosine {candidate.min_cosine:.6f} "
              f"< {MIN_COSINE}); shipping the graph unoptimised, the browser optimises it")
        return None
    return candidate
