"""Read a catalogue's ``corpus.jsonl`` (see docs/CONTRACTS.md) into plain records.

The query path needs only a few fields per icon; this module turns each JSON
line into an :class:`IconDoc` and reports bad lines with the file and line
number instead of failing somewhere downstream.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .jsonl import JsonlError, iter_jsonl

CORPUS_FILE = "corpus.jsonl"


@dataclass(frozen=True)
class IconDoc:
    """One icon as the engine sees it; ``id`` is ``"<library>/<name>"``."""

    id: str
    name: str
    library: str
    title: str = ""
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


def _strings(value, what: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise JsonlError(where, f"field {what!r} must be a list of strings")
    return tuple(value)


def doc_from_record(record: dict, where: str = "record") -> IconDoc:
    """Validate one corpus.jsonl object; ``where`` names it in error messages."""
    if not isinstance(record, dict):
        raise JsonlError(where, "expected a JSON object")
    doc_id = record.get("_id")
    if not isinstance(doc_id, str) or not doc_id:
        raise JsonlError(where, "'_id' must be a non-empty string ('<library>/<name>')")
    library, slash, default_name = doc_id.partition("/")
    if not slash:  # a plain BEIR corpus: no library in the id
        library, default_name = "", str(record.get("title") or doc_id)
    name = record.get("name", default_name)
    if not isinstance(name, str):
        raise JsonlError(where, "'name' must be a string")
    tags = _strings(record.get("tags"), "tags", where)
    aliases = _strings(record.get("aliases"), "aliases", where)
    categories = _strings(record.get("categories"), "categories", where)
    if not (tags or aliases or categories) and isinstance(record.get("text"), str):
        # Plain BEIR record: its free text stands in for the tags.
        tags = (record["text"],)
    return IconDoc(
        id=doc_id,
        name=name,
        library=str(record.get("library") or library),
        title=str(record.get("title") or ""),
        aliases=aliases,
        tags=tags,
        categories=categories,
    )


def parse_corpus_lines(lines, source: str = "corpus.jsonl") -> list[IconDoc]:
    """Parse JSON lines (blank lines skipped); errors name ``source`` and the line."""
    docs = []
    seen: set[str] = set()
    for where, record in iter_jsonl(lines, source):
        doc = doc_from_record(record, where)
        if doc.id in seen:
            raise JsonlError(where, f"duplicate _id {doc.id!r}")
        seen.add(doc.id)
        docs.append(doc)
    return docs


def load_corpus(path: str) -> list[IconDoc]:
    """Load a corpus.jsonl file, or the one inside a catalogue directory."""
    if os.path.isdir(path):
        path = os.path.join(path, CORPUS_FILE)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no corpus file at {path}")
    with open(path, encoding="utf-8") as handle:
        return parse_corpus_lines(handle, source=path)
