"""Training captions for the image tower, and near-duplicate groups.

The image tower learns to put an icon where the text tower puts *what people
type to find it*. So captions are short search-style phrases about the icon's
meaning — its name words, each tag, alias and category — not descriptions of its
look. One caption is sampled per icon per step; the name phrase is the most
reliable signal, so it gets half the sampling mass.

Near-duplicates ("arrow-left" in six libraries, or icons whose caption sets are
identical) must not be each other's negatives: a contrastive loss would push
apart pictures that mean the same thing. Each icon gets a group id; the loss
masks pairs within a group.

Standard library only: used by training (torch) and by evaluation code alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ..core.jsonl import iter_jsonl

_SPLIT = re.compile(r"[^0-9a-zA-Z]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Style words describe the drawing variant, not the meaning.
STYLE_WORDS = frozenset(
    "line outline outlined fill filled regular solid sharp bold thin light duotone round rounded".split()
)
MAX_CAPTIONS = 12
NAME_CAPTION_SHARE = 0.5


@dataclass(frozen=True)
class IconCaptions:
    """Captions of one icon: ``name`` phrase first, then the others (deduplicated)."""

    name: str
    others: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return (self.name, *self.others) if self.name else self.others


def phrase(text: str) -> str:
    """Normalise an identifier or tag into a lowercase space-separated phrase.

    ``"arrow-left"`` / ``"ArrowLeft"`` / ``"arrow_left_line"`` -> ``"arrow left"``.
    Style words are dropped unless nothing else is left (``"fill"`` as a tag stays).
    """
    words = [w.lower() for part in _SPLIT.split(text) for w in _CAMEL.split(part) if w]
    kept = [w for w in words if w not in STYLE_WORDS]
    return " ".join(kept or words)


def icon_captions(record: dict) -> IconCaptions:
    """Build the caption set of one corpus.jsonl record."""
    name = phrase(record.get("name", ""))
    seen = {name}
    others: list[str] = []
    title = phrase(record.get("title", ""))
    candidates: Iterable[str] = [title, *record.get("aliases", ()), *record.get("tags", ()), *record.get("categories", ())]
    for raw in candidates:
        cap = phrase(raw)
        if cap and cap not in seen:
            seen.add(cap)
            others.append(cap)
        if len(others) >= MAX_CAPTIONS - 1:
            break
    return IconCaptions(name=name, others=tuple(others))


def metadata_text(record: dict) -> str:
    """The text a text→text arm embeds for an icon: ``"title. tags. aliases"``.

    Categories are left out. WHY: they are broad ("Arrows", "Communication",
    "Editor") and shared by hundreds of icons, so in a mean-pooled MiniLM
    embedding of a short text they pull every icon of a category toward the same
    point. Measured on the tune halves (docs/BENCHMARKS.md, "The icon text the
    meaning arm embeds"): without them the meaning arm alone gains (dev nDCG@10
    0.470 -> 0.501, describe MRR@10 0.437 -> 0.483) and the fused dev nDCG@10
    0.605 -> 0.615 (p = 0.01); adding them back only for icons with fewer than
    two tags and aliases was worse than either. The lexical arm still indexes them.
    """
    parts = [record.get("title") or phrase(record.get("name", ""))]
    for key in ("tags", "aliases"):
        values = [v for v in record.get(key, ()) if v]
        if values:
            parts.append(", ".join(values))
    return ". ".join(p for p in parts if p)


def duplicate_groups(captions: Sequence[IconCaptions]) -> list[int]:
    """Group id per icon: icons sharing a name phrase or an identical caption set
    share a group (union-find over both keys), ids dense from 0 in first-seen order."""
    parent = list(range(len(captions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_by_key: dict[tuple, int] = {}
    for i, cap in enumerate(captions):
        keys = [("set", tuple(sorted(cap.all)))]
        if cap.name:
            keys.append(("name", cap.name))
        for key in keys:
            j = first_by_key.setdefault(key, i)
            if j != i:
                parent[find(i)] = find(j)
    dense: dict[int, int] = {}
    return [dense.setdefault(find(i), len(dense)) for i in range(len(captions))]


def read_corpus(catalog_dir: str | Path) -> list[dict]:
    """Records of ``corpus.jsonl`` in file order (= raster row order)."""
    path = Path(catalog_dir) / "corpus.jsonl"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: catalogue corpus not found (run `iconseek catalog build`)")
    with path.open(encoding="utf-8") as fh:
        return [record for _where, record in iter_jsonl(fh, str(path))]
