"""How many results deserve to be shown: the relevance floor and the no-match rule.

Semantic arms always return a full list: a sentence encoder maps "qwxzvjk" to
*some* point and its nearest icons score a cosine of 0.46, higher than the
best icon for the idiom "hooray we did it" (0.37). So neither "every candidate"
nor an absolute cosine threshold can tell a real request from noise. Two rules do:

* **Understood or not.** A query means something when the lexical arm matched
  at least one of its words (exactly, by prefix or as a corrected typo), or
  when at least one of its words is a word of the encoder's vocabulary
  (:func:`iconseek.core.query.is_known_word`). A query with neither — keyboard
  mash, a typo too far from anything — has no match, and the page says so
  instead of showing the encoder's nearest noise.
* **Relevance floor.** Of an understood query's fused candidates, a result
  counts as a match when it holds every word of the query (the lexical arm's
  :meth:`~iconseek.core.lexical.arm.LexicalArm.complete_matches`, or an exact
  name), or when its fused score is at least :data:`FLOOR_RATIO` of the best
  fused score. An icon sharing one word of several must pass the floor like
  any other. The ratio is relative because fused scores have no fixed scale
  across queries and models. 0.2 was chosen on the tune halves of bench/dev
  and bench/describe (``bench/bench_relevance_floor.py``; docs/BENCHMARKS.md,
  "Relevance floor") as the highest ratio that keeps at least 99.5 % of the
  judged-relevant icons ranked in the first 60 and 90 % of all judged-relevant
  candidates: 99.87 % and 90.4 % there (holdout: 99.87 % and 88.6 %), with
  the median list cut from 229 candidates to 129 matches.

This is the idea of score-distribution cut-offs in ranked retrieval (Arampatzis,
Kamps & Robertson, "Where to stop reading a ranked list?", SIGIR 2009) in its
simplest form — a fraction of the top score — plus a query-side gate.

Standard library only (runs in Pyodide).
"""

from __future__ import annotations

from typing import Iterable, Sequence

from .lexical.analysis import drop_stopwords, split_words
from .query import WordCheck, is_known_word

FLOOR_RATIO = 0.2


def understood(query: str, lexical_matched: bool, semantic: bool, is_word: WordCheck | None) -> bool:
    """Whether ``query`` asks for something: a lexical match, or a known word.

    ``semantic``: whether a semantic arm answered. Without one (a keyword-only
    engine, or the page before its model has loaded) only the lexical match
    counts. With one but no word check to ask, the query is given the benefit
    of the doubt: hiding results needs evidence.
    """
    if lexical_matched:
        return True
    if not semantic:
        return False
    if is_word is None:
        return True
    return any(is_known_word(word, is_word) for word in drop_stopwords(split_words(query)))


def above_floor(
    fused: Sequence[tuple[int, float]], always: Iterable[int], ratio: float = FLOOR_RATIO
) -> list[tuple[int, float]]:
    """The fused (doc, score) pairs that count as matches, in their order.

    ``fused`` is best first; ``always`` are docs that match whatever their
    fused score (lexical matches, exact names).
    """
    if not fused:
        return []
    keep = set(always)
    top = fused[0][1]
    if top <= 0:
        return [item for item in fused if item[0] in keep]
    floor = ratio * top
    return [item for item in fused if item[1] >= floor or item[0] in keep]
