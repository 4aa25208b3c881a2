"""licences.html: the catalogue's attributions as a page, every value escaped (issue 14).

The footer link used to open LICENSES.md, raw Markdown. The site build now writes
licences.html from the catalogue's licences.json; icon metadata is anyone's, so a
library name or copyright holder carrying markup must arrive as text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from iconseek.catalog.build import BuildOptions, build_catalog
from iconseek.site import headers
from iconseek.site.licences_page import load_attributions, render_page

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M2 2h20v20H2z"/></svg>'
HOSTILE = {
    "library": "<script>alert(1)</script>",
    "licence": 'MIT" onload="alert(2)',
    "holder": "Evil <img src=x onerror=alert(3)> & \"onload=alert(4)",
}


def _hostile_catalog(tmp_path: Path) -> Path:
    icons = tmp_path / "icons"
    icons.mkdir()
    for name in ("home", "trash"):
        (icons / f"{name}.svg").write_bytes(SVG)
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps(HOSTILE), encoding="utf-8")
    out = tmp_path / "catalog"
    build_catalog(BuildOptions(out=out, svg_dir=icons, metadata=meta, rasters=False), log=lambda *a, **k: None)
    return out


def _assert_inert(html: str) -> None:
    assert "<script" not in html and "<img" not in html
    assert 'onload="' not in html and '"onload=' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "MIT&quot; onload=&quot;alert(2)" in html
    assert "Evil &lt;img src=x onerror=alert(3)&gt; &amp; &quot;onload=alert(4)" in html
    # every tag in the page is one the renderer wrote
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html))
    assert tags <= {"html", "head", "meta", "title", "link", "body", "header", "p", "a", "main", "h1", "h2",
                    "table", "caption", "thead", "tbody", "tr", "th", "td", "section", "dl", "dt", "dd", "code",
                    "details", "summary", "pre"}, tags


def test_catalogue_writes_licences_json_with_raw_values(tmp_path):
    catalog = _hostile_catalog(tmp_path)
    doc = json.loads((catalog / "licences.json").read_text(encoding="utf-8"))
    [library] = doc["libraries"]
    assert doc["format"] == 1
    assert library["title"] == HOSTILE["library"] and library["licence"] == HOSTILE["licence"]
    assert HOSTILE["holder"] in library["copyright"] and library["count"] == 2


@pytest.mark.skipif(not (ROOT / "node_modules" / "pyodide").is_dir(), reason="npm ci not run: needs Pyodide")
def test_site_build_writes_an_escaped_licences_page(tmp_path, build_keyword_site):
    catalog = _hostile_catalog(tmp_path)
    site = tmp_path / "site"
    done = build_keyword_site(catalog, site)
    assert done.returncode == 0, done.stderr
    html = (site / "licences.html").read_text(encoding="utf-8")
    _assert_inert(html)
    # the same CSP as index.html, a stylesheet link, no inline style or script at all
    policy = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert [p.replace("&#x27;", "'") for p in policy] == [headers.content_security_policy(for_meta=True)]
    assert '<link rel="stylesheet" href="style.css">' in html
    assert "style=" not in html and "<style" not in html and "<script" not in html
    assert '<a href="./">' in html  # back to the search
    # listed with the page files: cached offline by the service worker, revalidated by hosts
    manifest = json.loads((site / "manifest.json").read_text())
    assert "licences.html" in manifest["app"] and "LICENSES.md" in manifest["app"]
    assert '"licences.html"' in (site / "sw.js").read_text()
    assert "/licences.html\n  Cache-Control: no-cache" in (site / "_headers").read_text()
    assert 'href="licences.html"' in (site / "index.html").read_text()


def test_full_library_names_and_fallback_for_older_catalogues(tmp_path):
    # a catalogue from before licences.json: catalog.json's summary, names from the site's table
    (tmp_path / "catalog.json").write_text(json.dumps({"format": 1, "libraries": {
        "material": {"count": 3, "package": "@material-symbols/svg-400", "version": "0.48.2", "licence": "Apache-2.0"},
    }}))
    [row] = load_attributions(tmp_path, [])
    assert row["title"] == "Material Symbols" and row["count"] == 3
    html = render_page([row])
    assert ">Material Symbols</a>" in html and "<code>@material-symbols/svg-400</code> 0.48.2" in html
    assert 'see <a href="LICENSES.md">LICENSES.md</a>' in html  # copyright not in catalog.json


def test_homepage_links_only_to_web_addresses(tmp_path):
    rows = [{"slug": "x", "title": "X", "homepage": "javascript:alert(1)", "licence_url": "data:text/html,hi",
             "licence": "MIT", "count": 1}]
    (tmp_path / "licences.json").write_text(json.dumps({"format": 1, "libraries": rows}))
    html = render_page(load_attributions(tmp_path, []))
    assert 'href="javascript' not in html and 'href="data' not in html
    assert "javascript:alert(1)" in html  # shown as text


def test_a_broken_licences_json_names_the_file(tmp_path):
    (tmp_path / "licences.json").write_text(json.dumps({"format": 1, "libraries": [{"title": 5}]}))
    with pytest.raises(ValueError, match=r"licences\.json: libraries\[0\]\.title is not a string"):
        load_attributions(tmp_path, [])
    (tmp_path / "licences.json").write_text("{not json")
    with pytest.raises(ValueError, match=r"licences\.json: cannot be read as JSON"):
        load_attributions(tmp_path, [])
