"""When the Pyodide snapshot cannot be used, the worker boots Python plainly from the fallback's files.

Those files (our wheel, the lexical index, Pyodide's full python_stdlib.zip) are
flagged "fallback" in manifest.json: a start-up that restores the snapshot never
fetches them (test_offline.py), this one fetches, verifies and stores them.
"""

from __future__ import annotations

import json
import time

from .conftest import PageLog, open_site
from .test_search import names, search

STORE_WAIT_S = 60


def test_a_failed_snapshot_boots_from_the_fallback_files_and_keeps_them(browser, site_url, site_dir):
    assets = json.loads((site_dir / "manifest.json").read_text())["assets"]
    fallback = sorted(entry["url"] for entry in assets.values() if entry.get("fallback"))
    assert {assets[key]["url"] for key in ("wheel", "lexical", "pyodide_stdlib_full")} == set(fallback)
    context = browser.new_context()
    log = PageLog(context)
    # The snapshot is unavailable (a host that lost it, or one this browser cannot restore).
    context.route(f"**/{assets['pyodide_snapshot']['url']}", lambda route: route.fulfill(status=404, body="gone"))
    page, state = open_site(context, site_url)
    assert state["snapshot"] is False and state["lexical"] and state["semantic"], state
    assert "home" in " ".join(names(search(page, "home", 5)))
    reply = search(page, "calender", 5, semantic=False)  # a typo: the plain boot's own index and typo index
    assert "calendar" in " ".join(names(reply)), names(reply)
    fetched = {url.split("?")[0].removeprefix(site_url) for url in log.requests}
    assert set(fallback) <= fetched, sorted(set(fallback) - fetched)
    # The worker adds the fallback's files to the offline copy with the rest of what it verified.
    deadline = time.monotonic() + STORE_WAIT_S
    while True:
        cached = page.evaluate("""async (urls) => {
            const found = await Promise.all(urls.map((u) => caches.match(new URL(u, location.href).href)));
            return urls.filter((u, i) => found[i]);
        }""", fallback)
        if sorted(cached) == fallback or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert sorted(cached) == fallback, cached
    assert page.evaluate("window.iconseek.state.error") is None
    context.close()
