"""Where a trained image tower is written: only into a folder that holds one, and whole.

``iconseek train`` and ``iconseek merge-towers`` write ``model.onnx`` and
``config.json`` (and train's loss log) into ``--out``. That folder may be new,
empty, or an earlier tower (its config.json names the ``iconseek-cnn``
architecture); anything else — somebody's own model folder — is refused before
any work starts. Each file is written beside its final name as ``.partial`` and
renamed only once all of them are written, so a failed write leaves the earlier
tower as it was, and removes its own partial files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Mapping

ARCHITECTURE = "iconseek-cnn"


class TowerOutputError(ValueError):
    """An --out folder that is not ours to overwrite; the message names it."""


def refuse_foreign_tower(out: Path) -> None:
    """Raise unless ``out`` is absent, an empty folder, or a tower folder."""
    out = Path(out)
    if not out.exists():
        return
    if not out.is_dir():
        raise TowerOutputError(f"{out}: not a folder")
    if not any(out.iterdir()):
        return
    try:
        ours = json.loads((out / "config.json").read_text(encoding="utf-8")).get("architecture") == ARCHITECTURE
    except (OSError, ValueError, AttributeError):
        ours = False
    if not ours:
        raise TowerOutputError(f"{out}: holds files that are not an iconseek image tower; choose another --out")


def write_tower_files(out: Path, files: Mapping[str, bytes]) -> None:
    """Write each ``files[name]`` as ``out/name.partial``, then rename every partial to ``out/name``."""
    out = Path(out)
    refuse_foreign_tower(out)
    out.mkdir(parents=True, exist_ok=True)
    partials = {name: out / (name + ".partial") for name in files}
    try:
        for name, data in files.items():
            partials[name].write_bytes(data)
    except BaseException:
        for path in partials.values():
            path.unlink(missing_ok=True)
        raise
    for name, path in partials.items():
        path.replace(out / name)
