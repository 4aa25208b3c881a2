"""window.iconseek.similar: icons like an icon, in the browser, as the CLI ranks them (issue 13).

The browser scores from the site's packed 4-bit vectors; the reference is
py/iconseek/similar/index.py over the same 4-bit levels (unpacked in CPython),
so the two must agree on the ranking and, closely, on the scores.
"""

from __future__ import annotations

import json

import pytest

from .conftest import PageLog, open_site

QUERIES = ["lucide/settings", "lucide/trash", "tabler/home", "fontawesome/gear", "phosphor/sign-out",
           "material/delete", "bootstrap/calendar", "heroicons/arrow-left"]


@pytest.fixture(scope="module")
def reference(site_dir):
    """IconSimilarity over the site's own 4-bit vectors and metadata."""
    from iconseek.similar.index import IconSimilarity
    from iconseek.site.scoring_graph import unpack_vectors

    manifest = json.loads((site_dir / "manifest.json").read_text())
    meta = json.loads((site_dir / manifest["assets"]["meta"]["url"]).read_text())
    blob = (site_dir / manifest["assets"]["vectors"]["url"]).read_bytes()
    scorer = manifest["scorer"]
    matrices = {arm: matrix.T for arm, matrix in unpack_vectors(blob, scorer).items()}
    slugs = [lib["slug"] for lib in meta["libraries"]]
    records = [{"_id": i, "library": slugs[meta["library_index"][n]], "name": i.split("/", 1)[1]}
               for n, i in enumerate(meta["ids"])]
    # the browser takes the dot product of the 4-bit vectors as they are: no re-normalising
    index = IconSimilarity(records, picture=matrices["t2i"], meaning=matrices["t2t"],
                           weights=manifest["similar"]["weights"])
    for signal, arm in (("picture", "t2i"), ("meaning", "t2t")):
        index.vectors[signal] = matrices[arm]
    return index


def test_similar_in_the_browser_ranks_as_cpython_does(live, reference):
    page, _state, log = live
    worst = 0.0
    for icon in QUERIES:
        browser = page.evaluate("(id) => window.iconseek.similar(id, 5)", icon)["hits"]
        expected = reference.similar(icon, k=5)
        assert [h["id"] for h in browser] == [h.id for h in expected], icon
        for got, want in zip(browser, expected):
            worst = max(worst, abs(got["score"] - want.score))
            assert got["library"] != icon.split("/")[0] and got["title"]
    assert worst < 1e-3, worst
    assert not log.errors, log.errors


def test_similar_within_one_library_and_clear_errors(live):
    page, _state, _log = live
    reply = page.evaluate("window.iconseek.similar('lucide/settings', 3, {library: 'phosphor', withSvg: true})")
    assert [h["library"] for h in reply["hits"]] == ["phosphor"] * 3
    assert reply["hits"][0]["id"] == "phosphor/gear" and reply["hits"][0]["svg"].startswith("<svg")
    own = page.evaluate("window.iconseek.similar('lucide/trash', 5, {library: 'lucide'})")["hits"]
    assert "lucide/trash" not in [h["id"] for h in own] and all(h["library"] == "lucide" for h in own)
    for call, message in (("window.iconseek.similar('lucide/trsh', 3)", "unknown icon id"),
                          ("window.iconseek.similar('lucide/trash', 3, {library: 'phosphr'})", "unknown library")):
        outcome = page.evaluate(f"{call}.then(() => 'resolved', (e) => e.message)")
        assert message in outcome, outcome


def _other_libraries_shown(page, at_least: int) -> list[str]:
    page.locator(".similar-other .mini").nth(at_least - 1).wait_for()
    return page.evaluate("[...document.querySelectorAll('.similar-other .mini')].map((b) => b.dataset.iconId)")


def test_detail_view_by_keyboard_alone_with_equivalents_and_a_deep_link(live, site_url):
    page, _state, log = live
    page.fill("#q", "")
    page.fill("#q", "settings gear")
    page.locator("#caption").filter(has_text="settings gear").wait_for()  # this query's results are drawn
    page.locator("#results [data-icon-id]").first.wait_for()
    page.press("#q", "ArrowDown")
    opened = page.evaluate("document.activeElement.dataset.iconId")
    page.keyboard.press("Enter")
    page.locator("#detail[open]").wait_for()
    assert page.evaluate("new URL(location.href).searchParams.get('icon')") == opened
    others = _other_libraries_shown(page, 5)
    libraries = {i.split("/")[0] for i in others}
    assert len(libraries) >= 5 and opened.split("/")[0] not in libraries, others
    assert page.locator(".similar-own .mini").count() > 0
    # keyboard only: Tab reaches an equivalent, Enter opens it in place
    target = others[0]
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.iconId") == target:
            break
    else:
        raise AssertionError(f"Tab never reached {target}")
    page.keyboard.press("Enter")
    assert page.evaluate("""async (target) => {
        for (let i = 0; i < 250 && new URL(location.href).searchParams.get('icon') !== target; i++)
            await new Promise((r) => setTimeout(r, 20));
        return new URL(location.href).searchParams.get('icon');
    }""", target) == target
    title = page.evaluate("(id) => window.iconseek.icon(id).then((r) => r.hits[0].title)", target)
    assert page.text_content("#detail-title") == title
    page.keyboard.press("Escape")
    page.locator("#detail").wait_for(state="hidden")
    # the dialog's "close" event (which clears the URL) is dispatched a task after it hides
    assert page.evaluate("""async () => {
        for (let i = 0; i < 100 && new URL(location.href).searchParams.has('icon'); i++)
            await new Promise((r) => setTimeout(r, 20));
        return new URL(location.href).searchParams.get('icon');
    }""") is None
    assert page.evaluate("document.activeElement.dataset.iconId") == opened  # focus is back on the card
    assert not log.errors, log.errors

    linked = page.context.new_page()
    linked.goto(site_url + "?icon=lucide/settings")
    linked.locator("#detail[open]").wait_for(timeout=120_000)
    assert linked.text_content("#detail-title") == "Settings"
    assert "phosphor/gear" in _other_libraries_shown(linked, 5)
    linked.close()
