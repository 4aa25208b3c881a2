"""Fixtures for the end-to-end tests: a built site, two servers, Debian's Chromium.

The site is built once per session from the pipeline's artefacts in ``out/``
(catalogue, icon vectors) and ``models/``; artefacts that do not exist yet are
produced with the CLI first (a few minutes: that is the point of an end-to-end
run). ``ICONSEEK_SITE=/path`` reuses an already built site instead.

Two servers share the site: one sends COOP/COEP (``iconseek serve``), one sends
no isolation headers (GitHub Pages conditions) to exercise the service-worker
fallback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Start-up on a busy 2-core machine can take a while (Pyodide boot dominates).
READY_TIMEOUT_MS = 120_000

sys.path.insert(0, str(REPO / "py"))


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)


def _chromium() -> str | None:
    override = os.environ.get("ICONSEEK_CHROMIUM")
    if override:
        return override
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Use Debian's Chromium (Playwright's own download is not available offline)."""
    executable = _chromium()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); the e2e tests need a browser")
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


def _cli(*args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "py")}
    subprocess.run([sys.executable, "-m", "iconseek", *args], cwd=REPO, env=env, check=True)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """A built site: $ICONSEEK_SITE, or one assembled now from out/ and models/."""
    prebuilt = os.environ.get("ICONSEEK_SITE")
    if prebuilt:
        path = Path(prebuilt)
        assert (path / "manifest.json").is_file(), f"ICONSEEK_SITE={path} is not a built site"
        return path
    catalog = REPO / "out" / "catalog"
    vectors = REPO / "out" / "vectors"
    if not (catalog / "corpus.jsonl").is_file():
        _cli("catalog", "build", "--out", str(catalog))
    if not all((vectors / f"{arm}.f16").is_file() for arm in ("t2i", "t2t")):
        _cli("embed", "--catalog", str(catalog), "--out", str(vectors))
    out = tmp_path_factory.mktemp("site") / "site"
    _cli("site", "build", "--out", str(out), "--catalog", str(catalog), "--vectors", str(vectors))
    return out


@pytest.fixture(scope="session")
def site_url(site_dir):
    """Base URL of ``iconseek serve`` (COOP/COEP headers) on a free port."""
    from iconseek.site.server import serve_in_thread

    server, url = serve_in_thread(site_dir, isolation=True)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def plain_site_url(site_dir):
    """Base URL of a server that sends no isolation headers (GitHub Pages conditions)."""
    from iconseek.site.server import serve_in_thread

    server, url = serve_in_thread(site_dir, isolation=False)
    yield url
    server.shutdown()
    server.server_close()


class PageLog:
    """Console errors, uncaught exceptions and every request URL of one context."""

    def __init__(self, context):
        self.errors: list[str] = []
        self.requests: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("page", self.watch)
        for page in context.pages:
            self.watch(page)

    def watch(self, page) -> None:
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.on("worker", lambda worker: self.requests.append(worker.url))


def wait_ready(page, which: str = "semanticReady") -> dict:
    """Await ``window.iconseek.<which>``; fail with the page's own error if start-up failed.

    The page may reload itself once (service-worker isolation fallback): a
    destroyed execution context means "wait for the new document and ask again".
    """
    for _attempt in range(3):
        try:
            return _await_ready(page, which)
        except PlaywrightError as exc:
            if "Execution context was destroyed" not in str(exc):
                raise
            page.wait_for_load_state("load")
    raise AssertionError("the page kept navigating while starting")


def _await_ready(page, which: str) -> dict:
    outcome = page.evaluate(
        f"""async () => {{
            while (!window.iconseek) await new Promise((r) => setTimeout(r, 20));
            return Promise.race([
              window.iconseek.{which}.then(() => ({{ok: true}}), (e) => ({{ok: false, error: String(e)}})),
              new Promise((r) => setTimeout(() => r({{ok: false, error: "timeout"}}), {READY_TIMEOUT_MS})),
            ]);
        }}"""
    )
    assert outcome["ok"], f"site did not become ready ({which}): {outcome['error']}"
    return page.evaluate("() => ({...window.iconseek.state})")


def open_site(context, url: str, which: str = "semanticReady"):
    page = context.new_page()
    page.set_default_timeout(READY_TIMEOUT_MS)
    page.goto(url)  # (the page's CSP forbids eval, so waits use page.evaluate, not wait_for_function)
    state = wait_ready(page, which)
    return page, state


@pytest.fixture(scope="module")
def live(browser, site_url):
    """One isolated page, started once per module, ready for hybrid search."""
    context = browser.new_context()
    log = PageLog(context)
    page, state = open_site(context, site_url)
    yield page, state, log
    context.close()


TINY_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="9"/></svg>'


@pytest.fixture(scope="session")
def tiny_catalog(tmp_path_factory) -> Path:
    """Three icons: enough for a keyword-only site that builds in seconds."""
    import json

    folder = tmp_path_factory.mktemp("tiny") / "catalog"
    (folder / "svg" / "lucide").mkdir(parents=True)
    records = [{"_id": f"lucide/{n}", "name": n, "library": "lucide", "title": n.title(), "tags": [],
                "licence": "ISC", "svg": f"svg/lucide/{n}.svg"} for n in ("home", "trash", "calendar")]
    (folder / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    for r in records:
        (folder / r["svg"]).write_text(TINY_SVG)
    return folder


def build_keyword_site(catalog: Path, out: Path, web: Path | None = None) -> Path:
    """A keyword-only site (no model, no snapshot, gzip only) from ``catalog``, optionally other page sources."""
    from iconseek.site.assemble import SiteOptions, build_site

    options = SiteOptions(out=out, catalog=catalog, vectors=None, model=None, brotli=False, zstd=False,
                          snapshot=False, **({"web": web} if web else {}))
    build_site(options)
    return out


@contextmanager
def served_page(browser, folder: Path, **server_options):
    """Serve ``folder`` (``iconseek serve``'s server) and open it in a fresh context.

    Yields (page, base url, PageLog); closes the context and stops the server after.
    """
    from iconseek.site.server import serve_in_thread

    server, url = serve_in_thread(folder, **server_options)
    context = browser.new_context()
    log = PageLog(context)
    try:
        page = context.new_page()
        page.goto(url)
        yield page, url, log
    finally:
        context.close()
        server.shutdown()


def shipped_encoder_graph(manifest: dict, graph_path) -> bytes:
    """The encoder graph the site build shipped, before its build-time fusion: float16 FFN
    weights (encoder_slim.py), when the manifest says so the token table on the coarser grid
    (encoder_shrink.py; ``encoder.shrunk_tables``) and the float MatMul weights on the grid
    whose codes the side file carries (encoder_grid.py; ``encoder.grid_weights``) — what
    CPython must run to recompute the browser's scores."""
    from iconseek.site.stages.encoder import replay_lossy_steps

    encoder = manifest["encoder"]
    wanted_tables = encoder.get("shrunk_tables") or []
    wanted_grid = encoder.get("grid_weights") or []
    bits = None
    if wanted_grid:
        (bits,) = {e["bits"] for e in encoder["external"] if e["format"] == "block-grid"}
    graph, tables, grid = replay_lossy_steps(graph_path.read_bytes(), shrink=bool(wanted_tables), grid_bits=bits)
    assert sorted(tables) == sorted(wanted_tables), (tables, wanted_tables)
    assert sorted(grid) == sorted(wanted_grid), (grid, wanted_grid)
    return graph
