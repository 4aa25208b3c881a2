"""Added (mostly special) tokens: matched in the raw text before anything else.

Hugging Face cuts the input at every occurrence of an added token (leftmost,
longest first) and gives that span its id directly; only the text between them is
normalized and tokenized. Tokens flagged ``normalized: true`` are matched again in
the normalized text. ``[CLS]`` typed by a user is therefore id 101, as in HF.
"""

from __future__ import annotations

import re
from typing import Callable

from .errors import TokenizerFileError, UnsupportedTokenizerError

Segment = tuple[str, "int | None"]  # (text, id of the added token, or None for plain text)


def _alternation(tokens: list[str]) -> re.Pattern | None:
    if not tokens:
        return None
    # Longest first so that, at one position, the longest token wins (leftmost-longest).
    ordered = sorted(set(tokens), key=lambda t: (-len(t), t))
    return re.compile("|".join(re.escape(t) for t in ordered))


class AddedVocabulary:
    def __init__(self, entries: list[dict], normalizer: Callable[[str], str] | None, where: str):
        self.ids: dict[str, int] = {}
        self.special_ids: set[int] = set()
        raw: list[str] = []
        normalized: dict[str, int] = {}
        for entry in entries:
            try:
                content, tid = entry["content"], int(entry["id"])
            except (KeyError, TypeError, ValueError) as exc:
                raise TokenizerFileError(f"{where}: malformed added token {entry!r}") from exc
            for flag in ("single_word", "lstrip", "rstrip"):
                if entry.get(flag):
                    raise UnsupportedTokenizerError(f"{where}: added token {content!r} uses {flag}=true")
            self.ids[content] = tid
            if entry.get("special"):
                self.special_ids.add(tid)
            if not content:
                continue
            if entry.get("normalized", not entry.get("special", False)):
                key = normalizer(content) if normalizer else content
                if key:
                    normalized[key] = tid
            else:
                raw.append(content)
        self._raw = _alternation(raw)
        self._normalized_ids = normalized
        self._normalized = _alternation(list(normalized))
        self._raw_ids = {t: self.ids[t] for t in raw}

    @staticmethod
    def _split(text: str, pattern: re.Pattern | None, ids: dict[str, int]) -> list[Segment]:
        if pattern is None:
            return [(text, None)]
        segments: list[Segment] = []
        last = 0
        for m in pattern.finditer(text):
            if m.start() > last:
                segments.append((text[last : m.start()], None))
            segments.append((m.group(), ids[m.group()]))
            last = m.end()
        if not segments:
            return [(text, None)]
        if last < len(text):
            segments.append((text[last:], None))
        return segments

    def split_raw(self, text: str) -> list[Segment]:
        return self._split(text, self._raw, self._raw_ids)

    def split_normalized(self, text: str) -> list[Segment]:
        return self._split(text, self._normalized, self._normalized_ids)
