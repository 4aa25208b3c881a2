"""``iconseek map --from LIB --to LIB``: a migration map between two icon libraries."""

from __future__ import annotations

import sys
from pathlib import Path

from .similar import add_common, load_index


def add_arguments(parser) -> None:
    parser.add_argument("--from", dest="source", required=True, metavar="LIB", help="the library migrated from")
    parser.add_argument("--to", dest="target", required=True, metavar="LIB", help="the library migrated to")
    parser.add_argument("--names", metavar="FILE",
                        help="only these icons: one name per line, as code writes it (trash-2, Trash2, IconTrash)")
    parser.add_argument("--out", metavar="FILE", help="write the map here (default: standard output)")
    parser.add_argument("--format", choices=("json", "csv"), default="json", help="json (default) or csv")
    parser.add_argument("--force", action="store_true", help="replace an existing --out file")
    add_common(parser)


def run(args) -> int:
    from ..similar.index import SimilarityError
    from ..similar.mapping import migration_map, read_names, write_map

    if args.out and Path(args.out).exists() and not args.force:
        print(f"iconseek map: {args.out} exists; pass --force to replace it", file=sys.stderr)
        return 2
    names = None
    if args.names:
        path = Path(args.names)
        try:
            names = read_names(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            print(f"iconseek map: cannot read --names {path}: {exc}", file=sys.stderr)
            return 2
        if not names:
            print(f"iconseek map: --names {path} lists no names (one icon name per line)", file=sys.stderr)
            return 2
    index = load_index(args, "map")
    if index is None:
        return 1
    try:
        rows = migration_map(index, args.source, args.target, names)
    except SimilarityError as exc:
        print(f"iconseek map: {exc}", file=sys.stderr)
        return 2
    text = write_map(rows, args.format)
    if args.out:
        import tempfile

        out = Path(args.out)
        # written beside it under a fresh name, then swapped in: never half a map, never another file clobbered
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=out.parent, prefix=f".{out.name}.",
                                         suffix=".partial", delete=False) as tmp:
            tmp.write(text)
        Path(tmp.name).replace(out)
        unknown = sum(r.confidence == "unknown-name" for r in rows)
        high = sum(r.confidence == "high" for r in rows)
        print(f"wrote {out}: {len(rows)} icons, {high} high-confidence, {unknown} names not in {args.source}",
              file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
