"""The snapshot's zero-page elision round-trips and refuses damaged files."""

from __future__ import annotations

import random

import pytest

from iconseek.site import zero_pages


def _image(pages: list[bool], tail: int = 0) -> bytes:
    rng = random.Random(len(pages))
    out = bytearray()
    for filled in pages:
        out += bytes(rng.randrange(1, 256) for _ in range(64)) + bytes(4096 - 64) if filled else bytes(4096)
    out += bytes(rng.randrange(1, 256) for _ in range(tail))
    return bytes(out)


@pytest.mark.parametrize("pages,tail", [
    ([True, False, False, True, True, False], 0),
    ([False, False, True], 100),  # short last page
    ([False] * 5, 0),  # all zeros
    ([True] * 3, 0),
    ([], 0),
])
def test_round_trip_and_size(pages, tail):
    image = _image(pages, tail)
    packed = zero_pages.pack(image)
    assert zero_pages.unpack(packed) == image
    filled = sum(pages) * 4096 + tail
    runs = zero_pages._runs(image, 4096)
    assert len(packed) == 16 + 8 * len(runs) + filled


def test_damaged_files_are_refused():
    packed = zero_pages.pack(_image([True, False, True]))
    with pytest.raises(ValueError, match="magic"):
        zero_pages.unpack(b"XXXX" + packed[4:])
    with pytest.raises(ValueError, match="truncated"):
        zero_pages.unpack(packed[:-10])
    with pytest.raises(ValueError, match="trailing"):
        zero_pages.unpack(packed + b"\0")
