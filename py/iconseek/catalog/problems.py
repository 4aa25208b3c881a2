"""Collects bad inputs (missing packages, malformed SVGs, unreadable metadata).

The build never stops at the first bad file: every problem is recorded with the
path it concerns, printed at the end with a count, and stored in catalog.json, so
a user can fix all of them in one pass. Whether problems make the exit status
non-zero is decided by the caller (``--strict``). Only an input the whole build
depends on (the ``--metadata`` file) stops it, with :class:`CatalogInputError`.

Every path and detail goes through :func:`shown` on the way in, so no message of
the catalogue build — terminal, catalog.json or exception — carries a character a
terminal would act on (an ANSI escape in a file name) or that UTF-8 cannot encode
(a file name that is not UTF-8 arrives as lone surrogates).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# repr-style names for the control characters people recognise; the rest are \xNN / \uNNNN
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown(value: object) -> str:
    """``str(value)`` with every non-printable character written as a visible escape.

    Non-printable is Python's ``str.isprintable``: C0/C1 controls and DEL, format
    characters such as the bidi override U+202E, lone surrogates, unassigned code
    points and every space but U+0020. Backslashes are left alone, so Windows-style
    paths stay readable; an escape is therefore recognisable, not reversible.
    """
    text = str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _NAMED.get(c) or _escape(ord(c)) for c in text)


def _escape(code: int) -> str:
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


class CatalogInputError(ValueError):
    """An input the whole build depends on is unusable; the message names it (already :func:`shown`)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One bad input: ``kind`` is a short machine-readable tag, ``path`` the file or package."""

    kind: str
    path: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "path": self.path, "detail": self.detail}

    def __str__(self) -> str:
        return f"{self.kind}: {self.path}: {self.detail}"


@dataclass
class Problems:
    """An append-only list of problems, shared by every stage of one build."""

    items: list[Problem] = field(default_factory=list)

    def add(self, kind: str, path: object, detail: str) -> None:
        self.items.append(Problem(kind, shown(path), shown(detail)))

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def of_kind(self, kind: str) -> list[Problem]:
        return [p for p in self.items if p.kind == kind]
