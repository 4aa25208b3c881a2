"""Stage: the query encoder the model worker runs (graph, weights, tokenizer, warm-up ids).

WHY at build time: the browser should download the smallest graph that still
gives the same embeddings, and skip work at session creation. So the graph's
float32 weights are stored as float16 (encoder_slim.py), its token-embedding
table on a coarser grid (encoder_shrink.py), its float MatMul weights on a 6-bit
grid that travels as codes (encoder_grid.py) and its graph fused (encoder_preopt.py),
each only when a check on SLIM_CHECK_PHRASES passes.
"""

from __future__ import annotations

from pathlib import Path

from ..encoder_preopt import FORMAT as FUSED_WEIGHTS_FORMAT
from .context import SiteBuild, require

ENCODER_FILE = "onnx/model_quantized.onnx"  # the bundled MiniLM export's INT8 graph

# Phrases the float16-weight and the fused encoder are checked on (encoder_slim.py, encoder_preopt.py).
SLIM_CHECK_PHRASES = (
    "trash can", "send an email", "dark mode toggle", "arrow pointing left", "credit card payment",
    "weather forecast with rain", "home", "settings gear", "user profile picture", "magnifying glass",
    "upload to cloud", "heart", "star rating", "notification bell", "phone call", "take a photo", "unlock",
    "shopping cart", "bar chart analytics", "map pin location", "clock", "edit with a pencil", "share",
    "copy to clipboard", "folder", "wifi signal", "battery low", "music note", "play video", "microphone",
    "headphones", "bug report", "source code", "airplane", "coffee cup", "bicycle", "lightning bolt",
    "thumbs up", "warning triangle", "calendar event",
)


def encoder_config(model_dir: Path) -> tuple[Path, Path, dict]:
    """(graph, tokenizer.json, how the worker feeds and reads the graph) for a model folder.

    A folder with ``encoder.json`` (written for bring-your-own models, see
    docs/BYO_MODEL.md) says everything: graph file, context, padding, inputs,
    output and pooling (read by byo.bundle.encoder_description, which names the
    file when it is not a JSON object). Without it the folder is the bundled
    MiniLM export: ``onnx/model_quantized.onnx`` with pooling and L2 norm inside
    the graph. WHY not encoder_description's synthesised description for that
    folder too: it fills in context_length 128, pad_id 0 and eos_id 102, which
    the site has always left null, so every site's manifest would change.
    """
    from ...byo.bundle import ENCODER_MANIFEST, encoder_description

    if (model_dir / ENCODER_MANIFEST).is_file():
        spec = encoder_description(model_dir)
        graph = require(model_dir / spec["model_file"], "text encoder graph named in encoder.json", "")
        tokenizer = require(model_dir / spec.get("tokenizer", "tokenizer.json"), "tokenizer", "")
        return graph, tokenizer, {
            "inputs": list(spec["input_names"]), "input_dtype": spec.get("input_dtype", "int64"),
            "output": spec["output_name"], "pooling": spec.get("pooling", "none"),
            "normalize": bool(spec.get("normalize", True)), "context_length": spec.get("context_length"),
            "pad_to": spec.get("pad_to"), "pad_id": spec.get("pad_id"), "eos_id": spec.get("eos_id"),
            "family": spec.get("family"),
        }
    import onnx

    graph = require(model_dir / ENCODER_FILE, "INT8 text encoder", "See models/ and docs.")
    tokenizer = require(model_dir / "tokenizer.json", "tokenizer", "See models/.")
    model = onnx.load(str(graph), load_external_data=False)
    return graph, tokenizer, {
        "inputs": [i.name for i in model.graph.input], "input_dtype": "int64",
        "output": model.graph.output[0].name, "pooling": "none", "normalize": True, "context_length": None,
        "pad_to": None, "pad_id": None, "eos_id": None, "family": "bert",
    }


def _token_ids(tokenizer_path: Path, context_length: int | None, phrases) -> list[list[int]]:
    from iconseek.core.tokenizers import load_tokenizer

    tokenizer = load_tokenizer(str(tokenizer_path), max_length=context_length)
    return [list(tokenizer.encode(phrase).ids) for phrase in phrases]


def replay_lossy_steps(graph_bytes: bytes, shrink: bool = True, grid_bits: int | None = None):
    """(graph, shrunk table names, grid weight names): what this stage's lossy steps make of an
    encoder graph when their checks pass -- float16 storage (encoder_slim.py), then the token table's
    coarser grid (encoder_shrink.py) when ``shrink``, then the float MatMul weights on a
    ``grid_bits``-bit grid (encoder_grid.py) -- without the checks and before the fusion. The tests
    and benches recompute what a site shipped with it (its manifest names what each step did)."""
    from ..encoder_grid import float_grid
    from ..encoder_shrink import shrink_tables
    from ..encoder_slim import fp16_weights

    graph = fp16_weights(graph_bytes)[0].SerializeToString()
    tables, grid = [], []
    if shrink:
        shrunk, tables = shrink_tables(graph)
        graph = shrunk.SerializeToString()
    if grid_bits is not None:
        graph, tensors = float_grid(graph, grid_bits)
        grid = [t.name for t in tensors]
    return graph, list(tables), grid


def _slim_encoder_bytes(encoder_path: Path, check_ids: list[list[int]], spec: dict) -> bytes:
    """The encoder graph with float16 weight storage when that keeps its embeddings (encoder_slim.check_slim)."""
    from ..encoder_slim import slim_encoder

    if spec.get("pad_to") or set(spec["inputs"]) - {"input_ids", "attention_mask", "token_type_ids"}:
        return encoder_path.read_bytes()  # the check cannot feed this graph: ship it as it is
    # The bundled export keeps its float32 original next to the INT8 graph: the reference.
    reference = encoder_path.with_name("model.onnx")
    reference = reference if encoder_path.name != "model.onnx" and reference.is_file() else None
    result = slim_encoder(encoder_path, check_ids, reference)
    if result.converted:
        print(f"encoder: {len(result.converted)} float32 weights stored as float16 "
              f"({result.check})")
    return result.data


def _shrunk(encoder_bytes: bytes, encoder_path: Path, check_ids: list[list[int]], spec: dict):
    """(the encoder with its token-embedding table on a coarser grid when that keeps its embeddings
    (encoder_shrink.py), the names of the tables it shrank: manifest "encoder.shrunk_tables")."""
    from ..encoder_shrink import float_reference, shrink_encoder

    result = shrink_encoder(encoder_bytes, check_ids, spec, float_reference(encoder_path), label=str(encoder_path))
    if result.tables:
        print(f"encoder: {len(result.tables)} lookup table(s) on a coarser grid "
              f"({result.check})")
    return result.data, list(result.tables)


def _preoptimized(encoder_bytes: bytes, check_ids: list[list[int]], spec: dict, grid=()):
    """The build-time fused encoder (encoder_preopt.py), or None when its check fails."""
    from ..encoder_preopt import preoptimize

    fused = preoptimize(encoder_bytes, check_ids, spec, grid)
    if fused is not None:
        print(f"encoder: fused at build time ({fused.ops_before} -> {fused.ops_after} nodes, "
              f"{len(fused.external)} weights as external data, {len(fused.grid)} of them as "
              f"grid codes; min cosine {fused.min_cosine:.7f})")
    return fused


def _fused(encoder_bytes: bytes, encoder_path: Path, check_ids: list[list[int]], spec: dict, grid: bool):
    """(the fused encoder or None, the weights it ships as grid codes: manifest "encoder.grid_weights").

    With ``grid`` the float MatMul weights go on the 6-bit grid first (encoder_grid.py); they only
    pay off as codes in the fused graph's side file, so when the grid's check, the fusion's check
    or the side file fails them, the graph as it was is fused instead (float16 weights).
    """
    from ..encoder_grid import grid_encoder
    from ..encoder_shrink import float_reference

    if grid:
        result = grid_encoder(encoder_bytes, check_ids, spec, float_reference(encoder_path), label=str(encoder_path))
        if result.tensors:
            print(f"encoder: {len(result.tensors)} float MatMul weight(s) on a 6-bit grid ({result.check})")
            fused = _preoptimized(result.data, check_ids, spec, result.tensors)
            if fused is not None and sorted(fused.grid) == sorted(t.name for t in result.tensors):
                return fused, list(fused.grid)
            print("note: the grid weights did not leave the fused graph as codes; shipping them as float16")
    return _preoptimized(encoder_bytes, check_ids, spec), []


def encoder(build: SiteBuild) -> None:
    """manifest "encoder" and the encoder, its external weights and tokenizer (semantic sites only)."""
    inputs, opts = build.inputs, build.opts
    if not inputs.semantic:
        build.encoder = {"inputs": [], "output": None}
        return
    spec = dict(inputs.encoder_spec)
    tokenizer_path = inputs.tokenizer_path
    check_ids = None
    if opts.slim_encoder or opts.shrink_encoder or opts.preoptimize_encoder:
        check_ids = _token_ids(tokenizer_path, spec.get("context_length"), SLIM_CHECK_PHRASES)
    encoder_bytes = inputs.encoder_path.read_bytes()
    if opts.slim_encoder:
        encoder_bytes = _slim_encoder_bytes(inputs.encoder_path, check_ids, spec)
    spec["shrunk_tables"] = []
    if opts.shrink_encoder:
        encoder_bytes, spec["shrunk_tables"] = _shrunk(encoder_bytes, inputs.encoder_path, check_ids, spec)
    spec.update(preoptimized=False, grid_weights=[])
    if opts.preoptimize_encoder:
        fused, spec["grid_weights"] = _fused(encoder_bytes, inputs.encoder_path, check_ids, spec, opts.grid_encoder)
        if fused is not None:
            encoder_bytes = fused.graph
            spec.update(preoptimized=True, external=fused.external, weights_format=FUSED_WEIGHTS_FORMAT)
            if fused.external:
                build.add_hashed("encoder_weights", "encoder-weights", ".bin", fused.weights)
    build.add_hashed("encoder", "encoder", ".onnx", encoder_bytes)
    build.add_hashed("tokenizer", "tokenizer", ".json", tokenizer_path.read_bytes())
    # the model worker's first, throw-away inference
    spec["warmup_ids"] = _token_ids(tokenizer_path, spec["context_length"], ["warm up"])[0]
    build.encoder = spec

