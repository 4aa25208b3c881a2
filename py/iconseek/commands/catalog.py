"""``iconseek catalog build``: icon libraries (or a folder of SVGs) -> catalogue directory.

Exit status: 0 when a catalogue was written; 1 when nothing usable was found, the
``--metadata`` file is unusable, ``--out`` is not this command's folder, or ``--strict``
is given and any input problem was reported; 2 for usage errors. Every path or value
printed goes through ``problems.shown`` (no raw control characters reach the terminal).
Imports nothing heavy at module level (the CLI imports every command module).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def default_node_modules() -> Path:
    """``<repo>/node_modules`` for a source checkout (py/iconseek/commands -> repo), else ``./node_modules``."""
    repo = Path(__file__).resolve().parents[3]
    candidate = repo / "node_modules"
    return candidate if candidate.is_dir() else Path.cwd() / "node_modules"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    build = sub.add_parser("build", help="build corpus.jsonl, svg/, rasters.npy, catalog.json, LICENSES.md")
    build.add_argument("--out", required=True, type=Path, help="output directory (created if needed)")
    build.add_argument("--node-modules", type=Path, default=None,
                       help="folder holding the npm icon packages (default: <repo>/node_modules)")
    build.add_argument("--libraries", default=None,
                       help="comma-separated library slugs to include (default: all 11)")
    build.add_argument("--svg-dir", type=Path, default=None,
                       help="build from this folder of SVGs instead (add --node-modules to include both)")
    build.add_argument("--metadata", type=Path, default=None,
                       help="JSON describing the --svg-dir icons (titles, tags, aliases, categories, licence)")
    build.add_argument("--library-name", default=None, help="library slug for --svg-dir icons")
    build.add_argument("--max-svg-bytes", type=int, default=None, metavar="N",
                       help="leave out (and report) SVG files larger than N bytes (default 1 MiB)")
    build.add_argument("--raster-size", type=int, default=64, metavar="S", help="raster side in pixels (default 64)")
    build.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                       help="rasterising processes (default 2)")
    build.add_argument("--no-rasters", action="store_true", help="skip rasters.npy")
    build.add_argument("--strict", action="store_true", help="exit 1 if any input problem was reported")
    build.add_argument("--quiet", action="store_true", help="print only the summary table")


def _usage_error(message: str):
    from iconseek.catalog.problems import shown

    print(f"iconseek catalog build: error: {shown(message)}", file=sys.stderr)
    raise SystemExit(2)


def _options(args: argparse.Namespace):
    from iconseek.catalog.build import BuildOptions
    from iconseek.catalog.libraries import BY_SLUG
    from iconseek.catalog.svgfile import DEFAULT_MAX_SVG_BYTES

    if args.metadata is not None and args.svg_dir is None:
        _usage_error("--metadata needs --svg-dir")
    if args.raster_size < 8 or args.raster_size > 1024:
        _usage_error("--raster-size must be between 8 and 1024")
    if args.max_svg_bytes is not None and args.max_svg_bytes < 1:
        _usage_error("--max-svg-bytes must be at least 1")
    libraries = None
    if args.libraries:
        libraries = tuple(s.strip() for s in args.libraries.split(",") if s.strip())
        unknown = [s for s in libraries if s not in BY_SLUG]
        if unknown:
            _usage_error(f"unknown libraries {unknown}; known: {', '.join(sorted(BY_SLUG))}")
    node_modules = args.node_modules
    if node_modules is None and (args.svg_dir is None or libraries):
        node_modules = default_node_modules()
    return BuildOptions(
        out=args.out,
        node_modules=node_modules,
        libraries=libraries,
        svg_dir=args.svg_dir,
        metadata=args.metadata,
        library_name=args.library_name,
        raster_size=args.raster_size,
        jobs=max(1, args.jobs),
        rasters=not args.no_rasters,
        max_svg_bytes=args.max_svg_bytes or DEFAULT_MAX_SVG_BYTES,
    )


def print_summary(result, out: Path, stream=None) -> None:
    from iconseek.catalog.problems import shown

    stream = stream or sys.stdout  # looked up per call, so redirected stdout is honoured
    print(f"\n{'library':12s} {'icons':>6s}  version    licence", file=stream)
    for info in result.libraries:
        print(f"{info.slug:12s} {info.count:6d}  {shown(info.version):10s} {shown(info.licence)}", file=stream)
    print(f"{'total':12s} {len(result.records):6d}  ({len(result.libraries)} libraries)", file=stream)
    if result.problems:
        print(f"\n{len(result.problems)} problem(s):", file=stream)
        for problem in result.problems:
            print(f"  {problem}", file=stream)
    timing = ", ".join(f"{k} {v:.1f}s" for k, v in result.seconds.items())
    print(f"\nwrote {shown(out)}  ({timing})", file=stream)


def run(args: argparse.Namespace) -> int:
    from iconseek.catalog.build import build_catalog
    from iconseek.catalog.problems import CatalogInputError, shown

    options = _options(args)
    log = (lambda _msg: None) if args.quiet else (lambda msg: print(msg, file=sys.stderr))
    try:
        result = build_catalog(options, log=log)
    except CatalogInputError as exc:
        print(f"iconseek catalog build: error: {shown(exc)}", file=sys.stderr)
        return 1
    except FileExistsError as exc:
        print(f"iconseek catalog build: {shown(exc)}", file=sys.stderr)
        return 1
    print_summary(result, options.out)
    if not result.records:
        print(f"error: no usable icons found; {shown(options.out)} was left as it was", file=sys.stderr)
        return 1
    if args.strict and result.problems:
        print(f"error: --strict and {len(result.problems)} problem(s) reported", file=sys.stderr)
        return 1
    return 0
