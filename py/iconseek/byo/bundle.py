"""Turn a BYO encoder directory + parquet into files the site and runtime already read.

The browser worker needs: the ONNX graph, ``tokenizer.json``, and an
``encoder.json`` that says how to feed and read the graph (see
:meth:`TextEncoder.manifest`); the vector scorer needs ``<arm>.f16`` + its
sidecar in catalogue order. Writing exactly those means neither the site
builder nor the worker need a BYO-specific path: they read ``encoder.json``
instead of assuming MiniLM.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from iconseek.byo.encoder import TextEncoder, load_text_encoder
from iconseek.byo.errors import CorruptModelError
from iconseek.byo.options import ByoReadOptions
from iconseek.byo.vectors import AlignedVectors, convert_parquet

ENCODER_MANIFEST = "encoder.json"


def write_encoder_manifest(encoder: TextEncoder, dest: str | Path) -> dict:
    """Write ``dest/encoder.json`` (how to feed and read the graph); returns its content.

    ``iconseek export`` writes it next to the bundled MiniLM too, so every model
    folder describes itself the same way.
    """
    manifest = encoder.manifest()
    Path(dest, ENCODER_MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def encoder_description(model_dir: str | Path, model_file: str | Path | None = None) -> dict:
    """A model folder's ``encoder.json``: the file when present, else synthesised.

    Folders exported before ``iconseek export`` wrote the file (the committed
    ``models/minilm-l6-int8``) get exactly what :meth:`TextEncoder.manifest`
    decides for them, so they keep working unchanged.
    """
    described = Path(model_dir) / ENCODER_MANIFEST
    if described.is_file():
        try:
            spec = json.loads(described.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise CorruptModelError(described, f"invalid JSON ({exc.msg} at line {exc.lineno})") from None
        if not isinstance(spec, dict):
            raise CorruptModelError(described, "expected a JSON object at the top level")
        return spec
    return load_text_encoder(model_dir, model_file=model_file).manifest()


def copy_encoder_assets(encoder: TextEncoder, dest: str | Path) -> dict:
    """Copy the chosen graph (same relative path), tokenizer.json, config.json; write encoder.json."""
    dest = Path(dest)
    graph_target = dest / encoder.model_file.relative_to(encoder.layout.root)
    graph_target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(encoder.model_file, graph_target)
    for name in ("tokenizer.json", "config.json"):
        shutil.copyfile(encoder.layout.root / name, dest / name)
    return write_encoder_manifest(encoder, dest)


@dataclass
class Bundle:
    encoder: TextEncoder
    vectors: AlignedVectors
    manifest: dict
    model_dir: Path
    vectors_dir: Path


def write_bundle(
    model_dir: str | Path,
    vectors_parquet: str | Path,
    catalog: str | Path | Sequence[str],
    *,
    model_out: str | Path,
    vectors_out: str | Path,
    arm: str = "t2i",
    **options: Any,
) -> Bundle:
    """Load and check everything first, then write model assets and ``<arm>.f16``.

    ``options`` are :class:`ByoReadOptions` fields (graph, output, pooling,
    parquet columns, CLIP padding). The dimension check happens before any file
    is written, so a mismatched pair leaves the output directories untouched.
    """
    read = ByoReadOptions(**options)
    encoder = read.load_encoder(model_dir)
    manifest = encoder.manifest()
    aligned = convert_parquet(vectors_parquet, catalog, vectors_out, arm=arm, encoder_dim=encoder.dim,
                              model_sha256=manifest["model_sha256"], **read.columns())
    copy_encoder_assets(encoder, model_out)
    return Bundle(encoder, aligned, manifest, Path(model_out), Path(vectors_out))
