"""Collects bad inputs (missing packages, malformed SVGs, unreadable metadata).

The build never stops at the first bad file: every problem is recorded with the
path it concerns, printed at the end with a count, and stored in catalog.json, so
a user can fix all of them in one pass. Whether problems make the exit status
non-zero is decided by the caller (``--strict``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
        self.items.append(Problem(kind, str(path), detail))

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def of_kind(self, kind: str) -> list[Problem]:
        return [p for p in self.items if p.kind == kind]
