"""Screenshots of the page's states as test artefacts, and no sideways scrolling in any of them.

Saved under $ICONSEEK_ARTEFACTS/screenshots (default out/test-artefacts/screenshots,
git-ignored) as <state>-<width>x<height>-<scheme>.png, for a person to look at:
layout faults that no assertion names show up there first. Every state is also
checked for the one layout fault that is easy to state: the page is never wider
than the window (desktop 1280x800, phone 390x844; the narrowest phones, 320 px,
and a wide desktop, 1440 px, for results, the detail view and the licences page).
"""

from __future__ import annotations

import os
from pathlib import Path

from .conftest import PageLog, REPO, wait_ready
from .page_states import STATES, scroll_width, show

VIEWPORTS = ({"width": 1280, "height": 800}, {"width": 390, "height": 844})
EXTREMES = ({"width": 320, "height": 640}, {"width": 1440, "height": 900})
SCHEMES = ("light", "dark")


def _artefacts() -> Path:
    folder = Path(os.environ.get("ICONSEEK_ARTEFACTS") or REPO / "out" / "test-artefacts") / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shoot(page, folder: Path, state: str, viewport: dict, scheme: str, too_wide: list) -> Path:
    path = folder / f"{state}-{viewport['width']}x{viewport['height']}-{scheme}.png"
    page.screenshot(path=str(path))
    width = scroll_width(page)
    if width > viewport["width"]:
        too_wide.append((path.name, width))
    return path


def test_screenshots_of_every_state_fit_the_window(browser, site_url):
    folder = _artefacts()
    context = browser.new_context(viewport=VIEWPORTS[0])
    log = PageLog(context)
    page = context.new_page()
    page.goto(site_url)
    wait_ready(page, "semanticReady")
    too_wide: list[tuple[str, int]] = []
    shots = []
    for viewport in VIEWPORTS:
        page.set_viewport_size(viewport)
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)  # no stored choice: the page follows the system
            for state in STATES:
                show(page, state)
                shots.append(_shoot(page, folder, state, viewport, scheme, too_wide))
    for viewport in EXTREMES:
        page.set_viewport_size(viewport)
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            for state in ("results", "detail"):
                show(page, state)
                shots.append(_shoot(page, folder, state, viewport, scheme, too_wide))

    licences = context.new_page()
    licences.goto(site_url + "licences.html")
    licences.locator("h1").wait_for()
    for viewport in (*VIEWPORTS, *EXTREMES):
        licences.set_viewport_size(viewport)
        for scheme in SCHEMES:
            licences.emulate_media(color_scheme=scheme)
            shots.append(_shoot(licences, folder, "licences", viewport, scheme, too_wide))
    context.close()
    assert not too_wide, f"wider than the window (scrollWidth): {too_wide}"
    assert all(path.stat().st_size > 1000 for path in shots)
    assert not log.errors, log.errors
