"""Deploying a new build: the page moves to it whole, and no file of the old build leaks in.

Issue 15, finding 3: the service worker filled a new build's cache through the
HTTP cache (app files were served ``max-age=300``) and served the app shell
cache-first, so after switching the served folder from build A to build B and
reloading three times, B's cache held A's app.js and the page kept running it.
Two keyword-only builds of a three-icon catalogue, differing only in app.js.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import build_keyword_site, served_page, wait_ready

REPO_WEB = __import__("pathlib").Path(__file__).resolve().parents[2] / "web"


def _variant_web(tmp_path, variant: str):
    web = tmp_path / f"web-{variant}"
    shutil.copytree(REPO_WEB, web)
    with (web / "app.js").open("a") as app:
        app.write(f'\ndocument.documentElement.dataset.variant = "{variant}";\n')
    return web


def _variant(page) -> str | None:
    return page.evaluate("document.documentElement.dataset.variant || null")


def _caches(page) -> dict:
    """{cache name: {path: sha256}} of every iconseek cache, read in the page."""
    return page.evaluate("""async () => {
        const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
        const out = {};
        for (const name of await caches.keys()) {
            if (!name.startsWith("iconseek-")) continue;
            const cache = await caches.open(name);
            out[name] = {};
            for (const request of await cache.keys()) {
                const body = await (await cache.match(request)).arrayBuffer();
                out[name][new URL(request.url).pathname] = hex(await crypto.subtle.digest("SHA-256", body));
            }
        }
        return out;
    }""")


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_build_takes_over_after_the_update_notice_with_no_old_file_mixed_in(browser, tiny_catalog, tmp_path):
    site_a = build_keyword_site(tiny_catalog, tmp_path / "site-a", _variant_web(tmp_path, "A"))
    site_b = build_keyword_site(tiny_catalog, tmp_path / "site-b", _variant_web(tmp_path, "B"))
    build_b = json.loads((site_b / "manifest.json").read_text())["build"]
    served = tmp_path / "served"
    shutil.copytree(site_a, served)
    with served_page(browser, served) as (page, url, log):
        wait_ready(page, "offlineReady")
        assert _variant(page) == "A"

        shutil.rmtree(served)  # deploy B in place of A
        shutil.copytree(site_b, served)
        reloads = 0
        notices = []
        while _variant(page) != "B" and reloads < 3:
            page.reload()
            reloads += 1
            wait_ready(page, "ready")
            if _variant(page) == "A":
                # A consistent old page while the browser installs B's service worker;
                # once B's worker has taken over, the page says so.
                deadline = time.monotonic() + 30
                while f"iconseek-{build_b}" not in _caches(page) and time.monotonic() < deadline:
                    time.sleep(0.2)
                try:
                    page.locator("#toast").wait_for(state="visible", timeout=10_000)
                    notices.append(page.text_content("#toast"))
                except PlaywrightTimeout:
                    notices.append(None)
        assert _variant(page) == "B", f"still build A after {reloads} reloads"
        assert reloads <= 2
        assert notices and all(n and "new version" in n for n in notices), notices
        reply = page.evaluate("window.iconseek.search('calendar', 3)")
        assert reply["hits"][0]["id"] == "lucide/calendar"

        cached = _caches(page)[f"iconseek-{build_b}"]
        for name in json.loads((site_b / "manifest.json").read_text())["app"]:
            if name == "sw.js":
                continue
            key = "/" if name == "index.html" else f"/{name}"
            assert cached[key] == _sha(site_b / name), f"{name} in build B's cache is not build B's"
        assert cached["/app.js"] != _sha(site_a / "app.js")
    assert not log.errors, log.errors
