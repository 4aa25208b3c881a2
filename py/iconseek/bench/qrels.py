"""Expand hand-written icon-name patterns into BEIR queries and TREC-style qrels.

Why patterns and not hand-picked ids: the catalogue holds ~22.6k icons from 11
libraries, and the same concept ("trash") appears under a dozen names
(``trash-2``, ``trash3``, ``delete``, ``delete-bin``, ``bin``...).  Judging by
hand would miss most of them and bias the benchmark toward whichever library
the author remembered.  Instead each query lists the *names* an icon for that
intent may carry, and this module matches them against every icon's name and
aliases.  Tags and categories are deliberately NOT matched: they are what the
systems under test search, so judging on them would reward the lexical systems
for agreeing with the judgments' own source.

Pattern language (all matching is case-insensitive, on normalised keys):

* a key is an icon's name or one alias, lower-cased, with ``_``, spaces, dots and
  camelCase boundaries turned into ``-`` (``ArrowLeft`` -> ``arrow-left``);
* ``trash*``            -- a shell glob matched against the whole key;
* ``@trash``            -- the key *is* ``trash`` up to a stylistic variant: an
                           optional ``circle-``/``square-`` container before it and
                           variant words after it (digits, ``alt``, ``simple``,
                           ``filled``, ``outline``, ``circle``, ``line``...), so
                           ``trash-2``, ``trash3``, ``trash-can-alt`` (via
                           ``@trash-can``) but not ``trash-x`` or ``bag-trash``;
* ``~bin``              -- loose: the key contains the hyphen-separated word(s)
                           ``bin`` anywhere (``delete-bin-2``, ``recycle-bin``),
                           never a substring (``cabin``);
* ``re:^lock(-\\d+)?$``  -- a regular expression (``re.fullmatch``);
* ``lucide/trash*``     -- any of the above, prefixed by a library slug, only
                           applies to that library.

A query object in the source file::

    {"id": "edit-003", "text": "throw it away", "category": "editing",
     "difficulty": "hard", "relevant": ["trash*", "@delete-bin", "delete"],
     "partial": ["@recycle"], "exclude": ["*-off"]}

``relevant`` matches get score 2, ``partial`` matches score 1 (graded nDCG),
``exclude`` removes matches from both.  The expansion is deterministic: icons
are visited in corpus order and output is sorted.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from iconseek.core.jsonl import JsonlError, iter_jsonl

# bench/dev bands, then bench/describe's (everyday descriptions, idioms, definitions).
DIFFICULTIES = ("exact", "medium", "hard", "typo", "description", "idiom", "definition")
RELEVANT_SCORE = 2
PARTIAL_SCORE = 1

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SEPARATORS = re.compile(r"[\s_.:/]+")
_DASHES = re.compile(r"-{2,}")
# Words that change an icon's drawing style but not its meaning (``@`` patterns).
_VARIANTS = (
    r"\d+|alt|simple|line|fill|filled|outline|outlined|solid|o|round|rounded|circle|square|"
    r"sharp|bold|light|thin|duotone|regular|small|sm|large|lg|big|mini|micro|straight|"
    r"horizontal|vertical|h|v|fat|tilt|dot|dots|full|one|two"
)
_CONTAINERS = r"circle|square|solid|box|rounded"


class QrelsError(ValueError):
    """A source file or corpus that cannot be expanded (names the file and query)."""


def normalise_key(raw: str) -> str:
    """Lower-case hyphenated form of an icon name or alias ("ArrowLeft" -> "arrow-left")."""
    text = _CAMEL.sub("-", raw.strip())
    text = _SEPARATORS.sub("-", text).lower()
    return _DASHES.sub("-", text).strip("-")


@dataclass(frozen=True)
class Pattern:
    """One compiled pattern; ``library`` restricts it to one icon library."""

    source: str
    regex: re.Pattern[str]
    library: str | None

    def matches(self, library: str, keys: Iterable[str]) -> bool:
        if self.library is not None and self.library != library:
            return False
        return any(self.regex.fullmatch(k) for k in keys)


def compile_pattern(source: str) -> Pattern:
    """Compile one pattern string (see the module docstring for the syntax)."""
    text = source.strip()
    if not text:
        raise QrelsError("empty pattern")
    library = None
    if "/" in text and not text.startswith("re:"):
        library, text = text.split("/", 1)
        library = library.lower()
    if text.startswith("re:"):
        expr = text[3:]
    elif text[:1] in ("@", "~"):
        word = normalise_key(text[1:])
        if not word:
            raise QrelsError(f"empty word pattern {source!r}")
        if text[0] == "~":
            expr = rf"(?:.*-)?{re.escape(word)}(?:-.*)?"
        else:
            expr = rf"(?:(?:{_CONTAINERS})-)?{re.escape(word)}\d*(?:-(?:{_VARIANTS}))*"
    else:
        expr = fnmatch.translate(text.lower())
    try:
        regex = re.compile(expr)
    except re.error as exc:
        raise QrelsError(f"bad pattern {source!r}: {exc}") from exc
    return Pattern(source=source, regex=regex, library=library)


@dataclass(frozen=True)
class Icon:
    """The fields of a catalogue row that judgments may look at."""

    id: str
    library: str
    keys: tuple[str, ...]


def icon_from_row(row: Mapping[str, object], alias_libraries: Iterable[str] | None = None) -> Icon:
    """Build the matching keys (name + aliases) of one corpus.jsonl row.

    ``alias_libraries`` lists the libraries whose ``aliases`` are real alternate
    names (renamed icons); ``None`` trusts every library.  Some libraries fill
    the field with search keywords instead (Carbon lists "lock" as an alias of
    ``document--unprotected``), which would make name patterns over-match.
    """
    name = str(row["name"])
    library = str(row["library"])
    trusted = alias_libraries is None or library in set(alias_libraries)
    aliases = (row.get("aliases") or []) if trusted else []
    keys = [normalise_key(name)] + [normalise_key(str(a)) for a in aliases]  # type: ignore[union-attr]
    unique = tuple(dict.fromkeys(k for k in keys if k))
    return Icon(id=str(row["_id"]), library=library, keys=unique)


def load_icons(corpus_path: Path, alias_libraries: Iterable[str] | None = None) -> list[Icon]:
    """Read corpus.jsonl (docs/CONTRACTS.md) into matching keys, in corpus order."""
    if not corpus_path.is_file():
        raise QrelsError(f"corpus not found: {corpus_path}")
    icons = []
    with corpus_path.open(encoding="utf-8") as fh:
        for where, row in iter_jsonl(fh, str(corpus_path)):
            try:
                icons.append(icon_from_row(row, alias_libraries))
            except (KeyError, TypeError, AttributeError) as exc:
                raise JsonlError(where, f"bad corpus row ({exc})") from None
    return icons


@dataclass(frozen=True)
class SourceQuery:
    id: str
    text: str
    category: str
    difficulty: str
    relevant: tuple[str, ...]
    partial: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """The parsed source file: queries plus the judging settings they assume."""

    queries: list[SourceQuery]
    alias_libraries: tuple[str, ...] | None


def load_source(path: Path) -> Source:
    """Read and validate the hand-written source file (``bench/dev/queries.src.json``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise QrelsError(f"query source not found: {path}") from exc
    except json.JSONDecodeError as exc:
        raise QrelsError(f"{path}: invalid JSON ({exc})") from exc
    rows = data.get("queries") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise QrelsError(f"{path}: expected an object with a 'queries' list")
    out: list[SourceQuery] = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        where = f"{path}: query #{i} ({row.get('id', '?') if isinstance(row, dict) else '?'})"
        if not isinstance(row, dict):
            raise QrelsError(f"{where}: not an object")
        missing = [k for k in ("id", "text", "category", "difficulty", "relevant") if k not in row]
        if missing:
            raise QrelsError(f"{where}: missing {', '.join(missing)}")
        if row["id"] in seen:
            raise QrelsError(f"{where}: duplicate id")
        seen.add(row["id"])
        if row["difficulty"] not in DIFFICULTIES:
            raise QrelsError(f"{where}: difficulty must be one of {DIFFICULTIES}")
        if not row["relevant"]:
            raise QrelsError(f"{where}: 'relevant' is empty")
        out.append(
            SourceQuery(
                id=str(row["id"]),
                text=str(row["text"]),
                category=str(row["category"]),
                difficulty=str(row["difficulty"]),
                relevant=tuple(row["relevant"]),
                partial=tuple(row.get("partial", ())),
                exclude=tuple(row.get("exclude", ())),
            )
        )
    alias_libraries = data.get("alias_libraries")
    if alias_libraries is not None and not isinstance(alias_libraries, list):
        raise QrelsError(f"{path}: 'alias_libraries' must be a list of library slugs")
    return Source(queries=out, alias_libraries=None if alias_libraries is None else tuple(alias_libraries))


def judge(query: SourceQuery, icons: Sequence[Icon]) -> dict[str, int]:
    """Relevance grades {icon id: score} of one query over the whole catalogue."""
    relevant = [compile_pattern(p) for p in query.relevant]
    partial = [compile_pattern(p) for p in query.partial]
    exclude = [compile_pattern(p) for p in query.exclude]
    grades: dict[str, int] = {}
    for icon in icons:
        if any(p.matches(icon.library, icon.keys) for p in exclude):
            continue
        if any(p.matches(icon.library, icon.keys) for p in relevant):
            grades[icon.id] = RELEVANT_SCORE
        elif any(p.matches(icon.library, icon.keys) for p in partial):
            grades[icon.id] = PARTIAL_SCORE
    return grades


def expand(queries: Sequence[SourceQuery], icons: Sequence[Icon]) -> dict[str, dict[str, int]]:
    """Judge every query; {query id: {icon id: grade}} in source order."""
    return {q.id: judge(q, icons) for q in queries}


def write_queries_jsonl(queries: Sequence[SourceQuery], path: Path) -> None:
    """BEIR queries.jsonl with our two extra fields (category, difficulty)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for q in queries:
            row = {"_id": q.id, "text": q.text, "category": q.category, "difficulty": q.difficulty}
            fh.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def write_qrels_tsv(qrels: Mapping[str, Mapping[str, int]], path: Path, only: Iterable[str] | None = None) -> None:
    """BEIR qrels TSV (header ``query-id corpus-id score``), rows sorted by icon id."""
    keep = None if only is None else set(only)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("query-id\tcorpus-id\tscore\n")
        for qid, grades in qrels.items():
            if keep is not None and qid not in keep:
                continue
            for doc_id in sorted(grades):
                fh.write(f"{qid}\t{doc_id}\t{grades[doc_id]}\n")
