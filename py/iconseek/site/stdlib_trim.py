"""The standard-library zip a restored Pyodide snapshot needs: only what it imports after the restore.

WHY: Pyodide's ``python_stdlib.zip`` (2.5 MB, deflated sources: it barely
compresses further) is written into Pyodide's file system at every start, but
after a snapshot restore every module the search worker uses is already in
memory: ``sys.modules`` came back with the snapshot. The zip is read only for
a module imported for the first time after the restore. So a site with a
preloaded snapshot ships a zip holding just those (``STDLIB_AFTER_RESTORE``)
as ``pyodide_stdlib``, and the full zip as a fallback-only asset for the plain
boot (docs/DEPLOYMENT.md, "Start-up").

Measured with Pyodide 314.0.7: restoring the snapshot, loading the tokenizer,
building the typo index and 100+ keyword, typo, prefix and hybrid queries
(pages, library filters, the unknown-library error) import no module at all,
so the list is empty and the zip has no entries. ``web/tools/make-snapshot.mjs``
drops zipimport's cached table of contents of the full zip before the snapshot
is taken, so a later import reads the shipped zip's own directory.
tests/integration/test_stdlib_after_restore.py restores a built site's snapshot with
its trimmed zip, drives every call the worker makes into Python and fails
naming any module imported that the zip lacks: add it here.
"""

from __future__ import annotations

import io
import zipfile
from typing import Iterable

# Modules (dotted names) the search worker imports after a snapshot restore
# that the snapshot does not already hold. Their packages' __init__ come along.
STDLIB_AFTER_RESTORE: tuple[str, ...] = ()


def module_files(names: Iterable[str], available: set[str]) -> list[str]:
    """The zip entries that hold ``names`` and their parent packages; ValueError for a module the zip lacks."""
    wanted: set[str] = set()
    for name in names:
        parts = name.split(".")
        for depth in range(1, len(parts)):
            package = "/".join(parts[:depth]) + "/__init__.py"
            if package not in available:
                raise ValueError(f"standard-library zip has no package {'.'.join(parts[:depth])!r} (for {name!r})")
            wanted.add(package)
        stem = "/".join(parts)
        found = [f for f in (f"{stem}.py", f"{stem}/__init__.py") if f in available]
        if not found:
            raise ValueError(f"standard-library zip has no module {name!r} ({stem}.py or {stem}/__init__.py)")
        wanted.add(found[0])
    return sorted(wanted)


def trim_stdlib(full: bytes, modules: Iterable[str] = STDLIB_AFTER_RESTORE, source: str = "python_stdlib.zip") -> bytes:
    """A zip with only ``modules`` (and their packages) from the zip ``full``; same bytes for the same input.

    Entries keep their names, timestamps and compression; they are written in
    name order, so the result depends only on ``full`` and the module set.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(full))
    except zipfile.BadZipFile as exc:
        raise ValueError(f"{source}: not a zip file ({exc})") from None
    with archive:
        infos = {info.filename: info for info in archive.infolist()}
        try:
            names = module_files(modules, set(infos))
        except ValueError as exc:
            raise ValueError(f"{source}: {exc}") from None
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as trimmed:
            for name in names:
                info = infos[name]
                copy = zipfile.ZipInfo(name, date_time=info.date_time)
                copy.compress_type = info.compress_type
                copy.external_attr = info.external_attr
                trimmed.writestr(copy, archive.read(name))
    return out.getvalue()
