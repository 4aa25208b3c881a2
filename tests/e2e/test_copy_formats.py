"""Copy formats and customisation (web/formats.js, web/customise.js, the detail view's copy menu).

The formats are pure functions of the page; they are called in Chromium on real
catalogue icons (Bootstrap's class="bi" and 16 px size, Material's 960-unit
viewBox, Lucide's strokes). The detail view's buttons are then used as a person
would: each copy is read back from the clipboard and parsed, the PNG download's
bytes are checked, and the page must not scroll sideways on a phone.
"""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from .conftest import PageLog, open_site

FORMATS = "const f = await import('./formats.js');"


@pytest.fixture(scope="module")
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    log = PageLog(context)
    page, _ = open_site(context, site_url, "ready")
    yield page
    assert not log.errors, "\n".join(log.errors)
    context.close()


@pytest.fixture()
def scratch(browser, site_url):
    """A page of its own for hostile or broken SVG: Chrome logs CSP reports when DOMParser
    reads an onload= attribute or styles its own parsererror element (both blocked)."""
    context = browser.new_context()
    page, _ = open_site(context, site_url, "ready")
    yield page
    context.close()


def evaluate(page, body: str, arg=None):
    return page.evaluate(f"async (arg) => {{ {FORMATS} {body} }}", arg)


def parse_svg(page, text: str) -> dict:
    """The root's attributes and every class attribute, as the browser's XML parser reads them."""
    return page.evaluate(
        """(text) => {
            const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
            if (doc.querySelector('parsererror')) return {error: doc.querySelector('parsererror').textContent};
            const root = doc.documentElement;
            return {name: root.localName, ns: root.namespaceURI,
                    attrs: Object.fromEntries([...root.attributes].map((a) => [a.name, a.value])),
                    classes: doc.querySelectorAll('[class]').length,
                    strokeWidths: [...doc.querySelectorAll('[stroke-width]')].map((e) => e.getAttribute('stroke-width'))};
        }""",
        text,
    )


def icon_svg(page, icon_id: str) -> str:
    return page.evaluate("async (id) => (await window.iconseek.icon(id)).hits[0].svg", icon_id)


# ------------------------------------------------------------------ formats.js


def test_clean_svg_drops_bootstrap_bookkeeping_and_sizes_it(page):
    raw = icon_svg(page, "bootstrap/0-circle")
    assert 'class="bi' in raw and 'width="16"' in raw  # the dirty input this test is about
    clean = evaluate(page, "return f.cleanSvg(arg, {size: 40});", raw)
    svg = parse_svg(page, clean)
    assert svg["name"] == "svg" and svg["ns"] == "http://www.w3.org/2000/svg"
    assert svg["attrs"]["width"] == "40" and svg["attrs"]["height"] == "40"
    assert svg["attrs"]["viewBox"] == "0 0 16 16"
    assert svg["classes"] == 0 and "class" not in clean
    assert svg["attrs"]["fill"] == "currentColor"


def test_clean_svg_keeps_material_viewbox_and_paints_current_colour(page):
    raw = icon_svg(page, "material/home")
    assert 'viewBox="0 -960 960 960"' in raw and "fill=" not in raw  # black by default
    svg = parse_svg(page, evaluate(page, "return f.cleanSvg(arg);", raw))
    assert svg["attrs"]["viewBox"] == "0 -960 960 960"
    assert (svg["attrs"]["width"], svg["attrs"]["height"]) == ("24", "24")
    assert svg["attrs"]["fill"] == "currentColor"
    picked = parse_svg(page, evaluate(page, "return f.cleanSvg(arg, {color: '#12ab34'});", raw))
    assert picked["attrs"]["fill"] == "#12ab34"


def test_stroke_width_only_for_line_icons(page):
    lucide, bootstrap = icon_svg(page, "lucide/trash"), icon_svg(page, "bootstrap/0-circle")
    result = evaluate(page, """return {
        lineIcon: f.isStrokeBased(arg[0]), fillIcon: f.isStrokeBased(arg[1]),
        line: f.cleanSvg(arg[0], {strokeWidth: 1.25}), fill: f.cleanSvg(arg[1], {strokeWidth: 1.25})};""",
        [lucide, bootstrap])
    assert result["lineIcon"] is True and result["fillIcon"] is False
    assert parse_svg(page, result["line"])["strokeWidths"] == ["1.25"]
    assert "stroke-width" not in result["fill"]


def test_clean_svg_keeps_multicolour_icons_and_drops_what_is_not_drawing(scratch):
    page = scratch
    raw = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" '
           'class="x" data-slot="icon" aria-hidden="true" onload="window.__ran=1"><script>window.__ran=2</script>'
           '<defs><linearGradient id="g"><stop stop-color="#ff0000"/></linearGradient></defs>'
           '<rect id="unused" fill="#00ff00" width="5" height="5"/><circle fill="url(#g)" r="3"/></svg>')
    clean = evaluate(page, "return f.cleanSvg(arg, {color: '#0000ff'});", raw)
    assert "#00ff00" in clean and "#ff0000" in clean  # two colours: left as drawn
    assert 'id="g"' in clean and "unused" not in clean  # referenced ids stay
    for gone in ("class=", "data-slot", "aria-hidden", "onload", "<script", "xmlns:xlink"):
        assert gone not in clean, gone
    assert page.evaluate("window.__ran") is None


def test_clean_svg_errors_name_the_problem(scratch):
    page = scratch
    errors = evaluate(page, """const out = [];
        for (const [text, options] of arg) {
          try { f.cleanSvg(text, options); out.push(null); } catch (e) { out.push(e.message); }
        }
        return out;""", [["<svg", {}], ["<html/>", {}], ['<svg xmlns="http://www.w3.org/2000/svg"/>', {}],
                         ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>', {"color": "red"}]])
    assert "not well-formed" in errors[0]
    assert "<html>" in errors[1]
    assert "viewBox" in errors[2]
    assert "#rrggbb" in errors[3]


def test_code_formats_are_written_from_the_tree(page):
    raw = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
           'stroke-width="2" stroke-linecap="round"><title>{x} "q" &lt;b&gt;</title><path d="M1 1h22"/></svg>')
    out = evaluate(page, """const clean = f.cleanSvg(arg, {size: 32});
        return {clean, jsx: f.toJsx(clean, '9-lives</script>'), vue: f.toVue(clean), svelte: f.toSvelte(clean),
                uri: f.toDataUri(clean), name: f.componentName({name: '0-circle'})};""", raw)
    jsx = out["jsx"]
    assert jsx.startswith("export function Icon9livesscript(props) {")
    assert "strokeWidth=" in jsx and "strokeLinecap=" in jsx and "stroke-width" not in jsx
    assert "class=" not in jsx and "{...props}" in jsx
    assert '{"{x} \\"q\\" <b>"}' in jsx  # title text as a JS string expression
    assert out["vue"].startswith("<template>\n  <svg") and out["vue"].rstrip().endswith("</template>")
    assert "&#123;x&#125;" in out["vue"] and "{x}" not in out["vue"]  # no Vue interpolation from metadata
    assert "{...$$props}" in out["svelte"] and "&#123;x&#125;" in out["svelte"]
    assert out["uri"].startswith("data:image/svg+xml,")
    assert unquote(out["uri"].split(",", 1)[1]) == out["clean"]
    assert out["name"] == "Icon0Circle"


IMPORTS = {
    "lucide/trash": ('import { Trash } from "lucide-react";', "lucide:trash"),
    "tabler/a-b-2": ('import { IconAB2 } from "@tabler/icons-react";', "tabler:a-b-2"),
    "heroicons/trophy": ('import { TrophyIcon } from "@heroicons/react/24/outline";', "heroicons:trophy"),
    "bootstrap/0-circle": ('import { Icon0Circle } from "react-bootstrap-icons";', "bi:0-circle"),
    "material/home": ('import Home from "@material-symbols/svg-400/outlined/home.svg";', "material-symbols:home-outline"),
    "material/add": ('import Add from "@material-symbols/svg-400/outlined/add.svg";', "material-symbols:add"),
    "remix/hourglass": ('import { RiHourglassLine } from "@remixicon/react";', "ri:hourglass-line"),
    "remix/bold": ('import { RiBold } from "@remixicon/react";', "ri:bold"),
    "carbon/add--large": ('import { AddLarge } from "@carbon/icons-react";', "carbon:add-large"),
    "carbon/3D-Cursor": ('import { WatsonHealth3DCursor } from "@carbon/icons-react";', "carbon:watson-health-3d-cursor"),
    "iconoir/server": ('import { Server } from "iconoir-react";', "iconoir:server"),
    "ionicons/logo-nodejs": ('import { logoNodejs } from "ionicons/icons";', "ion:logo-nodejs"),
    "fontawesome/dog": ('import { faDog } from "@fortawesome/free-solid-svg-icons";', "fa7-solid:dog"),
    "fontawesome/spotify": ('import { faSpotify } from "@fortawesome/free-brands-svg-icons";', "fa7-brands:spotify"),
    "fontawesome/42-group": ('import { fa42Group } from "@fortawesome/free-brands-svg-icons";', "fa7-brands:42-group"),
    "phosphor/acorn": ('import { Acorn } from "@phosphor-icons/react";', "ph:acorn"),
}


def test_import_lines_and_iconify_names(page):
    got = evaluate(page, """const out = {};
        for (const id of arg) {
          const [library, name] = [id.slice(0, id.indexOf('/')), id.slice(id.indexOf('/') + 1)];
          out[id] = [f.importLine({library, name}), f.iconifyName({library, name})];
        }
        return out;""", list(IMPORTS))
    assert got == {key: list(value) for key, value in IMPORTS.items()}
    # a name that is no identifier never reaches the code: only [A-Za-z0-9_$] survive
    odd = evaluate(page, "return f.importLine({library: 'lucide', name: 'x\"; alert(1); //'});")
    assert odd == 'import { XAlert1 } from "lucide-react";'


# ------------------------------------------------------------------ the page


def open_detail(page, icon_id: str) -> None:
    page.evaluate("(id) => window.iconseek.openIcon(id)", icon_id)
    page.locator("#detail[open] .detail-copy").wait_for()
    page.wait_for_function("(id) => new URL(location.href).searchParams.get('icon') === id", arg=icon_id)


def copy(page, fmt: str) -> str:
    page.evaluate("navigator.clipboard.writeText('')")
    page.click(f'#detail .detail-action[data-format="{fmt}"]')
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
    assert page.locator("#toast").is_visible()
    return page.evaluate("navigator.clipboard.readText()")


def test_detail_copy_menu_gives_every_format(page):
    page.evaluate("window.iconseek.customisation.reset()")
    open_detail(page, "lucide/trash")
    page.locator("#detail .detail-customise input[name=size]").fill("40")
    page.locator("#detail .detail-customise input[name=stroke]").fill("1.5")
    preview = page.get_attribute("#detail .detail-preview img", "src")
    assert 'width%3D%2240%22' in preview and 'stroke-width%3D%221.5%22' in preview  # live preview

    svg = parse_svg(page, copy(page, "svg"))
    assert (svg["attrs"]["width"], svg["attrs"]["height"]) == ("40", "40")
    assert svg["classes"] == 0 and svg["attrs"]["stroke-width"] == "1.5"
    assert "Copied SVG" in page.text_content("#toast")

    jsx = copy(page, "jsx")
    assert "export function Trash(props)" in jsx and 'strokeWidth="1.5"' in jsx and "class=" not in jsx
    vue = copy(page, "vue")
    assert vue.startswith("<template>") and "<svg" in vue and 'width="40"' in vue
    svelte = copy(page, "svelte")
    assert svelte.startswith("<svg") and "{...$$props}" in svelte
    uri = copy(page, "data-uri")
    assert parse_svg(page, unquote(uri.split(",", 1)[1]))["attrs"]["width"] == "40"
    assert copy(page, "import") == 'import { Trash } from "lucide-react";'
    assert copy(page, "iconify") == "lucide:trash"
    assert copy(page, "name") == "trash"
    assert "Iconify" in page.text_content("#toast") or "name" in page.text_content("#toast")


def test_bootstrap_and_material_copies_are_clean(page):
    page.evaluate("window.iconseek.customisation.set({size: 32, strokeWidth: null, color: '#ff8800'})")
    open_detail(page, "bootstrap/0-circle")
    assert page.is_disabled("#detail .detail-customise input[name=stroke]")  # a fill icon
    svg = parse_svg(page, copy(page, "svg"))
    assert svg["attrs"]["width"] == "32" and svg["classes"] == 0 and svg["attrs"]["fill"] == "#ff8800"
    open_detail(page, "material/home")
    svg = parse_svg(page, copy(page, "svg"))
    assert svg["attrs"]["viewBox"] == "0 -960 960 960" and svg["attrs"]["width"] == "32"
    assert copy(page, "import").endswith('"@material-symbols/svg-400/outlined/home.svg";')
    page.evaluate("window.iconseek.customisation.reset()")


def test_downloads_png_and_svg(page):
    page.evaluate("window.iconseek.customisation.set({size: 48, strokeWidth: null, color: null})")
    open_detail(page, "lucide/trash")
    with page.expect_download() as info:
        page.click('#detail .detail-action[data-format="download-png"]')
    download = info.value
    assert download.suggested_filename == "lucide-trash.png"
    data = open(download.path(), "rb").read()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (96, 96)  # the chosen size x 2
    with page.expect_download() as info:
        page.click('#detail .detail-action[data-format="download-svg"]')
    text = open(info.value.path(), encoding="utf-8").read()
    assert info.value.suggested_filename == "lucide-trash.svg"
    assert parse_svg(page, text)["attrs"]["width"] == "48"
    page.keyboard.press("Escape")
    page.evaluate("window.iconseek.customisation.reset()")


def test_grid_previews_and_keyboard_copy_follow_the_settings(page):
    page.fill("#q", "trash")
    page.locator("#results li.card img").first.wait_for()
    page.evaluate("window.iconseek.customisation.set({size: 40, strokeWidth: null, color: '#3355ff'})")
    first = page.locator("#results li.card").first
    assert "%233355ff" in first.locator("img").get_attribute("src")
    assert first.locator("img").evaluate("img => img.getBoundingClientRect().width") == 40
    first.focus()
    page.keyboard.press("c")
    page.wait_for_function("async () => (await navigator.clipboard.readText()).startsWith('<svg')")
    svg = parse_svg(page, page.evaluate("navigator.clipboard.readText()"))
    assert svg["attrs"]["width"] == "40" and svg["classes"] == 0
    assert "40 px" in page.text_content("#toast")
    name = first.get_attribute("data-icon-id").split("/", 1)[1]
    page.keyboard.press("Shift+C")
    page.wait_for_function("async (n) => (await navigator.clipboard.readText()) === n", arg=name)
    # the settings outlive a reload and show in the header's controls
    page.reload()
    page.evaluate("async () => { while (!window.iconseek || !window.iconseek.customisation) await new Promise(r => setTimeout(r, 20)); }")
    page.click("#customise > summary")
    assert page.input_value("#customise input[name=size]") == "40"
    assert page.input_value("#customise input[name=colour]") == "#3355ff"
    page.click("#customise .customise-reset")
    assert page.evaluate("window.iconseek.customisation.isDefault")
    page.wait_for_function("() => window.iconseek && window.iconseek.state.lexical")


def test_detail_view_fits_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        open_detail(page, "bootstrap/0-circle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box = page.locator("#detail").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        for selector in ("#detail .detail-copy", "#detail .detail-customise"):
            inner = page.locator(selector).bounding_box()
            assert inner["x"] >= box["x"] and inner["x"] + inner["width"] <= box["x"] + box["width"], selector
        page.keyboard.press("Escape")
        page.click("#customise > summary")
        panel = page.locator("#customise .customise-panel").bounding_box()
        assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.keyboard.press("Escape")
    finally:
        page.set_viewport_size({"width": 1280, "height": 800})

