"""Is a build output older than its inputs? One answer for every driver.

WHY here: ``build/pipeline.py`` (the demo's driver: catalogue, vectors, site)
and ``iconseek serve --build`` (site.staleness) both skip work whose output is
newer than every input; each used to walk the inputs its own way. Stdlib only.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path


def newest_mtime(paths: Iterable[Path | str], suffixes: Collection[str] | None = None) -> float:
    """Newest modification time among ``paths``: files as they are, folders recursively.

    With ``suffixes``, files found inside folders count only when their suffix is
    listed (a named file always counts); 0.0 when nothing exists.
    """
    newest = 0.0
    for path in map(Path, paths):
        if path.is_file():
            newest = max(newest, path.stat().st_mtime)
        elif path.is_dir():
            for child in path.rglob("*"):
                if child.is_file() and (suffixes is None or child.suffix in suffixes):
                    newest = max(newest, child.stat().st_mtime)
    return newest


def stale_reason(output: Path, inputs: Iterable[Path | str], suffixes: Collection[str] | None = None,
                 name: Path | None = None) -> str | None:
    """Why ``output`` must be (re)built, or None when it exists and is newer than every input.

    ``name`` is what the message calls the output (default: ``output`` itself),
    e.g. the site folder when ``output`` is its manifest.json.
    """
    name = output if name is None else name
    if not output.exists():
        return f"{name} has not been built"
    if newest_mtime(inputs, suffixes) > output.stat().st_mtime:
        return f"{name} is older than its inputs"
    return None
