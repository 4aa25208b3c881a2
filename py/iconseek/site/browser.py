"""The Python side of the search worker (runs in Pyodide; stdlib + iconseek.core only).

The worker writes the site's data files into Pyodide's in-memory file system and
builds one :class:`BrowserSearch`. Per query, JavaScript asks for the token ids
(:meth:`token_ids`), runs the text encoder and scoring graph in onnxruntime-web,
and hands the candidate lists back to :meth:`search_json`, which fuses them with
the lexical arm through the same :class:`~iconseek.core.engine.Engine` the CLI
uses — so the browser ranks exactly like ``iconseek search``.

Hits carry ``doc_index``; the worker adds titles, licences, tags and SVGs from
the site's metadata in JavaScript. Results cross back as one JSON string: a single copy that
``JSON.parse`` turns into plain objects, cheaper than converting Python objects
proxy by proxy.
"""

from __future__ import annotations

import json
from typing import Sequence

from iconseek.core.engine import Engine
from iconseek.core.query import tokenizer_word_check
from iconseek.core.lexical.storage import load_index

WARM_UP_TERMS_PER_STEP = 128  # typo-index terms between clock checks (a few ms in Pyodide)

# onnxruntime-web's scores for icons removed by the library filter (bias -1e4).
FILTERED_BELOW = -1.0e3


def _is_missing(value) -> bool:
    """None, or JavaScript null/undefined as Pyodide hands them over."""
    return value is None or type(value).__name__ in ("JsNull", "JsUndefined")


def _as_sequence(values):
    """Accept Python sequences, or Pyodide JsProxy typed arrays (converted once)."""
    if _is_missing(values):
        return None
    to_py = getattr(values, "to_py", None)
    return to_py() if to_py is not None else values


# The searcher built inside the Pyodide memory snapshot at site-build time (preload).
_PRELOADED: "BrowserSearch | None" = None


def preload(config_json: str) -> None:
    """Build the site's searcher now, so the memory snapshot taken next contains it.

    WHY: restoring a snapshot that already holds the parsed lexical index and
    warm caches replaces the worker's slowest Python start-up steps (unpacking
    the wheel, parsing and indexing 2 MB of JSON: ~0.4 s of a contended cold
    start) with memory the snapshot restore copies anyway. ``config_json`` holds
    the :class:`BrowserSearch` keyword arguments, with paths inside Pyodide's
    file system; the tokenizer is loaded now only if its file is there (the
    site build leaves it out: as Python objects it would add more to the
    snapshot's download than tokenizer.json costs). Every
    ``iconseek.core`` module is imported too: after a restore the wheel's files
    are not on disk, so no later lazy import may need them.
    """
    global _PRELOADED
    import importlib
    import pkgutil

    import iconseek.core

    for module in pkgutil.walk_packages(iconseek.core.__path__, "iconseek.core."):
        importlib.import_module(module.name)
    import os

    searcher = BrowserSearch(**json.loads(config_json))
    if searcher.tokenizer_path and os.path.exists(searcher.tokenizer_path):
        searcher.load_tokenizer()
        searcher.token_ids("throw it away")
    searcher.search_json("calendar", 10, None)
    _PRELOADED = searcher


def preloaded() -> "BrowserSearch":
    """The searcher :func:`preload` built before the snapshot was taken."""
    if _PRELOADED is None:
        raise RuntimeError("this Pyodide snapshot holds no preloaded searcher")
    return _PRELOADED


class BrowserSearch:
    """Engine + tokenizer for one built site.

    Display metadata (titles, licences, tags, SVGs) stays in JavaScript, which
    attaches it to hits by ``doc_index``: parsing it here too would only slow the
    start-up that gates the first result.
    """

    def __init__(
        self,
        lexical_path: str,
        tokenizer_path: str | None = None,
        arms: Sequence[str] = (),
        fusion: str = "dbsf",
        weights_json: str | None = None,
        context_length: int | None = None,
    ) -> None:
        index = load_index(lexical_path)
        self.arms = [str(a) for a in arms]
        weights = None if _is_missing(weights_json) or not weights_json else json.loads(weights_json)
        self.engine = Engine.from_index(index, semantic={a: None for a in self.arms}, fusion=str(fusion),
                                        weights=weights)
        self.library_slugs = sorted({doc.library for doc in self.engine.docs})
        self.count = len(self.engine.docs)
        self.tokenizer_path = None if _is_missing(tokenizer_path) else tokenizer_path
        self.context_length = None if _is_missing(context_length) or not context_length else int(context_length)
        self._tokenizer = None
        self._word_check = None
        self._warm = False
        # Typo corrections for the encoder's text skip the words its vocabulary knows
        # (a keyword-only site has no encoder, so no vocabulary to ask).
        self.engine.is_word = self._is_word if self.tokenizer_path else None

    def warm_up(self) -> None:
        """Build what the lexical arm makes lazily (typo index, first decodes) now, not on a query."""
        while not self.warm_up_slice(1e9):
            pass

    def warm_up_slice(self, budget_ms: float) -> bool:
        """Do about ``budget_ms`` of :meth:`warm_up`'s work; True once all of it is done.

        WHY slices: the worker answers queries on the same thread, between slices.
        """
        import time

        lexical = self.engine.arms.get("bm25")
        warm_slice = getattr(lexical, "warm_slice", None)
        if warm_slice is not None:
            deadline = time.perf_counter() + budget_ms / 1000.0
            while not warm_slice(WARM_UP_TERMS_PER_STEP):
                if time.perf_counter() >= deadline:
                    return False
        if not self._warm:
            self.engine.search("icon", k=1)
            self._warm = True
        return True

    # -- semantic input ---------------------------------------------------------
    def load_tokenizer(self) -> None:
        """Parse tokenizer.json now (the worker calls this while the model loads)."""
        if self._tokenizer is None:
            if not self.tokenizer_path:
                raise ValueError("this site has no tokenizer; semantic search is unavailable")
            from iconseek.core.tokenizers import load_tokenizer

            self._tokenizer = load_tokenizer(self.tokenizer_path, max_length=self.context_length)
            self._word_check = tokenizer_word_check(self._tokenizer)

    def _is_word(self, word: str) -> bool:
        self.load_tokenizer()
        return self._word_check(word)

    def token_ids(self, query: str) -> list[int]:
        """Encoder input ids for ``query``'s meaning text (capped, typos corrected).

        The text is the engine's :meth:`~iconseek.core.engine.Engine.meaning_text`,
        what the CPython semantic arms encode too. Cut to the model's context
        keeping the final special token, the rule the CPython encoders follow
        (iconseek.byo.encoder); padding, if the graph needs it, is the model
        worker's job.
        """
        self.load_tokenizer()
        ids = list(self._tokenizer.encode(self.engine.meaning_text(query)[0]).ids)
        if self.context_length and len(ids) > self.context_length:
            ids = ids[: self.context_length - 1] + [ids[-1]]
        return ids

    # -- search -----------------------------------------------------------------
    def precomputed(self, arm_lists) -> dict:
        """Pair each arm's (indices, scores) arrays, dropping library-filtered entries."""
        out = {}
        for arm, (indices, scores) in zip(self.arms, arm_lists):
            indices, scores = _as_sequence(indices), _as_sequence(scores)
            if indices is None or scores is None:
                continue
            out[arm] = [(int(i), float(s)) for i, s in zip(indices, scores) if s > FILTERED_BELOW]
        return out

    def search(self, query: str, k: int, library: str | None, arm_lists=(), offset: int = 0) -> dict:
        """One page of matches (:meth:`~iconseek.core.engine.Engine.search_page`) as plain data."""
        precomputed = self.precomputed(arm_lists) if arm_lists else None
        library = None if _is_missing(library) or not library else str(library)
        if library and library not in self.library_slugs:
            raise ValueError(f"unknown library {library!r}; known: {', '.join(self.library_slugs)}")
        page = self.engine.search_page(query, k=int(k), library=library or None,
                                       precomputed=precomputed or None, offset=int(offset))
        docs = self.engine.docs
        hits = [
            {
                "id": hit.id,
                "score": hit.score,
                "rank": hit.rank,
                "arm_scores": hit.arm_scores,
                "doc_index": hit.doc_index,
                "library": docs[hit.doc_index].library,
            }
            for hit in page.hits
        ]
        return {
            "hits": hits,
            "total": page.total,
            "offset": page.offset,
            "understood": page.understood,
            "corrections": [{"word": c.word, "term": c.term} for c in page.corrections],
        }

    def search_json(self, query: str, k: int, library: str | None, *arm_arrays) -> str:
        """The first page as JSON; ``arm_arrays`` = indices, scores per arm in ``self.arms`` order."""
        return self.page_json(query, k, 0, library, *arm_arrays)

    def page_json(self, query: str, k: int, offset: int, library: str | None, *arm_arrays) -> str:
        """JSON ``{"hits", "total", "offset", "understood", "corrections"}`` for hits ``offset`` .. ``offset + k``."""
        pairs = [(arm_arrays[i], arm_arrays[i + 1]) for i in range(0, len(arm_arrays), 2)]
        arm_lists = pairs if any(not _is_missing(p[0]) for p in pairs) else ()
        reply = self.search(query, k, library, arm_lists, offset)
        return json.dumps(reply, ensure_ascii=False, separators=(",", ":"))
