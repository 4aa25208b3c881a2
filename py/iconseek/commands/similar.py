"""``iconseek similar ID [ID ...]``: icons like these, in other libraries or the ones named."""

from __future__ import annotations

import json
import sys

from .. import defaults

DEFAULT_CATALOG = defaults.CATALOG_DIR
DEFAULT_VECTORS = defaults.VECTORS_DIR


def add_common(parser) -> None:
    """Options shared with ``iconseek map``."""
    parser.add_argument("--catalog", default=DEFAULT_CATALOG, help=f"catalogue directory (default {DEFAULT_CATALOG})")
    parser.add_argument("--vectors", default=DEFAULT_VECTORS,
                        help=f"icon vectors from `iconseek embed` (default {DEFAULT_VECTORS}), or a parquet "
                             "of your own image vectors (picture signal only; docs/BYO_MODEL.md)")


def add_arguments(parser) -> None:
    parser.add_argument("ids", nargs="+", metavar="ID", help="icon ids, e.g. lucide/settings")
    parser.add_argument("--to", nargs="+", metavar="LIB",
                        help="only these libraries, --k results each (default: every other library)")
    parser.add_argument("--k", type=int, default=10, help="results (per library with --to; default 10)")
    parser.add_argument("--json", action="store_true", help="print JSON lines {query, id, score, rank, ...}")
    add_common(parser)


def load_index(args, command: str):
    """The similarity index, or a one-line error (exit 1) naming what is missing."""
    from ..models.errors import ModelFileError
    from ..similar.index import IconSimilarity

    try:
        return IconSimilarity.load(args.catalog, args.vectors)
    except (FileNotFoundError, ModelFileError, ValueError) as exc:
        print(f"iconseek {command}: {exc}", file=sys.stderr)
        return None


def run(args) -> int:
    from ..similar.index import SimilarityError

    index = load_index(args, "similar")
    if index is None:
        return 1
    try:
        results = index.similar_many(list(dict.fromkeys(args.ids)), k=args.k, to=args.to)
    except SimilarityError as exc:
        print(f"iconseek similar: {exc}", file=sys.stderr)
        return 2
    for query, hits in results.items():
        if not args.json:
            print(f"{query}:")
        for hit in hits:
            if args.json:
                print(json.dumps(hit.to_dict(), ensure_ascii=False))
            else:
                signals = "  ".join(f"{name}={value:.3f}" for name, value in sorted(hit.signals.items()))
                print(f"  {hit.rank:3d}  {hit.score:7.4f}  {hit.id:<40s}  {signals}")
    return 0
