"""Fine-tune the *query* side of the text tower into the frozen icon space.

Why only the query side: every icon vector (t2t from the frozen text tower, t2i
from the image tower trained against it) lives in the frozen tower's space. A
query tower trained to land descriptions where the frozen tower puts the
icons' words improves both semantic arms at once, and nothing on the icon side
— vectors, image tower, site data — has to be rebuilt (an asymmetric dual
encoder; the image tower's LiT recipe, turned around).

Objective per step (batch B of pairs from models/query_pairs.py, kinds sampled
by fixed shares):

* **InfoNCE** (van den Oord et al., 2018) between the student's embedding of
  each query and the frozen teacher's embedding of every target in the batch,
  temperature 0.05; a batch-mate with the same target text is masked, not a
  negative.
* **Anchor**: the student's embedding of each *target* stays at the teacher's
  (mean 1 − cosine, weight ``anchor_weight``). An exact query ("calendar") must
  still land on the calendar icons' vectors; this also guards the tower's
  general meaning (the held-out check in docs/MODELS.md).

Deterministic for a given ``steps`` and ``seed`` on one machine (sampling from
one seeded RNG; torch seeded). Needs torch + transformers (``train`` extra).
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from .query_pairs import Pair

DEFAULT_SHARES = {"gloss": 0.35, "synonym": 0.25, "icon": 0.40}
# What iconseek tune-query writes beside a tuned tower's graphs (recipe, data, checks).
PROVENANCE_FILE = "iconseek.json"


@dataclass(frozen=True)
class QueryTuningConfig:
    steps: int = 800
    batch_size: int = 64
    lr: float = 5e-5
    warmup: int = 100
    temperature: float = 0.05
    anchor_weight: float = 3.0
    max_length: int = 48
    seed: int = 0
    threads: int = 2
    shares: dict = field(default_factory=lambda: dict(DEFAULT_SHARES))

    def to_dict(self) -> dict:
        return asdict(self)


def _mean_pooled(model, tokenizer, texts, max_length):
    import torch.nn.functional as F

    batch = tokenizer(list(texts), padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    return F.normalize((hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9), dim=-1)


def meaning_drift(source_dir: Path, tuned_dir: Path, sentences: list[str], seed: int = 0, pairs: int = 4000) -> dict:
    """How far the tuned tower moved on everyday sentences it never trained on.

    ``spearman``: rank correlation between the two towers' cosine similarities over
    random sentence pairs (1 = the geometry of general meaning is unchanged);
    ``self_cosine``: mean cosine between a sentence's two embeddings.
    """
    import torch
    from transformers import AutoModel, AutoTokenizer

    if len(sentences) < 3:
        raise ValueError("the general-meaning check needs at least 3 sentences")
    tokenizer = AutoTokenizer.from_pretrained(str(source_dir))
    vectors = []
    for folder in (source_dir, tuned_dir):
        model = AutoModel.from_pretrained(str(folder)).eval()
        with torch.no_grad():
            vectors.append(torch.cat([_mean_pooled(model, tokenizer, sentences[i:i + 256], 64)
                                      for i in range(0, len(sentences), 256)]))
    rng = random.Random(seed)
    index = [rng.sample(range(len(sentences)), 2) for _ in range(pairs)]
    a = torch.tensor([i for i, _ in index])
    b = torch.tensor([j for _, j in index])

    def ranks(values):
        return torch.argsort(torch.argsort(values)).double()

    before, after = ((v[a] * v[b]).sum(-1) for v in vectors)
    rb, ra = ranks(before), ranks(after)
    spearman = float(((rb - rb.mean()) * (ra - ra.mean())).sum() / (rb.std() * ra.std() * (len(rb) - 1)))
    return {"sentences": len(sentences), "pairs": pairs, "spearman": round(spearman, 4),
            "self_cosine": round(float((vectors[0] * vectors[1]).sum(-1).mean()), 4)}


def tune_query_tower(
    pairs: dict[str, list[Pair]],
    source_dir: Path,
    out_dir: Path,
    config: QueryTuningConfig = QueryTuningConfig(),
    log: Callable[[str], None] = print,
) -> dict:
    """Train from ``source_dir`` (HF model folder) and save the student to ``out_dir``."""
    import torch
    import torch.nn.functional as F
    from transformers import AutoModel, AutoTokenizer

    kinds = [k for k in config.shares if pairs.get(k)]
    if not kinds:
        raise ValueError("no training pairs (empty catalogue or WordNet folder?)")
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    rng = random.Random(config.seed)
    tokenizer = AutoTokenizer.from_pretrained(str(source_dir))
    student = AutoModel.from_pretrained(str(source_dir))
    teacher = AutoModel.from_pretrained(str(source_dir)).eval()
    for parameter in teacher.parameters():
        parameter.requires_grad_(False)

    # Targets never change: embed each distinct one once with the teacher.
    targets = sorted({p.target for k in kinds for p in pairs[k]})
    row = {t: i for i, t in enumerate(targets)}
    started = time.perf_counter()
    with torch.no_grad():
        target_vectors = torch.cat([
            _mean_pooled(teacher, tokenizer, targets[i:i + 512], config.max_length) for i in range(0, len(targets), 512)
        ])
    log(f"teacher: {len(targets)} targets embedded in {time.perf_counter() - started:.0f} s")

    optimiser = torch.optim.AdamW(student.parameters(), lr=config.lr, weight_decay=0.01)

    def schedule(step: int) -> float:
        warm = min(1.0, (step + 1) / config.warmup)
        return warm * 0.5 * (1 + math.cos(math.pi * min(step, config.steps) / config.steps))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, schedule)
    shares = [config.shares[k] for k in kinds]
    labels = torch.arange(config.batch_size)
    eye = torch.eye(config.batch_size, dtype=torch.bool)
    student.train()
    history = []
    started = time.perf_counter()
    for step in range(config.steps):
        batch = [rng.choice(pairs[rng.choices(kinds, shares)[0]]) for _ in range(config.batch_size)]
        queries = [p.query for p in batch]
        batch_targets = [p.target for p in batch]
        teacher_targets = target_vectors[[row[t] for t in batch_targets]]
        logits = _mean_pooled(student, tokenizer, queries, config.max_length) @ teacher_targets.T / config.temperature
        same = torch.tensor([[a == b for b in batch_targets] for a in batch_targets]) & ~eye
        contrastive = F.cross_entropy(logits.masked_fill(same, -1e4), labels)
        student_targets = _mean_pooled(student, tokenizer, batch_targets, config.max_length)
        anchor = (1 - (student_targets * teacher_targets).sum(-1)).mean()
        loss = contrastive + config.anchor_weight * anchor
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        scheduler.step()
        if step % 50 == 0 or step == config.steps - 1:
            history.append({"step": step, "contrastive": round(contrastive.item(), 4), "anchor": round(anchor.item(), 5)})
            log(f"step {step}: contrastive {contrastive.item():.3f} anchor {anchor.item():.4f} "
                f"({time.perf_counter() - started:.0f} s)")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    student.save_pretrained(str(out_dir))
    tokenizer.save_pretrained(str(out_dir))
    return {
        "config": config.to_dict(),
        "pairs": {k: len(pairs.get(k, ())) for k in config.shares},
        "targets": len(targets),
        "seconds": round(time.perf_counter() - started, 1),
        "history": history,
    }
