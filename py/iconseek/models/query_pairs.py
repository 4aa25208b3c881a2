"""Training pairs for the query tower: how people say it -> what the icon is called.

The query tower (models/query_tuning.py) learns to put a *description* where
the frozen text tower puts the *icon's words*. Two sources, both offline:

* **WordNet 3.1** (models/wordnet.py) as a reverse dictionary, for every word
  the catalogue uses (name words, name phrases, short tags and aliases):
  ``gloss`` pairs (the definition -> the word: "worthless material that is to
  be disposed of" -> trash) and ``synonym`` pairs (another lemma of the same
  synset -> the word: "throw away" -> discard). The first three senses per part
  of speech are used; WordNet orders senses by frequency.
* **The catalogue** itself: ``icon`` pairs (a tag or alias -> the icon's name
  phrase: "garbage" -> trash). Pointing them at the whole metadata text instead
  (what the t2t vector embeds) made every step ~2x slower (long anchor texts)
  and was not finished within the session's budget; see docs/MODELS.md.

Nothing here reads a benchmark query. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from .captions import phrase
from .wordnet import WordNet

SENSES_PER_POS = 3
TAGS_PER_ICON = 6
MAX_TARGET_WORDS = 2  # vocabulary entries longer than this are not WordNet lemmas anyway


@dataclass(frozen=True, order=True)
class Pair:
    """One training example: ``query`` should land where ``target`` does."""

    kind: str  # "gloss" | "synonym" | "icon"
    query: str
    target: str


def catalogue_vocabulary(records: Iterable[dict]) -> list[str]:
    """Words and short phrases the catalogue uses for its icons, sorted."""
    vocabulary: set[str] = set()
    for record in records:
        name = phrase(record.get("name", ""))
        if name:
            vocabulary.add(name)
            vocabulary.update(w for w in name.split() if len(w) > 2 and w.isalpha())
        for text in list(record.get("tags", ())) + list(record.get("aliases", ())):
            text = phrase(text)
            if text and len(text.split()) <= MAX_TARGET_WORDS:
                vocabulary.add(text)
    return sorted(vocabulary)


def _first_clause(gloss: str) -> str:
    """The definition before examples and alternatives: ``'x; "an example"'`` -> ``x``."""
    clause = gloss.split(";", 1)[0].split('"', 1)[0].strip()
    if clause.startswith("(") and clause.endswith(")") and clause.count("(") == 1:
        clause = clause[1:-1].strip()  # a gloss that is one parenthesised note
    return clause


def wordnet_pairs(wn: WordNet, vocabulary: Sequence[str]) -> list[Pair]:
    pairs: set[Pair] = set()
    for word in vocabulary:
        for pos in ("n", "v", "a"):
            for key in wn.senses(word, pos)[:SENSES_PER_POS]:
                synset = wn.synset(key)
                gloss = _first_clause(synset.gloss)
                if len(gloss) > 3:
                    pairs.add(Pair("gloss", gloss, word))
                for lemma in synset.lemmas:
                    if lemma.replace("-", " ") != word:
                        pairs.add(Pair("synonym", lemma, word))
    return sorted(pairs)


def example_sentences(wn: WordNet, vocabulary: Sequence[str], limit: int = 2000) -> list[str]:
    """WordNet's quoted usage examples ("trash these old chairs") for the vocabulary's
    senses: everyday English the training never sees, for the general-meaning check."""
    found: dict[str, None] = {}
    for word in vocabulary:
        for pos in ("n", "v", "a"):
            for key in wn.senses(word, pos)[:SENSES_PER_POS]:
                for example in wn.synset(key).gloss.split('"')[1::2]:
                    if len(example.split()) >= 4:
                        found.setdefault(example.strip(), None)
        if len(found) >= limit:
            break
    return list(found)[:limit]


def icon_pairs(records: Iterable[dict]) -> list[Pair]:
    pairs: set[Pair] = set()
    for record in records:
        target = phrase(record.get("name", ""))
        if not target:
            continue
        for text in (list(record.get("tags", ())) + list(record.get("aliases", ())))[:TAGS_PER_ICON]:
            query = phrase(text)
            if query and query != target:
                pairs.add(Pair("icon", query, target))
    return sorted(pairs)


def training_pairs(records: Sequence[dict], wn: WordNet) -> dict[str, list[Pair]]:
    """All pairs grouped by kind (the trainer samples kinds by fixed shares)."""
    grouped: dict[str, list[Pair]] = {"gloss": [], "synonym": [], "icon": []}
    for pair in wordnet_pairs(wn, catalogue_vocabulary(records)) + icon_pairs(records):
        grouped[pair.kind].append(pair)
    return grouped
