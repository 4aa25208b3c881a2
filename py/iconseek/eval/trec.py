"""Write and read TREC run files: ``qid Q0 docid rank score tag`` per line.

The format trec_eval, ranx and pytrec_eval read. Ranks start at 1; scores are
written with ``repr`` so they survive a round trip exactly.

trec_eval ignores the rank column and re-sorts by score (ties by doc id, in
reverse), so a list whose order is not purely by score (the engine's exact-name
tier) or that has ties would be scored in a different order than the engine
returned. :func:`format_run` therefore makes the written scores strictly
decreasing by lowering any offending score to the next float below its
predecessor — the smallest change that pins the engine's order.
"""

from __future__ import annotations

import math
from typing import Iterable


def format_run(run: dict[str, Iterable[tuple[str, float]]], tag: str = "iconseek") -> str:
    """``run``: query id -> (doc id, score) best first."""
    if not tag or any(ch.isspace() for ch in tag):
        raise ValueError(f"run tag must be one word, got {tag!r}")
    lines = []
    for qid, ranked in run.items():
        previous = math.inf
        for rank, (doc_id, score) in enumerate(ranked, start=1):
            score = min(float(score), math.nextafter(previous, -math.inf))
            previous = score
            if any(ch.isspace() for ch in qid + doc_id):
                raise ValueError(f"ids in a TREC run cannot contain whitespace: {qid!r} {doc_id!r}")
            lines.append(f"{qid} Q0 {doc_id} {rank} {score!r} {tag}\n")
    return "".join(lines)


def write_run(path: str, run: dict[str, Iterable[tuple[str, float]]], tag: str = "iconseek") -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(format_run(run, tag))


def read_run(path: str) -> dict[str, list[tuple[str, float]]]:
    run: dict[str, list[tuple[str, int, float]]] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 6:
                raise ValueError(f"{path}:{number}: expected 'qid Q0 docid rank score tag'")
            qid, _, doc_id, rank, score, _ = parts
            run.setdefault(qid, []).append((doc_id, int(rank), float(score)))
    return {qid: [(d, s) for d, _, s in sorted(rows, key=lambda r: r[1])] for qid, rows in run.items()}
