"""Serialise a :class:`LexicalIndex` to JSON and back.

JSON because both CPython and Pyodide parse it with a C-speed ``json.loads``
(no per-posting Python work at load time; postings stay encoded strings until a
query needs them) and because it gzips well for the browser download. Files
ending in ``.gz`` are gzip-compressed.
"""

from __future__ import annotations

import gzip
import json

from .analysis import Analyzer
from .bm25 import BM25Params, LexicalIndex


def index_to_dict(index: LexicalIndex) -> dict:
    p = index.params
    return {
        "format": LexicalIndex.FORMAT,
        "version": LexicalIndex.VERSION,
        "analyzer": index.analyzer.config(),
        "k1": p.k1,
        "b": p.b,
        "fields": list(p.fields),
        "weights": [p.weights.get(f, 1.0) for f in p.fields],
        "tf_base": index.tf_base,
        "ids": index.ids,
        "lengths": index.lengths,
        "vocabulary": index.vocabulary,
        "postings": index._encoded,
        "exact_names": index.exact_names,
        "exact_aliases": index.exact_aliases,
    }


def index_from_dict(data: dict, source: str = "index") -> LexicalIndex:
    if not isinstance(data, dict) or data.get("format") != LexicalIndex.FORMAT:
        raise ValueError(f"{source}: not an iconseek lexical index (format field missing or wrong)")
    if data.get("version") != LexicalIndex.VERSION:
        raise ValueError(
            f"{source}: index version {data.get('version')!r}, this code reads {LexicalIndex.VERSION}; rebuild it"
        )
    try:
        fields = tuple(data["fields"])
        params = BM25Params(
            k1=float(data["k1"]),
            b=float(data["b"]),
            fields=fields,
            weights=dict(zip(fields, (float(w) for w in data["weights"]))),
        )
        return LexicalIndex(
            ids=data["ids"],
            params=params,
            analyzer=Analyzer.from_config(data.get("analyzer", {})),
            lengths=data["lengths"],
            vocabulary=data["vocabulary"],
            postings=data["postings"],
            tf_base=int(data["tf_base"]),
            exact_names=data["exact_names"],
            exact_aliases=data["exact_aliases"],
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{source}: malformed index ({exc!r})") from None


def dumps_index(index: LexicalIndex) -> str:
    return json.dumps(index_to_dict(index), ensure_ascii=False, separators=(",", ":"))


def loads_index(text: str | bytes, source: str = "index") -> LexicalIndex:
    if isinstance(text, (bytes, bytearray)) and text[:2] == b"\x1f\x8b":
        text = gzip.decompress(text)
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{source}: not valid JSON ({exc})") from None
    return index_from_dict(data, source)


def save_index(index: LexicalIndex, path: str) -> None:
    payload = dumps_index(index).encode("utf-8")
    if path.endswith(".gz"):
        payload = gzip.compress(payload, mtime=0)
    with open(path, "wb") as handle:
        handle.write(payload)


def load_index(path: str) -> LexicalIndex:
    with open(path, "rb") as handle:
        return loads_index(handle.read(), source=path)
