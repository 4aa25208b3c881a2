"""JSON-lines reading with errors that point at the line (stdlib only).

Every JSONL file iconseek reads (catalogue ``corpus.jsonl``, BEIR
``queries.jsonl``) follows the same rules: blank lines are skipped, and a line
that is not JSON is reported as ``<source>:<line>: invalid JSON (...)`` so the
user can open the file at the right place instead of meeting a failure later.
"""

from __future__ import annotations

import json
from typing import Iterable, Iterator


def iter_jsonl(lines: Iterable[str], source: str) -> Iterator[tuple[str, object]]:
    """Yield ``(where, value)`` for each non-blank line; ``where`` is ``source:line``."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}: invalid JSON ({exc.msg})") from None
        yield where, value
