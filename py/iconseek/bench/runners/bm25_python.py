"""bm25s (Python): Okapi BM25 over each icon's name, aliases, tags and categories.

The text is what a developer would index with a stock BM25 library: all four
fields joined, hyphenated names split into words, English stop words removed,
default parameters (k1 1.5, b 0.75) and no stemming.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from iconseek.bench.dataset import DevQuery
from iconseek.bench.runners.base import RunResult, timed_run
from iconseek.core.catalog_view import IconDoc

_SPLIT = re.compile(r"[-_/]+")


def icon_text(doc: IconDoc) -> str:
    parts = [doc.name, *doc.aliases, *doc.tags, *doc.categories]
    return " ".join(_SPLIT.sub(" ", p) for p in parts)


class Bm25sRunner:
    name = "bm25s"

    def __init__(self, docs: Sequence[IconDoc]) -> None:
        self.docs = list(docs)

    def run(self, queries: Sequence[DevQuery], k: int) -> RunResult:
        import bm25s

        corpus_tokens = bm25s.tokenize([icon_text(d) for d in self.docs], stopwords="en", show_progress=False)
        retriever = bm25s.BM25()
        retriever.index(corpus_tokens, show_progress=False)
        ids = [d.id for d in self.docs]

        def search(text: str, n: int):
            tokens = bm25s.tokenize([text], stopwords="en", show_progress=False, return_ids=False)[0]
            # Only words the index knows can be scored; bm25s rejects unknown ones.
            tokens = [t for t in tokens if t in retriever.vocab_dict]
            if not tokens:
                return []
            docs, scores = retriever.retrieve([tokens], k=min(n, len(ids)), show_progress=False, n_threads=1)
            return [(ids[int(i)], float(s)) for i, s in zip(docs[0], scores[0]) if s > 0]

        return timed_run(self.name, search, queries, k, {"label": "bm25s (Python BM25, k1 1.5, b 0.75)", "runtime": "python"})
