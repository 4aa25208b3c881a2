"""Command-line entry point.

Each sub-command lives in its own module under ``iconseek.commands`` and is
imported only when it runs, so ``iconseek search`` never pays for numpy/torch
imports that ``iconseek catalog build`` or ``iconseek train`` need.

A command module exposes ``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# name -> (module, one-line help). Modules are imported lazily.
COMMANDS: dict[str, tuple[str, str]] = {
    "catalog": ("iconseek.commands.catalog", "build the icon catalogue (corpus.jsonl, SVGs, rasters)"),
    "search": ("iconseek.commands.search", "search the catalogue from the command line"),
    "eval": ("iconseek.commands.evaluate", "evaluate on a BEIR folder (MRR, nDCG, Recall)"),
    "index": ("iconseek.commands.index", "build the lexical (BM25) index for a catalogue"),
    "export": ("iconseek.commands.export", "export and INT8-quantize the text encoder to ONNX"),
    "train": ("iconseek.commands.train", "train the icon image tower against the frozen text tower"),
    "merge-towers": ("iconseek.commands.merge_towers", "merge trained image towers into one ensemble model.onnx"),
    "tune-query": ("iconseek.commands.tune_query", "fine-tune the query side of the text tower into the icon space"),
    "embed": ("iconseek.commands.embed", "compute icon vectors with onnxruntime"),
    "site": ("iconseek.commands.site", "assemble the static search site"),
    "serve": ("iconseek.commands.serve", "serve a built site with COOP/COEP headers"),
    "bench": ("iconseek.commands.bench", "run the retrieval benchmark against peers"),
    "similar": ("iconseek.commands.similar", "icons like given icons, in other libraries (picture + meaning)"),
    "map": ("iconseek.commands.map", "a migration map from one icon library to another"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iconseek", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # command not present in this build
            raise
        p = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
