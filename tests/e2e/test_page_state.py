"""The page on a phone and in the address bar (issue 14, first part).

- At 390 px nothing runs off the side: in the empty state, with results, with
  the detail view open, in light and dark (before: the library filter and theme
  toggle made the page 627 px wide).
- The query and library are in the URL (?q=&lib=): a shared link loads with
  its results, typing keeps the URL current (before: `?q=heart` was ignored).
"""

from __future__ import annotations

from .conftest import PageLog, wait_ready

PHONE = {"width": 390, "height": 844}


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _wait_for_results(page, query: str) -> None:
    page.locator("#caption").filter(has_text=query).wait_for()
    page.locator("#results [data-icon-id]").first.wait_for()


def test_a_phone_never_scrolls_sideways(browser, site_url):
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport=PHONE, color_scheme=scheme)
        log = PageLog(context)
        page = context.new_page()
        page.goto(site_url)
        wait_ready(page, "semanticReady")
        assert _scroll_width(page) <= 390, ("empty", scheme, _scroll_width(page))
        page.fill("#q", "throw it away")
        _wait_for_results(page, "throw it away")
        assert _scroll_width(page) <= 390, ("results", scheme, _scroll_width(page))
        page.select_option("#library", "material")
        _wait_for_results(page, "throw it away")
        assert _scroll_width(page) <= 390, ("filtered", scheme, _scroll_width(page))
        page.locator("#results [data-icon-id]").first.click()
        page.locator(".similar-other .mini").nth(4).wait_for()
        assert _scroll_width(page) <= 390, ("detail", scheme, _scroll_width(page))
        assert page.locator("#q").bounding_box()["width"] > 200  # the search box keeps a usable width
        assert not log.errors, log.errors
        context.close()


def test_the_query_and_library_live_in_the_url(browser, site_url):
    context = browser.new_context()
    log = PageLog(context)
    page = context.new_page()
    page.goto(site_url + "?q=heart")
    wait_ready(page, "ready")
    _wait_for_results(page, "heart")
    assert page.input_value("#q") == "heart"
    titles = page.evaluate("[...document.querySelectorAll('#results .name')].slice(0, 5).map((n) => n.textContent)")
    assert all("heart" in t.lower() for t in titles), titles

    page.fill("#q", "calendar")
    _wait_for_results(page, "calendar")
    page.select_option("#library", "lucide")
    page.locator("#caption").filter(has_text="Lucide").wait_for()
    params = page.evaluate("Object.fromEntries(new URL(location.href).searchParams)")
    assert params == {"q": "calendar", "lib": "lucide"}, params

    shared = context.new_page()
    shared.goto(site_url + "?q=calendar&lib=lucide")
    wait_ready(shared, "ready")
    _wait_for_results(shared, "calendar")
    assert shared.input_value("#library") == "lucide"
    libraries = shared.evaluate("[...document.querySelectorAll('#results .library')].map((n) => n.textContent)")
    assert libraries and set(libraries) == {"Lucide"}, libraries  # the full name, not the slug

    shared.fill("#q", "")  # no query, a library chosen: that library is browsed
    shared.locator("#caption").filter(has_text="Browsing Lucide").wait_for()
    assert shared.evaluate("new URL(location.href).searchParams.get('q')") is None
    assert not log.errors, log.errors
    context.close()


CARD_BOXES = "[...document.querySelectorAll('#results .card')].map((c) => { const r = c.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })"


def test_why_is_a_popover_in_words_that_moves_no_card(browser, site_url):
    for viewport in ({"width": 1280, "height": 800}, PHONE):
        context = browser.new_context(viewport=viewport)
        log = PageLog(context)
        page = context.new_page()
        page.goto(site_url + "?q=home")
        wait_ready(page, "semanticReady")
        _wait_for_results(page, "home")
        page.locator("#status").filter(has_text="hybrid").wait_for()  # the hybrid results replaced the keyword ones
        before = page.evaluate(CARD_BOXES)
        for n in range(3):  # a card in each of the first columns
            page.locator("#results .card .why").nth(n).click()
            popover = page.locator("#results .explain")
            popover.wait_for()
            assert page.evaluate(CARD_BOXES) == before, "opening 'why' moved or resized a card"
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            text = popover.text_content()
            assert "fused score" not in text and "Why" in text, text
        first = page.locator("#results .card .why").first
        first.click()
        text = page.locator("#results .explain").text_content()
        assert "Its name matches “home”" in text, text
        first.click()  # the same button closes it
        assert page.locator("#results .explain").count() == 0
        assert not log.errors, log.errors
        context.close()
