"""Query understanding: what the query's words did against the catalogue.

Two facts decide how the arms should be trusted (docs/ENGINE.md, "Query-adaptive
fusion"):

* **Typos.** The lexical arm corrects "downlaod" to "download" from the
  catalogue's own vocabulary; a sentence encoder given the misspelt string
  drifts to "droplet". :func:`meaning_text` rewrites the query with those
  corrections so the semantic arms read what the lexical arm understood. A word
  the encoder's own vocabulary knows ("unfasten", "scorching") is English, not a
  typo, and is left alone even when the catalogue lacks it — the correction
  would turn it into a different word ("fasten", "searching").
* **Coverage.** :func:`coverage` is the share of the query's words that the best
  lexical hit matched. 1.0 means the words name an icon ("send email",
  "calendar"); less means an incidental overlap ("go back to the start
  *page*"), where BM25's confidence is about one word and not about the request.

Standard library only (runs in Pyodide).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .lexical.analysis import drop_stopwords, split_words

# English affixes: a word is a known word if stripping one leaves a known word
# ("wedges" -> wedge, "unfasten" -> fasten, "scorching" -> scorch).
_SUFFIXES = ("ing", "ed", "es", "s", "er", "ers", "ly", "ness", "ment", "y")
_PREFIXES = ("un", "re", "dis", "de", "over", "under", "out")

WordCheck = Callable[[str], bool]


@dataclass(frozen=True)
class Correction:
    """One query word the lexical arm replaced (``word`` -> ``term``) for the semantic arms."""

    word: str
    term: str


def is_known_word(word: str, is_word: WordCheck) -> bool:
    """``word`` or its stem after one common English affix passes ``is_word``."""
    word = word.lower()
    if is_word(word):
        return True
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if is_word(stem) or (suffix in ("ing", "ed", "er") and is_word(stem + "e")):
                return True
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3 and is_word(word[len(prefix) :]):
            return True
    return False


def tokenizer_word_check(tokenizer) -> WordCheck:
    """A word is known to the encoder when its tokenizer spells it as one token.

    Works for WordPiece and CLIP BPE alike: a vocabulary word is one piece, a
    misspelling ("notifcation") falls apart into several.
    """
    cache: dict[str, bool] = {}

    def is_word(word: str) -> bool:
        known = cache.get(word)
        if known is None:
            known = cache[word] = len(tokenizer.encode(word, add_special_tokens=False).ids) == 1
        return known

    return is_word


def meaning_text(query: str, corrector, is_word: WordCheck | None) -> tuple[str, tuple[Correction, ...]]:
    """``query`` with the lexical arm's typo corrections applied, and the corrections.

    ``corrector(word) -> term | None`` is the lexical arm's best correction of one
    word. Words ``is_word`` knows (see :func:`is_known_word`) are never corrected.
    """
    corrections = []
    text = query
    for word in dict.fromkeys(drop_stopwords(split_words(query))):
        if is_word is not None and is_known_word(word, is_word):
            continue
        term = corrector(word)
        if term is None or term == word.lower():
            continue
        pattern = rf"(?<![0-9A-Za-z]){re.escape(word)}(?![0-9A-Za-z])"
        replaced = re.sub(pattern, term, text, flags=re.IGNORECASE)
        if replaced != text:  # a word the analyzer folded (accents) is not in the raw text
            text = replaced
            corrections.append(Correction(word, term))
    return text, tuple(corrections)


def coverage(groups: list, matched: Callable[[list], bool]) -> float:
    """Share of query word groups for which ``matched(group)`` holds (1.0 for no words)."""
    if not groups:
        return 1.0
    return sum(1 for group in groups if matched(group)) / len(groups)
