"""Cross-library equivalents: how often `iconseek similar --to LIB` names the right icon.

Two reference sets (bench/equivalents/README.md):

- **hand**: bench/equivalents/hand.tsv, pairs checked by eye whose two names
  differ. Split into tune / holdout halves by a hash of the source id; the
  weights in py/iconseek/similar/index.py were chosen on the tune half, the
  holdout half is reported.
- **silver**: icons with the same name (lowercase, letters and digits only) in
  two libraries. Scored twice: with names held out (the meaning vector is made
  from tags and categories only and the name signal is off, otherwise name
  equality answers itself), and as shipped (names included: the "same name ->
  found first" check).
- **alias silver**: an alias (a former name) of a Lucide or Font Awesome icon
  equals another library's icon name while the two names differ (``trash`` /
  Bootstrap ``trash2``); scored with the aliases held out of the meaning vector.

Systems: name-only baseline (difflib string similarity of the names),
picture-only, meaning-only, combined (as shipped). Accuracy@1, accuracy@5, MRR.

    PYTHONPATH=py .venv/bin/python bench/bench_equivalents.py [--json F] [--site out/site]

Also times `iconseek map --from lucide --to phosphor` (load + map, median of 3).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import hashlib
import json
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py"))

HAND = ROOT / "bench" / "equivalents" / "hand.tsv"
SILVER_PAIRS = [("lucide", "phosphor"), ("lucide", "tabler"), ("tabler", "lucide"), ("fontawesome", "lucide"),
                ("heroicons", "lucide"), ("bootstrap", "phosphor"), ("material", "lucide"), ("iconoir", "lucide"),
                ("carbon", "lucide"), ("remix", "lucide")]


def holdout(source_id: str) -> bool:
    return int(hashlib.sha256(source_id.encode()).hexdigest(), 16) % 2 == 1


def hand_pairs() -> list[tuple[str, str]]:
    with HAND.open(encoding="utf-8") as fh:
        return [(r["source_id"], r["target_id"]) for r in csv.DictReader(fh, delimiter="\t") if r["target_id"] != "none"]


def silver_pairs(records) -> list[tuple[str, str]]:
    key = lambda name: re.sub(r"[^a-z0-9]", "", name.lower())  # noqa: E731
    by_name: dict[str, dict[str, str]] = defaultdict(dict)
    for r in records:
        by_name[key(r["name"])].setdefault(r["library"], r["_id"])
    return [(libs[a], libs[b]) for a, b in SILVER_PAIRS for libs in by_name.values() if a in libs and b in libs]


ALIAS_SOURCES = ("lucide", "fontawesome")  # their aliases are former icon names (docs/EQUIVALENTS.md)


def alias_pairs(records) -> list[tuple[str, str]]:
    """Silver pairs from alias agreement: an alias (former name) of a Lucide or Font Awesome
    icon equals another library's icon name, the two names differ, and the source's own
    name is not in that library (which would be the same-name answer instead)."""
    key = lambda name: re.sub(r"[^a-z0-9]", "", name.lower())  # noqa: E731
    by_name: dict[str, dict[str, str]] = defaultdict(dict)
    for r in records:
        by_name[key(r["name"])].setdefault(r["library"], r["_id"])
    pairs = set()
    for r in records:
        if r["library"] not in ALIAS_SOURCES:
            continue
        own = by_name[key(r["name"])]
        for alias in r.get("aliases") or ():
            for library, target in by_name.get(key(alias), {}).items():
                if library != r["library"] and library not in own and key(alias) != key(r["name"]):
                    pairs.add((r["_id"], target))
    return sorted(pairs)


def nameless_meaning(records, catalog: Path, models: Path, cache: Path):
    """Text vectors of each icon's tags and categories only (zero where it has none); cached."""
    import numpy as np

    from iconseek.models.captions import phrase
    from iconseek.models.runtime import OnnxTextEncoder, ids_digest, resolve_text_model_dir

    model_dir = resolve_text_model_dir(models)
    encoder = OnnxTextEncoder(model_dir, threads=2)
    tag = f"{ids_digest([r['_id'] for r in records])[:16]}-{encoder.model_sha256[:16]}"
    path = cache / f"nameless-meaning-{tag}.npy"
    if path.is_file():
        return np.load(path)

    def text(r):
        own = phrase(r.get("name", ""))
        parts = [", ".join(v for v in r.get(k, ()) if v and phrase(v) != own) for k in ("tags", "categories")]
        return ". ".join(p for p in parts if p)

    texts = [text(r) for r in records]
    rows = [i for i, t in enumerate(texts) if t]
    out = np.zeros((len(records), 384), dtype=np.float32)
    if rows:
        matrix = encoder.encode([texts[i] for i in rows], batch_size=64)
        out = np.zeros((len(records), matrix.shape[1]), dtype=np.float32)
        out[rows] = matrix
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, out)
    return out


def rank_of(scores, candidates, target: int) -> int:
    import numpy as np

    order = candidates[np.argsort(-scores, kind="stable")]
    return int(np.flatnonzero(order == target)[0]) + 1


def evaluate(pairs, index, system: str) -> dict:
    """Accuracy@1/@5 and MRR of one system over (source id, target id) pairs."""
    import numpy as np

    ranks = []
    for source, target in pairs:
        s, t = index.position[source], index.position[target]
        candidates = index.candidates(library=target.split("/", 1)[0])
        candidates = candidates[candidates != s]
        if system == "name":
            names = index.names
            scores = np.array([difflib.SequenceMatcher(None, names[s], names[c]).ratio() for c in candidates])
        else:
            total, parts = index.scores([s], candidates)
            scores = total[0] if system == "combined" else parts[system][0]
        ranks.append(rank_of(scores, candidates, t))
    n = max(1, len(ranks))
    return {"pairs": len(ranks), "acc@1": sum(r == 1 for r in ranks) / n, "acc@5": sum(r <= 5 for r in ranks) / n,
            "mrr": sum(1 / r for r in ranks) / n}


def table(title: str, rows: list[tuple[str, dict]]) -> str:
    lines = [f"\n{title}\n", "| set | system | pairs | acc@1 | acc@5 | MRR |", "|---|---|---|---|---|---|"]
    for label, result in rows:
        for system, m in result.items():
            lines.append(f"| {label} | {system} | {m['pairs']} | {m['acc@1']:.3f} | {m['acc@5']:.3f} | {m['mrr']:.3f} |")
    return "\n".join(lines)


def browser_timings(site: Path, icons: list[str], queries: list[str]) -> dict:
    """Warm ``window.iconseek.similar(id, 12)`` against warm ``search(q, 12)`` in one page (ms, worker time)."""
    from playwright.sync_api import sync_playwright

    from iconseek.site.server import serve_in_thread

    server, url = serve_in_thread(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/lib/chromium/chromium",
                                        args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"])
            page = browser.new_page()
            page.goto(url)
            page.evaluate("async () => { while (!window.iconseek) await new Promise((r) => setTimeout(r, 20));"
                          " await window.iconseek.semanticReady; }")
            page.wait_for_timeout(3000)  # start-up work settles (bench_site.py's protocol)
            timed = page.evaluate("""async ([icons, queries]) => {
                const out = {similar: [], search: []};
                for (const id of icons.slice(0, 3)) await window.iconseek.similar(id, 12);  // first calls
                for (let i = 0; i < icons.length; i++) {
                    out.similar.push((await window.iconseek.similar(icons[i], 12)).timings.total);
                    out.search.push((await window.iconseek.search(queries[i % queries.length], 12)).timings.total);
                }
                return out;
            }""", [icons, queries])
            browser.close()
    finally:
        server.shutdown()
    return {name: statistics.median(values) for name, values in timed.items()}


def main(argv=None) -> int:
    from iconseek.models.captions import read_corpus
    from iconseek.similar.index import IconSimilarity
    from iconseek.similar.mapping import migration_map

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--catalog", type=Path, default=ROOT / "out" / "catalog")
    ap.add_argument("--vectors", type=Path, default=ROOT / "out" / "vectors")
    ap.add_argument("--models", type=Path, default=ROOT / "models")
    ap.add_argument("--cache", type=Path, default=ROOT / "out" / "cache")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--site", type=Path, help="also time window.iconseek.similar in Chromium on this built site")
    args = ap.parse_args(argv)

    shipped = IconSimilarity.load(args.catalog, args.vectors)
    records = read_corpus(args.catalog)
    systems = ("name", "picture", "meaning", "combined")
    report: dict = {"load_average": os.getloadavg()[0]}

    pairs = hand_pairs()
    by_pair: dict[str, list] = defaultdict(list)
    for p in pairs:
        if holdout(p[0]):
            by_pair[f"{p[0].split('/')[0]}→{p[1].split('/')[0]}"].append(p)
    hand_rows = [(f"hand {half}", {s: evaluate([p for p in pairs if holdout(p[0]) == (half == 'holdout')], shipped, s)
                                   for s in systems}) for half in ("tune", "holdout")]
    hand_rows += [(f"holdout {label}", {s: evaluate(ps, shipped, s) for s in systems})
                  for label, ps in sorted(by_pair.items())]
    report["hand"] = {label: result for label, result in hand_rows}
    print(table("Hand-checked pairs, names differ (tune half chose the weights; holdout reported)", hand_rows))

    silver = silver_pairs(records)
    held_out = IconSimilarity(records, picture=shipped.vectors["picture"],
                              meaning=nameless_meaning(records, args.catalog, args.models, args.cache),
                              weights={"picture": 1.0, "meaning": 1.0, "name": 0.0})
    aliases = alias_pairs(records)
    aliases_held_out = IconSimilarity(records, picture=shipped.vectors["picture"], meaning=held_out.vectors["meaning"])
    silver_rows = [("silver, names held out", {s: evaluate(silver, held_out, s) for s in ("picture", "meaning", "combined")}),
                   ("silver, as shipped", {"combined": evaluate(silver, shipped, "combined")}),
                   ("alias silver, aliases held out", {s: evaluate(aliases, aliases_held_out, s) for s in systems})]
    report["silver"] = {label: result for label, result in silver_rows}
    print(table(f"Same-name (silver) pairs over {len(SILVER_PAIRS)} library pairs; alias pairs "
                f"(names differ) from {' and '.join(ALIAS_SOURCES)} aliases", silver_rows))

    times = []
    for _ in range(3):
        started = time.perf_counter()
        index = IconSimilarity.load(args.catalog, args.vectors)
        rows = migration_map(index, "lucide", "phosphor")
        times.append(time.perf_counter() - started)
    report["map_lucide_phosphor_s"] = statistics.median(times)
    print(f"\nmap lucide → phosphor ({len(rows)} icons, load included): median {statistics.median(times):.2f} s "
          f"of 3; load average {report['load_average']:.2f}")
    if args.site:
        icons = [source for source, _target in pairs[:40]]
        queries = ["trash", "settings", "throw it away", "calendar", "arrow left", "user profile", "download"]
        warm = browser_timings(args.site, icons, queries)
        report["browser_ms"] = warm
        print(f"\nbrowser, warm, worker time (median of {len(icons)}): similar(id, 12) {warm['similar']:.1f} ms, "
              f"search(q, 12) {warm['search']:.1f} ms; load average {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
