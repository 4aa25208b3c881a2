"""Benchmark the built site in Chromium (Playwright): start-up, first visit bytes, latency, memory.

    PYTHONPATH=py .venv/bin/python bench/bench_site.py [--site out/site] [--runs 5] [--throttle 50,40] [--json F]
    PYTHONPATH=py .venv/bin/python bench/bench_site.py --site NEW --compare OLD --runs 6 --throttle 50,40   # A/B

Each cold start is a fresh browser profile (`iconseek serve` headers). With
``--throttle MBPS,RTT_MS`` its first visit runs under Chromium's network emulation (CDP
``Network.emulateNetworkConditions`` on the page, which Chromium applies to the page's
dedicated workers too); repeat visits and the warm latency pass run on loopback. Per cold
start (medians and min-max over ``--runs``):
  * first visit bytes on the wire: encoded body bytes of every request of the page, its
    workers and the service worker (CDP ``loadingFinished.encodedDataLength`` less the
    headers, through Playwright), beside the body bytes the server logged;
  * navigation -> first keyword result, -> first hybrid result, -> offline copy complete;
  * first queries: ten queries sent 0.4 s apart from the moment hybrid search answers
    (no idle wait), the worker's total per query: p50 per run;
  * page memory after start-up and 20 queries (``performance.measureUserAgentSpecificMemory``,
    per agent; ~60 s per run, see site_probe.memory_breakdown; ``--memory-runs`` limits it);
  * repeat visit (same profile, service-worker cache, loopback) -> keyword / hybrid results;
  * per agent (page, each dedicated worker, service worker) from its own Resource Timing:
    fastest body transfer of a response >= 256 kB, quickest request, and all their bytes
    together, which show whether the throttle reached the workers (site_probe.throttle_check);
and once: the per-asset byte table (URL pattern -> requests, bytes sent, decoded bytes) of
the last cold start, and the warm per-query latency: p50/p95 of every phase the worker
reports, after SETTLE_MS idle, beside a pass right after start-up (site_probe.warm_latency).
The load average is read at the start and the end.

With --compare OTHER_SITE both builds are served side by side, their cold starts alternate
(A, B, A, B, ...) in one browser and the warm passes run A, B, B, A, so that the machine's
drift hits both alike; it prints both builds' figures and the differences of the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "py"))
sys.path.insert(0, str(REPO / "bench"))

from site_probe import cold_visit, log_served_files, parse_throttle, warm_latency  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--enable-blink-features=ForceEagerMeasureMemory",  # measureUserAgentSpecificMemory answers at once
]
QUERIES = [
    "home", "house", "trash", "throw it away", "delete", "calendar", "calender", "settings", "gear",
    "user", "profile picture", "search", "magnifying glass", "arrow left", "go back", "download",
    "upload to cloud", "heart", "favourite", "star rating", "bell", "notification", "mail", "send message",
    "phone call", "camera", "take a photo", "lock", "security", "unlock", "shopping cart", "buy", "money",
    "credit card", "chart", "analytics", "map pin", "location", "clock", "time", "edit", "pencil",
    "share", "copy", "paste", "folder", "file", "wifi", "battery low", "sun", "moon dark mode",
    "weather rain", "music", "play video", "pause", "microphone", "headphones", "bug", "code",
]

# A different set, run once right after start-up (see query_latency).
AFTER_STARTUP_QUERIES = [
    "garbage bin", "rubbish", "recycle", "dustbin", "remove item", "close window", "cancel", "add new",
    "plus sign", "minus", "checkmark", "tick", "warning sign", "error", "info", "help question", "book",
    "bookmark", "tag label", "flag", "globe", "world map", "link chain", "attachment paperclip", "printer",
    "save disk", "floppy", "cloud sync", "refresh", "undo", "redo", "zoom in", "filter funnel", "sort",
    "list view", "grid layout", "menu hamburger", "more dots", "sidebar", "fullscreen", "expand arrows",
    "chat bubble", "comment", "inbox", "archive box", "trophy", "gift", "rocket launch", "lightbulb idea",
    "puzzle piece",
]
SETTLE_MS = 3000  # idle time between start-up and the warm passes (see site_probe.warm_latency)

# cold-start figure -> its value in one site_probe.cold_visit result (None: not measured)
COLD_FIGURES = {
    "first_visit_mb": lambda r: r["wire_bytes"] / 1e6,
    "first_visit_server_mb": lambda r: r["server_bytes"] / 1e6,
    "keyword_ms": lambda r: r["tLexical"],
    "hybrid_ms": lambda r: r["tSemantic"],
    "offline_ready_ms": lambda r: r["tOffline"],
    "first_queries_p50_ms": lambda r: percentile([q["total"] for q in r["firstQueries"]], 0.5),
    "first_queries_roundtrip_p50_ms": lambda r: percentile([q["roundtrip"] for q in r["firstQueries"]], 0.5),
    "memory_mb": lambda r: r["memory"].get("total_mb"),
    "repeat_keyword_ms": lambda r: r["repeat_tLexical"],
    "repeat_hybrid_ms": lambda r: r["repeat_tSemantic"],
    "repeat_visit_mb": lambda r: r["repeat_server_bytes"] / 1e6,
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def spread(values: list, digits: int = 1) -> dict:
    """Median, min, max and every run of the values that were measured (None left out)."""
    measured = [v for v in values if v is not None]
    if not measured:
        return {"median": None, "min": None, "max": None, "runs": values}
    return {"median": round(statistics.median(measured), digits), "min": round(min(measured), digits),
            "max": round(max(measured), digits), "runs": [None if v is None else round(v, digits) for v in values]}


def cold_summary(runs: list[dict]) -> dict:
    """Every COLD_FIGURES figure over the runs, the first queries pooled, and each run's checks."""
    figures = {name: spread([value(r) for r in runs], 3 if name.endswith("_mb") else 1)  # MB to the kB
               for name, value in COLD_FIGURES.items()}
    pooled = [q["total"] for r in runs for q in r["firstQueries"]]
    figures["first_queries_pooled"] = {"p50": round(percentile(pooled, 0.5), 2),
                                       "p95": round(percentile(pooled, 0.95), 2), "n": len(pooled),
                                       "not_hybrid": sum(q["mode"] != "hybrid" for r in runs for q in r["firstQueries"])}
    figures["throttle_verified"] = [r["agents"].get("verified") for r in runs]
    figures["agents_last_run"] = runs[-1]["agents"]
    figures["memory_last_run"] = runs[-1]["memory"]
    return figures


def phase_summary(phases: dict[str, list[float]]) -> dict:
    return {phase: {"p50": round(percentile(v, 0.5), 2), "p95": round(percentile(v, 0.95), 2), "n": len(v)}
            for phase, v in sorted(phases.items())}


def chromium_path() -> str:
    for candidate in ("/usr/lib/chromium/chromium", "/usr/bin/chromium"):
        if os.path.exists(candidate):
            return candidate
    raise SystemExit("Chromium not found (apt-get install chromium)")


def manifest_sizes(site: Path) -> tuple[int, int]:
    manifest = json.loads((site / "manifest.json").read_text())
    raw = sum(a["bytes"] for a in manifest["assets"].values())
    gz = sum(a.get("gzip_bytes", a["bytes"]) for a in manifest["assets"].values())
    return raw, gz


def serve(site: Path):
    """Start ``iconseek serve``'s server for ``site`` on a free port, logging every file it sends."""
    from iconseek.site.server import make_server

    server = make_server(site, port=0)
    log_served_files(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def measure(sites: list[Path], runs: int, throttle, queries: list[str], passes: int, memory_runs: int) -> dict:
    """Cold starts alternating over ``sites``, then warm passes in A, B, B, A order; figures per site."""
    from playwright.sync_api import sync_playwright

    served = [serve(site) for site in sites]
    colds: list[list[dict]] = [[] for _ in sites]
    phases: list[tuple[dict, dict]] = [({}, {}) for _ in sites]
    load_start = loadavg()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for run in range(runs):
            for i, site in enumerate(sites):
                print(f"cold start {run + 1}/{runs}: {site}", file=sys.stderr, flush=True)
                colds[i].append(cold_visit(browser, served[i][1], served[i][0], site, throttle, run < memory_runs))
        order = list(range(len(sites)))
        for i in order + order[::-1] if len(sites) > 1 else order:
            warm, early = warm_latency(browser, served[i][1], queries, AFTER_STARTUP_QUERIES, passes, SETTLE_MS)
            for phase, values in warm.items():
                phases[i][0].setdefault(phase, []).extend(values)
            for phase, values in early.items():
                phases[i][1].setdefault(phase, []).extend(values)
        browser.close()
    for server, _ in served:
        server.shutdown()
    figures = {"machine": {"cpus": os.cpu_count(), "loadavg_at_start": load_start, "loadavg_at_end": loadavg()},
               "throttle": None if throttle is None else {"mbps": throttle.mbps, "rtt_ms": throttle.rtt_ms},
               "runs": runs}
    for i, site in enumerate(sites):
        figures["site" if i == 0 else "compare"] = site_figures(site, colds[i], *phases[i])
    return figures


def site_figures(site: Path, colds: list[dict], warm: dict, early: dict) -> dict:
    raw, gz = manifest_sizes(site)
    state = colds[-1]["state"]
    return {
        "path": str(site),
        "build": state.get("build"), "assets_mb": round(raw / 1e6, 1), "assets_gzip_mb": round(gz / 1e6, 1),
        "threads": state.get("threads"), "snapshot": state.get("snapshot"),
        **cold_summary(colds),
        "first_visit_requests": colds[-1]["wire_requests"],
        "asset_table_last_run": colds[-1]["assets"],
        "page_workers_started_ms": [(c["state"].get("page") or {}).get("workers_started") for c in colds],
        "worker_timings_last_cold_ms": state.get("timings"),
        "query_ms": phase_summary(warm),
        "query_ms_right_after_startup": phase_summary(early),
    }


SUMMARY_LINES = [  # (label, figure, unit)
    ("first visit, bytes on the wire (browser)", "first_visit_mb", "MB"),
    ("first visit, body bytes the server sent", "first_visit_server_mb", "MB"),
    ("navigation -> first keyword results", "keyword_ms", "ms"),
    ("navigation -> first hybrid results", "hybrid_ms", "ms"),
    ("navigation -> offline copy complete", "offline_ready_ms", "ms"),
    ("first queries (0-4 s after hybrid ready), worker total p50", "first_queries_p50_ms", "ms"),
    ("page memory after start-up + 20 queries", "memory_mb", "MB"),
    ("repeat visit (loopback) -> keyword results", "repeat_keyword_ms", "ms"),
    ("repeat visit (loopback) -> hybrid results", "repeat_hybrid_ms", "ms"),
    ("repeat visit, bytes", "repeat_visit_mb", "MB"),
]


def summary_text(figures: dict) -> str:
    """The figures as a few readable lines per site, and the A/B differences of the medians."""
    names = [n for n in ("site", "compare") if n in figures]
    throttle, machine = figures["throttle"], figures["machine"]
    network = f"{throttle['mbps']:g} Mbit/s, {throttle['rtt_ms']:g} ms RTT" if throttle else "loopback"
    lines = [f"first visits on {network}; {figures['runs']} cold starts per build; load average "
             f"{machine['loadavg_at_start'][0]} at start, {machine['loadavg_at_end'][0]} at end, {machine['cpus']} CPUs"]
    for name in names:
        f = figures[name]
        lines.append(f"\n{f['path']}:")
        for label, key, unit in SUMMARY_LINES:
            s = f[key]
            lines.append(f"  {label}: {s['median']} {unit} ({s['min']}-{s['max']})")
        total, early = f["query_ms"].get("total", {}), f["query_ms_right_after_startup"].get("total", {})
        lines.append(f"  first queries pooled p50 {f['first_queries_pooled']['p50']} ms (n {f['first_queries_pooled']['n']}); "
                     f"warm query p50 {total.get('p50')} ms p95 {total.get('p95')} ms; "
                     f"after offline-ready p50 {early.get('p50')} ms")
        lines.append(f"  throttle reached the workers (per run): {f['throttle_verified']}")
    if len(names) == 2:
        a, b = figures["site"], figures["compare"]
        diffs = [f"{key} {a[key]['median'] - b[key]['median']:+.{3 if unit == 'MB' else 1}f}" for _, key, unit in SUMMARY_LINES
                 if a[key]["median"] is not None and b[key]["median"] is not None]
        diffs.append(f"warm p50 {a['query_ms']['total']['p50'] - b['query_ms']['total']['p50']:+.2f} ms")
        lines.append("\ndifference of medians (site - compare): " + ", ".join(diffs))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="out/site")
    parser.add_argument("--runs", type=int, default=5, help="cold starts (fresh profiles) per build")
    parser.add_argument("--throttle", metavar="MBPS,RTT_MS", help="first visits under network emulation, e.g. 50,40")
    parser.add_argument("--memory-runs", type=int, help="measure page memory in the first N cold starts only "
                        "(default: all; ~60 s each)")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--passes", type=int, default=2, help="times each query is run for latency")
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--compare", metavar="OTHER_SITE", help="A/B: alternate cold starts with this build")
    args = parser.parse_args()
    try:
        throttle = parse_throttle(args.throttle) if args.throttle else None
    except ValueError as error:
        parser.error(str(error))
    if args.runs < 1:
        parser.error(f"--runs {args.runs}: at least one cold start is needed")
    sites = [Path(args.site)] + ([Path(args.compare)] if args.compare else [])
    for site in sites:
        if not (site / "manifest.json").is_file():
            parser.error(f"{site}/manifest.json not found: build the site first (iconseek site build --out {site})")
    memory_runs = args.runs if args.memory_runs is None else args.memory_runs
    figures = measure(sites, args.runs, throttle, QUERIES[: args.queries], args.passes, memory_runs)
    print(json.dumps(figures, indent=1))
    print("\n" + summary_text(figures))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
