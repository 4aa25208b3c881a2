"""Cross-origin isolation (for multi-threaded onnxruntime-web) with and without server headers."""

from __future__ import annotations

from .conftest import PageLog, open_site


def test_iconseek_serve_gives_isolation_and_threads(browser, site_url):
    context = browser.new_context()
    log = PageLog(context)
    page, state = open_site(context, site_url)
    assert page.evaluate("crossOriginIsolated") is True
    assert state["crossOriginIsolated"] is True  # as seen inside the worker
    assert state["threads"] > 1, state
    assert not log.errors, log.errors
    context.close()


def test_service_worker_fallback_isolates_without_headers(browser, plain_site_url):
    context = browser.new_context()
    log = PageLog(context)
    page, state = open_site(context, plain_site_url)
    headers = page.request.get(plain_site_url).headers
    assert "cross-origin-embedder-policy" not in headers  # the server really sends none
    assert page.evaluate("crossOriginIsolated") is True
    assert state["crossOriginIsolated"] is True
    assert state["threads"] > 1, state
    reply = page.evaluate("window.iconseek.search('calendar', 3)")
    assert reply["hits"]
    assert not log.errors, log.errors
    context.close()


def test_without_isolation_it_still_works_single_threaded_and_says_so(browser, plain_site_url):
    context = browser.new_context(service_workers="block")  # no headers and no service worker
    log = PageLog(context)
    page, state = open_site(context, plain_site_url)
    assert page.evaluate("crossOriginIsolated") is False
    assert state["semantic"] and state["threads"] == 1, state
    assert "single-threaded" in page.text_content("#mode")
    reply = page.evaluate("window.iconseek.search('calendar', 3)")
    assert reply["mode"] == "hybrid" and reply["hits"]
    assert not log.errors, log.errors
    context.close()
