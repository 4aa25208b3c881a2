"""Does showing results get in the way of typing? Main-thread long tasks while a person types.

    PYTHONPATH=py .venv/bin/python bench/bench_typing.py [--site out/site] [--compare OTHER_SITE] [--rounds 3]

For each site (with --compare, the two alternate in one browser so the machine's
drift hits both alike): open the page, wait until hybrid search and the offline
copy are ready, let it settle, then type phrases into the search box one key at
a time (120 ms apart, a brisk typist) while Chromium records a Performance trace
(``disabled-by-default-devtools.timeline``, where the main thread's
RunTask events are). Reported, medians over --rounds:

  * long tasks: main-thread tasks over 50 ms in the trace (RunTask events of the
    page's renderer main thread), their count, the longest, and the total
    blocking time (the sum of each long task's time beyond 50 ms, as Lighthouse
    defines TBT);
  * key delay: per keystroke, how late a 0 ms timer set in the keydown
    handler runs — how long the main thread stayed busy right after a key;
  * the cards on screen after the last phrase, and the engine's time for a
    60-hit page of the same phrases, warm (window.iconseek.search).

Nothing here is a pass/fail test: it prints figures for docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "py"))
sys.path.insert(0, str(REPO / "bench"))

from bench_site import CHROMIUM_ARGS, COLD_START_JS, WAIT_OFFLINE_JS, chromium_path  # noqa: E402

PHRASES = ["throw it away", "heart", "arrow left", "upload to cloud", "calendar", "shopping cart"]
KEY_DELAY_MS = 120
LONG_TASK_MS = 50.0
SETTLE_MS = 3000

# Per keystroke: how late does a 0 ms timer set in the keydown handler fire?
PROBE_JS = """() => {
  window.__probe = [];
  document.getElementById("q").addEventListener("keydown", () => {
    const t0 = performance.now();
    setTimeout(() => window.__probe.push(performance.now() - t0), 0);
  });
}"""


def long_tasks(trace: dict) -> list[float]:
    """Durations (ms) of the renderer main thread's tasks over LONG_TASK_MS."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    main_threads = {
        (e["pid"], e["tid"]) for e in events
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    out = []
    for e in events:  # (each task also has a nested ThreadControllerImpl::RunTask: counted once)
        if e.get("name") == "RunTask" and e.get("ph") == "X" and (e["pid"], e["tid"]) in main_threads:
            ms = e.get("dur", 0) / 1000.0
            if ms > LONG_TASK_MS:
                out.append(ms)
    return out


def type_once(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url)
    page.evaluate(COLD_START_JS)
    page.evaluate(WAIT_OFFLINE_JS)
    page.wait_for_timeout(SETTLE_MS)
    page.evaluate(PROBE_JS)
    box = page.locator("#q")
    trace_path = Path(tempfile.mkdtemp()) / "trace.json"
    browser.start_tracing(page=page, path=str(trace_path), categories=["devtools.timeline", "disabled-by-default-devtools.timeline", "toplevel"])
    for phrase in PHRASES:
        box.fill("")
        box.type(phrase, delay=KEY_DELAY_MS)
        page.wait_for_timeout(600)  # the last results render
    browser.stop_tracing()
    probe = page.evaluate("() => window.__probe")
    cards = page.evaluate("() => document.querySelectorAll('#results li').length")
    timings = []
    for phrase in PHRASES:  # the engine's own time for the same phrases, now warm
        reply = page.evaluate("([q]) => window.iconseek.search(q, 60, {withSvg: true})", [phrase])
        timings.append(reply["timings"]["total"])
    context.close()
    tasks = long_tasks(json.loads(trace_path.read_text()))
    return {
        "long_tasks": len(tasks),
        "longest_ms": max(tasks, default=0.0),
        "total_blocking_ms": sum(t - LONG_TASK_MS for t in tasks),
        "key_delay_p50_ms": statistics.median(probe) if probe else float("nan"),
        "key_delay_max_ms": max(probe, default=float("nan")),
        "keys": len(probe),
        "cards_after_last": cards,
        "query_60_p50_ms": statistics.median(timings),
    }


def summary(runs: list[dict]) -> dict:
    return {key: round(statistics.median(r[key] for r in runs), 2) for key in runs[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(REPO / "out" / "site"))
    parser.add_argument("--compare", help="a second built site, alternated with --site")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from iconseek.site.server import make_server

    sites = {"site": Path(args.site)}
    if args.compare:
        sites["compare"] = Path(args.compare)
    urls, servers = {}, []
    for name, path in sites.items():
        if not (path / "manifest.json").is_file():
            raise SystemExit(f"{path}: not a built site (no manifest.json); run iconseek site build")
        server = make_server(path, port=0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        urls[name] = f"http://127.0.0.1:{server.server_address[1]}/"
    load = os.getloadavg()
    runs: dict[str, list[dict]] = {name: [] for name in sites}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for _ in range(args.rounds):
            for name, url in urls.items():
                runs[name].append(type_once(browser, url))
        browser.close()
    for server in servers:
        server.shutdown()
    figures = {"load_before": [round(x, 2) for x in load], "load_after": [round(x, 2) for x in os.getloadavg()],
               "rounds": args.rounds, "phrases": PHRASES, "key_delay_ms": KEY_DELAY_MS}
    for name, path in sites.items():
        figures[name] = {"path": str(path), **summary(runs[name])}
    print(json.dumps(figures, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
