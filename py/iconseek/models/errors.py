"""One error type for unusable model artefacts.

Callers (CLI, engine factory) catch it to print a message that names the file,
instead of surfacing an opaque protobuf or onnxruntime traceback.
"""

from __future__ import annotations

from pathlib import Path


class ModelFileError(RuntimeError):
    """A model or vector file is missing, truncated or otherwise unusable."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
