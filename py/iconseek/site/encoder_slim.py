"""Build-time slimming of the text encoder graph: large float32 weights stored as float16.

WHY: the bundled INT8 MiniLM keeps three feed-forward MatMul weights in float32
(dynamic quantization left them out), 7.1 MB of the 28 MB graph, and float32
weights barely compress (gzip 6.6 MB). Stored as float16 with a ``Cast`` to
float32 in front of their consumers they are 3.5 MB raw / 3.3 MB gzip, and
onnxruntime (CPython and web) folds a Cast of a constant initializer when the
session is created, so inference still runs on the same float32 kernels: only
the rounding of the weights to half precision changes (relative error < 5e-4).

The transformation is verified at build time, and the site ships the slim graph
only if it passes; otherwise the original bytes ship unchanged (models/ is
never modified). Two checks, depending on what is available:

* with a float32 reference graph (the bundled model's ``onnx/model.onnx``): the
  slim graph must be as close to the reference as the original INT8 graph is
  (mean cosine over the check phrases within ``REFERENCE_SLACK``, and no phrase below
  ``REFERENCE_FLOOR`` unless the original already is).
  WHY not "cosine to the original >= 0.9999": in a dynamically quantized graph
  every activation is re-quantized to int8 per call, so any change to a weight,
  however small, flips some roundings downstream. Measured on 59 queries: float16
  FFN weights give cosine 0.995 to the original INT8 graph, and so does merely
  rounding away 8 of float32's 23 mantissa bits (0.998), yet against float32
  MiniLM both graphs score the same (mean 0.99374 original, 0.99370 slim; min
  0.98342 and 0.98343). The quantization noise is already there; float16 adds
  none that matters.
* without a reference (the float32 export is not committed; ``iconseek export``
  makes it): graphs without dynamic quantization need cosine to the original
  >= ``MIN_COSINE`` end to end. Dynamically quantized graphs, where that cannot
  hold (above), are checked where the change is: every converted weight's
  product with random inputs must keep cosine >= ``MIN_COSINE`` to the float32
  product (``layer_cosine``), and end to end the embeddings must stay within the
  quantization noise of the original (min cosine >= ``NOISE_FLOOR``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MIN_ELEMENTS = 65_536  # smaller float32 tensors (biases, LayerNorm) are not worth a Cast node
MIN_COSINE = 0.9999
REFERENCE_SLACK = 0.001  # allowed loss of mean cosine to the float32 reference
NOISE_FLOOR = 0.98  # end-to-end cosine to the original a re-quantizing graph must keep (no reference)
REFERENCE_FLOOR = 0.98  # and no phrase may fall below this cosine to the reference (nor below the original's)
HALF_MAX = 65_504.0  # largest finite float16: weights beyond it cannot be stored as half


@dataclass
class SlimResult:
    data: bytes  # the graph to ship (slim, or the original if slimming did not pass its check)
    converted: list[str]  # initializers now stored as float16
    saved_bytes: int  # raw bytes saved
    min_cosine: float | None  # over the check phrases; None when nothing was converted
    check: str = ""  # what the check measured, for the build log


def fp16_weights(model_bytes: bytes, min_elements: int = MIN_ELEMENTS):
    """Return (onnx.ModelProto with big float32 initializers as float16 + Cast, names converted).

    Only initializers that are graph constants (not graph inputs), have at least
    ``min_elements`` values and fit in float16's range are converted; every node
    input that read one now reads the Cast's float32 output instead.
    """
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load_from_string(model_bytes)
    graph = model.graph
    graph_inputs = {i.name for i in graph.input}
    converted: list[str] = []
    casts = []
    for index, tensor in enumerate(graph.initializer):
        if tensor.data_type != TensorProto.FLOAT or tensor.name in graph_inputs:
            continue
        array = numpy_helper.to_array(tensor)
        if array.size < min_elements or not np.all(np.abs(array) <= HALF_MAX):
            continue
        name = tensor.name  # read before CopyFrom: ``tensor`` is a view of the slot being replaced
        half_name = f"{name}__fp16"
        graph.initializer[index].CopyFrom(numpy_helper.from_array(array.astype(np.float16), half_name))
        casts.append(helper.make_node("Cast", [half_name], [name], to=TensorProto.FLOAT, name=f"{name}__cast_fp32"))
        converted.append(name)
    if casts:
        # The Cast produces the original name, so consumers need no rewiring;
        # putting the Casts first keeps the node list topologically sorted.
        nodes = list(graph.node)
        del graph.node[:]
        graph.node.extend(casts + nodes)
    return model, converted


def sentence_embeddings(model_bytes: bytes, token_ids: list[list[int]]):
    """Run a sentence-embedding graph (inputs input_ids/attention_mask[/token_type_ids]) on CPU."""
    import numpy as np
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    rows = []
    for ids in token_ids:
        feeds = {}
        for name in names:
            if name == "input_ids":
                feeds[name] = np.asarray([ids], dtype=np.int64)
            elif name == "attention_mask":
                feeds[name] = np.ones((1, len(ids)), dtype=np.int64)
            elif name == "token_type_ids":
                feeds[name] = np.zeros((1, len(ids)), dtype=np.int64)
            else:
                raise ValueError(f"encoder input {name!r} is not supported by the slim check")
        vector = session.run(None, feeds)[0].reshape(-1).astype(np.float64)
        rows.append(vector / (np.linalg.norm(vector) or 1.0))
    return np.stack(rows)


def cosines(a, b):
    """Row-wise cosine of two stacks of unit vectors."""
    return (a * b).sum(axis=1)


def layer_cosine(original: bytes, names: list[str], rows: int = 64, seed: int = 0) -> float:
    """Smallest row cosine between x @ W and x @ float16(W) over the named 2-D weights.

    x is standard normal (``rows`` x in-features): the products of a linear layer
    with its rounded weights, free of whatever the rest of the graph does.
    """
    import numpy as np
    import onnx
    from onnx import numpy_helper

    model = onnx.load_from_string(original)
    wanted = set(names)
    rng = np.random.default_rng(seed)
    worst = 1.0
    for tensor in model.graph.initializer:
        if tensor.name not in wanted:
            continue
        weight = numpy_helper.to_array(tensor).astype(np.float64)
        matrix = weight.reshape(weight.shape[0], -1) if weight.ndim != 2 else weight
        x = rng.standard_normal((rows, matrix.shape[0]))
        exact = x @ matrix
        rounded = x @ matrix.astype(np.float16).astype(np.float64)
        norms = np.linalg.norm(exact, axis=1) * np.linalg.norm(rounded, axis=1)
        worst = min(worst, float(((exact * rounded).sum(axis=1) / np.where(norms > 0, norms, 1.0)).min()))
    return worst


def _requantizes_activations(model_bytes: bytes) -> bool:
    import onnx

    model = onnx.load_from_string(model_bytes)
    return any(node.op_type == "DynamicQuantizeLinear" for node in model.graph.node)


def check_slim(original: bytes, slim: bytes, token_ids: list[list[int]], reference: bytes | None = None,
               converted: list[str] | None = None):
    """(passed, summary figure, description) for shipping ``slim`` instead of ``original``."""
    a = sentence_embeddings(original, token_ids)
    b = sentence_embeddings(slim, token_ids)
    if reference is None:
        worst = float(cosines(a, b).min())
        if converted and _requantizes_activations(original):
            layers = layer_cosine(original, converted)
            passed = layers >= MIN_COSINE and worst >= NOISE_FLOOR
            return passed, worst, (f"converted layers' outputs: min cosine {layers:.7f} to float32; "
                                   f"embeddings: min cosine {worst:.5f} to the original (no float32 reference)")
        return worst >= MIN_COSINE, worst, f"min cosine to the original {worst:.6f}"
    r = sentence_embeddings(reference, token_ids)
    before, after = cosines(a, r), cosines(b, r)
    passed = (after.mean() >= before.mean() - REFERENCE_SLACK
              and after.min() >= min(REFERENCE_FLOOR, before.min()))
    text = (f"cosine to the float32 reference: mean {after.mean():.5f} (original {before.mean():.5f}), "
            f"min {after.min():.5f} (original {before.min():.5f})")
    return bool(passed), float(after.min()), text


def slim_encoder(graph_path: Path, token_ids: list[list[int]], reference_path: Path | None = None) -> SlimResult:
    """The encoder bytes to ship: the float16-weight version if it passes ``check_slim``."""
    original = Path(graph_path).read_bytes()
    model, converted = fp16_weights(original)
    if not converted:
        return SlimResult(original, [], 0, None, "no float32 weight large enough to convert")
    slim = model.SerializeToString()
    reference = Path(reference_path).read_bytes() if reference_path else None
    passed, figure, text = check_slim(original, slim, token_ids, reference, converted)
    if not passed:
        print(f"note: {graph_path}: float16 weights rejected ({text}); shipping the original graph")
        return SlimResult(original, [], 0, figure, text)
    return SlimResult(slim, converted, len(original) - len(slim), figure, text)
