"""Icon names as code spells them, both ways: React imports <-> catalogue names.

:func:`parse_name` reads a name the way a codebase writes it and returns the
catalogue's name in one library: a React component (``Trash2``,
``IconArrowBackUp``, ``ArrowLeftIcon``, ``faTrash``), a react-icons import
(``LuTrash2``, ``FaTrash``, ``MdDelete``), a JSX tag (``<Trash2 />``), a file
path (``.../outlined/delete.svg``) or the plain icon name (``arrow-left``,
``trash-outline``). :func:`component_name` goes the other way: the import a
React codebase writes for a catalogue icon.

Each rule re-implements the naming code of the library's own package and is
checked against the names the packages ship where they ship them; sources and
the measured round-trip rates are in docs/EQUIVALENTS.md, "Names in code".

Component names lose information: ``ArrowDown01`` may be ``arrow-down-0-1`` or
``arrow-down-01``, ``Trash3`` is ``trash3`` in Bootstrap but would be
``trash-3`` in Lucide, and Carbon's ``--`` and capitals are gone. The rules pick
each library's usual spelling. Pass ``known`` (the library's catalogue names or
a :class:`NameIndex`) and the answer snaps onto the real name: no two names of
one library differ only in case and separators, so the round trip is then exact.

Bad input goes no further than a ``ValueError`` that names it: empty or
over-long text, characters no icon name uses, an unknown library or style, a
component that would not be a JavaScript identifier. Standard library only.

Modules: this one parses; :mod:`.names_component` builds the import;
:mod:`.names_rules` holds each library's rules and package facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .names_component import component_name
from .names_rules import (
    _ALIASES_ARE_NAMES,
    _ALLOWED,
    _EXTENSION,
    _JSX_TAG,
    _RULES,
    _TOKEN,
    LIBRARIES,
    MAX_INPUT,
    _library,
    _name_pattern,
    _Rules,
    _show,
)

__all__ = ["LIBRARIES", "MAX_INPUT", "NameIndex", "component_name", "parse_name"]

# --- code name -> catalogue name -------------------------------------------------------------


def _clean(text: object) -> str:
    """The bare name inside ``text`` (a JSX tag, path or dotted name is unwrapped); ValueError if none."""
    if not isinstance(text, str):
        raise ValueError(f"an icon name must be a string, not {type(text).__name__}")
    value = text.strip()
    if len(value) > MAX_INPUT:
        raise ValueError(f"icon name longer than {MAX_INPUT} characters: {_show(text)}")
    tag = _JSX_TAG.fullmatch(value)
    if tag:
        value = tag.group(1)
    if "/" in value:
        value = value.rstrip("/").rsplit("/", 1)[-1]
    value = _EXTENSION.sub("", value)
    if "." in value:  # Icon.ArrowRight (import * as Icon)
        value = value.rsplit(".", 1)[-1]
    if not _ALLOWED.fullmatch(value):
        raise ValueError(f"not an icon name: {_show(text)}")
    return value


def _code_shaped(value: str, library: str) -> bool:
    """Could be a component name: no separators (Carbon's ``_`` aside) and a capital (or ``fa0``)."""
    if "-" in value or " " in value or ("_" in value and library != "carbon"):
        return False
    return bool(re.search(r"[A-Z]", value) or (library == "fontawesome" and re.match(r"fa[0-9]", value)))


def _looks_like_code(value: str, library: str) -> bool:
    """More likely a component name than a catalogue name: shaped like one, with a lower-case letter.

    All capitals (``TRASH``, Carbon's ``XLS`` and ``4K``) read as a name.
    """
    return _code_shaped(value, library) and bool(re.search(r"[a-z]", value))


def _unwrapped(value: str, rules: _Rules) -> list[tuple[str, bool]]:
    """``value`` without the package's or react-icons' affixes (most stripped first), then as written.

    Each body comes with the ``digit_capitals`` setting to split it with:
    react-icons names are npm camelcase, whatever the library does.
    """
    prefixes = sorted(
        [(p, rules.digit_capitals) for p in rules.prefixes] + [(p, True) for p in rules.react_icons],
        key=lambda item: -len(item[0]),
    )
    bare = next((value[: -len(s)] for s in rules.suffixes if value.endswith(s) and value != s), value)
    bodies: list[tuple[str, bool]] = []
    for body in dict.fromkeys((bare, value)):
        for prefix, capitals in prefixes:
            rest = body[len(prefix):]
            if body.startswith(prefix) and (rest[:1].isupper() or rest[:1].isdigit()):
                bodies.append((rest, capitals))
                break
        bodies.append((body, rules.digit_capitals))
    return list(dict.fromkeys(bodies))


def _split_code(body: str, digits: str, digit_capitals: bool) -> list[str]:
    """Words of a component name: ``ArrowDownSLine`` -> arrow, down, s, line.

    A capital starts a word; lower-case letters after digits stay with them
    (``90deg``, ``4k``). ``digits`` says when digits join the word before:
    ``"never"`` (``Trash2`` -> ``trash-2``), ``"letter"`` (after a one-letter
    word: ``H1`` -> ``h1``), ``"word"`` (unless letters follow them:
    ``Trash3`` -> ``trash3`` but ``Arrow90deg`` -> ``arrow-90deg``) or
    ``"always"``. With ``digit_capitals`` a lone capital after digits, before a
    capital, digit or the end, belongs to them: npm camelcase upper-cases the
    letter after digits (``2X2``), Carbon keeps ``3D``. ``_`` (Carbon's mark
    before a digit word) always ends a word.
    """
    words: list[str] = []
    for chunk in filter(None, body.split("_")):
        tokens = _TOKEN.findall(chunk)
        kind = ""  # previous token in this chunk: "", "word", "digits", "tail"
        for i, token in enumerate(tokens):
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            if token[0].isdigit():
                glue = kind == "tail" or kind == "word" and (
                    digits == "always"
                    or (digits == "word" and not after[:1].islower())
                    or (digits == "letter" and len(words[-1]) == 1)
                )
                kind = "digits"
            elif token[0].islower():
                glue = kind == "digits"
                kind = "tail" if glue else "word"
            elif digit_capitals and len(token) == 1 and kind == "digits" and not after[:1].islower():
                glue, kind = True, "tail"
            else:
                glue, kind = False, "word"
            if glue and words:
                words[-1] += token.lower()
            else:
                words.append(token.lower())
    return words


def _normalised(value: str, library: str, sep: str) -> str:
    """A catalogue-style name in the library's spelling (Carbon keeps capitals and ``--``)."""
    if library == "carbon":
        return re.sub(r"-{3,}", "--", re.sub(r"[ _]+", "-", value)).strip("-")
    return re.sub(r"[-_ ]+", sep, value.lower()).strip(sep)


def _without_variants(name: str, rules: _Rules) -> list[str]:
    """``name`` with folded style words removed, in the order to try them."""
    sep = rules.sep
    out = [name[: -len(sep + v)] for v in rules.variants if name.endswith(sep + v) and len(name) > len(sep + v)]
    out.append(name)
    words = name.split(sep)
    for variant in rules.optional_variants:  # bootstrap: person-fill-add is the filled person-add
        out += [sep.join(words[:i] + words[i + 1:]) for i, w in enumerate(words) if w == variant and len(words) > 1]
    return out


def _candidates(text: object, library: str) -> list[str]:
    """Catalogue names ``text`` may mean, most likely first (at least one; else ValueError)."""
    rules = _RULES[library]
    value = _clean(text)
    as_name = [_normalised(value, library, rules.sep)]
    as_code: list[str] = []
    if _code_shaped(value, library):
        as_code = [rules.sep.join(_split_code(body, rules.digits, npm)) for body, npm in _unwrapped(value, rules)]
    spellings = as_code + as_name if _looks_like_code(value, library) else as_name + as_code
    pattern = _name_pattern(library)
    seen: dict[str, None] = {}
    for spelling in spellings:
        for name in _without_variants(spelling, rules):
            if pattern.fullmatch(name):
                seen.setdefault(name)
    if not seen:
        raise ValueError(f"not a {library} icon name: {_show(text)}")
    return list(seen)


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


class NameIndex:
    """One library's catalogue names (and optionally former names), ready for ``parse_name(known=...)``.

    ``names`` is an iterable of catalogue names or a mapping from a spelling
    (a name, or a former name) to the catalogue name. A lookup tries each
    candidate as written, then ignoring case and separators when that matches
    exactly one icon.
    """

    def __init__(self, names: Iterable[str] | Mapping[str, str]) -> None:
        pairs = names.items() if isinstance(names, Mapping) else ((n, n) for n in names)
        self._exact: dict[str, str] = {}
        self._squashed: dict[str, set[str]] = {}
        for spelling, name in pairs:
            self._exact.setdefault(spelling, name)
            self._squashed.setdefault(_squash(spelling), set()).add(name)

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, object]], library: str) -> NameIndex:
        """Index the corpus records of ``library``; Lucide and Font Awesome aliases (former names) too."""
        slug = _library(library)
        mine = [r for r in records if r.get("library") == slug and isinstance(r.get("name"), str)]
        pairs: dict[str, str] = {str(r["name"]): str(r["name"]) for r in mine}
        if slug in _ALIASES_ARE_NAMES:
            pattern = _name_pattern(slug)
            for record in mine:
                for alias in record.get("aliases") or ():
                    if isinstance(alias, str) and pattern.fullmatch(alias):
                        pairs.setdefault(alias, str(record["name"]))
        return cls(pairs)

    def __contains__(self, name: object) -> bool:
        return name in self._exact

    def __len__(self) -> int:
        return len(self._exact)

    def resolve(self, candidates: Iterable[str]) -> str | None:
        """The catalogue name of the first candidate found, or None."""
        candidates = list(candidates)
        for candidate in candidates:
            if candidate in self._exact:
                return self._exact[candidate]
        for candidate in candidates:
            hits = self._squashed.get(_squash(candidate), ())
            if len(hits) == 1:
                return next(iter(hits))
        return None


def parse_name(
    text: str, library: str, known: NameIndex | Iterable[str] | Mapping[str, str] | None = None
) -> str:
    """The catalogue name of ``library`` that ``text`` (a name as code writes it) stands for.

    Catalogue-style input (``arrow-left``, ``Arrow Left``, ``arrow_left``) is
    trimmed, lower-cased (not for Carbon, whose names keep capitals) and put in
    the library's separator (Material: ``_``); style words the catalogue folds
    are dropped (``trash-outline`` -> ``trash``). Component names lose the
    package's and react-icons' affixes and are split into words by the
    library's rules. Without ``known`` this is a best guess; with it the answer
    is the matching real name whenever one matches, else the same best guess.
    Raises ``ValueError`` (naming the input) for an unknown library or text
    that cannot be an icon name; never anything else for a string.
    """
    slug = _library(library)
    candidates = _candidates(text, slug)
    if known is None:
        return candidates[0]
    index = known if isinstance(known, NameIndex) else NameIndex(known)
    return index.resolve(candidates) or candidates[0]
