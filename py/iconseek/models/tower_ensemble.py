"""Several trained image towers as one ONNX graph: the mean of their embeddings.

Why an ensemble of the *picture* side costs nothing where it matters: the image
tower runs only when icons are embedded (``iconseek embed``, the site build,
``--svg-dir`` catalogues); a query is encoded by the text tower alone. So
averaging the towers of several seeds makes every icon vector a better estimate
of where its picture belongs in the text tower's space, while the browser
downloads the same number of vector bytes and runs the same query path.
Averaging members trained from different seeds is the classic way to cut the
variance of a model trained from scratch (Hansen & Salamon, "Neural network
ensembles", 1990; Lakshminarayanan et al., "Simple and scalable predictive
uncertainty estimation using deep ensembles", 2017); every member here maps
into the same fixed target space, so their outputs can be averaged directly.

The merged graph keeps the tower contract (docs/CONTRACTS.md): input ``pixels``
float32 [batch, 1, S, S], output ``embeddings`` float32 [batch, 384],
L2-normalised — so every reader of ``model.onnx`` works unchanged. Each member's
names are prefixed (``m0_``, ``m1_``...) and its input renamed to the shared
``pixels``; the outputs are summed and renormalised (the sum of unit vectors
points the same way as their mean).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Sequence

from .tower_output import TowerOutputError, refuse_foreign_tower, write_tower_files

INPUT = "pixels"
OUTPUT = "embeddings"


class EnsembleError(ValueError):
    """Members that cannot be merged; the message names the folder at fault."""


def _member_config(folder: Path) -> dict:
    config_path = folder / "config.json"
    onnx_path = folder / "model.onnx"
    for path in (config_path, onnx_path):
        if not path.is_file():
            raise EnsembleError(f"{path}: missing (train the member with `iconseek train --out {folder}`)")
    config = json.loads(config_path.read_text(encoding="utf-8"))
    if "ensemble" in config:
        raise EnsembleError(f"{folder}: already an ensemble; merge its trained members instead")
    return config


def merge_graphs(onnx_paths: Sequence[Path]):
    """One ``onnx.ModelProto`` computing the normalised sum of the members' outputs."""
    import onnx
    from onnx import compose, helper

    if len(onnx_paths) < 2:
        raise EnsembleError("an ensemble needs at least two members")
    members = [onnx.load(str(p)) for p in onnx_paths]
    opsets = {(o.domain, o.version) for m in members for o in m.opset_import}
    first = members[0]
    nodes, initializers, outputs = [], [], []
    for index, (path, model) in enumerate(zip(onnx_paths, members)):
        names_in = [i.name for i in model.graph.input]
        names_out = [o.name for o in model.graph.output]
        if names_in != [INPUT] or names_out != [OUTPUT]:
            raise EnsembleError(f"{path}: expected input {INPUT!r} and output {OUTPUT!r}, "
                                f"found {names_in} -> {names_out}")
        prefix = f"m{index}_"
        renamed = compose.add_prefix(model, prefix)
        for node in renamed.graph.node:
            node.input[:] = [INPUT if name == prefix + INPUT else name for name in node.input]
            nodes.append(node)
        initializers.extend(renamed.graph.initializer)
        outputs.append(prefix + OUTPUT)
    nodes.append(helper.make_node("Sum", outputs, ["ensemble_sum"], name="ensemble_sum"))
    nodes.append(helper.make_node("LpNormalization", ["ensemble_sum"], [OUTPUT], axis=1, p=2,
                                  name="ensemble_normalise"))
    graph = helper.make_graph(nodes, "iconseek_tower_ensemble", [first.graph.input[0]], [first.graph.output[0]],
                              initializer=initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid(d, v) for d, v in sorted(opsets)],
                              producer_name="iconseek tower ensemble")
    model.ir_version = first.ir_version
    onnx.checker.check_model(model)
    return model


def merge_towers(member_dirs: Sequence[str | Path], out_dir: str | Path, command: str = "") -> Path:
    """Write ``out_dir/model.onnx`` + ``config.json`` for the ensemble of ``member_dirs``.

    The members must share architecture, raster size and text tower (they are
    averaged in that tower's space). The files are written beside the target and
    moved into place only once both exist, so a failed merge leaves ``out_dir`` as
    it was. ``out_dir`` must be new, empty or a tower folder: other files are not overwritten.
    """
    folders = [Path(d) for d in member_dirs]
    configs = [_member_config(f) for f in folders]
    for key in ("architecture", "widths", "embed_dim", "raster_size", "text_model_fp32_sha256"):
        values = {json.dumps(c.get(key), sort_keys=True) for c in configs}
        if len(values) > 1:
            raise EnsembleError(f"members differ in {key!r}: " +
                                ", ".join(f"{f}={c.get(key)!r}" for f, c in zip(folders, configs)))
    holdouts = {c["train"].get("holdout") for c in configs}
    if len(holdouts) > 1:
        raise EnsembleError(f"members were trained on different icons (holdout {sorted(map(str, holdouts))})")
    model = merge_graphs([f / "model.onnx" for f in folders])
    out = Path(out_dir)
    try:
        refuse_foreign_tower(out)
    except TowerOutputError as exc:
        raise EnsembleError(str(exc)) from None
    data = model.SerializeToString()
    digest = hashlib.sha256(data).hexdigest()
    base = configs[0]
    results = [c["result"] for c in configs]
    config = {
        **{k: base[k] for k in ("architecture", "widths", "embed_dim", "raster_size", "input", "output",
                                "text_model", "text_model_fp32_sha256")},
        "model_sha256": digest,
        "ensemble": [
            {"seed": c["train"]["seed"], "steps": c["result"]["steps"], "model_sha256": c["model_sha256"],
             "command": c.get("command", "")}
            for c in configs
        ],
        "train": base["train"],
        "result": {
            **base["result"],
            "parameters": sum(r["parameters"] for r in results),
            "seconds": round(sum(r["seconds"] for r in results), 1),
            "final_loss": round(sum(r["final_loss"] for r in results) / len(results), 4),
            "final_temperature": round(sum(r["final_temperature"] for r in results) / len(results), 5),
        },
        "command": command,
    }
    write_tower_files(out, {"model.onnx": data, "config.json": (json.dumps(config, indent=2) + "\n").encode("utf-8")})
    return out / "model.onnx"
