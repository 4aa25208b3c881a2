"""Rasterise SVGs to grayscale ``uint8`` arrays (0 = black ink, 255 = white paper).

Kernel: :func:`render_one` (one SVG -> one S x S array) using resvg-py, which
bundles the resvg renderer (no system libraries). resvg only returns PNG bytes,
so each image is decoded with Pillow; at 64 px that costs far less than the
render itself. :func:`render_all` spreads the work over a process pool in
fixed-size chunks and returns rows in input order, so the result does not depend
on the number of workers.

numpy, Pillow and resvg-py are imported lazily: the CLI imports this package's
command module for every ``iconseek`` invocation.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable, Sequence

from iconseek.catalog.svgfile import raster_ready

DEFAULT_SIZE = 64
CHUNK = 256
BLANK_THRESHOLD = 250  # a raster whose darkest pixel is lighter than this shows nothing


@dataclass(frozen=True)
class RenderFailure:
    index: int
    detail: str


def render_one(data: bytes, size: int):
    """Render one SVG (its file bytes) to a ``[size, size]`` uint8 array, black on white."""
    import io

    import numpy as np
    import resvg_py
    from PIL import Image

    png = resvg_py.svg_to_bytes(svg_string=raster_ready(data, size), background="white")
    with Image.open(io.BytesIO(png)) as image:
        gray = np.asarray(image.convert("L"), dtype=np.uint8)
    if gray.shape != (size, size):
        raise ValueError(f"renderer returned {gray.shape[1]}x{gray.shape[0]}, expected {size}x{size}")
    return gray


def _render_chunk(job: tuple[int, list[bytes], int]):
    """Worker: render a chunk; failures become white rows plus a RenderFailure."""
    import numpy as np

    start, items, size = job
    out = np.full((len(items), size, size), 255, dtype=np.uint8)
    failures = []
    for offset, data in enumerate(items):
        try:
            out[offset] = render_one(data, size)
        except Exception as exc:  # resvg raises ValueError; anything else is equally a bad file
            failures.append(RenderFailure(start + offset, f"render failed: {exc}"))
    return start, out, failures


def render_all(
    svgs: Sequence[bytes],
    size: int = DEFAULT_SIZE,
    jobs: int = 2,
    progress: Callable[[int, int], None] | None = None,
):
    """Render every SVG; returns ``(array [N, size, size], failures)`` in input order."""
    import numpy as np

    result = np.full((len(svgs), size, size), 255, dtype=np.uint8)
    chunks = [(i, list(svgs[i:i + CHUNK]), size) for i in range(0, len(svgs), CHUNK)]
    failures: list[RenderFailure] = []
    done = 0

    def take(start, block, chunk_failures):
        nonlocal done
        result[start:start + len(block)] = block
        failures.extend(chunk_failures)
        done += len(block)
        if progress:
            progress(done, len(svgs))

    if jobs <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            take(*_render_chunk(chunk))
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for start, block, chunk_failures in pool.map(_render_chunk, chunks):
                take(start, block, chunk_failures)
    failures.sort(key=lambda f: f.index)
    return result, failures


def blank_rows(rasters) -> list[int]:
    """Indices of rasters with no visible ink (every pixel near white)."""
    import numpy as np

    darkest = rasters.reshape(len(rasters), -1).min(axis=1)
    return [int(i) for i in np.nonzero(darkest > BLANK_THRESHOLD)[0]]
