"""Train the icon image tower against the frozen text tower (LiT-style).

Recipe, and why:
* Text side frozen: caption embeddings come from the fp32 MiniLM graph, computed
  once and cached as .npy (keyed by the caption list and the model's sha256), so
  a step costs only the CNN.
* Loss: symmetric InfoNCE with a learnable temperature (CLIP's logit scale,
  clamped at 100). Pairs that are not true negatives are masked out of the
  softmax: icons in the same near-duplicate group, and icons whose sampled
  captions are the same string.
* One caption per icon per step, the name phrase with probability 0.5.
* Cheap augmentation on the ink image: random scale/shift (no flips or
  rotations: "arrow left" must not look like "arrow right") and occasional
  stroke thickening (max-pool of ink).
* CPU-friendly: channels_last + bf16 autocast, ONE intra-op thread by default.
  On a shared 2-core machine (load ~8) two OpenMP threads spin-wait for each
  other and ran ~10x slower (<20 img/s) than one thread (~160-200 img/s).
* Reproducible: every random draw comes from the seed; the number of steps is
  fixed before training (``--minutes`` converts a time budget to steps once, from
  the measured speed of the first steps, and records the count so
  ``--steps N`` reproduces the run exactly).
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import defaults
from ..hashing import file_sha256
from .captions import NAME_CAPTION_SHARE, duplicate_groups, icon_captions, read_corpus
from .query_tuning import PROVENANCE_FILE as TUNED_PROVENANCE
from .tower import WIDTHS
from .runtime import FP32_FILE, open_text_encoder, resolve_text_model_dir

WARMUP_STEPS = 100
SPEED_PROBE_STEPS = 20


@dataclass
class TrainConfig:
    catalog: str
    out: str
    text_model_dir: str = defaults.TEXT_MODEL_DIR
    cache_dir: str = f"{defaults.OUT_DIR}/cache"
    holdout: str | None = None
    epochs: float | None = None
    minutes: float | None = None
    steps: int | None = None
    seed: int = 0
    batch_size: int = 128
    lr: float = 2e-3
    weight_decay: float = 0.05
    threads: int = 1
    bf16: bool = True
    init_temperature: float = 0.07
    widths: tuple[int, ...] = WIDTHS


@dataclass
class TrainResult:
    steps: int
    epochs: float
    train_icons: int
    held_out_icons: int
    unique_captions: int
    groups: int
    seconds: float
    images_per_second: float
    final_loss: float
    final_temperature: float
    parameters: int
    losses: list[float] = field(default_factory=list)


def load_catalog(catalog_dir: str | Path):
    """Records and rasters (uint8 [N, S, S]) of a catalogue, checked for agreement."""
    import numpy as np

    records = read_corpus(catalog_dir)
    path = Path(catalog_dir) / "rasters.npy"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: rasters missing (run `iconseek catalog build`)")
    rasters = np.load(path, mmap_mode="r")
    if rasters.dtype != np.uint8 or rasters.ndim != 3 or rasters.shape[1] != rasters.shape[2]:
        raise ValueError(f"{path}: expected uint8 [N, S, S], got {rasters.dtype} {rasters.shape}")
    if rasters.shape[0] != len(records):
        raise ValueError(f"{path}: {rasters.shape[0]} rasters but corpus.jsonl has {len(records)} records")
    return records, rasters


def ensure_fp32_text_model(text_model_dir: str | Path) -> Path:
    """The fp32 graph is not committed; export it (needs torch) when absent.

    Only the stock tower can be re-exported: the export reads the pip package's
    weights. A tuned tower (``iconseek tune-query`` leaves ``iconseek.json``
    beside its graphs) without its own fp32 graph is refused, as captions
    embedded by the stock weights would silently train the image tower against
    another model than the one its config names.
    """
    model_dir = resolve_text_model_dir(text_model_dir)
    fp32 = model_dir / FP32_FILE
    if not fp32.is_file():
        if (model_dir / TUNED_PROVENANCE).is_file():
            raise FileNotFoundError(
                f"{fp32}: this tuned text tower lacks its float32 graph, and only the stock tower can be "
                "exported again; use the folder iconseek tune-query wrote (it keeps onnx/model.onnx)")
        from .text_export import export_fp32, source_model_dir

        print(f"exporting fp32 text tower to {fp32} (once)", flush=True)
        export_fp32(source_model_dir(), fp32)
    return fp32


def caption_embeddings(captions: list[str], text_model_dir: str | Path, cache_dir: str | Path, threads: int = 2):
    """[len(captions), 384] float32 from the fp32 text tower, cached on disk."""
    import numpy as np

    fp32 = ensure_fp32_text_model(text_model_dir)
    key = hashlib.sha256(("\n".join(captions) + "\n" + file_sha256(fp32)).encode("utf-8")).hexdigest()[:20]
    cache = Path(cache_dir) / f"caption-embeddings-{key}.npy"
    if cache.is_file():
        cached = np.load(cache)
        if cached.shape == (len(captions), 384):
            return cached
    start = time.perf_counter()
    encoder = open_text_encoder(resolve_text_model_dir(text_model_dir), onnx_file=FP32_FILE, threads=threads)
    matrix = encoder.encode(captions, batch_size=128)
    print(f"encoded {len(captions)} captions in {time.perf_counter() - start:.1f} s", flush=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, matrix)
    return matrix


def augment(ink, generator):
    """Random scale/shift and occasional stroke thickening of ink images [B,1,S,S]."""
    import torch
    import torch.nn.functional as F

    b = ink.shape[0]
    scale = torch.empty(b).uniform_(0.85, 1.12, generator=generator)
    shift = torch.empty(b, 2).uniform_(-0.1, 0.1, generator=generator)
    theta = torch.zeros(b, 2, 3)
    theta[:, 0, 0] = 1.0 / scale
    theta[:, 1, 1] = 1.0 / scale
    theta[:, :, 2] = shift
    grid = F.affine_grid(theta, list(ink.shape), align_corners=False)
    out = F.grid_sample(ink, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    thicken = torch.rand(b, generator=generator) < 0.25
    if thicken.any():
        fat = F.max_pool2d(F.pad(out[thicken], (0, 1, 0, 1)), kernel_size=2, stride=1)
        out[thicken] = fat
    return out


def contrastive_loss(image_vecs, text_vecs, logit_scale, same):
    """Symmetric InfoNCE; ``same`` [B,B] bool marks off-diagonal pairs that are not negatives."""
    import torch
    import torch.nn.functional as F

    logits = logit_scale * image_vecs @ text_vecs.T
    logits = logits.masked_fill(same, float("-inf"))
    target = torch.arange(logits.shape[0])
    return 0.5 * (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target))


@dataclass
class _TrainingData:
    """What the loop reads: rows to train on, caption choices per icon, tensors."""

    records: list
    train_rows: object  # np.ndarray of catalogue rows (the held-out library left out)
    groups: object  # np.ndarray: icons with identical captions share a group (not negatives)
    name_idx: object  # np.ndarray: caption index of each icon's name caption
    other_idx: list  # per icon, the caption indices of its other captions
    captions: list[str]
    text: object  # torch [C, 384] caption vectors
    images: object  # torch uint8 [N, S, S]


def _training_rows(cfg: TrainConfig, records: list):
    import numpy as np

    train_rows = np.asarray([i for i, r in enumerate(records) if r.get("library") != cfg.holdout])
    if cfg.holdout and len(train_rows) == len(records):
        raise ValueError(f"--holdout {cfg.holdout!r}: no icons of that library in {cfg.catalog}")
    if len(train_rows) < 2:
        raise ValueError("need at least two training icons")
    return train_rows


def _caption_vocabulary(records: list, caps: list):
    """(unique captions, name caption index per icon, other caption indices per icon)."""
    import numpy as np

    vocab: dict[str, int] = {}
    name_idx = np.zeros(len(records), dtype=np.int64)
    other_idx: list = []
    for i, cap in enumerate(caps):
        all_caps = cap.all or (records[i]["_id"],)
        ids = [vocab.setdefault(c, len(vocab)) for c in all_caps]
        name_idx[i] = ids[0]
        other_idx.append(np.asarray(ids[1:] or ids[:1], dtype=np.int64))
    return list(vocab), name_idx, other_idx


def _load_training_data(cfg: TrainConfig) -> _TrainingData:
    import numpy as np
    import torch

    records, rasters = load_catalog(cfg.catalog)
    caps = [icon_captions(r) for r in records]
    groups = np.asarray(duplicate_groups(caps))
    train_rows = _training_rows(cfg, records)
    captions, name_idx, other_idx = _caption_vocabulary(records, caps)
    text = torch.from_numpy(caption_embeddings(captions, cfg.text_model_dir, cfg.cache_dir, cfg.threads))
    images = torch.from_numpy(np.array(rasters))  # uint8, ~90 MB for the full catalogue
    return _TrainingData(records, train_rows, groups, name_idx, other_idx, captions, text, images)


def _optimiser(model, cfg: TrainConfig):
    """AdamW (no decay on biases, norms and the temperature) and the learnable logit scale."""
    import torch

    logit_scale = torch.nn.Parameter(torch.tensor(math.log(1.0 / cfg.init_temperature)))
    decay = [p for p in model.parameters() if p.ndim > 1]
    no_decay = [p for p in model.parameters() if p.ndim <= 1] + [logit_scale]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": cfg.weight_decay}, {"params": no_decay, "weight_decay": 0.0}], lr=cfg.lr
    )
    return opt, logit_scale


def _learning_rate(cfg: TrainConfig, step: int, total: int | None) -> float:
    # Cosine decay starts after the speed probe, so the first steps use the same
    # rate whether the length came from --minutes or --steps (bitwise reproducible).
    warm = min(1.0, (step + 1) / WARMUP_STEPS)
    if total is None or step < SPEED_PROBE_STEPS:
        return cfg.lr * warm
    progress = (step - SPEED_PROBE_STEPS) / max(1, total - SPEED_PROBE_STEPS)
    return cfg.lr * warm * 0.5 * (1.0 + math.cos(math.pi * min(progress, 1.0)))


def _epochs(rng, train_rows, batch: int, steps_per_epoch: int):
    """Endless batches of rows, reshuffled every epoch."""
    while True:
        perm = rng.permutation(train_rows)
        for s in range(steps_per_epoch):
            yield perm[s * batch : (s + 1) * batch]


def _train_step(model, opt, logit_scale, data: _TrainingData, rows, rng, generator, lr: float, bf16: bool) -> float:
    """One contrastive step on ``rows``: each icon meets one of its captions; returns the loss."""
    import numpy as np
    import torch

    use_name = rng.random(len(rows)) < NAME_CAPTION_SHARE
    pick = np.asarray([data.name_idx[i] if use_name[k] else data.other_idx[i][rng.integers(len(data.other_idx[i]))]
                       for k, i in enumerate(rows)])
    g = data.groups[rows]
    same = torch.from_numpy(((g[:, None] == g[None, :]) | (pick[:, None] == pick[None, :])) & ~np.eye(len(rows), dtype=bool))
    ink = 1.0 - data.images[torch.from_numpy(rows)].unsqueeze(1).float() / 255.0
    pixels = (1.0 - augment(ink, generator)).contiguous(memory_format=torch.channels_last)
    for group in opt.param_groups:
        group["lr"] = lr
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        vecs = model(pixels)
    loss = contrastive_loss(vecs.float(), data.text[torch.from_numpy(pick)], logit_scale.exp(), same)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    with torch.no_grad():
        logit_scale.clamp_(0.0, math.log(100.0))
    return loss.item()


def _steps_from_budget(cfg: TrainConfig, start: float, log) -> int:
    per_step = (time.perf_counter() - start) / SPEED_PROBE_STEPS
    total_steps = max(SPEED_PROBE_STEPS + 1, int(cfg.minutes * 60.0 / per_step))
    log(f"time budget {cfg.minutes} min at {per_step:.3f} s/step -> {total_steps} steps "
        f"(reproduce with --steps {total_steps})")
    return total_steps


def train(cfg: TrainConfig, log=print) -> tuple[object, TrainResult]:
    import numpy as np
    import torch

    from .tower import build_tower, count_parameters

    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    rng = np.random.default_rng(cfg.seed)
    generator = torch.Generator().manual_seed(cfg.seed)
    data = _load_training_data(cfg)
    model = build_tower(widths=tuple(cfg.widths)).to(memory_format=torch.channels_last)
    opt, logit_scale = _optimiser(model, cfg)
    batch = min(cfg.batch_size, len(data.train_rows))
    steps_per_epoch = max(1, len(data.train_rows) // batch)
    total_steps = cfg.steps or (round(cfg.epochs * steps_per_epoch) if cfg.epochs else None)

    losses: list[float] = []
    start = time.perf_counter()
    model.train()
    step = 0
    for rows in _epochs(rng, data.train_rows, batch, steps_per_epoch):
        if total_steps is None and step == SPEED_PROBE_STEPS:
            total_steps = _steps_from_budget(cfg, start, log)
        if total_steps is not None and step >= total_steps:
            break
        lr = _learning_rate(cfg, step, total_steps)
        losses.append(_train_step(model, opt, logit_scale, data, rows, rng, generator, lr, cfg.bf16))
        step += 1
        if step % 50 == 0:
            elapsed = time.perf_counter() - start
            log(f"step {step}/{total_steps} loss {np.mean(losses[-50:]):.4f} "
                f"T {1.0 / logit_scale.exp().item():.4f} {step * batch / elapsed:.0f} img/s {elapsed / 60:.1f} min")
    seconds = time.perf_counter() - start
    model.eval()
    result = TrainResult(
        steps=step,
        epochs=round(step / steps_per_epoch, 3),
        train_icons=int(len(data.train_rows)),
        held_out_icons=int(len(data.records) - len(data.train_rows)),
        unique_captions=len(data.captions),
        groups=int(data.groups.max() + 1) if len(data.groups) else 0,
        seconds=round(seconds, 1),
        images_per_second=round(step * batch / max(seconds, 1e-9), 1),
        final_loss=round(float(np.mean(losses[-50:])), 4) if losses else float("nan"),
        final_temperature=round(1.0 / logit_scale.exp().item(), 5),
        parameters=count_parameters(model),
        losses=[round(x, 4) for x in losses[:: max(1, len(losses) // 200)]],
    )
    return model, result


def save_tower(model, cfg: TrainConfig, result: TrainResult, raster_size: int, command: str) -> Path:
    """model.onnx + config.json + train-log.json in ``cfg.out``, swapped in whole (models/tower_output.py)."""
    import io

    from .tower import EMBED_DIM, export_tower_onnx
    from .tower_output import ARCHITECTURE, write_tower_files

    graph = io.BytesIO()
    export_tower_onnx(model, graph, raster_size)
    text_dir = resolve_text_model_dir(cfg.text_model_dir)
    config = {
        "architecture": ARCHITECTURE,
        "widths": list(cfg.widths),
        "embed_dim": EMBED_DIM,
        "raster_size": raster_size,
        "input": {"name": "pixels", "dtype": "float32", "shape": ["batch", 1, raster_size, raster_size],
                  "range": "[0, 1], 1 = white paper"},
        "output": {"name": "embeddings", "shape": ["batch", EMBED_DIM], "normalised": True},
        "text_model": str(text_dir),
        "text_model_fp32_sha256": file_sha256(text_dir / FP32_FILE),
        "model_sha256": hashlib.sha256(graph.getvalue()).hexdigest(),
        "train": {k: v for k, v in asdict(cfg).items() if k not in ("out",)},
        "result": {k: v for k, v in asdict(result).items() if k != "losses"},
        "command": command,
    }
    write_tower_files(Path(cfg.out), {
        "model.onnx": graph.getvalue(),
        "config.json": (json.dumps(config, indent=2) + "\n").encode("utf-8"),
        "train-log.json": (json.dumps({"losses_sampled": result.losses}) + "\n").encode("utf-8"),
    })
    return Path(cfg.out) / "model.onnx"
