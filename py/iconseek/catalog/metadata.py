"""The ``--metadata`` JSON of a ``--svg-dir`` build: read it, check its shape, say what is wrong.

Schema (docs/CATALOG.md, "Input validation")::

    {"library": str, "licence": str, "holder": str,          # "license" is accepted too
     "icons": {NAME: {"title": str, "tags": [str], "aliases": [str], "categories": [str]}}}

or the bare ``{NAME: {...}}`` mapping, in which the four file-level keys above keep
their meaning and every other key is an icon.

A file that cannot be used at all — missing, not UTF-8, not JSON, nested deeper
than the parser can follow, top level not an object, ``"icons"`` not an object —
stops the build with :class:`CatalogInputError`: the user asked for this metadata,
and a catalogue quietly built without it would look right but search worse.

Anything smaller is reported (kind ``metadata``, path = the metadata file, detail
naming the icon key) and skipped, the rest of the entry and file kept: a field of
the wrong type is ignored, a non-string list item is dropped, an unknown key is
ignored (it is usually a typo: ``"tag"``). ``null`` means "not given". A bare string
where a list belongs is rejected, not guessed at — ``"tags": "home house"`` could
mean one tag or two, and it was once split into characters.

Every string must be text a terminal and a web page can show: whitespace runs are
collapsed to one space, and a string still holding a control or format character
or a lone surrogate (``"\\ud800"`` is legal JSON but no UTF-8 file can hold it) is
rejected like a wrong type.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from iconseek.catalog.problems import CatalogInputError, Problems, shown
from iconseek.catalog.record import clean_terms

FILE_KEYS = ("library", "licence", "license", "holder")
LIST_FIELDS = ("tags", "aliases", "categories")
ICON_FIELDS = ("title", *LIST_FIELDS)


@dataclass(frozen=True)
class IconMeta:
    """What the metadata says about one icon, already checked and cleaned."""

    title: str = ""
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class FolderMetadata:
    library: str | None = None
    licence: str | None = None
    holder: str | None = None
    icons: dict[str, IconMeta] = field(default_factory=dict)
    path: Path | None = None  # the file, for problems found later (an icon with no SVG)


def kind_of(value: object) -> str:
    """The JSON type of ``value`` in words, for messages (never the value: it may be huge)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def clean_text(value: object) -> str | None:
    """``value`` with whitespace collapsed, or None unless it is a string every output can show."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text if text.isprintable() else None


def _load(path: Path) -> dict:
    """The file's top-level object, or CatalogInputError saying in one line why there is none."""
    where = shown(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CatalogInputError(f"{where}: metadata file not found") from None
    except OSError as exc:
        raise CatalogInputError(f"{where}: cannot read the metadata file ({shown(exc.strerror or exc)})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogInputError(f"{where}: metadata is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise CatalogInputError(f"{where}: metadata JSON is nested too deeply to read") from None
    except ValueError as exc:  # JSONDecodeError, or an integer too long to convert
        raise CatalogInputError(f"{where}: metadata is not valid JSON ({shown(exc)})") from None
    if not isinstance(data, dict):
        raise CatalogInputError(f"{where}: metadata must be a JSON object at the top level, not {kind_of(data)}")
    if "icons" in data and not isinstance(data["icons"], dict):
        raise CatalogInputError(f'{where}: "icons" must be an object mapping icon names to entries, '
                                f"not {kind_of(data['icons'])}")
    return data


def _file_field(data: dict, key: str, report) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    text = clean_text(value)
    if text is None:
        report(f"{key} must be a string of printable text, not {_described(value)}; ignored")
    return text or None


def _described(value: object) -> str:
    """``kind_of``, but a string that fails the text check is called what it is."""
    if isinstance(value, str) and clean_text(value) is None:
        return "text with control characters or invalid Unicode"
    return kind_of(value)


def _terms(value: object, name: str, report) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        hint = f" (write [{json.dumps(value)}] for one)" if clean_text(value) else ""
        report(f"{name} must be a list of strings, not {_described(value)}{hint}; ignored")
        return ()
    texts = [clean_text(item) for item in value]
    bad = [i for i, text in enumerate(texts) if text is None]
    if bad:
        first = value[bad[0]]
        report(f"{name}: {len(bad)} item(s) are not printable strings (first at index {bad[0]}: "
               f"{_described(first)}); dropped")
    return clean_terms(t for t in texts if t is not None)


def _icon(entry: object, report) -> IconMeta | None:
    if not isinstance(entry, dict):
        report(f"entry must be an object, not {kind_of(entry)}; skipped")
        return None
    for key in entry:
        if key not in ICON_FIELDS:
            report(f"unknown field {key!r} ignored (known: {', '.join(ICON_FIELDS)})")
    title = entry.get("title")
    if title is not None and clean_text(title) is None:
        report(f"title must be a string of printable text, not {_described(title)}; ignored")
    return IconMeta(
        title=clean_text(title) or "",
        **{name: _terms(entry.get(name), name, report) for name in LIST_FIELDS},
    )


def read_metadata(path: Path | None, problems: Problems) -> FolderMetadata:
    """Load and check the metadata file (see the module docstring for the rules)."""
    if path is None:
        return FolderMetadata()
    data = _load(path)

    def file_problem(message: str) -> None:
        problems.add("metadata", path, message)

    if "icons" in data:
        entries = data["icons"]
        for key in data:
            if key not in (*FILE_KEYS, "icons"):
                file_problem(f"unknown top-level key {key!r} ignored (icon entries go under \"icons\")")
    else:
        entries = {key: value for key, value in data.items() if key not in FILE_KEYS}
    icons: dict[str, IconMeta] = {}
    for key, entry in entries.items():
        meta = _icon(entry, lambda message, key=key: file_problem(f"icon {key!r}: {message}"))
        if meta is not None:
            icons[key] = meta
    licence = _file_field(data, "licence", file_problem)
    if "licence" not in data:
        licence = _file_field(data, "license", file_problem)
    return FolderMetadata(
        library=_file_field(data, "library", file_problem),
        licence=licence,
        holder=_file_field(data, "holder", file_problem),
        icons=icons,
        path=path,
    )
