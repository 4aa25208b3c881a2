"""The vector-scoring ONNX graph the browser runs after the text encoder.

    t2i_query [1, D] ─ MatMul(V_t2i [D, N]) ─ Add(bias) ─ TopK(k) ─▶ t2i_scores, t2i_indices
    t2t_query [1, D] ─ MatMul(V_t2t [D, N]) ─ Add(bias) ─ TopK(k) ─▶ t2t_scores, t2t_indices

WHY one query input per arm: a text search feeds the same encoded query to
every arm, but "icons like this icon" (window.iconseek.similar) feeds each arm
the icon's own vector of that arm: its picture vector to the picture arm, its
meaning vector to the meaning arm, in one run.

WHY a graph and not a JavaScript loop: onnxruntime-web's wasm MatMul uses SIMD
and its thread pool; scoring 23k x 384 takes a few milliseconds (docs/DEPLOYMENT.md).
WHY [D, N] ("transposed"): MatMul [1, D] x [D, N] streams the matrix row by row,
which is the layout the kernel is fastest with; the contract stores vectors that
way (docs/CONTRACTS.md).
WHY int8 storage + Cast*scale: onnxruntime folds a Cast (and a Mul) of constant
initializers when the session is created, so queries run on a float32 matrix at
full speed whatever the storage. ``storage="int8"`` keeps one int8 per value and
a float32 scale per icon (symmetric, per icon column). With ``bits`` < 8 the
values use fewer levels but still one byte each: the gzip/brotli layer of the
HTTP transfer then entropy-codes them to about ``bits`` bits, with no bit
packing to undo in the browser. Measured on 22.6k MiniLM vectors and 30 queries
(per arm, gzip): 8 bits 7.9 MB, top-10 overlap 1.000; 7 bits 6.9 MB, 1.000;
6 bits 6.0 MB, 0.990; 5 bits 5.0 MB, 0.977; fp16 15.8 MB. The default is 4 bits
(3.8 MB per arm): on the dev benchmark (``iconseek eval bench/dev --arms bm25 t2t
t2i`` with the vectors rounded this way) MRR@10 is 0.705 against 0.697 for the
float16 vectors, nDCG@10 0.538 vs 0.536, R@50 0.508 vs 0.513. ``storage="fp16"``
stores half floats + Cast.

WHY ``storage="int4"`` (the default for iconseek's own vectors): the folding
above is paid in the browser at session creation, on two 23k x 384 matrices,
while Pyodide starts on the same two cores (about a second of a cold start). With
int4 the graph holds no vector bytes: its [D, N] float32 initializers are
*external data*, and the browser builds them in JavaScript from a separate file
of packed 4-bit values (two per byte, ``pack_int4``), which is also half the
size of one level per byte. Same levels and per-icon scales as ``int8`` with
4 bits, so the same scores.
WHY projections: an arm whose icon vectors span fewer dimensions than the query's
ships them projected (vector_projection.py, ``--vector-energy``): the graph
multiplies the [1, D] query by the arm's [D, d] projection, then scores [d, N],
so fewer bytes, less memory in the browser and a shorter MatMul, same ranking math.
``bias`` ([1, N], 0 or -1e4) implements the library filter exactly inside TopK;
icons an arm has no vector for (``excluded``) get a constant -1e4 the same way.
"""

from __future__ import annotations

from typing import Mapping

FILTERED_OUT = -1.0e4  # bias value for icons outside the chosen library
OPSET = 17


def quantize_columns(matrix, bits: int = 8):
    """Symmetric per-column quantization to ``bits`` (2..8) levels in int8.

    Returns (int8 [D, N], float32 scale [1, N]); column j is ``q[:, j] * scale[j]``.
    """
    import numpy as np

    if not 2 <= bits <= 8:
        raise ValueError(f"bits must be between 2 and 8, not {bits}")
    top = 2 ** (bits - 1) - 1
    m = np.asarray(matrix, dtype=np.float32)
    peak = np.abs(m).max(axis=0, keepdims=True)
    scale = np.where(peak > 0, peak / top, 1.0).astype(np.float32)
    q = np.clip(np.rint(m / scale), -top, top).astype(np.int8)
    return q, scale


INT4_OFFSET = 8  # a 4-bit level q in -7..7 is stored as q + 8 (1..15) in its nibble


def query_input(arm: str) -> str:
    """The graph input holding the query vector for ``arm``."""
    return f"{arm}_query"


def external_name(arm: str) -> str:
    """The external-data location of an arm's float32 matrix in an int4 scoring graph."""
    return f"{arm}.f32"


def pack_int4(matrix, bits: int = 4) -> tuple[bytes, int]:
    """Pack a [D, N] matrix as 4-bit levels: returns (blob, scale_offset).

    Layout: ceil(D/2) rows of N bytes, row r holding matrix rows 2r (low nibble)
    and 2r+1 (high nibble) as ``q + 8``; zero padding to a multiple of 4 bytes;
    then N little-endian float32 per-column scales. Column j of row d is
    ``(nibble - 8) * scale[j]``.
    """
    import numpy as np

    if not 2 <= bits <= 4:
        raise ValueError(f"int4 storage takes 2..4 bits, not {bits}")
    q, scale = quantize_columns(matrix, bits)
    dim, count = q.shape
    if dim % 2:
        q = np.vstack([q, np.zeros((1, count), np.int8)])
    u = (q.astype(np.int16) + INT4_OFFSET).astype(np.uint8)
    packed = (u[0::2] | (u[1::2] << 4)).astype(np.uint8).tobytes()
    scale_offset = -(-len(packed) // 4) * 4
    blob = packed + b"\0" * (scale_offset - len(packed)) + scale.astype("<f4").tobytes()
    return blob, scale_offset


def unpack_int4(blob: bytes, dim: int, count: int, scale_offset: int):
    """Inverse of ``pack_int4`` (what the browser does in JavaScript): float32 [D, N]."""
    import numpy as np

    rows = -(-dim // 2)
    packed = np.frombuffer(blob, np.uint8, rows * count).reshape(rows, count)
    scale = np.frombuffer(blob, "<f4", count, scale_offset)
    out = np.empty((rows * 2, count), np.float32)
    out[0::2] = (packed & 15).astype(np.float32) - INT4_OFFSET
    out[1::2] = (packed >> 4).astype(np.float32) - INT4_OFFSET
    return out[:dim] * scale


def projection_name(arm: str) -> str:
    """The external-data location of an arm's float32 [D, d] query projection (vector_projection.py)."""
    return f"{arm}.proj"


def pack_vectors(arms: Mapping[str, "object"], bits: int = 4,
                 projections: Mapping[str, "object"] | None = None) -> tuple[bytes, dict]:
    """All arms' ``pack_int4`` blobs in one file; returns (bytes, layout for manifest.json).

    With ``projections`` (``{arm: float32 [D, d]}``, the ``arms`` then being the
    projected ``[d, N]`` matrices, d per arm) each arm's blob is followed by its
    projection as little-endian float32, row-major, at ``projection_offset``, and
    its entry says its ``dims`` (d).
    """
    import numpy as np

    parts, layout, offset = [], {}, 0
    for name, matrix in arms.items():
        blob, scale_offset = pack_int4(matrix, bits)
        entry = {"offset": offset, "scale_offset": offset + scale_offset, "bytes": len(blob)}
        if projections and name in projections:
            entry["dims"] = int(matrix.shape[0])
            entry["projection_offset"] = offset + len(blob)
            blob += np.ascontiguousarray(projections[name], dtype="<f4").tobytes()
            entry["bytes"] = len(blob)
        layout[name] = entry
        parts.append(blob)
        offset += len(blob)
    return b"".join(parts), {"format": "int4-columns", "bits": bits, "arms": layout}


def unpack_vectors(blob: bytes, scorer: Mapping) -> dict:
    """Inverse of ``pack_vectors`` for manifest.json's ``scorer`` section: {arm: float32 [D, N]}
    in the query's D dimensions (projected arms reconstructed as ``P Y``), what CPython
    scores against to reproduce the browser's ranking."""
    import numpy as np

    from .vector_projection import reconstruct

    layout, count, dim = scorer["vectors"], scorer["count"], scorer["dim"]
    out = {}
    for arm, info in layout["arms"].items():
        stored = info.get("dims", dim)
        own = blob[info["offset"]:info["offset"] + info["bytes"]]
        if len(own) != info["bytes"]:
            raise ValueError(f"vectors file is shorter than manifest.json says (arm {arm})")
        matrix = unpack_int4(own, stored, count, info["scale_offset"] - info["offset"])
        if "projection_offset" in info:
            start = info["projection_offset"] - info["offset"]
            projection = np.frombuffer(own, "<f4", dim * stored, start).reshape(dim, stored)
            matrix = reconstruct(matrix, projection)
        out[arm] = matrix
    return out


def build_scoring_model(arms: Mapping[str, "object"], storage: str = "int8", bits: int = 4,
                        excluded: Mapping[str, "list[int]"] | None = None,
                        projections: Mapping[str, "object"] | None = None):
    """Return an ``onnx.ModelProto`` scoring a query against each arm's [D, N] matrix.

    With ``storage="int4"`` the matrices are external data (``external_name``)
    the caller supplies at session creation, built from ``pack_vectors``.
    With ``projections`` ({arm: [D, d]}, vector_projection.py) those arms hold
    projected [d, N] matrices and the graph first multiplies the [1, D] query by
    the arm's projection (external ``projection_name`` data with int4 storage);
    arms without one keep [D, N].
    """
    import onnx
    from onnx import TensorProto, helper

    dim, count = _check_arms(arms, storage, projections)
    nodes, initializers, outputs = [], [], []
    for name, matrix in arms.items():
        _add_arm(name, matrix, storage, bits, (excluded or {}).get(name), (projections or {}).get(name),
                 nodes, initializers, outputs)
    graph = helper.make_graph(
        nodes,
        "iconseek_scoring",
        inputs=[
            *(helper.make_tensor_value_info(query_input(name), TensorProto.FLOAT, [1, dim]) for name in arms),
            helper.make_tensor_value_info("bias", TensorProto.FLOAT, [1, count]),
            helper.make_tensor_value_info("k", TensorProto.INT64, [1]),
        ],
        outputs=outputs,
        initializer=initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="iconseek.site.scoring_graph")
    model.ir_version = 8  # readable by every onnxruntime(-web) since 1.14
    onnx.checker.check_model(_checkable(model) if storage == "int4" else model)
    return model


def _check_arms(arms: Mapping[str, "object"], storage: str, projections=None) -> tuple[int, int]:
    """(query D, N) shared by every arm; a clear error for no arms, mixed shapes, a
    projection that does not fit its arm or an unknown storage."""
    if not arms:
        raise ValueError("the scoring graph needs at least one arm of vectors")
    shapes = {name: tuple(m.shape) for name, m in arms.items()}
    dims = {s[0] for s in shapes.values()}
    counts = {s[1] for s in shapes.values()}
    if (len(dims) != 1 and not projections) or len(counts) != 1:
        raise ValueError(f"every arm must have the same [D, N] shape, got {shapes}")
    if storage not in ("fp16", "int8", "int4"):
        raise ValueError(f"storage must be 'fp16', 'int8' or 'int4', not {storage!r}")
    if not projections:
        return dims.pop(), counts.pop()
    # an arm without a projection is scored in the query's own D dimensions
    fits = {name: tuple(projections[name].shape) if name in projections else (shapes[name][0],) * 2
            for name in arms}
    if set(projections) - set(arms) or len({f[0] for f in fits.values()}) != 1 \
            or any(len(fits[name]) != 2 or fits[name][1] != shapes[name][0] for name in arms):
        raise ValueError(f"each projection must be [D, d], d its arm's vector dimensions and D the query's, "
                         f"the same for every arm; projections {fits}, vectors {shapes}")
    return fits[next(iter(arms))][0], counts.pop()


def _add_arm(name: str, matrix, storage: str, bits: int, excluded, projection, nodes: list, initializers: list,
             outputs: list) -> None:
    """One arm: its matrix as ``<name>_f32``, (projected) query MatMul, + bias, excluded icons masked, TopK."""
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    _add_matrix(name, matrix, storage, bits, nodes, initializers)
    query = query_input(name)
    if projection is not None:
        dim, dims = projection.shape
        if storage == "int4":
            initializers.append(_external(f"{name}_projection", projection_name(name), [dim, dims]))
        else:
            initializers.append(numpy_helper.from_array(np.ascontiguousarray(projection, np.float32),
                                                        f"{name}_projection"))
        nodes.append(helper.make_node("MatMul", [query, f"{name}_projection"], [f"{name}_reduced"]))
        query = f"{name}_reduced"
    nodes.append(helper.make_node("MatMul", [query, f"{name}_f32"], [f"{name}_sim"]))
    nodes.append(helper.make_node("Add", [f"{name}_sim", "bias"], [f"{name}_biased"]))
    last = f"{name}_biased"
    if excluded:
        # icons this arm has no vector for: pushed below every real score, like a filter
        mask = np.zeros((1, matrix.shape[1]), np.float32)
        mask[0, list(excluded)] = FILTERED_OUT
        initializers.append(numpy_helper.from_array(mask, f"{name}_excluded"))
        nodes.append(helper.make_node("Add", [f"{name}_biased", f"{name}_excluded"], [f"{name}_masked"]))
        last = f"{name}_masked"
    nodes.append(
        helper.make_node("TopK", [last, "k"], [f"{name}_scores", f"{name}_indices"],
                         axis=-1, largest=1, sorted=1)
    )
    outputs.append(helper.make_tensor_value_info(f"{name}_scores", TensorProto.FLOAT, [1, "k"]))
    outputs.append(helper.make_tensor_value_info(f"{name}_indices", TensorProto.INT64, [1, "k"]))


def _add_matrix(name: str, matrix, storage: str, bits: int, nodes: list, initializers: list) -> None:
    """The [D, N] float matrix ``<name>_f32``: external int4 data, a float16 cast, or int8 x column scale."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    dim, count = matrix.shape
    weight = f"{name}_vectors"
    if storage == "int4":
        initializers.append(_external(f"{name}_f32", external_name(name), [dim, count]))
    elif storage == "fp16":
        initializers.append(numpy_helper.from_array(np.ascontiguousarray(matrix, dtype=np.float16), weight))
        nodes.append(helper.make_node("Cast", [weight], [f"{name}_f32"], to=TensorProto.FLOAT))
    else:
        q, scale = quantize_columns(matrix, bits)
        initializers.append(numpy_helper.from_array(np.ascontiguousarray(q), weight))
        initializers.append(numpy_helper.from_array(scale, f"{name}_scale"))
        nodes.append(helper.make_node("Cast", [weight], [f"{name}_q32"], to=TensorProto.FLOAT))
        nodes.append(helper.make_node("Mul", [f"{name}_q32", f"{name}_scale"], [f"{name}_f32"]))


def _external(tensor: str, location: str, dims: list[int]):
    """A float32 initializer whose bytes the browser supplies at session creation (externalData)."""
    import onnx
    from onnx import TensorProto

    reference = onnx.TensorProto(name=tensor, data_type=TensorProto.FLOAT, dims=dims,
                                 data_location=TensorProto.EXTERNAL)
    for key, value in (("location", location), ("offset", "0"), ("length", str(dims[0] * dims[1] * 4))):
        entry = reference.external_data.add()
        entry.key, entry.value = key, value
    return reference


def _checkable(model):
    """A copy the checker can read: external (int4) tensors replaced by zeros (the
    checker would otherwise look for the external files)."""
    import numpy as np
    import onnx
    from onnx import TensorProto, numpy_helper

    checked = onnx.ModelProto()
    checked.CopyFrom(model)
    for i, tensor in enumerate(checked.graph.initializer):
        if tensor.data_location == TensorProto.EXTERNAL:
            checked.graph.initializer[i].CopyFrom(
                numpy_helper.from_array(np.zeros(tuple(tensor.dims), np.float32), tensor.name))
    return checked
