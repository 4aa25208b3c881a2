"""Build ``bench/dev/`` (BEIR queries, qrels, split) from the hand-written source.

Run ``python -m iconseek.bench.devset --corpus out/catalog/corpus.jsonl`` after
editing ``bench/dev/queries.src.json``; it prints, per query, how many icons the
patterns matched so over- and under-matching patterns are visible, and fails if
any query has no relevant icon.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

from iconseek import defaults
from iconseek.bench import DEV_DIR
from iconseek.bench.qrels import RELEVANT_SCORE, QrelsError, expand, load_icons, load_source, write_qrels_tsv, write_queries_jsonl
from iconseek.bench.split import split_queries, write_split
from iconseek.core.jsonl import JsonlError

# A query matching more icons than this is reported: its patterns are probably too loose.
OVERMATCH_WARN = 150


_WORD = re.compile(r"[a-z0-9]+")
# Function words that icon names use as connectors ("arrow-up-on-square").
_STOPWORDS = frozenset(
    "a an the of to in on at by for from with and or it is i my me this that be up off out not".split()
)


def shared_name_words(text: str, grades: dict[str, int]) -> set[str]:
    """Content words of the query that also appear in a fully relevant icon's name.

    A "hard" query must share none: the point of the band is intent expressed
    in words the icon names never use ("unfasten the latch" -> unlock).
    """
    words = set(_WORD.findall(text.lower())) - _STOPWORDS
    shared: set[str] = set()
    for doc_id, grade in grades.items():
        if grade >= RELEVANT_SCORE:
            shared |= words & set(_WORD.findall(doc_id.split("/", 1)[-1].lower()))
    return shared


def build(source: Path, corpus: Path, out_dir: Path, verbose: bool = False) -> dict[str, dict[str, int]]:
    parsed = load_source(source)
    queries = parsed.queries
    icons = load_icons(corpus, parsed.alias_libraries)
    qrels = expand(queries, icons)
    empty = [q.id for q in queries if not qrels[q.id]]
    if empty:
        raise QrelsError(f"{source}: queries with no relevant icon in {corpus}: {', '.join(empty)}")
    write_queries_jsonl(queries, out_dir / "queries.jsonl")
    write_qrels_tsv(qrels, out_dir / "qrels" / "test.tsv")
    split = split_queries((q.id, q.category) for q in queries)
    write_split(split, out_dir / "split.json")
    # The same halves as BEIR qrels splits, so `iconseek eval --split tune` works too.
    write_qrels_tsv(qrels, out_dir / "qrels" / "tune.tsv", only=split["tune"])
    write_qrels_tsv(qrels, out_dir / "qrels" / "holdout.tsv", only=split["test"])
    counts = [len(qrels[q.id]) for q in queries]
    for q in queries:
        n = len(qrels[q.id])
        flag = "  <-- many" if n > OVERMATCH_WARN else ""
        if verbose or flag:
            sample = ", ".join(sorted(qrels[q.id])[:6])
            print(f"{q.id:10s} {n:4d}  {q.text!r}: {sample}{flag}")
    print(f"{len(queries)} queries, {len(set(q.category for q in queries))} categories, "
          f"{sum(counts)} judgments; relevant per query median {statistics.median(counts)}, "
          f"min {min(counts)}, max {max(counts)}")
    print("difficulty:", dict(Counter(q.difficulty for q in queries)))
    disjoint = [q for q in queries if not shared_name_words(q.text, qrels[q.id])]
    print(f"queries sharing no content word with any relevant icon's name: {len(disjoint)} "
          f"({100 * len(disjoint) / len(queries):.0f}%)")
    for q in queries:
        shared = shared_name_words(q.text, qrels[q.id])
        if q.difficulty == "hard" and shared:
            print(f"warning: hard query {q.id} {q.text!r} shares {sorted(shared)} with relevant names")
    print("split:", {h: len(v) for h, v in split.items()})
    return qrels


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--source", type=Path, default=DEV_DIR / "queries.src.json")
    p.add_argument("--corpus", type=Path, default=Path(defaults.CATALOG_DIR) / "corpus.jsonl")
    p.add_argument("--out", type=Path, default=DEV_DIR)
    p.add_argument("-v", "--verbose", action="store_true", help="print every query's match count")
    args = p.parse_args(argv)
    try:
        build(args.source, args.corpus, args.out, verbose=args.verbose)
    except (QrelsError, JsonlError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
