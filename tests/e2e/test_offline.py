"""After one visit the site works with the network off (service-worker cache)."""

from __future__ import annotations

from .conftest import PageLog, open_site, wait_ready


def test_reload_and_search_offline_after_one_visit(browser, site_url):
    context = browser.new_context()
    log = PageLog(context)
    page, _ = open_site(context, site_url)
    # the page has the service worker copy every file into its cache after start-up
    report = page.evaluate("window.iconseek.offlineReady")
    assert report["files"] > 20 and page.evaluate("window.iconseek.state.offline")
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
