"""The text encoder's MatMul weights on grids that few-bit codes describe (bench/bench_encoder_lowbit.py
measured the forms; the site build ships the *float* MatMul weights on the 6-bit grid, encoder_grid.py).

WHY: after the token-embedding table (encoder_shrink.py) the encoder's bytes on
the wire are its MatMul weights: in the bundled INT8 MiniLM 33 per-column int8
matrices (8.1 MB zstd: their codes carry ~7.3 bits of entropy) and three float
feed-forward matrices (3.02 MB as float16). onnxruntime's own 4-bit form,
``com.microsoft.MatMulNBits``, runs in onnxruntime-web 1.30's wasm backend but
~5x slower than the INT8 kernels (Node, one thread, interleaved: p50 95 ms
against 19 ms per 10-token encode; the CPython wheel has no onnx_ir for its
quantizer, so the blocks were packed by hand): the wasm build has no kernel
that reads 4-bit weights. So this form keeps the graph's kernels and weight
tensors, and only their *download* is few-bit: each weight is put on a grid
that b-bit codes describe, and the model worker rebuilds the tensor.

What ships (encoder_grid.py, a site-build step): the bundled model's three float
FFN weights at 6 bits, as ``wire_bytes`` sections of the encoder's side file
(format ``GRID_FORMAT``; encoder_preopt.py), 1.27 MB zstd instead of 3.02 MB as
float16; web/model-session.js rebuilds them (``from_wire`` + ``expand`` is its
twin). The int8 weights stay as they are (6 bits cost more than the quality budget).

The grid: a weight [K, N] is cut into blocks of ``BLOCK`` inputs per output
column; within block j of column n every value is ``s[n] * m[j, n] * (c - h)``
with a b-bit code c (0 .. 2h - 1, h = 2**(b - 1)), an integer multiplier m
(1 .. top, one byte per block) and one float32 scale per column, so

* an int8 weight of a dynamically quantized MatMul (MatMulInteger, per-column
  scale and zero point) becomes exactly the integers ``m * (c - h)`` (top =
  127 // h keeps them in int8), its scale ``s`` and its zero point 0 (uint8:
  128): same nodes, same kernels, same speed;
* a float MatMul weight (the bundled model's FFN matrices, a brought
  CLIP-family tower) becomes the float32 products ``s[n] * (m * (c - h))``
  (one float32 multiplication of exact operands: a Float32Array store in
  JavaScript rounds it as numpy does).

The codes come from float weights: the float32 export beside the INT8 graph
when it is there and matches it (same initializer name less ``_quantized``),
else the stored weights (INT8 dequantized). Each block takes the multiplier
with the least squared error (clipping its outliers when that is better), each
column the best of ``COLUMN_RATIOS``.

Measured on 677 phrases against float32 MiniLM (mean / min cosine; the table
already on encoder_shrink's grid: 0.99429 / 0.98029): every MatMul at 4 bits
0.96547 / 0.87875 (onnxruntime's MatMulNBits, 4 bits, blocks of 32: 0.96842 /
0.87985 -- 4 bits are too few for this model in either form); the int8
weights at 5 bits 0.98570, at 6 bits 0.99154 (-1.9 MB zstd: over the
encoder's quality budget); the three float FFN weights alone at 8 / 6 / 5 / 4
bits 0.99424 / 0.99415 / 0.99380 / 0.99237, codes and multipliers 1.71 / 1.27
/ 1.05 / 0.84 MB zstd against 3.02 MB as float16.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BLOCK = 32  # inputs (rows of K) per multiplier
MIN_ELEMENTS = 65_536  # smaller MatMul weights are not worth it
COLUMN_RATIOS = (1.0, 0.9, 0.8)  # a column's scale: the step spanning its largest value x ratio / top
GRID_FORMAT = "block-grid"  # a float weight's side-file section: ``wire_bytes`` (codes, multipliers, scales)


class LowBitError(ValueError):
    """The graph or a weight in it cannot be put on a few-bit grid."""


@dataclass
class LowBitTensor:
    """A weight on the grid: what would go on the wire, and what the graph reads rebuilt from it (``expand``)."""
    name: str  # the initializer the graph reads
    dtype: str  # "int8", "uint8" (codes for MatMulInteger) or "float32"
    codes: object  # uint8 [K, N], 0 .. 2**bits - 1
    multipliers: object  # uint8 [ceil(K / BLOCK), N], 1 .. top
    scales: object  # float32 [N]
    bits: int


def _block_fit(values, step, half):
    """(squared error, codes) of ``values`` [.., block, N] quantized with ``step`` [.., 1, N] to -half..half-1."""
    import numpy as np

    codes = np.clip(np.round(values / step), -half, half - 1)
    return ((codes * step - values) ** 2).sum(axis=-2), codes


def quantize_blocks(weight, block: int = BLOCK, bits: int = 6, top_multiplier: int = 15):
    """(codes uint8 [K, N], multipliers uint8 [blocks, N], column scales float32 [N]) of a float [K, N] weight:
    value = scale[n] * multiplier[j, n] * (code - 2**(bits - 1)), j the block of K the value sits in."""
    import numpy as np

    weight = np.asarray(weight, dtype=np.float64)
    if weight.ndim != 2:
        raise LowBitError(f"a MatMul weight must be 2-D, got shape {weight.shape}")
    if block < 1:
        raise LowBitError(f"block size must be >= 1, got {block}")
    if not 2 <= bits <= 8 or not 1 <= top_multiplier <= 255:
        raise LowBitError(f"codes need 2..8 bits and multipliers 1..255, got {bits} bits, top {top_multiplier}")
    if not np.all(np.isfinite(weight)):
        raise LowBitError("the weight holds NaN or infinite values")
    k, n = weight.shape
    blocks = -(-k // block)
    padded = np.zeros((blocks * block, n))
    padded[:k] = weight
    values = padded.reshape(blocks, block, n)
    half = 2 ** (bits - 1)
    top = np.abs(values).max(axis=(0, 1)) / (half - 1)  # [N]: the step that spans the column's largest value
    top = np.where(top > 0, top, 1.0)
    best_error, best_scale = np.full(n, np.inf), np.ones(n)
    best_mult, best_codes = np.ones((blocks, n)), np.zeros_like(values)
    for ratio in COLUMN_RATIOS:
        scale = (top * ratio / top_multiplier).astype(np.float32).astype(np.float64)  # float32: what the graph holds
        error, mult, codes = np.full((blocks, n), np.inf), np.ones((blocks, n)), np.zeros_like(values)
        for m in range(1, top_multiplier + 1):
            e, c = _block_fit(values, (scale * m)[None, None, :], half)
            better = e < error
            error, mult = np.where(better, e, error), np.where(better, m, mult)
            codes = np.where(better[:, None, :], c, codes)
        take = error.sum(axis=0) < best_error
        best_error = np.where(take, error.sum(axis=0), best_error)
        best_scale = np.where(take, scale, best_scale)
        best_mult = np.where(take[None, :], mult, best_mult)
        best_codes = np.where(take[None, None, :], codes, best_codes)
    scale, mult, codes = best_scale, best_mult, best_codes
    codes = (codes.reshape(blocks * block, n)[:k] + half).astype(np.uint8)
    return codes, mult.astype(np.uint8), scale.astype(np.float32)


def steps(codes, multipliers, block: int = BLOCK, bits: int = 4):
    """The integers ``m * (c - 2**(bits - 1))`` (int16 [K, N]) a weight's codes stand for."""
    import numpy as np

    k = codes.shape[0]
    return (codes.astype(np.int16) - 2 ** (bits - 1)) * np.repeat(multipliers.astype(np.int16), block, axis=0)[:k]


def expand(tensor: LowBitTensor, block: int = BLOCK):
    """The tensor the graph reads, as the model worker rebuilds it (web/model-session.js)."""
    import numpy as np

    values = steps(tensor.codes, tensor.multipliers, block, tensor.bits)
    if tensor.dtype == "int8":
        return values.astype(np.int8)
    if tensor.dtype == "uint8":
        return (values + 128).astype(np.uint8)
    return tensor.scales.astype(np.float32)[None, :] * values.astype(np.float32)


def wire_bytes(tensor: LowBitTensor) -> bytes:
    """What the download would carry for it: codes and multipliers one a byte (zstd codes their
    entropy, b bits at most), then, for a float weight, its float32 column scales."""
    extra = tensor.scales.astype("<f4").tobytes() if tensor.dtype == "float32" else b""
    return tensor.codes.tobytes() + tensor.multipliers.tobytes() + extra


def wire_length(shape, block: int = BLOCK) -> int:
    """Bytes of a float weight's ``wire_bytes``: K * N codes, ceil(K / block) * N multipliers, N float32 scales."""
    rows, cols = shape
    return rows * cols + -(-rows // block) * cols + 4 * cols


def from_wire(data: bytes, name: str, shape, bits: int, block: int = BLOCK) -> LowBitTensor:
    """The float weight ``name`` [K, N] back from its ``wire_bytes`` (what web/model-session.js reads);
    ``expand`` of it is the float32 tensor the graph names. Raises LowBitError naming the tensor when
    the bytes do not fit the shape or the codes and multipliers leave their ranges."""
    import numpy as np

    if len(shape) != 2 or not all(isinstance(d, int) and d > 0 for d in shape) or block < 1 or not 2 <= bits <= 8:
        raise LowBitError(f"encoder weights: {name} has shape {list(shape)}, block {block}, {bits} bits: "
                          f"not a grid; rebuild the site")
    rows, cols = shape
    if len(data) != wire_length(shape, block):
        raise LowBitError(f"encoder weights: {name} holds {len(data)} bytes, but a [{rows}, {cols}] grid in "
                          f"blocks of {block} takes {wire_length(shape, block)}; rebuild the site")
    raw = np.frombuffer(data, dtype=np.uint8)
    blocks = -(-rows // block)
    codes = raw[: rows * cols].reshape(rows, cols)
    multipliers = raw[rows * cols: (rows + blocks) * cols].reshape(blocks, cols)
    scales = np.frombuffer(data, dtype="<f4", offset=(rows + blocks) * cols).astype(np.float32)
    if codes.max() >= 2 ** bits or multipliers.min() < 1:
        raise LowBitError(f"encoder weights: {name} has codes above {2 ** bits - 1} or multipliers of 0; "
                          f"rebuild the site")
    return LowBitTensor(name, "float32", codes, multipliers, scales, bits)


@dataclass
class _Site:
    """A MatMul whose weight goes on the grid."""
    weight: str  # the weight's name as the MatMul reads it
    node: object  # the MatMul / MatMulInteger
    dtype: str  # "int8", "uint8" or "float32"
    scales_mul: object = None  # MatMulInteger: the Mul of activation scale and weight scale
    weight_scale: str = ""  # and the weight's scale and zero point initializers
    zero_point: str = ""
    cast: object = None  # a float16 weight's Cast to float32 (encoder_slim.py), removed


def _index(graph):
    inits = {t.name: t for t in graph.initializer}
    producers, readers = {}, {}
    for node in graph.node:
        for name in node.output:
            producers[name] = node
        for name in node.input:
            readers.setdefault(name, []).append(node)
    return inits, producers, readers


def _dynamic_site(node, inits, producers, readers) -> _Site | None:
    """DynamicQuantizeLinear(x) -> MatMulInteger(x_q, W, x_zp, W_zp) -> Cast -> Mul(., x_scale * W_scale)."""
    from onnx import TensorProto

    weight = inits[node.input[1]]
    quantize = producers.get(node.input[0])
    if len(node.input) < 4 or node.input[3] not in inits or quantize is None \
            or quantize.op_type != "DynamicQuantizeLinear" or quantize.output[2] != node.input[2]:
        return None
    cast = readers.get(node.output[0], [])
    mul = readers.get(cast[0].output[0], []) if len(cast) == 1 and cast[0].op_type == "Cast" else []
    if len(mul) != 1 or mul[0].op_type != "Mul":
        return None
    scales = producers.get(next((i for i in mul[0].input if i != cast[0].output[0]), ""))
    if scales is None or scales.op_type != "Mul" or quantize.output[1] not in scales.input:
        return None
    weight_scale = next((i for i in scales.input if i != quantize.output[1]), "")
    if weight_scale not in inits:
        return None
    dtype = {TensorProto.INT8: "int8", TensorProto.UINT8: "uint8"}[weight.data_type]
    return _Site(weight.name, node, dtype, scales, weight_scale, node.input[3])


def _sites(model, min_elements: int) -> list[_Site]:
    """Every dynamically quantized MatMul and every float MatMul by a constant 2-D weight (float32, or
    float16 behind a Cast) that only it reads."""
    import math

    from onnx import TensorProto

    inits, producers, readers = _index(model.graph)
    graph_inputs = {i.name for i in model.graph.input}
    found = []
    for node in model.graph.node:
        if node.op_type not in ("MatMul", "MatMulInteger") or node.domain not in ("", "ai.onnx"):
            continue
        name = node.input[1]
        cast = producers.get(name)
        source = cast.input[0] if cast is not None and cast.op_type == "Cast" else name
        tensor = inits.get(source)
        if tensor is None or source in graph_inputs or len(tensor.dims) != 2 or len(readers[name]) != 1 \
                or math.prod(tensor.dims) < min_elements or (cast is not None and len(readers[source]) != 1):
            continue
        if node.op_type == "MatMulInteger" and tensor.data_type in (TensorProto.INT8, TensorProto.UINT8):
            site = _dynamic_site(node, inits, producers, readers)
        elif node.op_type == "MatMul" and (tensor.data_type == TensorProto.FLOAT or (
                cast is not None and tensor.data_type == TensorProto.FLOAT16
                and any(a.name == "to" and a.i == TensorProto.FLOAT for a in cast.attribute))):
            site = _Site(name, node, "float32", cast=cast)
        else:
            site = None
        if site is not None:
            found.append(site)
    return found


def _float_weight(site: _Site, inits, reference: dict):
    """The site's weight as float: the reference's when it matches the stored weight, else the stored one."""
    import numpy as np
    from onnx import numpy_helper

    stored = numpy_helper.to_array(inits[site.cast.input[0] if site.cast is not None else site.weight])
    if site.dtype == "float32":
        values, step = stored.astype(np.float64), np.abs(stored).max() * 1e-3  # float16 rounds by < 5e-4
    else:
        scale = numpy_helper.to_array(inits[site.weight_scale]).astype(np.float64)
        zero = numpy_helper.to_array(inits[site.zero_point]).astype(np.float64)
        values, step = (stored.astype(np.float64) - zero) * scale, float(np.max(scale)) * 0.5001
    exact = reference.get(site.weight.removesuffix("_quantized"))
    # the float export must be the model this graph was made from: within a rounding step of it
    if exact is not None and exact.shape == values.shape and np.abs(exact - values).max() <= step:
        return exact.astype(np.float64)
    return values


def _reference_weights(reference_path: Path | None) -> dict:
    import onnx
    from onnx import numpy_helper

    if reference_path is None:
        return {}
    model = onnx.load(str(reference_path))
    return {t.name: numpy_helper.to_array(t) for t in model.graph.initializer if len(t.dims) == 2}


def _drop_unread(graph) -> None:
    """Remove initializers (and the Cast nodes this step bypassed) that nothing reads any more."""
    read = {name for node in graph.node for name in node.input} | {o.name for o in graph.output}
    for tensor in [t for t in graph.initializer if t.name not in read]:
        graph.initializer.remove(tensor)


def to_grid(model_bytes: bytes, reference_path: Path | None = None, block: int = BLOCK,
            min_elements: int = MIN_ELEMENTS, bits: int = 6, float_bits: int = 6, kinds=("int", "float")):
    """(onnx.ModelProto with its MatMul weights on the grid, [LowBitTensor]); same nodes and kernels.

    ``bits`` for dynamically quantized (int8) weights, ``float_bits`` for float ones; ``kinds`` picks
    which of the two ("int", "float") are touched. ``reference_path``: the float32 export, if any.
    """
    import numpy as np
    import onnx
    from onnx import numpy_helper

    try:
        model = onnx.load_from_string(model_bytes)
    except Exception as error:  # protobuf's DecodeError and friends
        raise LowBitError(f"not an ONNX graph: {error}") from error
    graph = model.graph
    sites = _sites(model, min_elements)
    reference = _reference_weights(reference_path) if sites else {}
    inits = {t.name: t for t in graph.initializer}
    tensors = []
    for site in sites:
        if ("float" if site.dtype == "float32" else "int") not in kinds:
            continue
        b = float_bits if site.dtype == "float32" else bits
        top = 15 if site.dtype == "float32" else min(15, 127 // 2 ** (b - 1))
        codes, multipliers, scales = quantize_blocks(_float_weight(site, inits, reference), block, b, top)
        tensor = LowBitTensor(site.weight, site.dtype, codes, multipliers, scales, b)
        values = numpy_helper.from_array(expand(tensor, block), site.weight)
        if site.cast is not None:
            graph.node.remove(site.cast)
            graph.initializer.append(values)
        else:
            inits[site.weight].CopyFrom(values)
        if site.dtype != "float32":
            zero = np.full(scales.shape, 0 if site.dtype == "int8" else 128, dtype=site.dtype)
            graph.initializer.extend([numpy_helper.from_array(scales, f"{site.weight}__lowbit_scale"),
                                      numpy_helper.from_array(zero, f"{site.weight}__lowbit_zero_point")])
            site.node.input[3] = f"{site.weight}__lowbit_zero_point"
            slot = list(site.scales_mul.input).index(site.weight_scale)
            site.scales_mul.input[slot] = f"{site.weight}__lowbit_scale"
        tensors.append(tensor)
    _drop_unread(graph)
    return model, tensors
