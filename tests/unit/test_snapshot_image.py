"""The snapshot's delta against the wasm's data segments: round trip (Python and the worker's JS), refusals."""

from __future__ import annotations

import json
import random
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from iconseek.site import snapshot_image, zero_pages
from iconseek.site.wasm_data import WasmDataError, active_data_segments

REPO = Path(__file__).resolve().parents[2]
HEADER = 144  # a Pyodide snapshot header's length (its second u32)


def _leb(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _wasm(segments: list[tuple[int, bytes]], flags: int = 0) -> bytes:
    """A wasm binary with a custom section and a data section of active i32.const segments."""
    body = bytearray(_leb(len(segments)))
    for offset, payload in segments:
        body += _leb(flags) + (b"\0" if flags == 2 else b"") + b"\x41" + _leb(offset) + b"\x0b"
        body += _leb(len(payload)) + payload
    custom = b"\x04name" + b"xyz"
    return b"\0asm\x01\0\0\0" + b"\x00" + _leb(len(custom)) + custom + b"\x0b" + _leb(len(body)) + bytes(body)


def _snapshot(memory: bytes) -> bytes:
    header = bytearray(HEADER)
    header[:4] = b"\0snp"
    struct.pack_into("<I", header, 4, HEADER)
    return bytes(header) + memory


def _memory_after_start(segments, size: int, changed: int) -> bytes:
    """Memory as instantiation left it (segments over zeros), then ``changed`` random bytes written."""
    memory = bytearray(size)
    for offset, payload in segments:
        memory[offset:offset + len(payload)] = payload
    rng = random.Random(size)
    for _ in range(changed):
        memory[rng.randrange(size)] = rng.randrange(256)
    return bytes(memory)


def _segments(seed: int) -> list[tuple[int, bytes]]:
    rng = random.Random(seed)
    return [(1024, bytes(rng.randrange(1, 256) for _ in range(9000))),
            (40_000, bytes(rng.randrange(1, 256) for _ in range(300))),
            (70_000, bytes(rng.randrange(1, 256) for _ in range(5000)))]  # runs past the end of the image


@pytest.mark.parametrize("flags", [0, 2])
def test_segments_are_read_and_the_delta_round_trips(flags):
    segments = _segments(flags)
    wasm = _wasm(segments, flags)
    assert active_data_segments(wasm) == segments
    snapshot = _snapshot(_memory_after_start(segments, 72_000, changed=50))
    packed = snapshot_image.pack(snapshot, wasm)
    assert packed.format == snapshot_image.FORMAT_XOR and not packed.note
    assert snapshot_image.unpack(packed.data, packed.format, wasm) == snapshot
    # the unchanged segment bytes became zeros: far smaller compressed than zero pages alone
    assert len(zlib.compress(packed.data)) < len(zlib.compress(zero_pages.pack(snapshot))) / 4


def test_unplaceable_segments_ship_the_plain_format():
    segments = _segments(1)
    passive = _wasm(segments, flags=1)
    with pytest.raises(WasmDataError, match="flags 1"):
        active_data_segments(passive)
    snapshot = _snapshot(_memory_after_start(segments, 20_000, changed=5))
    packed = snapshot_image.pack(snapshot, passive)
    assert packed.format == snapshot_image.FORMAT_PLAIN and "flags 1" in packed.note
    assert snapshot_image.unpack(packed.data, packed.format, None) == snapshot


def test_bad_inputs_are_refused_clearly():
    with pytest.raises(WasmDataError, match="not a wasm"):
        active_data_segments(b"\0asm\x02\0\0\0")
    truncated = _wasm(_segments(2))[:-10]
    with pytest.raises(WasmDataError, match="past the end"):
        active_data_segments(truncated)
    packed = snapshot_image.pack(_snapshot(bytes(5000)), _wasm([]))
    with pytest.raises(ValueError, match="unknown snapshot format"):
        snapshot_image.unpack(packed.data, "zero-pages-v9", None)
    with pytest.raises(ValueError, match="needs the wasm"):
        snapshot_image.unpack(packed.data, snapshot_image.FORMAT_XOR, None)


def test_pyodides_wasm_has_placeable_data():
    wasm_path = REPO / "node_modules" / "pyodide" / "pyodide.asm.wasm"
    if not wasm_path.exists():
        pytest.skip("npm packages not installed (node_modules/pyodide): run npm ci")
    segments = active_data_segments(wasm_path.read_bytes())
    assert len(segments) > 100 and sum(len(p) for _, p in segments) > 1_000_000


def test_the_workers_javascript_restores_what_python_packed(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js not installed (the site build and the worker's code need it)")
    segments = _segments(3)
    wasm = _wasm(segments, 0)
    snapshot = _snapshot(_memory_after_start(segments, 72_000, changed=200))
    packed = snapshot_image.pack(snapshot, wasm)
    (tmp_path / "packed.bin").write_bytes(packed.data)
    (tmp_path / "wasm.bin").write_bytes(wasm)
    script = f"""
import fs from "node:fs";
const {{ restoreSnapshotImage, dataSegments }} = await import({json.dumps((REPO / "web" / "snapshot-image.js").as_uri())});
const read = (name) => new Uint8Array(fs.readFileSync({json.dumps(str(tmp_path))} + "/" + name));
const image = restoreSnapshotImage(read("packed.bin"), {json.dumps(packed.format)}, read("wasm.bin"));
fs.writeFileSync({json.dumps(str(tmp_path / "image.bin"))}, image);
console.log(JSON.stringify(dataSegments(read("wasm.bin")).map(([offset, , length]) => [offset, length])));
"""
    result = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [[offset, len(payload)] for offset, payload in segments]
    assert (tmp_path / "image.bin").read_bytes() == snapshot
