"""licences.html in a real browser: reached from the footer, loads under the site's CSP with
no console error and no request to another origin, styled in light and dark, never wider
than a 320 px phone, and available offline after one visit (issue 14)."""

from __future__ import annotations

from urllib.parse import urlsplit

from .conftest import PageLog, open_site

DARK_BACKGROUND = "rgb(21, 23, 26)"  # style.css --bg in dark mode
LIGHT_BACKGROUND = "rgb(250, 250, 250)"


def test_licences_page_under_the_csp_and_offline(browser, site_url):
    origin = urlsplit(site_url).netloc
    context = browser.new_context(color_scheme="dark")
    log = PageLog(context)
    page, _ = open_site(context, site_url)
    page.get_by_role("link", name="Icon licences").click()
    page.wait_for_url("**/licences.html")
    page.locator("h1").filter(has_text="Icon licences").wait_for()
    names = page.locator(".licence-entry h2").all_text_contents()
    assert "Material Symbols" in names and any(name.startswith("Font Awesome") for name in names), names
    # style.css applied (no inline style exists to fall back on), following the system's dark mode
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == DARK_BACKGROUND
    page.emulate_media(color_scheme="light")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == LIGHT_BACKGROUND
    for width in (320, 1440):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
    page.get_by_role("link", name="Back to the search").click()
    page.wait_for_url(site_url)
    assert not log.errors, log.errors  # a CSP refusal is a console error
    foreign = [url for url in log.requests if urlsplit(url).scheme in ("http", "https")
               and urlsplit(url).netloc != origin]
    assert not foreign, foreign

    # the service worker keeps the page with the rest of the site
    page.evaluate("window.iconseek.offlineReady")
    context.set_offline(True)
    page.goto(site_url + "licences.html")
    page.locator("h1").filter(has_text="Icon licences").wait_for()
    context.set_offline(False)
    context.close()
