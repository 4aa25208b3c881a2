"""Migration maps: for each icon of one library, its best equivalent in another.

Each row holds the best match, the runner-up, their scores and a confidence
flag, plus the React imports on both sides where the package's naming rule is
known (names.py). ``--names`` restricts the map to the names a codebase uses,
spelt as it spells them (``trash-2``, ``Trash2``, ``IconSettings``, ``ArrowLeftIcon``).

Confidence: ``high`` when the best match leads the runner-up by at least
``HIGH_MARGIN``. WHY a margin and not the score: on the tune half of the
hand-checked pairs (bench/equivalents/hand.tsv) a lead of 0.08 kept 92% of
top-1 answers right at 73% coverage (holdout: 91% at 73%); a score floor added
little (docs/EQUIVALENTS.md).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from typing import Iterable, Sequence

from .index import IconSimilarity, SimilarityError
from .names import NameIndex, component_name, parse_name

HIGH_MARGIN = 0.08


@dataclass(frozen=True)
class MapRow:
    source: str  # the name as given (or the icon's name when mapping a whole library)
    source_id: str | None
    match_id: str | None
    score: float | None
    runner_up_id: str | None
    runner_up_score: float | None
    confidence: str  # high | low | unknown-name
    source_component: str
    match_component: str
    match_import: str


def _component(library: str, name: str) -> dict:
    try:
        return component_name(library, name)
    except ValueError:  # a name no React package exports (or no package for the library)
        return {}


def read_names(text: str) -> list[str]:
    """One name per line; blank lines and ``#`` comments ignored, duplicates kept once."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            seen.setdefault(line, None)
    return list(seen)


def migration_map(index: IconSimilarity, source: str, target: str,
                  names: Sequence[str] | None = None) -> list[MapRow]:
    """A map from ``source`` to ``target`` for every icon of ``source``, or for ``names``."""
    index.check_libraries([source, target])
    if source == target:
        raise SimilarityError(f"--from and --to are both {source!r}: a map needs two libraries")
    own = [i for i, lib in zip(index.ids, index.library_of) if lib == source]
    if names is None:
        wanted = [(i.split("/", 1)[1], i) for i in own]
    else:
        if not names:
            raise SimilarityError("the names list is empty: give one icon name per line")
        known = NameIndex.from_records([r for r in index.records if r["library"] == source], source)
        wanted = []
        for given in names:
            try:
                wanted.append((given, f"{source}/{parse_name(given, source, known=known)}"))
            except ValueError:
                wanted.append((given, None))
        wanted = [(g, i if i in index.position else None) for g, i in wanted]
    found = [i for _g, i in wanted if i is not None]
    hits = index.similar_many(found, k=2, to=[target]) if found else {}
    rows = []
    for given, icon_id in wanted:
        if icon_id is None:
            rows.append(MapRow(given, None, None, None, None, None, "unknown-name", "", "", ""))
            continue
        best = hits[icon_id]
        first = best[0] if best else None
        second = best[1] if len(best) > 1 else None
        margin = first.score - second.score if first and second else float("inf")
        source_code = _component(source, icon_id.split("/", 1)[1])
        match_code = _component(target, first.name) if first else {}
        rows.append(MapRow(
            given, icon_id, first.id if first else None, round(first.score, 4) if first else None,
            second.id if second else None, round(second.score, 4) if second else None,
            "high" if margin >= HIGH_MARGIN else "low",
            source_code.get("component", ""), match_code.get("component", ""), match_code.get("import", "")))
    return rows


def write_map(rows: Iterable[MapRow], fmt: str) -> str:
    """The map as JSON (a list of objects) or CSV (a header row, then one row per icon)."""
    rows = [asdict(r) for r in rows]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(MapRow.__dataclass_fields__), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
