"""Build-time shrinking of the text encoder's token-embedding table on the wire.

WHY: the table is the biggest thing the site ships. In the bundled INT8 MiniLM
it is ``bert.embeddings.word_embeddings`` as uint8 [30522, 384] with one scale
for the whole tensor: 11.7 MB of the 21 MB graph, 7.67 MB of its 16.07 MB zstd
(the codes' entropy is 5.2 bits). A brought CLIP-family text model keeps its
[49408, D] table in float32. The table is only ever *looked up* (a Gather by
token id): it needs no MatMul kernel, and its values can be coarser than the
8-bit grid they sit on.

What this step does: it rounds the table's values to a coarser uniform grid
(``STEP_OVER_STD`` of the table's standard deviation) and leaves the storage as
the graph already reads it: uint8 codes and a ``DequantizeLinear`` after the
Gather. For an INT8 table the codes are rounded to multiples of ``k`` steps
around the zero point (same scale, same zero point, same nodes: the graph is
byte-identical in form, every op, kernel and the browser's code unchanged); a
float table becomes uint8 codes with a DequantizeLinear behind its Gather.
Fewer distinct codes -> lower entropy -> zstd (which the site serves) sends
fewer bytes: 3 bits less than 8 a value is what 4-bit packing would save raw,
but entropy-coded uniform steps beat fixed 16 levels at equal bytes.

Measured on 677 phrases against float32 MiniLM (mean / min cosine; table zstd):
INT8 original 0.99517 / 0.98344, 7.67 MB; k=3 (0.33 sd) 0.99427 / 0.97862,
5.33 MB; k=4 0.99293 / 0.97820, 4.68 MB; k=5 0.99227 / 0.97790, 4.31 MB. A
4-bit table packed two codes a byte with per-row and per-column scales and a
16-level Lloyd-Max codebook (tried first) kept 0.99255 / 0.97850 at 5.89 MB:
smaller raw, larger on the wire and worse. The same rounding of the INT8 MatMul
weights costs far more (k=2: mean 0.99182): only the table is touched.

The result is checked before it ships (``check_shrunk``): against the float32
reference when there is one (the bundled model's ``onnx/model.onnx``), else
against the original graph: mean cosine may drop by at most ``MAX_MEAN_LOSS``
and no check phrase may fall below ``FLOOR`` (nor below the original's own
worst, whichever is lower). Otherwise the site ships the graph as it was.

Without the reference, a graph that re-quantizes its activations per call (the
bundled INT8 MiniLM) is held to the looser ``NOISE_MEAN`` / ``NOISE_MIN`` against
the original instead: there any weight change moves the embeddings to cosine
≈ 0.99–0.995 of the original (encoder_slim.py explains why), so "within 0.005 of
the original" cannot tell noise from damage. Measured on the 40 check phrases:
against the original 0.99237 mean / 0.98276 min, while against float32 MiniLM the
shrunk graph keeps 0.99449 / 0.98737 (the original 0.99504 / 0.98818). The
reference is not committed (``iconseek export`` writes it), so a fresh checkout
and CI take this path; the build must ship the same graph either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "uint8-coarse-grid"  # for the build log and docs: the table stays uint8 + DequantizeLinear
MIN_ROWS = 4096  # smaller lookup tables (positions, token types) are not worth it
STEP_OVER_STD = 0.33  # the coarser grid's step, in standard deviations of the table's values
MAX_MEAN_LOSS = 0.005  # allowed loss of mean cosine to the yardstick over the check phrases
FLOOR = 0.95  # and no phrase below this cosine to it (unless the original already is)
NOISE_MEAN = 0.99  # without a reference, for a re-quantizing graph: mean cosine to the original
NOISE_MIN = 0.975  # and the worst phrase's


class ShrinkError(ValueError):
    """The graph or a table in it cannot be shrunk as asked."""


@dataclass
class ShrinkResult:
    data: bytes  # the graph to ship: shrunk, or the input if nothing was shrunk or the check failed
    tables: list[str] = field(default_factory=list)  # tables put on a coarser grid
    check: str = ""  # what the check measured, for the build log


@dataclass
class _Table:
    name: str  # the initializer
    gather: object  # the Gather node that reads it
    dequantize: object | None  # the DequantizeLinear behind the Gather (integer tables), else None


def coarsen_codes(codes, zero_point: int, k: int):
    """Integer codes rounded to multiples of ``k`` around ``zero_point``, kept inside the dtype's range."""
    import numpy as np

    if k < 1:
        raise ShrinkError(f"grid factor must be >= 1, got {k}")
    info = np.iinfo(codes.dtype)
    steps = np.round((codes.astype(np.int64) - zero_point) / k)
    steps = np.clip(steps, -((zero_point - info.min) // k), (info.max - zero_point) // k)
    return (zero_point + steps * k).astype(codes.dtype)


def quantize_float_table(values, step: float):
    """(uint8 codes, scale, zero point) of a float table on a grid of ``step`` (wider if 256 steps cannot span it)."""
    import numpy as np

    values = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(values)):
        raise ShrinkError("the lookup table holds NaN or infinite values")
    low, high = min(float(values.min()), 0.0), max(float(values.max()), 0.0)
    step = max(step, (high - low) / 255 or 1.0)
    zero = int(np.clip(round(-low / step), 0, 255))
    codes = np.clip(np.round(values / step) + zero, 0, 255).astype(np.uint8)
    return codes, np.float32(step), np.uint8(zero)


def _lookup_tables(model) -> list[_Table]:
    """Every Gather whose data is a big constant table: float, or uint8/int8 codes behind a per-tensor
    DequantizeLinear (scale and zero point scalar constants)."""
    from onnx import TensorProto

    graph = model.graph
    inits = {t.name: t for t in graph.initializer}
    graph_inputs = {i.name for i in graph.input}
    readers: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            readers.setdefault(name, []).append(node)
    found = []
    for node in graph.node:
        if node.op_type != "Gather" or node.input[0] not in inits or node.input[0] in graph_inputs:
            continue
        table = inits[node.input[0]]
        if len(table.dims) != 2 or table.dims[0] < MIN_ROWS or len(readers[table.name]) != 1:
            continue
        if any(a.name == "axis" and a.i != 0 for a in node.attribute):
            continue
        if table.data_type in (TensorProto.FLOAT, TensorProto.FLOAT16):
            found.append(_Table(table.name, node, None))
            continue
        after = readers.get(node.output[0], [])
        if table.data_type in (TensorProto.UINT8, TensorProto.INT8) and len(after) == 1 \
                and after[0].op_type == "DequantizeLinear" and _scalar_quantization(after[0], inits):
            found.append(_Table(table.name, node, after[0]))
    return found


def _scalar_quantization(dequantize, inits) -> tuple[float, int] | None:
    """(scale, zero point) of a per-tensor DequantizeLinear with constant inputs, else None."""
    from onnx import numpy_helper

    names = list(dequantize.input) + [""] * (3 - len(dequantize.input))
    if names[1] not in inits or (names[2] and names[2] not in inits):
        return None
    scale = numpy_helper.to_array(inits[names[1]])
    zero = numpy_helper.to_array(inits[names[2]]) if names[2] else None
    if scale.size != 1 or (zero is not None and zero.size != 1):
        return None  # per-axis quantized: not a form this step reads
    return float(scale.reshape(-1)[0]), int(zero.reshape(-1)[0]) if zero is not None else 0


def shrink_tables(model_bytes: bytes, step_over_std: float = STEP_OVER_STD):
    """(onnx.ModelProto with its big lookup tables on a coarser grid, names of those tables).

    Raises ShrinkError for bytes that are not an ONNX graph or a table it cannot hold on a grid.
    """
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper

    if not step_over_std > 0:
        raise ShrinkError(f"the grid step must be > 0 standard deviations, got {step_over_std}")
    try:
        model = onnx.load_from_string(model_bytes)
    except Exception as error:  # protobuf's DecodeError and friends
        raise ShrinkError(f"not an ONNX graph: {error}") from error
    inits = {t.name: t for t in model.graph.initializer}
    shrunk = []
    for table in _lookup_tables(model):
        tensor = inits[table.name]
        if table.dequantize is not None:
            scale, zero = _scalar_quantization(table.dequantize, inits)
            codes = numpy_helper.to_array(tensor)
            sd = float((codes.astype(np.float64) - zero).std()) * scale
            k = int(round(step_over_std * sd / scale)) if scale > 0 else 1
            if k < 2:
                continue  # the table's grid is already as coarse as asked
            tensor.CopyFrom(numpy_helper.from_array(coarsen_codes(codes, zero, k), table.name))
        else:
            values = numpy_helper.to_array(tensor).astype(np.float32)
            codes, scale, zero = quantize_float_table(values, step_over_std * float(values.std()))
            tensor.CopyFrom(numpy_helper.from_array(codes, table.name))
            model.graph.initializer.extend([numpy_helper.from_array(scale, f"{table.name}__scale"),
                                            numpy_helper.from_array(zero, f"{table.name}__zero_point")])
            rows = f"{table.gather.output[0]}__codes"
            dequantize = helper.make_node("DequantizeLinear", [rows, f"{table.name}__scale", f"{table.name}__zero_point"],
                                          [table.gather.output[0]], name=f"{table.name}__dequantize")
            table.gather.output[0] = rows
            index = list(model.graph.node).index(table.gather)
            model.graph.node.insert(index + 1, dequantize)
        shrunk.append(table.name)
    return model, shrunk


def embeddings(model_bytes: bytes, token_ids: list[list[int]], spec: dict):
    """The encoder's output for each id list as a unit vector (flattened: unpooled outputs differ in
    length), fed as the model worker feeds it."""
    import numpy as np
    import onnxruntime as ort

    from .encoder_preopt import encoder_feeds

    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])
    output = spec.get("output") or session.get_outputs()[0].name
    rows = []
    for ids in token_ids:
        vector = session.run([output], encoder_feeds(session, ids, spec))[0].reshape(-1).astype(np.float64)
        rows.append(vector / (np.linalg.norm(vector) or 1.0))
    return rows


def _cosines(a, b):
    import numpy as np

    return np.array([float(x @ y) for x, y in zip(a, b)])


def embedding_check(original: bytes, candidate: bytes, token_ids: list[list[int]], spec: dict,
                    reference: bytes | None = None, max_mean_loss: float = MAX_MEAN_LOSS, floor: float = FLOOR,
                    was: str = "original") -> tuple[bool, str]:
    """(passed, description) for shipping ``candidate`` instead of ``original``: the one rule of every
    lossy encoder step (this module, encoder_grid.py).

    With the float32 ``reference``: mean cosine to it may drop by at most ``max_mean_loss`` and no
    phrase may fall below ``floor`` (nor below the original's own worst, whichever is lower).
    Without it: a graph that re-quantizes its activations per call must stay within that
    re-quantization's noise of the original (``NOISE_MEAN`` / ``NOISE_MIN``), any other graph
    within ``max_mean_loss`` / ``floor`` of it.
    """
    before = embeddings(original, token_ids, spec)
    after = embeddings(candidate, token_ids, spec)
    if reference is None:
        from .encoder_slim import _requantizes_activations

        c = _cosines(before, after)
        if _requantizes_activations(original):
            passed = c.mean() >= NOISE_MEAN and c.min() >= NOISE_MIN
        else:
            passed = c.mean() >= 1.0 - max_mean_loss and c.min() >= floor
        return bool(passed), f"cosine to the {was}: mean {c.mean():.5f}, min {c.min():.5f} (no float32 reference)"
    r = embeddings(reference, token_ids, spec)
    before_r, now = _cosines(before, r), _cosines(after, r)
    passed = now.mean() >= before_r.mean() - max_mean_loss and now.min() >= min(floor, before_r.min())
    return bool(passed), (f"cosine to the float32 reference: mean {now.mean():.5f} ({was} {before_r.mean():.5f}), "
                          f"min {now.min():.5f} ({was} {before_r.min():.5f})")


def check_shrunk(original: bytes, shrunk: bytes, token_ids: list[list[int]], spec: dict,
                 reference: bytes | None = None):
    """(passed, description) for shipping ``shrunk`` instead of ``original``."""
    return embedding_check(original, shrunk, token_ids, spec, reference)


def shrink_encoder(model_bytes: bytes, token_ids: list[list[int]], spec: dict, reference_path: Path | None = None,
                   label: str = "encoder", step_over_std: float = STEP_OVER_STD) -> ShrinkResult:
    """The encoder bytes to ship: its lookup tables on the coarser grid if that passes ``check_shrunk``."""
    model, names = shrink_tables(model_bytes, step_over_std)
    if not names:
        return ShrinkResult(model_bytes, check="no lookup table large enough to shrink")
    shrunk = model.SerializeToString()
    reference = Path(reference_path).read_bytes() if reference_path else None
    passed, text = check_shrunk(model_bytes, shrunk, token_ids, spec, reference)
    if not passed:
        print(f"note: {label}: coarser lookup-table grid rejected ({text}); shipping the table as it was")
        return ShrinkResult(model_bytes, check=text)
    return ShrinkResult(shrunk, names, text)


def float_reference(graph_path: Path) -> Path | None:
    """The float32 export beside an INT8 graph (``x_quantized.onnx`` -> ``x.onnx``), when it is there."""
    graph_path = Path(graph_path)
    if not graph_path.stem.endswith("_quantized"):
        return None
    candidate = graph_path.with_name(graph_path.stem[: -len("_quantized")] + graph_path.suffix)
    return candidate if candidate.is_file() else None
