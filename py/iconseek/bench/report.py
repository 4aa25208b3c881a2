"""Render benchmark summaries as markdown tables and a PNG plot.

``docs/BENCHMARKS.md`` keeps its hand-written method section; everything after
the ``RESULTS_MARKER`` line is replaced on each run, so the figures in the doc
are always the output of one `iconseek bench` run.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from iconseek.bench.evaluate import BANDS

RESULTS_MARKER = "<!-- iconseek bench: everything below is generated; edit the method above -->"
MAIN_COLUMNS = ("mrr@10", "ndcg@10", "recall@10", "recall@50")


def _fmt(x: float, digits: int = 3) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def main_table(rows: Sequence[dict], half: str, best_marks: bool = True) -> str:
    """rows: {"system", "label", "summary": {half: summary}}; one line per system."""
    head = "| system | MRR@10 | nDCG@10 | R@10 | R@50 | median ms | p95 ms |\n|---|---|---|---|---|---|---|\n"
    best = {c: max((r["summary"][half]["overall"].values[c] for r in rows), default=math.nan) for c in MAIN_COLUMNS}
    lines = []
    for r in rows:
        s = r["summary"][half]
        cells = []
        for c in MAIN_COLUMNS:
            v = s["overall"].values[c]
            text = _fmt(v)
            cells.append(f"**{text}**" if best_marks and v == best[c] else text)
        lat = s["latency"]
        lines.append(f"| {r['label']} | " + " | ".join(cells) + f" | {_fmt(lat['median'], 1)} | {_fmt(lat['p95'], 1)} |")
    return head + "\n".join(lines) + "\n"


def band_table(rows: Sequence[dict], half: str, metric: str) -> str:
    """One column per difficulty band (with its query count) for one metric."""
    any_row = rows[0]["summary"][half]["bands"]
    bands = [b for b in BANDS if b in any_row]
    head = "| system | " + " | ".join(f"{b} (n={any_row[b].n})" for b in bands) + " |\n"
    head += "|---|" + "---|" * len(bands) + "\n"
    best = {b: max(r["summary"][half]["bands"][b].values[metric] for r in rows) for b in bands}
    lines = []
    for r in rows:
        cells = []
        for b in bands:
            v = r["summary"][half]["bands"][b].values[metric]
            cells.append(f"**{_fmt(v)}**" if v == best[b] else _fmt(v))
        lines.append(f"| {r['label']} | " + " | ".join(cells) + " |")
    return head + "\n".join(lines) + "\n"


def plot(rows: Sequence[dict], half: str, path: Path) -> None:
    """Two panels: MRR@10/nDCG@10 per system, and nDCG@10 per difficulty band."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [r["short"] for r in rows]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(15, 5.5), constrained_layout=True)
    xs = range(len(rows))
    width = 0.4
    for offset, metric in ((-width / 2, "mrr@10"), (width / 2, "ndcg@10")):
        ax1.bar([x + offset for x in xs], [r["summary"][half]["overall"].values[metric] for r in rows], width,
                label={"mrr@10": "MRR@10", "ndcg@10": "nDCG@10"}[metric])
    ax1.set_xticks(list(xs), labels, rotation=45, ha="right", fontsize=8)
    ax1.set_ylim(0, 1)
    ax1.set_title(f"{half} half: MRR@10 and nDCG@10")
    ax1.legend()
    ax1.grid(axis="y", alpha=0.3)
    bands = [b for b in BANDS if b in rows[0]["summary"][half]["bands"]]
    bw = 0.8 / len(bands)
    for i, band in enumerate(bands):
        ax2.bar([x - 0.4 + bw * (i + 0.5) for x in xs],
                [r["summary"][half]["bands"][band].values["ndcg@10"] for r in rows], bw, label=band)
    ax2.set_xticks(list(xs), labels, rotation=45, ha="right", fontsize=8)
    ax2.set_ylim(0, 1)
    ax2.set_title(f"{half} half: nDCG@10 by difficulty band")
    ax2.legend(ncol=4, fontsize=8)
    ax2.grid(axis="y", alpha=0.3)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_markdown(doc_path: Path, generated: str) -> None:
    """Replace the generated part of ``doc_path`` (after the marker), keeping the method text."""
    head = ""
    if doc_path.is_file():
        text = doc_path.read_text(encoding="utf-8")
        head = text.split(RESULTS_MARKER, 1)[0].rstrip() + "\n\n"
    doc_path.parent.mkdir(parents=True, exist_ok=True)
    doc_path.write_text(head + RESULTS_MARKER + "\n\n" + generated.rstrip() + "\n", encoding="utf-8")
