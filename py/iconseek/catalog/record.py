"""The catalogue record and its serialisation (one corpus.jsonl line per icon).

Field order and JSON settings are part of the contract (docs/CONTRACTS.md):
byte-identical output for identical inputs depends on them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

_WORD_SPLIT = re.compile(r"[-_\s]+")


@dataclass(frozen=True)
class IconSource:
    """One canonical icon as found in a library, before it is written out.

    ``svg_path`` points at the shipped file; ``title`` is the library's own human
    label when it ships one (Carbon friendlyName, Font Awesome label), else empty
    and the record falls back to the humanised name.
    """

    name: str
    svg_path: Path
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    title: str = ""


@dataclass(frozen=True)
class IconRecord:
    """A finished catalogue entry: what one corpus.jsonl line holds."""

    library: str
    name: str
    title: str
    tags: tuple[str, ...]
    aliases: tuple[str, ...]
    categories: tuple[str, ...]
    licence: str
    source: Path

    @property
    def id(self) -> str:
        return f"{self.library}/{self.name}"

    @property
    def svg(self) -> str:
        return f"svg/{self.library}/{self.name}.svg"

    @property
    def text(self) -> str:
        return search_text(self.tags, self.aliases, self.categories)

    def to_json(self) -> str:
        obj = {
            "_id": self.id,
            "title": self.title,
            "text": self.text,
            "library": self.library,
            "name": self.name,
            "tags": list(self.tags),
            "aliases": list(self.aliases),
            "categories": list(self.categories),
            "licence": self.licence,
            "svg": self.svg,
        }
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def humanise(name: str) -> str:
    """``"arrow-left"`` -> ``"Arrow Left"``; ``"caret--down"`` -> ``"Caret Down"``.

    Only the first letter of each word is raised, so ``3D`` or ``iOS`` keep their case.
    """
    words = [w for w in _WORD_SPLIT.split(name) if w]
    return " ".join(w[:1].upper() + w[1:] for w in words)


def unslug(term: str) -> str:
    """Alias slugs (``"alert-circle"``) become words (``"alert circle"``) for the text field."""
    return " ".join(w for w in _WORD_SPLIT.split(term) if w)


def search_text(tags: Iterable[str], aliases: Iterable[str], categories: Iterable[str]) -> str:
    """The BEIR ``text`` field: tags, then aliases as words, then categories, space-joined."""
    parts = [*tags, *(unslug(a) for a in aliases), *categories]
    return " ".join(p for p in parts if p)


def clean_terms(terms: Iterable[object], *, drop: Iterable[str] = ()) -> tuple[str, ...]:
    """Strip, drop empties and duplicates (case-insensitive), keep first-seen order.

    Order is kept (not sorted) because libraries list their best tags first; the
    result is still deterministic because the input files are.
    """
    dropped = {d.casefold() for d in drop}
    seen: set[str] = set()
    out: list[str] = []
    for term in terms:
        if not isinstance(term, str):
            continue
        t = " ".join(term.split())
        key = t.casefold()
        if not t or key in seen or key in dropped:
            continue
        seen.add(key)
        out.append(t)
    return tuple(out)
