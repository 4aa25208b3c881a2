"""Results beyond the first page, the no-match state, browsing without a query (issue 14).

Before: results stopped at 60 with no way to see more, "qwxzvjk" showed
"60 results", the status line lost the count a second after results appeared,
and the page was empty until something was typed.
"""

from __future__ import annotations

import re

from .conftest import PageLog, wait_ready

CARDS = "#results [data-icon-id]"


def _cards(page) -> int:
    return page.locator(CARDS).count()


def _ids(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('#results [data-icon-id]')].map((n) => n.dataset.iconId)")


def _total(page) -> int:
    text = page.locator("#status").inner_text()
    match = re.search(r"([\d,]+) (?:match|icon)", text)
    assert match, text
    return int(match.group(1).replace(",", ""))


def _load_everything(page, limit: int = 40) -> None:
    """Scroll to the end until the "Show more" button is gone (each scroll loads a page)."""
    for _ in range(limit):
        if page.locator("#more").is_hidden():
            return
        before = _cards(page)
        page.mouse.wheel(0, 100000)
        page.wait_for_timeout(50)
        if _cards(page) == before:  # (the CSP forbids wait_for_function's eval: poll)
            for _wait in range(100):
                if _cards(page) > before or page.locator("#more").is_hidden():
                    break
                page.wait_for_timeout(50)
    raise AssertionError(f"still more to load after {limit} scrolls ({_cards(page)} cards)")


def test_scrolling_loads_every_match_once_and_the_count_stays(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    log = PageLog(context)
    page = context.new_page()
    page.goto(site_url + "?q=heart")
    wait_ready(page, "semanticReady")
    page.locator("#status").filter(has_text="hybrid").wait_for()
    total = _total(page)
    assert total > 60, total  # there are more hearts than one page
    assert 60 <= _cards(page) < total  # a page, and the next if "Show more" is already near the screen
    assert page.locator("#more").is_visible()
    page.wait_for_timeout(1500)  # start-up state messages must not replace the count
    assert _total(page) == total
    _load_everything(page)
    ids = _ids(page)
    assert len(ids) == total and len(set(ids)) == total
    # the page API pages the same order
    first = page.evaluate("window.iconseek.search('heart', 60)")
    second = page.evaluate("window.iconseek.search('heart', 60, {offset: 60})")
    assert first["total"] == second["total"] == total
    paged = [h["id"] for h in first["hits"] + second["hits"]]
    assert paged == ids[:120]
    assert [h["rank"] for h in second["hits"]][:3] == [61, 62, 63]
    assert not log.errors, log.errors
    context.close()


def test_gibberish_shows_the_no_match_state_with_a_way_on(browser, site_url):
    context = browser.new_context()
    log = PageLog(context)
    page = context.new_page()
    page.goto(site_url)
    wait_ready(page, "semanticReady")
    page.fill("#q", "qwxzvjk")
    page.locator("#empty").filter(has_text="No icons match").wait_for()
    assert "qwxzvjk" in page.locator("#empty .empty-title").inner_text()
    assert _cards(page) == 0 and page.locator("#more").is_hidden()
    assert "No match" in page.locator("#status").inner_text()
    assert "Check the spelling" in page.locator("#empty").inner_text()
    reply = page.evaluate("window.iconseek.search('qwxzvjk', 10)")
    assert reply["hits"] == [] and reply["total"] == 0 and reply["understood"] is False
    # a misspelling is read, and the caption says how
    page.fill("#q", "downlaod")
    page.locator("#caption").filter(has_text="as “download”").wait_for()
    assert page.locator("#empty").is_hidden()
    # from no match, a library can be browsed
    page.fill("#q", "qwxzvjk")
    page.locator("#empty .browse-library").first.wait_for()
    page.locator("#empty .browse-library").filter(has_text="Lucide").click()
    page.locator("#caption").filter(has_text="Browsing Lucide").wait_for()
    assert page.input_value("#q") == "" and page.input_value("#library") == "lucide"
    assert not log.errors, log.errors
    context.close()


def test_browse_by_library_and_category_paged_and_in_the_url(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    log = PageLog(context)
    page = context.new_page()
    page.goto(site_url)
    state = wait_ready(page, "ready")
    panel = page.locator("#browse")
    panel.locator(".browse-library").first.wait_for()
    assert panel.locator(".browse-library").count() == len(state["libraries"])
    assert 10 < panel.locator(".chip").count() < len(state["categories"])  # the largest first
    panel.locator(".browse-all").click()
    assert panel.locator(".chip").count() == len(state["categories"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    panel.locator(".browse-library").filter(has_text="Heroicons").click()
    page.locator("#caption").filter(has_text="Browsing Heroicons").wait_for()
    heroicons = next(lib for lib in state["libraries"] if lib["slug"] == "heroicons")
    assert _total(page) == heroicons["count"] and 60 <= _cards(page) < heroicons["count"]
    assert page.evaluate("new URL(location.href).searchParams.get('lib')") == "heroicons"
    assert page.locator("#results .why").count() == 0  # nothing to explain without a query
    in_order = page.evaluate("""() => {
      const titles = [...document.querySelectorAll('#results .name')].map((n) => n.textContent);
      const collator = new Intl.Collator("en", {numeric: true, sensitivity: "base"});
      return titles.length > 1 && titles.every((t, i) => i === 0 || collator.compare(titles[i - 1], t) <= 0);
    }""")
    assert in_order  # A to Z
    _load_everything(page)
    ids = _ids(page)
    assert len(ids) == heroicons["count"] == len(set(ids)) and all(i.startswith("heroicons/") for i in ids)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    category = state["categories"][0]["name"]
    page.goto(site_url + "?cat=" + category)
    wait_ready(page, "ready")
    page.locator("#caption").filter(has_text=f"Category “{category}”").wait_for()
    assert _total(page) == state["categories"][0]["count"]
    page.locator("#caption .link-button").click()  # back to everything there is to browse
    panel.locator(".chip").first.wait_for()
    assert page.evaluate("new URL(location.href).searchParams.get('cat')") is None
    bad = page.evaluate("window.iconseek.browse({category: 'no such thing'}).then(() => 'ok', (e) => e.message)")
    assert "unknown category" in bad
    assert not log.errors, log.errors
    context.close()
