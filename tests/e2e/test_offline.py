"""After one visit the site works with the network off (service-worker cache)."""

from __future__ import annotations

import json

from .conftest import PageLog, open_site, wait_ready


def test_reload_and_search_offline_after_one_visit(browser, site_url, site_dir):
    assets = json.loads((site_dir / "manifest.json").read_text())["assets"]
    context = browser.new_context()
    log = PageLog(context)
    page, _ = open_site(context, site_url)
    # the page has the service worker copy every file into its cache after start-up
    report = page.evaluate("window.iconseek.offlineReady")
    assert report["files"] > 20 and page.evaluate("window.iconseek.state.offline")
    # The snapshot was restored, so the plain boot's files (wheel, index, full stdlib) were never
    # fetched, for start-up or for the offline copy; the workers' own fetches are seen here.
    assert page.evaluate("window.iconseek.state.snapshot")
    fetched = {url.split("?")[0].removeprefix(site_url) for url in log.requests}
    fallback = {entry["url"] for entry in assets.values() if entry.get("fallback")}
    assert fallback and not fallback & fetched, sorted(fallback & fetched)
    assert {assets["pyodide_snapshot"]["url"], assets["pyodide_stdlib"]["url"]} <= fetched
    context.set_offline(True)
    page.reload()
    state = wait_ready(page)
    assert state["semantic"]
    reply = page.evaluate("window.iconseek.search('calendar', 5, {withSvg: true})")
    assert reply["hits"] and all(hit["svg"] for hit in reply["hits"])
    page.fill("#q", "home")
    page.locator("#results [data-icon-id]").first.wait_for()
    context.set_offline(False)
    assert not [e for e in log.errors if "ERR_INTERNET_DISCONNECTED" not in e], log.errors
    context.close()
