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

The side file is a run of sections, one per external tensor (``FORMAT``); the
manifest's ``encoder.external`` names each one's location, ``format``, byte
``offset`` and ``length``:

* ``HALF_FORMAT``: ``count`` float16 values as two byte planes, every low byte
  first, then every high byte. WHY: the high bytes (sign, exponent, two mantissa
  bits) repeat a lot and the low bytes hardly at all; interleaved, zstd saves
  7.6 % of the 3.5 MB, planed 15 % (3.27 -> 3.02 MB).
* ``GRID_FORMAT`` (encoder_lowbit.py): a float MatMul weight the build put on
  a 6-bit grid (encoder_grid.py) -- its codes, block multipliers and float32
  column scales, ``shape`` [K, N], ``bits``, ``block``; the worker rebuilds the
  float32 values exactly as ``encoder_lowbit.expand`` does (1.27 MB zstd for
  the bundled model's three FFN weights instead of 3.02 MB as float16).

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
FORMAT = "sections-v1"  # the side file: one section per external tensor, each entry names its own format
HALF_FORMAT = "fp16-byte-planes"  # a section: N low bytes, then N high bytes, of N float16 values


@dataclass
class PreoptimizedEncoder:
    graph: bytes  # ONNX graph, fused, with its large float16-exact or grid weights as external data
    weights: bytes  # the external weights: one section per tensor (FORMAT)
    external: list[dict] = field(default_factory=list)  # [{"path", "format", "offset", "length", ..}]
    min_cosine: float = 1.0  # of the check
    ops_before: int = 0
    ops_after: int = 0
    grid: list[str] = field(default_factory=list)  # the grid weights (encoder_lowbit) shipped in GRID_FORMAT


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


def _make_external(tensor, path: str) -> None:
    """Point ``tensor`` (float32) at external data ``path`` instead of holding its values."""
    from onnx import TensorProto

    count = 1
    for d in tensor.dims:
        count *= d
    tensor.ClearField("raw_data")
    tensor.ClearField("float_data")
    tensor.data_location = TensorProto.EXTERNAL
    del tensor.external_data[:]
    for key, value in (("location", path), ("offset", "0"), ("length", str(count * 4))):
        entry = tensor.external_data.add()
        entry.key, entry.value = key, value


def _section(tensor, array, grid: dict) -> tuple[dict, bytes] | None:
    """(manifest entry less path and offset, bytes) of a big float32 initializer that can leave the
    graph: a grid weight (its values exactly ``expand`` of it) or exact float16 numbers; else None."""
    import numpy as np

    from .encoder_lowbit import BLOCK, GRID_FORMAT, expand, wire_bytes

    lowbit = grid.get(tensor.name)
    rebuilt = expand(lowbit).astype("<f4") if lowbit is not None else None
    if rebuilt is not None and rebuilt.shape == array.shape and rebuilt.tobytes() == array.astype("<f4").tobytes():
        data = wire_bytes(lowbit)
        return {"format": GRID_FORMAT, "length": len(data), "shape": list(array.shape), "bits": lowbit.bits,
                "block": BLOCK}, data
    half = array.astype(np.float16)
    if not np.array_equal(half.astype(np.float32), array):
        return None  # not a float16 number: moving it would change the model
    pairs = half.reshape(-1).astype("<f2").view(np.uint8).reshape(-1, 2)
    return {"format": HALF_FORMAT, "length": 2 * array.size, "count": int(array.size)}, \
        pairs[:, 0].tobytes() + pairs[:, 1].tobytes()


def externalize_weights(model, grid=(), min_elements: int = MIN_ELEMENTS) -> tuple[bytes, list[dict]]:
    """Move big float32 initializers that are exact float16 numbers, or one of the ``grid`` weights
    (encoder_lowbit.LowBitTensor) exactly, out of ``model`` (in place).

    Returns (the side file: one section per tensor, [{"path", "format", "offset", "length", ..}]):
    ``path`` is the external-data location the graph now names, ``offset`` and ``length`` the
    section's bytes in the side file.
    """
    from onnx import TensorProto, numpy_helper

    graph_inputs = {i.name for i in model.graph.input}
    by_name = {t.name: t for t in grid}
    sections, external, offset = [], [], 0
    for tensor in model.graph.initializer:
        if tensor.data_type != TensorProto.FLOAT or tensor.name in graph_inputs:
            continue
        array = numpy_helper.to_array(tensor)
        if array.size < min_elements:
            continue
        section = _section(tensor, array, by_name)
        if section is None:
            continue
        entry, data = section
        path = f"{EXTERNAL_PREFIX}{len(external)}.f32"
        external.append({"path": path, "name": tensor.name, "offset": offset, **entry})
        sections.append(data)
        offset += len(data)
        _make_external(tensor, path)
    return b"".join(sections), external


def _half_planes(section: bytes, entry: dict):
    import numpy as np

    count = entry.get("count")
    if not isinstance(count, int) or len(section) != 2 * count:
        raise ValueError(f"encoder weights: {entry['path']} holds {len(section)} bytes, not two byte planes of "
                         f"{count} float16 values; rebuild the site")
    planes = np.frombuffer(section, dtype=np.uint8)
    return np.stack([planes[:count], planes[count:]], axis=1).reshape(-1).view("<f2").astype(np.float32)


def widen(weights: bytes, external: list[dict], weights_format: str = FORMAT) -> dict[str, bytes]:
    """{location: float32 bytes}, what the model worker builds from the side file (web/model-session.js)."""
    from .encoder_lowbit import GRID_FORMAT, LowBitError, expand, from_wire

    if external and weights_format != FORMAT:
        raise ValueError(f"encoder weights format {weights_format} is not supported; rebuild the site")
    out = {}
    for entry in external:
        path, offset, length = entry["path"], entry.get("offset"), entry.get("length")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length < 0 \
                or offset + length > len(weights):
            raise ValueError(f"encoder weights file does not hold {path} (bytes {offset} + {length} of "
                             f"{len(weights)}); rebuild the site")
        section = weights[offset:offset + length]
        if entry.get("format") == HALF_FORMAT:
            values = _half_planes(section, entry)
        elif entry.get("format") == GRID_FORMAT:
            try:
                values = expand(from_wire(section, path, entry.get("shape", []), entry.get("bits", 0),
                                          entry.get("block", 0)))
            except LowBitError as error:
                raise ValueError(str(error)) from error
        else:
            raise ValueError(f"encoder weights: {path} has format {entry.get('format')!r}, not supported; "
                             f"rebuild the site")
        out[path] = values.astype("<f4").tobytes()
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


def preoptimize(graph_bytes: bytes, token_ids: list[list[int]], spec: dict, grid=()) -> PreoptimizedEncoder | None:
    """The fused encoder to ship, or None (with a note) when it does not pass ``check``. ``grid``: the
    weights encoder_grid.py put on a few-bit grid (encoder_lowbit.LowBitTensor), which leave the
    graph as their codes (``PreoptimizedEncoder.grid`` names those that did)."""
    import onnx

    from .encoder_lowbit import GRID_FORMAT

    before = len(onnx.load_from_string(graph_bytes).graph.node)
    model = optimize_graph(graph_bytes)
    after = len(model.graph.node)
    weights, external = externalize_weights(model, grid)
    candidate = PreoptimizedEncoder(model.SerializeToString(), weights, external, ops_before=before, ops_after=after,
                                    grid=[e["name"] for e in external if e["format"] == GRID_FORMAT])
    candidate.min_cosine = check(graph_bytes, candidate, token_ids, spec)
    if candidate.min_cosine < MIN_COSINE:
        print(f"note: the build-time optimised encoder moved its outputs (min cosine {candidate.min_cosine:.6f} "
              f"< {MIN_COSINE}); shipping the graph unoptimised, the browser optimises it")
        return None
    return candidate
