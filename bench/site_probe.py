"""What bench_site.py measures inside one browser profile: a cold visit, its first queries,
page memory, the bytes every agent (page, its workers, the service worker) fetched, and a
repeat visit. Kept apart from the command line so that each piece can be read whole.

Network throttling: ``Network.emulateNetworkConditions`` is sent on a CDP session of the
page before it navigates. Chromium applies a frame's conditions to the dedicated workers it
starts (Playwright relies on this too: it sets no conditions on worker sessions), so the
model and search workers' fetches are throttled; the service worker is a target of its own.
Nothing here takes that on trust: every visit reads each agent's Resource Timing entries
(``performance.getEntriesByType("resource")`` evaluated inside the page, each live
dedicated worker and the service worker) and ``throttle_check`` reports per agent the
fastest body transfer of any response of >= 256 kB and the quickest request.
Throttled, no dedicated worker's download may beat the emulated bandwidth, nor may all
the page's and workers' bytes together, and a worker's typical (median) request must take
at least the emulated round trip; on loopback the same figures are in Gbit/s and a fraction of a
millisecond. The service worker's requests are not throttled (measured: 1-14 ms each at
40 ms RTT); on a first visit it only revalidates the page's ~15 small files after
start-up, so this shortens offline-ready a little and nothing else.
"""

from __future__ import annotations

import os
import re
import statistics
import threading
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from iconseek.site.server import SiteRequestHandler

BIG_RESPONSE = 256 * 1024  # smaller bodies arrive with their headers: their rate says nothing
QUERY_GAP_MS = 400  # a person types a query about every 0.4 s: ~10 queries in the first 4 s
FIRST_QUERIES = ["coffee cup", "airplane", "shield check", "trash can", "user group", "calendar event",
                 "thumbs up", "open book", "shopping bag", "paint brush"]
MORE_QUERIES = ["key", "truck delivery", "leaf", "fire", "tree", "car", "hospital", "pizza", "bicycle", "umbrella"]
MEMORY_TIMEOUT_MS = 90000  # Chromium answers after 60 s at most (see memory_breakdown)

# Navigation -> first keyword result, first hybrid result; then `first` queries, query i
# sent at ready + i * gap (or when the previous one returns, if later), with no idle wait.
START_JS = """async ({first, gap}) => {
  while (!window.iconseek) await new Promise((r) => setTimeout(r, 5));
  await window.iconseek.ready;
  const lex = await window.iconseek.search("calendar", 10, {semantic: false});
  const tLexical = performance.now();
  await window.iconseek.semanticReady;
  const sem = await window.iconseek.search("calendar", 10);
  const tSemantic = performance.now();
  const firstQueries = [];
  for (let i = 0; i < first.length; i++) {
    const due = tSemantic + i * gap;
    while (performance.now() < due) await new Promise((r) => setTimeout(r, due - performance.now()));
    const sent = performance.now();
    const reply = await window.iconseek.search(first[i], 24);
    firstQueries.push({query: first[i], after_ready_ms: sent - tSemantic, total: reply.timings.total,
                       roundtrip: performance.now() - sent, mode: reply.mode});
  }
  return {tLexical, tSemantic, lexMode: lex.mode, semMode: sem.mode, firstQueries,
          state: {...window.iconseek.state}};
}"""

WAIT_OFFLINE_JS = """() => window.iconseek.offlineReady.then(() => performance.now())"""

MEMORY_JS = """async (timeoutMs) => {
  if (!performance.measureUserAgentSpecificMemory) return {error: "measureUserAgentSpecificMemory unavailable"};
  if (!self.crossOriginIsolated) return {error: "page is not cross-origin isolated"};
  const started = performance.now();
  const timeout = new Promise((r) => setTimeout(() => r(null), timeoutMs));
  const m = await Promise.race([performance.measureUserAgentSpecificMemory(), timeout]);
  if (!m) return {error: `no answer within ${timeoutMs} ms`};
  return {bytes: m.bytes, took_ms: performance.now() - started,
          breakdown: m.breakdown.map((b) => ({bytes: b.bytes, types: b.types,
            attribution: b.attribution.map((a) => ({url: a.url, scope: a.scope}))}))};
}"""

# Times on the epoch clock (timeOrigin + entry time), so that entries of different agents line up.
RESOURCES_JS = """() => performance.getEntriesByType("resource").map((e) => ({
  url: e.name, encoded: e.encodedBodySize, decoded: e.decodedBodySize, transfer: e.transferSize,
  start: performance.timeOrigin + e.fetchStart, response: performance.timeOrigin + e.responseStart,
  end: performance.timeOrigin + e.responseEnd}))"""


@dataclass(frozen=True)
class Throttle:
    mbps: float
    rtt_ms: float

    def conditions(self) -> dict:
        rate = self.mbps * 1e6 / 8  # CDP wants bytes per second
        return {"offline": False, "latency": self.rtt_ms, "downloadThroughput": rate, "uploadThroughput": rate}


NO_THROTTLE = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}


def parse_throttle(text: str) -> Throttle:
    """``"50,40"`` -> 50 Mbit/s, 40 ms round trip; anything else is refused with the value named."""
    parts = text.split(",")
    try:
        mbps, rtt = (float(p) for p in parts) if len(parts) == 2 else (None, None)
    except ValueError:
        mbps = rtt = None
    if mbps is None or not (mbps > 0 and rtt >= 0):
        raise ValueError(f"--throttle {text!r}: expected MBPS,RTT_MS with MBPS > 0 and RTT_MS >= 0, e.g. 50,40")
    return Throttle(mbps, rtt)


# ------------------------------------------------------------------ server side
class LoggingHandler(SiteRequestHandler):
    """The site's handler, also noting which file answered each request and its size."""

    def copyfile(self, source, outputfile) -> None:
        super().copyfile(source, outputfile)
        self.server.served.add(self.path.split("?", 1)[0], source.name, os.fstat(source.fileno()).st_size)


class ServedLog:
    """Every body the server sent since the last reset: (URL path, file sent, bytes)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[tuple[str, str, int]] = []

    def add(self, path: str, served_file: str, size: int) -> None:
        with self.lock:
            self.entries.append((path, served_file, size))

    def take(self) -> list[tuple[str, str, int]]:
        with self.lock:
            entries, self.entries = self.entries, []
        return entries


def log_served_files(server) -> None:
    """Swap the server's handler for LoggingHandler (same settings) and give it a ServedLog."""
    base = server.RequestHandlerClass
    server.RequestHandlerClass = partial(LoggingHandler, *base.args, **base.keywords)
    server.served = ServedLog()


HASH = re.compile(r"\.[0-9a-f]{12}\.")


def asset_table(served: list[tuple[str, str, int]], site: Path) -> list[dict]:
    """URL pattern (content hash as ``*``) -> requests, bytes sent, bytes once decoded.

    Decoded bytes are the size of the file itself: the server sends a ``.zst`` / ``.br`` /
    ``.gz`` sibling with Content-Encoding, which the browser undoes.
    """
    rows: dict[str, dict] = {}
    for path, _served_file, size in served:
        pattern = HASH.sub(".*.", path)
        plain = site / path.lstrip("/")
        plain = plain / "index.html" if path.endswith("/") else plain
        row = rows.setdefault(pattern, {"url": pattern, "requests": 0, "encoded": 0, "decoded": 0})
        row["requests"] += 1
        row["encoded"] += size
        row["decoded"] += plain.stat().st_size if plain.is_file() else size
    return sorted(rows.values(), key=lambda r: -r["encoded"])


# ------------------------------------------------------------------ browser side
def throttle_check(agents: dict[str, list[dict]], throttle: Throttle | None) -> dict:
    """Per agent: requests, MB, the fastest body transfer of a big response, the quickest request.

    Chromium's emulation shows as: bodies no faster than the bandwidth (all requests of a
    frame and its workers share it), and no request over the network completing in under
    the round trip (the latency is added before the body completes, not before the headers).
    ``verified`` (throttled runs only): at least one big response fetched by a dedicated
    worker; for the page and its dedicated workers no big body faster than 1.15x the
    bandwidth, all of their bytes together no faster than 1.1x it, and their median request
    no quicker than 0.9x the round trip. WHY the median: a module a worker imports while
    the page's request for the same file is still being written to the HTTP cache can be
    answered from that entry in a few ms, yet reports a transfer size; ``quickest`` names
    the quickest request so such cases can be seen. The service worker is reported but not
    judged: Chromium does not apply the page's conditions to it.
    """
    report: dict = {}
    for agent, entries in agents.items():
        network = [e for e in entries if e["transfer"] > 0 and e["end"] >= e["response"] >= e["start"]]
        rates = [mbit_per_s(e["encoded"], e["end"] - e["response"]) for e in network
                 if e["encoded"] >= BIG_RESPONSE and e["end"] > e["response"]]
        report[agent] = {"requests": len(entries), "from_network": len(network),
                         "encoded_mb": round(sum(e["encoded"] for e in network) / 1e6, 3),
                         "big_responses": len(rates), "max_body_mbps": round(max(rates), 1) if rates else None,
                         "min_request_ms": None, "quickest": None, "median_request_ms": None}
        if network:
            report[agent]["median_request_ms"] = round(statistics.median(e["end"] - e["start"] for e in network), 1)
            quickest = min(network, key=lambda e: e["end"] - e["start"])
            report[agent]["min_request_ms"] = round(quickest["end"] - quickest["start"], 1)
            report[agent]["quickest"] = quickest["url"].rsplit("/", 1)[-1]
    governed = {a: r for a, r in report.items() if a != "service worker"}
    together = [e for a in governed for e in agents[a] if e["transfer"] > 0 and e["end"] >= e["start"]]
    if together:
        window = max(e["end"] for e in together) - min(e["start"] for e in together)
        report["page_and_workers_mbps"] = round(mbit_per_s(sum(e["encoded"] for e in together), window), 1)
    if throttle is not None:
        workers = [r for a, r in governed.items() if a != "page"]
        report["verified"] = bool(
            any(r["big_responses"] for r in workers)
            and all(r["max_body_mbps"] is None or r["max_body_mbps"] <= 1.15 * throttle.mbps for r in governed.values())
            and report.get("page_and_workers_mbps", 0) <= 1.1 * throttle.mbps
            and all(r["median_request_ms"] is None or r["median_request_ms"] >= 0.9 * throttle.rtt_ms
                    for r in governed.values()))
    return report


def mbit_per_s(nbytes: int, ms: float) -> float:
    return nbytes * 8 / (ms * 1e3) if ms > 0 else float("inf")


def agent_resources(page, context) -> dict[str, list[dict]]:
    """Resource Timing entries of the page, each live dedicated worker and the service worker."""
    agents = {"page": page.evaluate(RESOURCES_JS)}
    for worker in page.workers:
        if worker.url.startswith("blob:"):  # onnxruntime's pthread workers: parked in Atomics.wait, they
            continue  # never answer an evaluate; they fetch nothing (their script is a blob: URL)
        name = "worker " + worker.url.rsplit("/", 1)[-1]
        try:
            agents.setdefault(name, []).extend(worker.evaluate(RESOURCES_JS))
        except Exception as error:  # a helper that ended between listing and evaluating
            agents.setdefault(name, []).append({"error": str(error)})
    for worker in context.service_workers:
        try:
            agents.setdefault("service worker", []).extend(worker.evaluate(RESOURCES_JS))
        except Exception as error:  # stopped while idle
            agents.setdefault("service worker", []).append({"error": str(error)})
    return {a: [e for e in entries if "error" not in e] for a, entries in agents.items()}


class WireBytes:
    """Encoded body bytes of every finished request in a context (page, workers, service worker).

    Playwright attaches to every worker target, the nested ones too, and reports the CDP
    ``Network.loadingFinished.encodedDataLength`` less the headers as ``responseBodySize``.
    """

    def __init__(self, context) -> None:
        self.requests: list = []
        context.on("requestfinished", lambda request: self.requests.append(request))

    def total(self) -> tuple[int, int]:
        sizes = [r.sizes()["responseBodySize"] for r in self.requests]
        return sum(max(0, s) for s in sizes), len(sizes)


def memory_breakdown(memory: dict) -> dict:
    """measureUserAgentSpecificMemory's answer -> MB per agent (scope and file), shared last.

    WHY it takes a minute: onnxruntime's pthread worker sits in ``Atomics.wait`` and never
    answers, so Chromium returns only at its 60 s deadline, with every other agent (a plain
    page answers in ~40 ms with ForceEagerMeasureMemory). The pthread worker's own heap is
    small; the wasm memory it shares with the model worker is reported with that worker.
    """
    if "error" in memory:
        return memory
    agents: dict[str, float] = {}
    for part in memory["breakdown"]:
        names = {f"{a.get('scope', '?')} {a['url'].rsplit('/', 1)[-1] or '/'}" for a in part["attribution"]}
        key = ", ".join(sorted(names)) or "shared / unattributed"
        agents[key] = agents.get(key, 0) + part["bytes"] / 1e6
    return {"total_mb": round(memory["bytes"] / 1e6, 1), "took_ms": round(memory["took_ms"]),
            "agents_mb": {k: round(v, 1) for k, v in sorted(agents.items(), key=lambda kv: -kv[1])}}


def run_queries(page, queries: list[str], phases: dict[str, list[float]]) -> dict[str, list[float]]:
    """Search each query (k = 24) and add the worker's timings to ``phases``, by phase."""
    for query in queries:
        reply = page.evaluate("(q) => window.iconseek.search(q, 24)", query)
        for phase, value in reply["timings"].items():
            phases.setdefault(phase, []).append(float(value))
    return phases


def cold_visit(browser, url: str, server, site: Path, throttle: Throttle | None, memory: bool = True) -> dict:
    """One fresh profile: first visit (throttled if asked), memory, then a repeat visit on loopback."""
    context = browser.new_context()
    wire = WireBytes(context)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", throttle.conditions() if throttle else NO_THROTTLE)
    server.served.take()
    page.goto(url)
    run = page.evaluate(START_JS, {"first": FIRST_QUERIES, "gap": QUERY_GAP_MS})
    run["tOffline"] = page.evaluate(WAIT_OFFLINE_JS)
    run_queries(page, MORE_QUERIES, {})  # 20 queries in all before the memory figure
    run["memory"] = memory_breakdown(page.evaluate(MEMORY_JS, MEMORY_TIMEOUT_MS)) if memory else {"error": "skipped"}
    run["agents"] = throttle_check(agent_resources(page, context), throttle)
    page.wait_for_timeout(200)  # the last requestfinished events
    run["wire_bytes"], run["wire_requests"] = wire.total()
    served = server.served.take()
    run["server_bytes"], run["assets"] = sum(s for _, _, s in served), asset_table(served, site)
    cdp.send("Network.emulateNetworkConditions", NO_THROTTLE)  # repeat visits: loopback (issue 17)
    page.reload()
    repeat = page.evaluate(START_JS, {"first": [], "gap": 0})
    run["repeat_tLexical"], run["repeat_tSemantic"] = repeat["tLexical"], repeat["tSemantic"]
    run["repeat_server_bytes"] = sum(s for _, _, s in server.served.take())
    context.close()
    return run


def warm_latency(browser, url: str, queries: list[str], after_startup: list[str], passes: int,
                 settle_ms: int) -> tuple[dict, dict]:
    """Per-query timings: (warm phases, phases right after start-up), on loopback.

    WHY two sets: for the first second or two after start-up (``offlineReady``) queries
    run ~2x slower: V8 is still compiling onnxruntime's hot wasm functions with its
    optimising tier and collecting the start-up garbage, on the same two cores. The warm
    figures are taken after ``settle_ms`` of idle time, on queries the page has not seen;
    the after-start-up pass (other queries, right after ``offlineReady``) goes beside them.
    """
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.evaluate(START_JS, {"first": [], "gap": 0})
    page.evaluate(WAIT_OFFLINE_JS)
    run_queries(page, queries[:5], {})  # first-touch costs are start-up, not per-query
    early = run_queries(page, after_startup, {})
    page.wait_for_timeout(settle_ms)
    phases: dict[str, list[float]] = {}
    for _ in range(passes):
        run_queries(page, queries, phases)
    context.close()
    return phases, early

