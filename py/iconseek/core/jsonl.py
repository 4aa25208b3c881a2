"""JSON-lines reading with errors that point at the line (stdlib only).

Every JSONL file iconseek reads (catalogue ``corpus.jsonl``, BEIR
``queries.jsonl``, benchmark datasets) goes through :func:`iter_jsonl`, so they
follow the same rules: blank lines are skipped, and a line that is not JSON —
or, checked by the caller, not the record it should be — raises
:class:`JsonlError` as ``<source>:<line>: <reason>``, so the user can open the
file at the right place instead of meeting a failure later.
"""

from __future__ import annotations

import json
from typing import Iterable, Iterator


class JsonlError(ValueError):
    """One line of a JSONL file is unusable; ``where`` is ``source:line``."""

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


def iter_jsonl(lines: Iterable[str], source: str) -> Iterator[tuple[str, object]]:
    """Yield ``(where, value)`` for each non-blank line; ``where`` is ``source:line``."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise JsonlError(where, f"invalid JSON ({exc.msg})") from None
        yield where, value
