"""The initial memory image a wasm binary declares: its active data segments.

WHY: a Pyodide memory snapshot is an image of the wasm memory *after* start-up,
and about 3 MB of it is still exactly what ``pyodide.asm.wasm`` itself wrote
there when it was instantiated (its data segments: frozen modules, string
tables, static data). The worker has those bytes already — it downloaded and
verified the wasm — so the snapshot need not carry them twice
(:mod:`iconseek.site.snapshot_image`).

Only the forms a C/emscripten toolchain emits for a main module are read: active
segments of memory 0 placed at an ``i32.const`` offset (segment flags 0 and 2).
Anything else (a ``global.get`` offset, a passive segment) makes
:func:`active_data_segments` raise :class:`WasmDataError`, and the caller keeps the
plain format: an image that would be wrong is worse than a larger one.
The binary format: https://webassembly.github.io/spec/core/binary/modules.html
"""

from __future__ import annotations

WASM_MAGIC = b"\0asm\x01\0\0\0"
DATA_SECTION = 11
OP_I32_CONST = 0x41
OP_END = 0x0B


class WasmDataError(ValueError):
    """The binary is not wasm, or its data segments take a form this reader does not place."""


def _leb(data: bytes, pos: int, signed: bool = False) -> tuple[int, int]:
    """A LEB128 number (32 bits at most) at ``pos``: (value, next position)."""
    value = shift = 0
    while True:
        if pos >= len(data):
            raise WasmDataError("truncated LEB128 number")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            if signed and byte & 0x40:
                value -= 1 << shift
            return value, pos
        if shift > 35:
            raise WasmDataError("LEB128 number too long")


def _leb_u32(data: bytes, pos: int) -> tuple[int, int]:
    return _leb(data, pos)


def _leb_i32(data: bytes, pos: int) -> tuple[int, int]:
    return _leb(data, pos, signed=True)


def _segment(data: bytes, pos: int) -> tuple[int, bytes, int]:
    """One data segment at ``pos``: (memory offset, bytes, next position)."""
    flags, pos = _leb_u32(data, pos)
    if flags == 2:
        memory, pos = _leb_u32(data, pos)
        if memory != 0:
            raise WasmDataError(f"data segment for memory {memory}")
    elif flags != 0:
        raise WasmDataError(f"data segment with flags {flags} (passive or unknown)")
    if pos >= len(data) or data[pos] != OP_I32_CONST:
        raise WasmDataError("data segment offset is not an i32.const")
    offset, pos = _leb_i32(data, pos + 1)
    if pos >= len(data) or data[pos] != OP_END or offset < 0:
        raise WasmDataError("data segment offset expression is not a single i32.const")
    size, pos = _leb_u32(data, pos + 1)
    if pos + size > len(data):
        raise WasmDataError("data segment runs past the end of the binary")
    return offset, data[pos:pos + size], pos + size


def active_data_segments(wasm: bytes) -> list[tuple[int, bytes]]:
    """(memory offset, bytes) of every data segment, in the binary's order."""
    if not wasm.startswith(WASM_MAGIC):
        raise WasmDataError("not a wasm binary (version 1)")
    pos = len(WASM_MAGIC)
    segments: list[tuple[int, bytes]] = []
    while pos < len(wasm):
        section = wasm[pos]
        size, body = _leb_u32(wasm, pos + 1)
        end = body + size
        if end > len(wasm):
            raise WasmDataError(f"section {section} runs past the end of the binary")
        if section == DATA_SECTION:
            count, cursor = _leb_u32(wasm, body)
            for _ in range(count):
                offset, payload, cursor = _segment(wasm, cursor)
                segments.append((offset, payload))
        pos = end
    return segments


def xor_segments(image: bytearray, start: int, segments: list[tuple[int, bytes]]) -> None:
    """XOR each segment into ``image`` at ``start + offset`` (its own inverse); bytes past the end are ignored."""
    for offset, payload in segments:
        begin = start + offset
        if begin >= len(image):
            continue
        payload = payload[: len(image) - begin]
        window = int.from_bytes(image[begin:begin + len(payload)], "little")
        image[begin:begin + len(payload)] = (window ^ int.from_bytes(payload, "little")).to_bytes(len(payload), "little")
