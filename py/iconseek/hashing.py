"""File digests shared by the build-time packages (models, byo, site).

Model cards, vector sidecars and the site manifest all record the sha256 of
files that can be hundreds of MB, so the file is streamed, never read whole.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_sha256(path: str | Path) -> str:
    """Hex sha256 of a file's bytes, streamed (``hashlib.file_digest``, Python 3.11+)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
