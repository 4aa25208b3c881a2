"""The page's main states, reached the way a person reaches them (keyboard and typing).

Shared by the accessibility (axe-core) and screenshot tests, which look at the same
states: the empty page (what there is to browse), results, the "why" popover, the
detail view, the no-match state and a library being browsed.
"""

from __future__ import annotations

STATES = ("empty", "results", "why", "detail", "nomatch", "browse")


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def show_empty(page) -> None:
    page.fill("#q", "")
    page.locator("#caption").wait_for(state="hidden")
    page.locator("#results [data-icon-id]").first.wait_for(state="detached")
    page.locator("#browse .browse-library").first.wait_for()


def show_no_match(page, query: str = "qwxzvjk") -> None:
    page.fill("#q", query)
    page.locator("#empty").filter(has_text="No icons match").wait_for()


def show_browse(page, library: str = "Lucide") -> None:
    """From the empty page, a library's icons A to Z."""
    show_empty(page)
    page.locator("#browse .browse-library").filter(has_text=library).click()
    page.locator("#caption").filter(has_text=f"Browsing {library}").wait_for()
    page.locator("#results [data-icon-id]").first.wait_for()


def show_results(page, query: str = "heart") -> None:
    page.fill("#q", query)
    page.locator("#caption").filter(has_text=query).wait_for()
    page.locator("#results [data-icon-id]").first.wait_for()
    page.locator("#status").filter(has_text="hybrid").wait_for()  # not the keyword-only first answer


def open_why(page) -> None:
    """Focus the first card and press i (the popover opens over the grid)."""
    page.locator("#results .card").first.focus()
    page.keyboard.press("i")
    page.locator("#results .explain").wait_for()


def close_why(page) -> None:
    page.locator("#results .card").first.focus()
    page.keyboard.press("i")
    page.locator("#results .explain").wait_for(state="detached")


def open_detail(page) -> None:
    """Enter on the first card opens the detail view; wait for its rows of similar icons."""
    page.locator("#results .card").first.focus()
    page.keyboard.press("Enter")
    page.locator("#detail[open]").wait_for()
    page.locator("#detail .similar-other .mini").nth(4).wait_for()


def close_detail(page) -> None:
    page.keyboard.press("Escape")
    page.locator("#detail[open]").wait_for(state="detached")


def show(page, state: str, query: str = "heart") -> None:
    """Bring the page from any state of STATES (or a fresh load) to ``state``."""
    if page.locator("#detail[open]").count():
        close_detail(page)
    if page.locator("#results .explain").count():
        close_why(page)
    if page.input_value("#library"):  # a browsed library stays selected: every other state is unfiltered
        page.fill("#q", "")
        page.select_option("#library", "")
    if state == "empty":
        show_empty(page)
        return
    if state == "nomatch":
        show_no_match(page)
        return
    if state == "browse":
        show_browse(page)
        return
    if page.locator("#caption").filter(has_text=query).count() == 0 or not page.locator("#caption").is_visible():
        show_results(page, query)
    if state == "why":
        open_why(page)
    elif state == "detail":
        open_detail(page)
