"""Stage: the browser's Python (a wheel) and the Pyodide memory snapshot.

WHY a snapshot: restoring Pyodide's memory with our modules imported (and,
with the preload, the searcher built from this site's index) skips
interpreter start-up and index parsing in the browser; the worker falls back
to a plain boot from the wheel when there is no snapshot or it fails to load.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .. import snapshot_image
from ..layout import PYODIDE_FILES, PYODIDE_PATHS, STDLIB_FULL
from ..stdlib_trim import trim_stdlib
from ..wheel import build_wheel
from .context import SiteBuild, require

BUILD_SCRATCH = "py-build"  # inside the partial folder; removed once the snapshot is made

# Imported into the Pyodide memory snapshot: everything the worker's first query touches.
SNAPSHOT_MODULES = (
    "json",
    "iconseek.site.browser",
    "iconseek.core.engine",
    "iconseek.core.fusion.dbsf",
    "iconseek.core.fusion.rrf",
    "iconseek.core.lexical.arm",
    "iconseek.core.lexical.storage",
    "iconseek.core.tokenizers",
)


def make_snapshot(pyodide_dir: Path, wheel: Path, out: Path, web: Path, preload: dict | None = None) -> bytes | None:
    """Pyodide memory snapshot with our modules imported, made with Node; None if Node is absent.

    With ``preload`` ({"files": {pyodide path: disk path}, "config": BrowserSearch
    kwargs}) the snapshot also holds the site's searcher (iconseek.site.browser.preload).
    The worker falls back to a plain boot when there is no snapshot (or it fails to load).
    """
    node = shutil.which("node")
    if node is None:
        print("note: node not found; the site will boot Pyodide without a memory snapshot")
        return None
    script = require(web / "tools" / "make-snapshot.mjs", "snapshot maker", "web/ is incomplete.")
    extra = []
    if preload is not None:
        spec = out.with_name("preload.json")
        spec.write_text(json.dumps(preload))
        extra = ["--preload", str(spec.resolve())]
    result = subprocess.run(
        [node, str(script), str(pyodide_dir.resolve()), str(wheel.resolve()), str(out.resolve()), *extra,
         *SNAPSHOT_MODULES],
        capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"making the Pyodide snapshot failed ({script}):\n{result.stderr[-2000:]}")
    return out.read_bytes()


def searcher_config(build: SiteBuild) -> dict:
    """The BrowserSearch keyword arguments: the snapshot's preload and the worker's plain boot use the same."""
    config = {"lexical_path": PYODIDE_PATHS["lexical"], "arms": build.scorer.arms, "fusion": build.opts.fusion,
              "weights_json": json.dumps(build.opts.weights) if build.opts.weights else None}
    if build.inputs.semantic:  # the worker writes tokenizer.json there; measured: cheaper than in the snapshot
        config.update(tokenizer_path=PYODIDE_PATHS["tokenizer"], context_length=build.encoder["context_length"])
    return config


def wheel(build: SiteBuild) -> None:
    """data/iconseek-py3-none-any.<hash>.whl: the query-time Python (core + site/browser.py)."""
    from iconseek import __version__

    build.wheel = build_wheel(build.opts.src, build.partial / BUILD_SCRATCH, __version__)
    build.add_hashed("wheel", "iconseek-py3-none-any", ".whl", build.wheel.read_bytes())


def snapshot(build: SiteBuild) -> None:
    """data/pyodide-snapshot.<hash>.bin (packed by snapshot_image.py) with the searcher preloaded, when Node is here.

    With it, ``pyodide_stdlib`` becomes the trimmed standard library a restore
    needs (data/python-stdlib-restore.<hash>.zip, stdlib_trim.py) and Pyodide's
    full zip stays as ``pyodide_stdlib_full`` for the plain boot only.
    """
    if build.opts.snapshot:
        files = {PYODIDE_PATHS["lexical"]: str(build.assets["lexical"].resolve())}
        made = make_snapshot(build.inputs.pyodide_dir, build.wheel, build.partial / BUILD_SCRATCH / "snapshot.bin",
                             build.opts.web, preload={"files": files, "config": searcher_config(build)})
        if made is not None:
            wasm = build.inputs.pyodide_dir / PYODIDE_FILES["pyodide_wasm"]
            packed = snapshot_image.pack(made, wasm.read_bytes())
            if packed.note:
                print(f"note: Pyodide snapshot shipped without the wasm-data delta ({packed.note})")
            build.add_hashed("pyodide_snapshot", "pyodide-snapshot", ".bin", packed.data)
            build.snapshot_format = packed.format
            build.preloaded = True
            full = build.assets.pop("pyodide_stdlib")
            build.assets[STDLIB_FULL] = full
            build.add_hashed("pyodide_stdlib", "python-stdlib-restore", ".zip",
                             trim_stdlib(full.read_bytes(), source=str(full)))
    shutil.rmtree(build.partial / BUILD_SCRATCH)
