"""Read a BEIR-format folder: ``queries.jsonl``, ``qrels/<split>.tsv``, ``corpus.jsonl``.

Format (Thakur et al., "BEIR: A Heterogeneous Benchmark for Zero-shot Evaluation
of Information Retrieval Models", NeurIPS 2021 Datasets and Benchmarks): queries
are JSON lines with ``_id`` and ``text``; extra fields may sit at top level or
in a ``metadata`` object (both are accepted and merged, top level winning);
qrels are tab-separated ``query-id  corpus-id  score`` with a header line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from iconseek.core.jsonl import JsonlError, iter_jsonl


@dataclass(frozen=True)
class BeirQuery:
    id: str
    text: str
    metadata: dict = field(default_factory=dict)


def _records(path: str, filename: str, needs_text: bool):
    """(where, record) of a BEIR JSON-lines file (``path`` or ``path/filename``), each checked for ``_id``."""
    if os.path.isdir(path):
        path = os.path.join(path, filename)
    with open(path, encoding="utf-8") as handle:
        for where, record in iter_jsonl(handle, path):
            if not isinstance(record, dict) or "_id" not in record:
                raise JsonlError(where, f"a line of {filename} needs an '_id'")
            if needs_text and not isinstance(record.get("text"), str):
                raise JsonlError(where, "a query needs '_id' and a string 'text'")
            yield where, record


def load_queries(path: str) -> list[BeirQuery]:
    queries = []
    for _where, record in _records(path, "queries.jsonl", needs_text=True):
        meta = dict(record.get("metadata") or {}) if isinstance(record.get("metadata"), dict) else {}
        for key, value in record.items():
            if key not in ("_id", "text", "metadata"):
                meta[key] = value
        queries.append(BeirQuery(str(record["_id"]), record["text"], meta))
    return queries


def load_qrels(path: str, split: str = "test") -> dict[str, dict[str, int]]:
    """query id -> {doc id: grade}. The first line is a header if its score is not a number."""
    if os.path.isdir(path):
        path = os.path.join(path, "qrels", f"{split}.tsv")
    qrels: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise ValueError(f"{path}:{number}: expected 3 tab-separated columns, got {len(parts)}")
            qid, doc_id, score = parts
            try:
                grade = int(float(score))
            except ValueError:
                if number == 1:
                    continue  # header: query-id corpus-id score
                raise ValueError(f"{path}:{number}: score {score!r} is not a number") from None
            qrels.setdefault(qid, {})[doc_id] = grade
    return qrels


def load_corpus_ids(path: str) -> list[str]:
    """Document ids of a BEIR ``corpus.jsonl`` in file order."""
    return [str(record["_id"]) for _where, record in _records(path, "corpus.jsonl", needs_text=False)]
