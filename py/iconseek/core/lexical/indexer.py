"""Build a :class:`LexicalIndex` from catalogue documents.

Field texts come from the catalogue record: the icon name, its aliases, tags and
categories (title is the name spelled for humans, so it adds nothing). Exact-name
keys are taken from the name and the aliases for the engine's exact-match tier.
"""

from __future__ import annotations

from ..catalog_view import IconDoc
from .analysis import Analyzer, name_key
from .bm25 import BM25Params, LexicalIndex


def _field_texts(doc: IconDoc, field: str) -> list[str]:
    if field == "name":
        return [doc.name]
    if field == "title":
        return [doc.title] if doc.title else []
    value = getattr(doc, field, None)
    if value is None:
        raise ValueError(f"unknown index field {field!r}")
    return list(value)


def build_index(
    docs: list[IconDoc], params: BM25Params | None = None, analyzer: Analyzer | None = None
) -> LexicalIndex:
    params = params or BM25Params()
    analyzer = analyzer or Analyzer()
    field_terms = []
    for doc in docs:
        per_field = []
        for field in params.fields:
            terms: list[str] = []
            for text in _field_texts(doc, field):
                terms.extend(analyzer.terms(text))
            per_field.append(terms)
        field_terms.append(per_field)
    return LexicalIndex.from_field_terms(
        [d.id for d in docs],
        field_terms,
        params=params,
        analyzer=analyzer,
        name_keys=[[name_key(d.name)] for d in docs],
        alias_keys=[[name_key(a) for a in d.aliases] for d in docs],
    )
