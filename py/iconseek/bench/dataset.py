"""Load the dev benchmark (``bench/dev``): queries with their bands, qrels, split.

The BEIR reader in ``iconseek.eval.beir`` is used for qrels; queries are read
here because the benchmark needs the two extra fields (category, difficulty)
that slice the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from iconseek.bench import DEV_DIR
from iconseek.bench.split import load_split
from iconseek.core.jsonl import JsonlError, iter_jsonl
from iconseek.eval.beir import load_qrels


@dataclass(frozen=True)
class DevQuery:
    id: str
    text: str
    category: str
    difficulty: str


@dataclass(frozen=True)
class DevSet:
    queries: list[DevQuery]
    qrels: dict[str, dict[str, int]]
    split: dict[str, list[str]]

    def subset(self, half: str) -> list[DevQuery]:
        """Queries of one half ("tune" or "test"), or all of them for "all"."""
        if half == "all":
            return list(self.queries)
        keep = set(self.split[half])
        return [q for q in self.queries if q.id in keep]


def load_dev_queries(path: Path) -> list[DevQuery]:
    if not path.is_file():
        raise FileNotFoundError(f"dev queries not found: {path} (run python -m iconseek.bench.devset)")
    out = []
    with path.open(encoding="utf-8") as fh:
        for where, row in iter_jsonl(fh, str(path)):
            try:
                out.append(DevQuery(row["_id"], row["text"], row.get("category", ""), row.get("difficulty", "")))
            except (KeyError, TypeError, AttributeError) as exc:
                raise JsonlError(where, f"bad query row ({exc})") from None
    return out


def load_devset(dev_dir: Path = DEV_DIR) -> DevSet:
    dev_dir = Path(dev_dir)
    queries = load_dev_queries(dev_dir / "queries.jsonl")
    qrels = load_qrels(str(dev_dir / "qrels" / "test.tsv"))
    split = load_split(dev_dir / "split.json")
    known = {q.id for q in queries}
    stray = [qid for half in split.values() for qid in half if qid not in known]
    if stray:
        raise ValueError(f"{dev_dir / 'split.json'}: ids not in queries.jsonl: {stray[:5]}")
    return DevSet(queries=queries, qrels=qrels, split=split)
