"""``iconseek search "QUERY"``: query a built catalogue from the command line."""

from __future__ import annotations

import json
import sys

from .. import defaults


DEFAULT_MODELS = defaults.MODELS_DIR
DEFAULT_VECTORS = defaults.VECTORS_DIR


def add_arguments(parser) -> None:
    parser.add_argument("query")
    parser.add_argument("--k", type=int, default=10, help="number of hits (default 10)")
    parser.add_argument("--json", action="store_true", help="print hits as JSON lines")
    parser.add_argument("--catalog", default=defaults.CATALOG_DIR, help="catalogue directory (default %(default)s)")
    parser.add_argument("--library", help="only icons from this library slug")
    parser.add_argument("--arms", nargs="+", default=None,
                        help="arms to use: bm25 t2t t2i (default: bm25 plus the semantic arms whose model and vectors exist)")
    parser.add_argument("--fusion", default="dbsf", choices=["dbsf", "rrf"])
    parser.add_argument("--models", "--model", dest="models", default=DEFAULT_MODELS,
                        help="model directory for semantic arms (or your own encoder dir, docs/BYO_MODEL.md)")
    parser.add_argument("--vectors", default=DEFAULT_VECTORS,
                        help="icon vectors folder for semantic arms, or a parquet of your own vectors")


def format_hit(hit) -> str:
    arms = "  ".join(f"{name}={score:.4f}" for name, score in sorted(hit.arm_scores.items()))
    return f"{hit.rank:3d}  {hit.score:8.4f}  {hit.id:<40s}  {arms}"


def default_arms(models, vectors) -> list[str]:
    """BM25 plus every semantic arm whose model and vectors are present.

    A parquet of your own vectors serves one image arm (t2i); otherwise the arms
    follow what ``iconseek embed`` wrote, so a fresh checkout without vectors still
    searches lexically instead of failing.
    """
    if str(vectors).endswith(".parquet"):
        return ["bm25", "t2i"]
    from ..models.runtime import available_semantic_arms

    return ["bm25", *available_semantic_arms(models, vectors)]


def shipped_engine(args, command: str):
    """The engine ``iconseek search`` uses: ``args.arms``, or by default bm25 plus the
    semantic arms whose files exist, falling back to bm25 alone (with a note on
    stderr) when the default vectors belong to another catalogue."""
    from ..engine_factory import CatalogMissing, build_engine

    if args.arms is None:
        arms = default_arms(args.models, args.vectors)
        try:
            return build_engine(args.catalog, arms, args.models, args.vectors, fusion=args.fusion)
        except CatalogMissing:
            raise
        except (ValueError, RuntimeError, OSError) as exc:
            explicit = args.vectors != DEFAULT_VECTORS or args.models != DEFAULT_MODELS
            if arms == ["bm25"] or explicit:
                raise
            # Vectors made for another catalogue: say so, and still answer lexically.
            print(f"iconseek {command}: semantic arms off ({exc})", file=sys.stderr)
    return build_engine(args.catalog, args.arms or ["bm25"], args.models, args.vectors, fusion=args.fusion)


def run(args) -> int:
    from ..engine_factory import CatalogMissing

    try:
        engine = shipped_engine(args, "search")
    except (CatalogMissing, ValueError, RuntimeError, OSError) as exc:
        print(f"iconseek search: {exc}", file=sys.stderr)
        return 1
    page = engine.search_page(args.query, k=args.k, library=args.library)
    for hit in page.hits:
        if args.json:
            print(json.dumps(hit.to_dict(), ensure_ascii=False))
        else:
            print(format_hit(hit))
    if not args.json:
        print(describe_page(page), file=sys.stderr)
    return 0


def describe_page(page) -> str:
    """One line for a person: how many matches, which typos were read as what, or why none."""
    if not page.understood:
        return "no match: none of these words is known to the catalogue or the language model"
    fixes = ", ".join(f"{c.word} -> {c.term}" for c in page.corrections)
    count = f"{page.total} matches" if page.total != 1 else "1 match"
    return count + (f" (read as: {fixes})" if fixes else "")
