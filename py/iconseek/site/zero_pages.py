"""Zero-page elision for the Pyodide memory snapshot.

WHY: the snapshot is an image of Pyodide's wasm memory, and half of its 31 MB
is 4 KiB pages of zeros (heap that was grown but not used). Brotli squeezes them
to almost nothing on the wire, but the browser still decodes and moves every
byte through its network stack and the worker's buffers, on the same two
cores that are starting Python and onnxruntime. Shipping only the non-zero
pages and re-creating the zeros with one allocation in the worker removes
that work.

File layout (little-endian):

    b"IZP1", u32 total_bytes, u32 page_size, u32 run_count,
    run_count x (u32 first_page, u32 page_count)      runs of non-zero pages
    the bytes of those pages, in order (the last page of the image may be short)

The worker's ``expandZeroPages`` (web/assets.js) is the inverse of ``pack``.
"""

from __future__ import annotations

import struct

MAGIC = b"IZP1"
PAGE_SIZE = 4096
FORMAT = "zero-pages-v1"  # manifest.json's name for this layout


def _runs(image: bytes, page_size: int) -> list[tuple[int, int]]:
    zero = bytes(page_size)
    runs: list[tuple[int, int]] = []
    pages = -(-len(image) // page_size)
    for page in range(pages):
        chunk = image[page * page_size:(page + 1) * page_size]
        if chunk == zero[: len(chunk)]:
            continue
        if runs and runs[-1][0] + runs[-1][1] == page:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((page, 1))
    return runs


def pack(image: bytes, page_size: int = PAGE_SIZE) -> bytes:
    """The image without its all-zero pages, in the layout above."""
    runs = _runs(image, page_size)
    header = [MAGIC, struct.pack("<III", len(image), page_size, len(runs))]
    header += [struct.pack("<II", first, count) for first, count in runs]
    body = [image[first * page_size:(first + count) * page_size] for first, count in runs]
    return b"".join(header + body)


def unpack(data: bytes) -> bytes:
    """Inverse of :func:`pack`; raises ValueError on a malformed file."""
    if len(data) < 16 or data[:4] != MAGIC:
        raise ValueError("not a zero-page-elided image (bad magic)")
    total, page_size, run_count = struct.unpack_from("<III", data, 4)
    offset = 16 + 8 * run_count
    if page_size == 0 or offset > len(data):
        raise ValueError("zero-page image header is truncated")
    out = bytearray(total)
    for i in range(run_count):
        first, count = struct.unpack_from("<II", data, 16 + 8 * i)
        start = first * page_size
        end = min(total, start + count * page_size)
        if start > end or offset + (end - start) > len(data):
            raise ValueError("zero-page image is truncated or its runs exceed its size")
        out[start:end] = data[offset:offset + (end - start)]
        offset += end - start
    if offset != len(data):
        raise ValueError("zero-page image has trailing bytes")
    return bytes(out)
