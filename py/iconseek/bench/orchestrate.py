"""One benchmark run: tune (optional), run every system, score, write the report.

Systems (``--systems`` takes any of these names, or "all", "peers", "iconseek"):

* peers: ``fuse``, ``minisearch``, ``orama`` (Node), ``bm25s``, ``st-minilm`` (Python);
* iconseek arms alone: ``is-bm25``, ``is-t2t``, ``is-t2i`` (INT8 encoder),
  ``is-t2t-fp32``, ``is-t2i-fp32``;
* iconseek fused (all three arms, weights from ``bench/tuned.json``):
  ``is-dbsf``, ``is-rrf``, ``is-dbsf-fp32``, ``is-rrf-fp32``, and ``is-dbsf-equal``
  (equal weights, to show what tuning bought);
* ``is-shipped``: exactly what ``iconseek search`` and the site ship
  (``iconseek.engine_factory.build_engine`` defaults: query tower when present,
  typo-corrected meaning text, query-adaptive weights, the engine's BM25).
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from iconseek import defaults
from iconseek.bench import DEV_DIR, PLOT_PATH, REPORT_PATH, TUNED_PATH
from iconseek.bench.dataset import load_devset
from iconseek.bench.evaluate import summarise
from iconseek.bench.report import band_table, main_table, plot, write_markdown
from iconseek.bench.runners.iconseek_engine import EngineConfig, IconseekSuite, time_encoder
from iconseek.bench.tune import load_tuned, save_tuned, tune_bm25, tune_fusion
from iconseek.core.catalog_view import load_corpus
from iconseek.core.lexical.bm25 import BM25Params

PEERS = ("fuse", "minisearch", "orama", "bm25s", "st-minilm")
ICONSEEK = ("is-bm25", "is-t2t", "is-t2i", "is-t2t-fp32", "is-t2i-fp32",
            "is-dbsf", "is-rrf", "is-dbsf-fp32", "is-rrf-fp32", "is-dbsf-equal", "is-shipped")
ALL_SYSTEMS = PEERS + ICONSEEK
FUSED_ARMS = (defaults.LEXICAL_ARM, *defaults.SEMANTIC_ARMS)
DEPTH = 100

LABELS = {
    "fuse": ("Fuse.js, lucide.dev config", "Fuse.js"),
    "minisearch": ("MiniSearch (BM25+, prefix, fuzzy 0.2)", "MiniSearch"),
    "orama": ("Orama (BM25, tolerance 1)", "Orama"),
    "bm25s": ("bm25s (Python BM25)", "bm25s"),
    "st-minilm": ("sentence-transformers MiniLM-L6 (name+tags)", "ST MiniLM"),
    "is-bm25": ("iconseek BM25F arm", "is BM25"),
    "is-t2t": ("iconseek text→text arm (INT8)", "is t2t int8"),
    "is-t2i": ("iconseek text→image arm (INT8)", "is t2i int8"),
    "is-t2t-fp32": ("iconseek text→text arm (fp32)", "is t2t fp32"),
    "is-t2i-fp32": ("iconseek text→image arm (fp32)", "is t2i fp32"),
    "is-dbsf": ("iconseek fused DBSF (INT8)", "is DBSF int8"),
    "is-rrf": ("iconseek fused RRF (INT8)", "is RRF int8"),
    "is-dbsf-fp32": ("iconseek fused DBSF (fp32)", "is DBSF fp32"),
    "is-rrf-fp32": ("iconseek fused RRF (fp32)", "is RRF fp32"),
    "is-dbsf-equal": ("iconseek fused DBSF, equal weights (INT8)", "is DBSF eq"),
    "is-shipped": ("iconseek as shipped (adaptive DBSF, typo-corrected meaning text)", "iconseek"),
}


@dataclass
class BenchOptions:
    catalog: Path = Path(defaults.CATALOG_DIR)
    dev: Path = DEV_DIR
    models: Path = Path(defaults.MODELS_DIR)
    vectors: Path = Path(defaults.VECTORS_DIR)
    systems: tuple[str, ...] = ALL_SYSTEMS
    out: Path = REPORT_PATH
    plot: Path = PLOT_PATH
    tuned: Path = TUNED_PATH
    tune: bool = False
    cache: Path = Path(defaults.OUT_DIR) / "cache" / "bench"
    results_json: Path | None = Path(defaults.BENCH_RESULTS)
    log: object = field(default=print)


def expand_systems(names) -> tuple[str, ...]:
    out: list[str] = []
    for name in names:
        group = {"all": ALL_SYSTEMS, "peers": PEERS, "iconseek": ICONSEEK}.get(name, (name,))
        for n in group:
            if n not in ALL_SYSTEMS:
                raise ValueError(f"unknown system {n!r}; known: {', '.join(ALL_SYSTEMS)} (or all, peers, iconseek)")
            if n not in out:
                out.append(n)
    return tuple(out)


def _tune(suite: IconseekSuite, dev, opts: BenchOptions) -> dict:
    log = opts.log
    start = time.perf_counter()
    default_bm25 = _bm25_ndcg(suite, dev, BM25Params())
    bm25 = tune_bm25(suite, dev)
    tuned_bm25 = _bm25_ndcg(suite, dev, replace(BM25Params(), **bm25.params))
    log(f"tuned BM25 on the tune half: k1={bm25.params['k1']} b={bm25.params['b']} (nDCG@10 {bm25.tune_ndcg10:.4f})")
    lists = suite.arm_lists(FUSED_ARMS, dev.subset("tune"))
    fusions = {}
    for fusion in ("dbsf", "rrf"):
        fusions[fusion] = tune_fusion(suite, dev, fusion, FUSED_ARMS, lists)
        log(f"tuned {fusion}: {fusions[fusion].params['weights']} (tune nDCG@10 {fusions[fusion].tune_ndcg10:.4f})")
    # For the report only (never used to choose): did the tuned BM25 generalise?
    check = {"bm25_default": {"k1": BM25Params().k1, "b": BM25Params().b, **default_bm25},
             "bm25_tuned": tuned_bm25}
    save_tuned(opts.tuned, bm25, fusions, {"heldout_check_ndcg@10": check,
                                            "tuning_seconds": round(time.perf_counter() - start, 1)})
    log(f"wrote {opts.tuned}")
    return load_tuned(opts.tuned)


def _bm25_ndcg(suite: IconseekSuite, dev, params: BM25Params) -> dict:
    """Lexical-arm nDCG@10 on each half with ``params`` (leaves the suite on ``params``)."""
    from iconseek.bench.evaluate import ndcg10

    suite.set_bm25(params)
    out = {}
    for half in ("tune", "test"):
        queries = dev.subset(half)
        ranked = suite.run(EngineConfig("bm25", (defaults.LEXICAL_ARM,)), queries, 10).ranked_ids()
        out[half] = round(ndcg10(ranked, dev.qrels, [q.id for q in queries]), 4)
    return out


def _iconseek_config(name: str, tuned: dict) -> EngineConfig:
    encoder = "fp32" if name.endswith("-fp32") else "int8"
    base = name.removeprefix("is-").removesuffix("-fp32")
    if base in FUSED_ARMS:  # one arm alone
        return EngineConfig(name, (base,), encoder=encoder)
    if base == "dbsf-equal":
        return EngineConfig(name, FUSED_ARMS, "dbsf", {a: 1.0 for a in FUSED_ARMS}, encoder)
    return EngineConfig(name, FUSED_ARMS, base, dict(tuned["fusion"][base]["weights"]), encoder)


def _shipped_run(opts: BenchOptions, queries):
    """The default engine of ``iconseek search`` over the same files."""
    from iconseek.bench.runners.base import timed_run
    from iconseek.engine_factory import build_engine

    engine = build_engine(str(opts.catalog), FUSED_ARMS, str(opts.models), str(opts.vectors))
    notes = {"label": LABELS["is-shipped"][0], "arms": list(FUSED_ARMS), "fusion": "dbsf (query-adaptive)",
             "weights": "adaptive", "encoder": "query encoder int8", "runtime": "python/onnxruntime"}
    return timed_run("is-shipped", lambda text, n: [(h.id, h.score) for h in engine.search(text, k=n)],
                     queries, DEPTH, notes)


def run_benchmark(opts: BenchOptions) -> dict:
    log = opts.log
    dev = load_devset(opts.dev)
    docs = load_corpus(str(opts.catalog))
    corpus_file = opts.catalog / "corpus.jsonl"
    want_iconseek = any(s in ICONSEEK for s in opts.systems)
    suite = IconseekSuite(docs, opts.models, opts.vectors) if want_iconseek else None
    tuned = None
    if suite is not None:
        if opts.tune or not opts.tuned.is_file():
            tuned = _tune(suite, dev, opts)
        else:
            tuned = load_tuned(opts.tuned)
            suite.set_bm25(replace(BM25Params(), k1=tuned["bm25"]["k1"], b=tuned["bm25"]["b"]))
            log(f"using {opts.tuned}: BM25 k1={tuned['bm25']['k1']} b={tuned['bm25']['b']}")
    rows = []
    for name in opts.systems:
        start = time.perf_counter()
        if name in ("fuse", "minisearch", "orama"):
            from iconseek.bench.runners.node_peers import NodePeerRunner

            result = NodePeerRunner(name, corpus_file, opts.dev / "queries.jsonl", opts.cache).run(dev.queries, DEPTH)
        elif name == "bm25s":
            from iconseek.bench.runners.bm25_python import Bm25sRunner

            result = Bm25sRunner(docs).run(dev.queries, DEPTH)
        elif name == "st-minilm":
            from iconseek.bench.runners.dense_st import DenseMiniLMRunner

            result = DenseMiniLMRunner(docs, opts.cache).run(dev.queries, DEPTH)
        elif name == "is-shipped":
            result = _shipped_run(opts, dev.queries)
        else:
            config = _iconseek_config(name, tuned)
            result = suite.run(config, dev.queries, DEPTH)
        summary = {half: summarise(result, dev.qrels, dev.subset(half)) for half in ("test", "tune", "all")}
        label, short = LABELS[name]
        rows.append({"system": name, "label": label, "short": short, "summary": summary, "notes": result.notes})
        t = summary["test"]["overall"].values
        log(f"{name:14s} test MRR@10 {t['mrr@10']:.3f} nDCG@10 {t['ndcg@10']:.3f} "
            f"median {summary['test']['latency']['median']:.1f} ms  ({time.perf_counter() - start:.0f} s)")
    encoder_ms = {}
    if suite is not None:
        texts = [q.text for q in dev.queries]
        # only the encoders the chosen systems ran: the float32 export is not committed (iconseek export)
        kinds = ["int8"] + (["fp32"] if any(r["system"].endswith("-fp32") for r in rows) else [])
        for kind in kinds:
            times = sorted(time_encoder(suite, kind, texts))
            encoder_ms[kind] = times[len(times) // 2]
    generated = render(rows, dev, tuned, encoder_ms, len(docs))
    write_markdown(opts.out, generated)
    plot(rows, "test", opts.plot)
    log(f"wrote {opts.out} and {opts.plot}")
    if opts.results_json is not None:
        opts.results_json.parent.mkdir(parents=True, exist_ok=True)
        opts.results_json.write_text(json.dumps(_jsonable(rows, tuned, encoder_ms), indent=1), encoding="utf-8")
    return {"rows": rows, "tuned": tuned, "encoder_ms": encoder_ms}


def _jsonable(rows, tuned, encoder_ms) -> dict:
    def conv(s):
        return {"overall": {"n": s["overall"].n, **s["overall"].values},
                "bands": {b: {"n": v.n, **v.values} for b, v in s["bands"].items()},
                "latency_ms": s["latency"]}
    return {"systems": [{"system": r["system"], "notes": r["notes"],
                         **{half: conv(s) for half, s in r["summary"].items()}} for r in rows],
            "tuned": tuned, "encoder_median_ms": encoder_ms}


def verdict(rows, tuned: dict | None = None) -> str:
    """Does the fused iconseek beat every peer on the test half? Say by how much."""
    by = {r["system"]: r for r in rows}
    peers = [r for r in rows if r["system"] in PEERS]
    fused = [by[name] for name in ("is-shipped", "is-dbsf", "is-rrf") if name in by]
    if not fused or not peers:
        return ""
    lines = []
    selected = (tuned or {}).get("selected_fusion")
    if selected:
        lines.append(f"Fusion selected on the tune half: **{selected.upper()}** (`bench/tuned.json`).")
        lines.append("")
    for row in fused:
        for metric in ("mrr@10", "ndcg@10"):
            ours = row["summary"]["test"]["overall"].values[metric]
            best = max(peers, key=lambda r: r["summary"]["test"]["overall"].values[metric])
            theirs = best["summary"]["test"]["overall"].values[metric]
            word = "beats" if ours > theirs else "does NOT beat"
            name = {"mrr@10": "MRR@10", "ndcg@10": "nDCG@10"}[metric]
            lines.append(f"- {name}: {row['short']} {ours:.3f} {word} the best peer ({best['short']}, {theirs:.3f}) "
                         f"by {ours - theirs:+.3f} ({100 * (ours - theirs) / theirs:+.1f} %).")
    return "\n".join(lines)


def render(rows, dev, tuned, encoder_ms, n_docs: int) -> str:
    n_test, n_tune = len(dev.split["test"]), len(dev.split["tune"])
    parts = ["## Results", "",
             f"Generated by `iconseek bench` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
             f"Catalogue of {n_docs:,} icons; {len(dev.queries)} dev queries, test half {n_test}, tune half {n_tune}. "
             f"Bold = best in column. Every system answers the same queries over the same catalogue and is "
             f"scored against the same qrels.", ""]
    v = verdict(rows, tuned)
    if v:
        parts += ["### Acceptance (test half)", "", v, ""]
    parts += ["### Test half (held out from all tuning)", "", main_table(rows, "test"),
              "### nDCG@10 by difficulty band (test half)", "", band_table(rows, "test", "ndcg@10"),
              "### MRR@10 by difficulty band (test half)", "", band_table(rows, "test", "mrr@10"),
              "![benchmark plot](img/benchmark.png)", "",
              "### All queries (tune + test, for reference; fusion weights were fitted on the tune half)", "",
              main_table(rows, "all", best_marks=False),
              "### Tune half", "", main_table(rows, "tune", best_marks=False)]
    if tuned:
        def fitted(entry: dict) -> str:
            if "grid_size" not in entry:
                return ""
            return f" (grid of {entry['grid_size']}, tune nDCG@10 {entry.get('tune_ndcg@10')})"

        parts += ["### Tuned parameters (`bench/tuned.json`, chosen on the tune half only)", "",
                  f"- BM25: k1 = {tuned['bm25']['k1']}, b = {tuned['bm25']['b']}" + fitted(tuned["bm25"])]
        if tuned.get("selected_fusion"):
            parts.append(f"- Selected fusion (higher tune nDCG@10): {tuned['selected_fusion'].upper()}")
        for name, f in tuned.get("fusion", {}).items():
            w = ", ".join(f"{a} {x:g}" for a, x in f["weights"].items())
            parts.append(f"- {name.upper()} weights: {w}" + fitted(f))
        check = tuned.get("heldout_check_ndcg@10")
        if check:
            d, t = check["bm25_default"], check["bm25_tuned"]
            parts.append(f"- Held-out check of the BM25 tuning (lexical arm alone, nDCG@10): engine defaults "
                         f"k1 {d['k1']}, b {d['b']}: tune {d['tune']}, test {d['test']}; tuned: tune {t['tune']}, "
                         f"test {t['test']}.")
        parts.append("")
    if encoder_ms:
        parts += ["### Latency notes", "",
                  "Per-query wall time of one search call, median and 95th percentile over the queries, "
                  "on this shared 2-core build machine (other jobs were running, so absolute numbers are noisy; "
                  "compare within a run). JS peers are timed inside Node after a warm-up pass; Python systems "
                  "with `time.perf_counter` after a warm-up pass, one ONNX/torch thread. iconseek's times include "
                  "encoding the query (median " + ", ".join(f"{k} {v:.1f} ms" for k, v in encoder_ms.items()) +
                  ") and exact cosine over every icon for each semantic arm, in CPython; the browser runs the same "
                  "graphs in ORT-web (WebAssembly), whose timings are measured by the site's own benchmarks.", ""]
    return "\n".join(parts)
