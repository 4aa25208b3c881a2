"""Build step: the text encoder's float MatMul weights on a 6-bit grid, so they travel as codes.

WHY: after the token table (encoder_shrink.py) the bundled INT8 MiniLM's three
float feed-forward weights are 3.02 MB of zstd on the wire as float16 byte
planes (encoder_preopt.py). Put on the grid of encoder_lowbit.py (per block of
32 inputs per output column an integer multiplier, per column a float32 scale,
6-bit codes) they travel as codes, multipliers and scales: 1.27 MB zstd. The
graph keeps its nodes and float32 kernels; it holds exactly the float32 values
``encoder_lowbit.expand`` gives, and the model worker rebuilds those from the
codes (web/model-session.js). Only float MatMul weights are touched: the int8
MatMulInteger weights at 6 bits cost more quality than the encoder's budget
(encoder_lowbit.py has the figures).

The codes always come from the weights the graph holds (float16 after
encoder_slim.py), never from the float32 reference: that file is not committed,
and a fresh checkout must ship the same bytes as a build that has it. Measured
on the 40 check phrases against float32 MiniLM (mean / min cosine): the graph
before this step 0.99449 / 0.98737, with its FFN weights on the grid 0.99413 /
0.98790 (codes made from the float32 export instead: 0.99442 / 0.98742).

The result is checked before it ships (``check_grid``), otherwise the weights
stay float16:

* with the float32 reference: mean cosine to it may drop by at most
  ``MAX_MEAN_LOSS`` from the input graph's, and no phrase may fall below
  ``FLOOR`` (nor below the input graph's own worst, whichever is lower);
* without it (fresh checkouts, CI): where the change is, each grid weight's
  products with random inputs keep cosine >= ``LAYER_MIN`` to the stored
  weight's (measured 0.99948 at worst), and end to end the embeddings stay
  within the re-quantization noise of the input graph for a graph that
  re-quantizes its activations (encoder_shrink's ``NOISE_MEAN`` / ``NOISE_MIN``;
  measured 0.99458 / 0.98890), else within ``MAX_MEAN_LOSS`` / ``FLOOR`` of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FLOAT_BITS = 6  # code bits of a float weight (encoder_lowbit: 8 / 6 / 5 / 4 bits measured)
MAX_MEAN_LOSS = 0.002  # allowed loss of mean cosine to the yardstick over the check phrases
FLOOR = 0.98  # and no phrase below this cosine to it (unless the input graph already is)
LAYER_MIN = 0.999  # no reference: a grid weight's products vs the stored weight's, worst row


@dataclass
class GridResult:
    data: bytes  # the graph to ship: its float MatMul weights on the grid, or the input when not
    tensors: list = field(default_factory=list)  # encoder_lowbit.LowBitTensor of each weight put on the grid
    check: str = ""  # what the check measured, for the build log


def float_grid(model_bytes: bytes, bits: int = FLOAT_BITS):
    """(graph bytes with every big float MatMul weight on the grid, [LowBitTensor]); int8 weights untouched.
    The same bytes whether or not a float32 reference exists (the codes come from the graph)."""
    from .encoder_lowbit import to_grid

    model, tensors = to_grid(model_bytes, None, float_bits=bits, kinds=("float",))
    return model.SerializeToString(), tensors


def _stored_weights(model_bytes: bytes, names: list[str]) -> dict:
    """{name: float64 array} of the weights the MatMuls read as ``names``: the initializer itself,
    or the one behind its Cast (a float16 weight, encoder_slim.py)."""
    import numpy as np
    import onnx
    from onnx import numpy_helper

    graph = onnx.load_from_string(model_bytes).graph
    inits = {t.name: t for t in graph.initializer}
    casts = {n.output[0]: n.input[0] for n in graph.node if n.op_type == "Cast"}
    return {name: numpy_helper.to_array(inits[name if name in inits else casts[name]]).astype(np.float64)
            for name in names}


def layer_cosine(model_bytes: bytes, tensors, rows: int = 64, seed: int = 0) -> float:
    """Worst row cosine between x @ W (the stored weight) and x @ expand(grid weight), x standard normal."""
    import numpy as np

    from .encoder_lowbit import expand

    stored = _stored_weights(model_bytes, [t.name for t in tensors])
    rng = np.random.default_rng(seed)
    worst = 1.0
    for tensor in tensors:
        weight = stored[tensor.name]
        x = rng.standard_normal((rows, weight.shape[0]))
        exact, rounded = x @ weight, x @ expand(tensor).astype(np.float64)
        norms = np.linalg.norm(exact, axis=1) * np.linalg.norm(rounded, axis=1)
        worst = min(worst, float(((exact * rounded).sum(axis=1) / np.where(norms > 0, norms, 1.0)).min()))
    return worst


def check_grid(original: bytes, gridded: bytes, tensors, token_ids: list[list[int]], spec: dict,
               reference: bytes | None = None) -> tuple[bool, str]:
    """(passed, description) for shipping ``gridded`` instead of ``original``: the encoder steps'
    embedding rule (encoder_shrink.embedding_check) with this step's limits, and without the
    reference also each grid weight's own products (``layer_cosine``)."""
    from .encoder_shrink import embedding_check

    passed, text = embedding_check(original, gridded, token_ids, spec, reference,
                                   max_mean_loss=MAX_MEAN_LOSS, floor=FLOOR, was="input graph")
    if reference is not None:
        return passed, text
    layers = layer_cosine(original, tensors)
    return bool(passed and layers >= LAYER_MIN), (
        f"grid weights' outputs: min cosine {layers:.5f} to the stored weights'; embeddings: {text}")


def grid_encoder(model_bytes: bytes, token_ids: list[list[int]], spec: dict, reference_path: Path | None = None,
                 label: str = "encoder", bits: int = FLOAT_BITS) -> GridResult:
    """The encoder bytes to ship: its float MatMul weights on the grid if that passes ``check_grid``."""
    gridded, tensors = float_grid(model_bytes, bits)
    if not tensors:
        return GridResult(model_bytes, check="no float MatMul weight large enough for the grid")
    reference = Path(reference_path).read_bytes() if reference_path else None
    passed, text = check_grid(model_bytes, gridded, tensors, token_ids, spec, reference)
    if not passed:
        print(f"note: {label}: {bits}-bit grid for the float MatMul weights rejected ({text}); "
              f"shipping them as they were")
        return GridResult(model_bytes, check=text)
    return GridResult(gridded, tensors, text)
