"""Compute a catalogue's icon vectors with onnxruntime only (no torch).

* ``t2i``: the icon tower over ``rasters.npy``;
* ``t2t``: the INT8 text tower over each icon's metadata text
  (``captions.metadata_text``: "title. tags. aliases. categories").

Texts are encoded one at a time (no padding) on purpose: dynamic INT8
quantization picks its activation scale per run, so a padded batch gives
slightly different vectors than the unpadded query path; one-at-a-time makes a
document's vector independent of its neighbours and identical on every run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .captions import metadata_text
from .runtime import OnnxImageEncoder, OnnxTextEncoder, resolve_text_model_dir
from .vectors import write_arm_vectors


@dataclass
class EmbedTiming:
    arm: str
    count: int
    seconds: float


def embed_catalog(catalog_dir, out_dir, model_dir="models", arms=("t2i", "t2t"), threads: int = 2,
                  parquet: bool = True, log=print) -> list[EmbedTiming]:
    from .training import load_catalog

    records, rasters = load_catalog(catalog_dir)
    ids = [r["_id"] for r in records]
    model_dir = Path(model_dir)
    timings = []
    for arm in arms:
        start = time.perf_counter()
        if arm == "t2i":
            encoder = OnnxImageEncoder(model_dir, threads=threads)
            matrix = encoder.encode(rasters)
        elif arm == "t2t":
            encoder = OnnxTextEncoder(resolve_text_model_dir(model_dir), threads=threads)
            matrix = encoder.encode([metadata_text(r) for r in records], batch_size=1)
        else:
            raise ValueError(f"unknown arm {arm!r} (known: t2i, t2t)")
        write_arm_vectors(out_dir, arm, matrix, ids, encoder.model_sha256, parquet=parquet)
        timing = EmbedTiming(arm, len(ids), round(time.perf_counter() - start, 2))
        log(f"{arm}: {timing.count} vectors in {timing.seconds:.1f} s -> {Path(out_dir) / (arm + '.f16')}")
        timings.append(timing)
    return timings
