"""``iconseek merge-towers``: several trained image towers as one ``model.onnx``.

Train the members with ``iconseek train --seed N --out DIR`` (in parallel, one
thread each, on a 2-core machine), then merge them; the result is read like any
tower (``iconseek embed``, the site build). See models/tower_ensemble.py for why
and docs/MODELS.md for the shipped recipe.
"""

from __future__ import annotations

import argparse
import shlex
import sys

from .. import defaults


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("members", nargs="+", help="trained tower folders (model.onnx + config.json), two or more")
    p.add_argument("--out", required=True,
                   help=f"output model directory (to ship the ensemble: {defaults.IMAGE_MODEL_DIR})")
    p.add_argument("--card-holdout", default=None,
                   help="directory of a merged --holdout ensemble whose evaluation goes into MODEL_CARD.md")


def run(args: argparse.Namespace) -> int:
    from iconseek.models.cards import write_tower_card
    from iconseek.models.tower_ensemble import EnsembleError, merge_towers

    command = "iconseek merge-towers " + " ".join(shlex.quote(a) for a in sys.argv[2:])
    try:
        path = merge_towers(args.members, args.out, command=command)
    except EnsembleError as exc:
        print(f"iconseek merge-towers: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path} ({len(args.members)} members)")
    print(f"wrote {write_tower_card(args.out, holdout_dir=args.card_holdout)}")
    return 0
