"""How the Pyodide memory snapshot is packed for the wire.

Two steps, each undone by the search worker (web/snapshot-image.js) before
Pyodide sees the snapshot:

1. **Delta against the wasm's own data** (format ``wasm-data-xor+zero-pages-v1``):
   the bytes the Pyodide binary's data segments put into memory at
   instantiation are XORed out of the image (:mod:`iconseek.site.wasm_data`). Where
   start-up left them unchanged the image becomes zeros. Measured on the site's
   snapshot: 3.2 MB of segments, 6.28 → 5.22 MB zstd on the wire, and 820 more
   all-zero pages that step 2 drops. The worker XORs the segments back from the
   ``pyodide.asm.wasm`` bytes it has already verified (manifest asset
   ``pyodide_wasm``: the very file the build read the segments from).
2. **Zero pages left out** (:mod:`iconseek.site.zero_pages`).

If the wasm's data segments take a form :mod:`wasm_data` does not place, the
snapshot ships with step 2 only (format ``zero-pages-v1``) and the build says so.

A Pyodide snapshot starts with a header whose second u32 is the header's length;
the memory image (from address 0) follows it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from . import zero_pages
from .wasm_data import WasmDataError, active_data_segments, xor_segments

FORMAT_XOR = "wasm-data-xor+zero-pages-v1"
FORMAT_PLAIN = zero_pages.FORMAT


@dataclass(frozen=True)
class PackedSnapshot:
    data: bytes
    format: str
    note: str = ""  # why the plain format was used, if it was


def memory_start(snapshot: bytes) -> int:
    """Offset of the memory image in a Pyodide snapshot (its header's length)."""
    if len(snapshot) < 8:
        raise ValueError("snapshot shorter than its header")
    start = struct.unpack_from("<I", snapshot, 4)[0]
    if start > len(snapshot):
        raise ValueError(f"snapshot header length {start} exceeds the snapshot ({len(snapshot)} bytes)")
    return start


def pack(snapshot: bytes, wasm: bytes | None) -> PackedSnapshot:
    """The snapshot as shipped: XOR delta against ``wasm``'s data (when readable), zero pages left out."""
    if wasm is None:
        return PackedSnapshot(zero_pages.pack(snapshot), FORMAT_PLAIN, "no wasm binary given")
    try:
        segments = active_data_segments(wasm)
    except WasmDataError as error:
        return PackedSnapshot(zero_pages.pack(snapshot), FORMAT_PLAIN, f"wasm data not placeable: {error}")
    image = bytearray(snapshot)
    xor_segments(image, memory_start(snapshot), segments)
    return PackedSnapshot(zero_pages.pack(bytes(image)), FORMAT_XOR)


def unpack(data: bytes, snapshot_format: str, wasm: bytes | None) -> bytes:
    """Inverse of :func:`pack` (what the worker does), for tests and tools."""
    image = zero_pages.unpack(data)
    if snapshot_format == FORMAT_PLAIN:
        return image
    if snapshot_format != FORMAT_XOR:
        raise ValueError(f"unknown snapshot format {snapshot_format!r}")
    if wasm is None:
        raise ValueError(f"format {snapshot_format} needs the wasm binary")
    restored = bytearray(image)
    xor_segments(restored, memory_start(image), active_data_segments(wasm))
    return bytes(restored)
