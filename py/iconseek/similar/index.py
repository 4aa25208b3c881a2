"""Icons like a given icon, in its own or another library.

Three signals, each a similarity between two catalogue icons:

- **picture**: cosine of the icons' image-tower vectors (``t2i``: computed from
  the pixels, so two drawings of a trash can meet whatever their names);
- **meaning**: cosine of their text vectors (``t2t``: title, tags and aliases
  through the text tower);
- **name**: the share of name words they have in common (Jaccard over the words
  of the names, digits left out: ``trash-2`` and ``trash`` share ``trash``);
- **same_name**: 1 when the names are equal once case, digits' separators and
  punctuation are ignored (``log-in`` / ``login``, ``paintbrush`` / ``paint-brush``).

The score is ``picture + meaning + 0.3 x name + same_name``. The last term is a
tier, like search's exact-name tier: someone moving from Lucide's ``globe``
expects Tabler's ``globe`` first, not ``world`` (on the same-name pairs the
vectors alone put another drawing first 8% of the time). WHY the other weights: chosen on the
tune half of the hand-checked equivalences (bench/equivalents/hand.tsv, pairs
whose names differ), among meaning weights 0.75-1.25, name weights 0-0.5, with
and without CSLS hubness correction (Conneau et al. 2018, "Word translation
without parallel data"), which did not help on the tune half. Figures:
docs/EQUIVALENTS.md, ``bench/bench_equivalents.py``.

numpy does the scoring (this is build-time / CLI code; the browser scores from
its own copy of the vectors). Many query icons cost one matrix product.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

WEIGHTS = {"picture": 1.0, "meaning": 1.0, "name": 0.3, "same_name": 1.0}
ARMS = {"picture": "t2i", "meaning": "t2t"}
_SPLIT = re.compile(r"[^a-z0-9]+")


class SimilarityError(ValueError):
    """An unknown icon id or library, named with what would have been valid."""


@dataclass(frozen=True)
class SimilarHit:
    query: str
    id: str
    library: str
    name: str
    score: float
    rank: int
    signals: dict = field(default_factory=dict)  # {"picture": .., "meaning": .., "name": ..}

    def to_dict(self) -> dict:
        """The JSON line of ``iconseek similar --json`` (same shape as ``search --json`` plus ``query``)."""
        return {"query": self.query, "id": self.id, "score": round(self.score, 6), "rank": self.rank,
                "library": self.library, "name": self.name,
                "arm_scores": {k: round(v, 6) for k, v in self.signals.items()}}


def name_words(name: str) -> frozenset[str]:
    """The words of an icon name, digits and empty parts left out."""
    return frozenset(w for w in _SPLIT.split(name.lower()) if w and not w.isdigit())


class IconSimilarity:
    """Similarity between the icons of one catalogue.

    ``records`` are corpus.jsonl rows (``_id``, ``library``, ``name``);
    ``picture`` / ``meaning`` are ``[N, D]`` arrays in the same order (rows are
    normalised here) or None to leave that signal out.
    """

    def __init__(self, records: Sequence[dict], picture=None, meaning=None, weights: dict | None = None):
        import numpy as np

        self.records = list(records)
        self.ids = [r["_id"] for r in records]
        self.names = [r.get("name", r["_id"].split("/", 1)[-1]) for r in records]
        self.library_of = np.array([r["library"] for r in records])
        self.libraries = sorted(set(self.library_of.tolist()))
        self.position = {icon_id: n for n, icon_id in enumerate(self.ids)}
        self.weights = dict(WEIGHTS if weights is None else weights)
        self.vectors = {}
        for signal, matrix in (("picture", picture), ("meaning", meaning)):
            if matrix is None or not self.weights.get(signal):
                continue
            matrix = np.asarray(matrix, dtype=np.float32)
            if matrix.shape[0] != len(self.ids):
                raise ValueError(f"{signal} vectors have {matrix.shape[0]} rows for {len(self.ids)} icons")
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            self.vectors[signal] = matrix / np.where(norms > 0, norms, 1.0)
        self._words = self._word_index() if self.weights.get("name") else None
        self._keys = np.array([_SPLIT.sub("", n.lower()) for n in self.names])

    @classmethod
    def load(cls, catalog_dir: str | Path, vectors_dir: str | Path, weights: dict | None = None) -> "IconSimilarity":
        """The catalogue's records and its ``iconseek embed`` vectors (checked to belong to it)."""
        from ..models.captions import read_corpus
        from ..models.vectors import read_arm_vectors

        records = read_corpus(catalog_dir)
        if str(vectors_dir).endswith(".parquet"):  # your own image vectors (docs/BYO_MODEL.md): picture only
            from ..byo.vectors import align_to_catalog, read_parquet_vectors

            aligned = align_to_catalog(read_parquet_vectors(vectors_dir), [r["_id"] for r in records])
            return cls(records, picture=aligned.matrix, weights=weights)
        matrices = {}
        for signal, arm in ARMS.items():
            # Checked against this catalogue's ids: vectors of another one raise ModelFileError naming the file.
            matrix, _meta = read_arm_vectors(vectors_dir, arm, ids=[r["_id"] for r in records])
            matrices[signal] = matrix.T
        return cls(records, weights=weights, **matrices)

    # -- input checks --------------------------------------------------------
    def index_of(self, icon_id: str) -> int:
        try:
            return self.position[icon_id]
        except KeyError:
            close = difflib.get_close_matches(str(icon_id), self.ids, n=5, cutoff=0.6)
            hint = f"; close: {', '.join(close)}" if close else "; ids look like library/name, e.g. lucide/trash"
            raise SimilarityError(f"unknown icon id {str(icon_id)[:80]!r}{hint}") from None

    def check_libraries(self, libraries: Iterable[str]) -> list[str]:
        libraries = list(libraries)
        unknown = [lib for lib in libraries if lib not in self.libraries]
        if unknown:
            raise SimilarityError(f"unknown library {unknown[0][:40]!r}; libraries: {', '.join(self.libraries)}")
        return libraries

    # -- scoring ---------------------------------------------------------------
    def _word_index(self):
        """Name words per icon, as an inverted index (word -> icons) and a word count per icon."""
        import numpy as np

        words = [name_words(n) for n in self.names]
        postings: dict[str, list[int]] = {}
        for i, ws in enumerate(words):
            for w in ws:
                postings.setdefault(w, []).append(i)
        return words, {w: np.array(ix) for w, ix in postings.items()}, np.array([len(ws) for ws in words], np.float32)

    def signals(self, sources: Sequence[int], candidates) -> dict:
        """{signal: [len(sources), len(candidates)] similarity} for every weighted signal."""
        import numpy as np

        out = {}
        for signal, matrix in self.vectors.items():
            out[signal] = matrix[list(sources)] @ matrix[candidates].T
        if self.weights.get("same_name"):
            keys = self._keys
            out["same_name"] = (keys[list(sources)][:, None] == keys[candidates][None, :]).astype(np.float32)
        if self._words is not None:
            words, postings, counts = self._words
            column = np.full(len(self.ids), -1)  # icon -> its column among the candidates
            column[candidates] = np.arange(len(candidates))
            shared = np.zeros((len(sources), len(candidates)), dtype=np.float32)
            for row, s in enumerate(sources):
                for w in words[s]:
                    hit = column[postings[w]]
                    shared[row, hit[hit >= 0]] += 1.0
            union = counts[list(sources)][:, None] + counts[candidates][None, :] - shared
            out["name"] = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
        return out

    def scores(self, sources: Sequence[int], candidates):
        """Combined score matrix and the per-signal matrices behind it."""
        parts = self.signals(sources, candidates)
        total = sum(self.weights[signal] * matrix for signal, matrix in parts.items())
        return total, parts

    def candidates(self, library: str | None = None, exclude: str | None = None):
        import numpy as np

        if library is not None:
            return np.flatnonzero(self.library_of == library)
        if exclude is not None:
            return np.flatnonzero(self.library_of != exclude)
        return np.arange(len(self.ids))

    def similar_many(self, icon_ids: Sequence[str], k: int = 10,
                     to: Sequence[str] | None = None) -> dict[str, list[SimilarHit]]:
        """For each id: the ``k`` most similar icons of other libraries, or ``k`` per library in ``to``.

        An icon never lists itself; its own library appears only when ``to`` names it.
        """
        import numpy as np

        if k < 1:
            raise SimilarityError(f"k must be at least 1, got {k}")
        sources = [self.index_of(i) for i in icon_ids]
        groups = [self.candidates(library=lib) for lib in self.check_libraries(to)] if to else None
        results: dict[str, list[SimilarHit]] = {icon_id: [] for icon_id in icon_ids}
        if groups is None:  # other libraries, grouped by the source's own library
            by_library: dict[str, list[int]] = {}
            for n, s in enumerate(sources):
                by_library.setdefault(str(self.library_of[s]), []).append(n)
            plan = [(members, self.candidates(exclude=lib)) for lib, members in by_library.items()]
        else:
            plan = [(list(range(len(sources))), group) for group in groups]
        for members, group in plan:
            total, parts = self.scores([sources[n] for n in members], group)
            for row, n in enumerate(members):
                scores = total[row].copy()
                scores[group == sources[n]] = -np.inf  # never itself
                top = np.argsort(-scores, kind="stable")[:k]
                top = [j for j in top if np.isfinite(scores[j])]
                results[icon_ids[n]] += [  # ranks count within the candidate group (per library with `to`)
                    SimilarHit(icon_ids[n], self.ids[int(group[j])], str(self.library_of[group[j]]),
                               self.names[int(group[j])], float(scores[j]), rank,
                               {s: float(m[row, j]) for s, m in parts.items()})
                    for rank, j in enumerate(top, 1)]
        return results

    def similar(self, icon_id: str, k: int = 10, to: Sequence[str] | None = None) -> list[SimilarHit]:
        return self.similar_many([icon_id], k=k, to=to)[icon_id]
