"""``iconseek train``: train the icon image tower against the frozen text tower.

Needs the optional ``train`` extra (torch). Writes ``OUT/model.onnx`` and
``OUT/config.json``; with ``--holdout LIB`` it also evaluates text→image
retrieval on the held-out library (see docs/MODELS.md).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from .. import defaults


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--catalog", default=defaults.CATALOG_DIR, help="catalogue directory (corpus.jsonl + rasters.npy)")
    p.add_argument("--out", default=defaults.IMAGE_MODEL_DIR, help="output model directory")
    p.add_argument("--text-model", default=defaults.TEXT_MODEL_DIR, help="text tower directory")
    p.add_argument("--cache-dir", default="out/cache", help="where caption embeddings are cached")
    p.add_argument("--holdout", default=None, help="library slug to leave out of training (e.g. lucide)")
    length = p.add_mutually_exclusive_group()
    length.add_argument("--epochs", type=float, help="training length in epochs")
    length.add_argument("--minutes", type=float, help="time budget; converted to a step count after 20 steps")
    length.add_argument("--steps", type=int, help="exact number of optimisation steps (reproducible)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--threads", type=int, default=1,
                   help="torch CPU threads (1 is fastest on a busy shared machine: OpenMP spin-waits)")
    p.add_argument("--no-bf16", action="store_true", help="train in fp32 (slower)")
    p.add_argument("--queries", default=None, help=f"BEIR folder for the held-out evaluation (default {defaults.DEV_BENCH_DIR})")
    p.add_argument("--eval-only", action="store_true",
                   help="skip training; re-run the --holdout evaluation of the model already in --out")
    p.add_argument("--card-holdout", default=None,
                   help="directory of a --holdout run whose evaluation goes into this model's MODEL_CARD.md")


def run(args: argparse.Namespace) -> int:
    try:
        import torch  # noqa: F401
    except ImportError:
        print("iconseek train needs torch: pip install 'iconseek[train]'", file=sys.stderr)
        return 2
    from iconseek.models.training import TrainConfig, save_tower, train

    cfg = TrainConfig(
        catalog=args.catalog, out=args.out, text_model_dir=args.text_model, cache_dir=args.cache_dir,
        holdout=args.holdout, epochs=args.epochs, minutes=args.minutes, steps=args.steps,
        seed=args.seed, batch_size=args.batch_size, lr=args.lr, threads=args.threads, bf16=not args.no_bf16,
    )
    if args.eval_only:
        if not cfg.holdout:
            print("--eval-only needs --holdout LIB", file=sys.stderr)
            return 2
        from iconseek.models.evaluation import evaluate_holdout, write_eval

        report = evaluate_holdout(cfg.catalog, args.out, cfg.text_model_dir, cfg.holdout,
                                  queries_dir=args.queries, seed=cfg.seed, widths=cfg.widths)
        print(f"held-out evaluation -> {write_eval(report, args.out)}")
        return 0
    from iconseek.models.tower_output import TowerOutputError, refuse_foreign_tower

    try:  # before the minutes of training, not after
        refuse_foreign_tower(Path(args.out))
    except TowerOutputError as exc:
        print(f"iconseek train: {exc}", file=sys.stderr)
        return 2
    if cfg.epochs is None and cfg.minutes is None and cfg.steps is None:
        cfg.epochs = 10.0
    model, result = train(cfg, log=lambda msg: print(msg, flush=True))
    from iconseek.models.training import load_catalog

    _, rasters = load_catalog(cfg.catalog)
    command = "iconseek train " + " ".join(shlex.quote(a) for a in sys.argv[2:]) if len(sys.argv) > 2 else "iconseek train"
    onnx_path = save_tower(model, cfg, result, int(rasters.shape[1]), command)
    print(f"trained {result.steps} steps ({result.epochs} epochs) in {result.seconds / 60:.1f} min, "
          f"{result.images_per_second} img/s, loss {result.final_loss}, T {result.final_temperature}")
    print(f"wrote {onnx_path}")
    if cfg.holdout:
        from iconseek.models.evaluation import evaluate_holdout, write_eval

        report = evaluate_holdout(cfg.catalog, args.out, cfg.text_model_dir, cfg.holdout,
                                  queries_dir=args.queries, seed=cfg.seed, widths=cfg.widths)
        path = write_eval(report, args.out)
        print(f"held-out evaluation -> {path}")
    from iconseek.models.cards import write_tower_card

    card = write_tower_card(args.out, holdout_dir=args.card_holdout or (args.out if cfg.holdout else None))
    print(f"wrote {card}")
    return 0
