"""Text analysis shared by the index builder and the query path.

Icon names are identifiers (``arrow-left``, ``ArrowLeft02``, ``arrow_left``)
while tags and queries are prose, so one analyzer must handle both: it lowercases,
strips accents, splits on punctuation, on camelCase boundaries and between letters
and digits, then folds simple English plurals. Index and query go through the same
function, which is the only thing that makes a match possible; the analyzer
settings are therefore stored inside the serialised index.
"""

from __future__ import annotations

import re
import unicodedata

# Letters (any script) and digits; everything else separates words.
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
# Boundaries inside a word: lower->Upper ("arrowLeft"), UPPER->Upper+lower
# ("HTMLFile" -> "HTML", "File"), letter<->digit ("arrow2", "2fa").
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_DIGIT_RE = re.compile(r"(?<=\d)(?=\D)|(?<=\D)(?=\d)")

# Plural endings that drop "es" rather than "s" (boxes, watches, dishes, glasses).
_ES_ENDINGS = ("sses", "xes", "ches", "shes", "zes")
# Singular words ending in s that must not lose it (bus, status, analysis, glass).
_KEEP_S_ENDINGS = ("ss", "us", "is", "ous")


def fold_accents(text: str) -> str:
    """Remove combining marks after NFKD so that "café" matches "cafe"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def split_words(text: str) -> list[str]:
    """Split ``text`` into lowercase words at punctuation, camelCase and digit edges.

    Case must be inspected before lowercasing, so this runs on the raw text.
    """
    words: list[str] = []
    for chunk in _WORD_RE.findall(fold_accents(text)):
        for part in _CAMEL_RE.split(chunk):
            for piece in _DIGIT_RE.split(part):
                if piece:
                    words.append(piece.lower())
    return words


def fold_plural(word: str) -> str:
    """Map a plural to its singular with a few suffix rules (an "S-stemmer").

    Deliberately light: only plural endings are touched, so "settings" and
    "setting" meet while "bus", "status" and "glass" stay as they are. Words of
    three letters or fewer and words containing digits are left alone.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(_ES_ENDINGS):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_KEEP_S_ENDINGS):
        return word[:-1]
    return word


# English function words dropped from *queries* (not from the index). Icon
# metadata almost never contains them, so BM25 gives them a high idf and they
# match whatever odd icon has "the" in a tag. Removing them raised nDCG@10 on
# the dev benchmark's tune split from 0.486 to 0.506.
QUERY_STOPWORDS = frozenset(
    "a an the to of for with in on and or my me i is it its this that be at by from as your you some".split()
)


def drop_stopwords(words: list[str]) -> list[str]:
    """``words`` without query stopwords, unless that would leave nothing."""
    kept = [w for w in words if w not in QUERY_STOPWORDS]
    return kept if kept else words


class Analyzer:
    """Turns text into index terms; its settings travel with the index."""

    def __init__(self, fold_plurals: bool = True) -> None:
        self.fold_plurals = fold_plurals

    def terms(self, text: str) -> list[str]:
        """The index terms of ``text``, in order, duplicates kept (they are tf)."""
        words = split_words(text)
        if self.fold_plurals:
            return [fold_plural(w) for w in words]
        return words

    def term(self, word: str) -> str:
        """Fold one already-split word the way :meth:`terms` would."""
        return fold_plural(word) if self.fold_plurals else word

    def config(self) -> dict:
        return {"fold_plurals": self.fold_plurals}

    @classmethod
    def from_config(cls, config: dict) -> "Analyzer":
        return cls(fold_plurals=bool(config.get("fold_plurals", True)))


def name_key(text: str) -> str:
    """A spelling-insensitive key for exact-name matching.

    "arrow-left", "Arrow Left", "arrowLeft" and "arrow_left" all map to
    "arrowleft". No plural folding: "arrows" is not the exact name "arrow".
    """
    return "".join(split_words(text))
