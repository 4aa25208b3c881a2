"""``licences.html``: the catalogue's attributions as a page of the site.

WHY a page as well as ``LICENSES.md``: the footer link used to open raw Markdown,
which browsers show as plain text. LICENSES.md stays (it is the legal text shipped
with the data, and this page links to it); this page says the same in HTML, with
the libraries' full names, readable on a phone and in dark mode.

Where the facts come from, best first:

1. the catalogue's ``licences.json`` (written by py/iconseek/catalog/licences.py):
   full name, package, version, licence, copyright, homepage, count, licence text;
2. a catalogue from before licences.json: ``catalog.json``'s libraries (package,
   version, licence, count) — copyright and licence text are then in LICENSES.md;
3. no summary at all (a hand-made catalogue): library and licence per corpus record.

Every value is untrusted (``--metadata`` files are anyone's) and reaches the page
only through ``html.escape``; a homepage becomes a link only if it is http(s).
The page has no script and no inline style: it passes the site's CSP, whose meta
copy it carries like index.html does (headers.py).
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from . import headers
from .bundle import LIBRARY_NAMES

PAGE = "licences.html"
FORMAT = 1
_TEXT_FIELDS = ("slug", "title", "package", "version", "licence", "licence_url", "copyright", "homepage",
                "licence_text", "attribution")


def _from_licences_json(path: Path) -> list[dict]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot be read as JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("libraries"), list):
        raise ValueError(f"{path}: expected {{\"format\": {FORMAT}, \"libraries\": [...]}} "
                         "(rebuild the catalogue with `iconseek catalog build`)")
    libraries = []
    for n, entry in enumerate(doc["libraries"]):
        if not isinstance(entry, dict):
            raise ValueError(f"{path}: libraries[{n}] is not an object")
        row = {key: entry.get(key) or "" for key in _TEXT_FIELDS}
        for key, value in row.items():
            if not isinstance(value, str):
                raise ValueError(f"{path}: libraries[{n}].{key} is not a string")
        count = entry.get("count", 0)
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ValueError(f"{path}: libraries[{n}].count is not a whole number")
        libraries.append({**row, "count": count})
    return libraries


def _from_catalog_json(path: Path) -> list[dict] | None:
    try:
        summary = json.loads(path.read_text(encoding="utf-8")).get("libraries")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        return None
    if not isinstance(summary, dict):
        return None
    return [{"slug": str(slug), "package": str(info.get("package") or ""), "version": str(info.get("version") or ""),
             "licence": str(info.get("licence") or ""), "count": info.get("count") if isinstance(info.get("count"), int)
             else 0} for slug, info in summary.items() if isinstance(info, dict)]


def _from_records(records: list[dict]) -> list[dict]:
    by_library: dict[str, dict] = {}
    for record in records:
        row = by_library.setdefault(record["library"], {"slug": record["library"], "licences": [], "count": 0})
        row["count"] += 1
        if record["licence"] not in row["licences"]:
            row["licences"].append(record["licence"])
    return [{"slug": r["slug"], "licence": ", ".join(r["licences"]), "count": r["count"]} for r in by_library.values()]


def load_attributions(catalog_dir: Path, records: list[dict]) -> list[dict]:
    """One dict per library (every key of ``_TEXT_FIELDS`` plus ``count``), from the best source there is."""
    path = catalog_dir / "licences.json"
    if path.is_file():
        libraries = _from_licences_json(path)
    else:
        libraries = _from_catalog_json(catalog_dir / "catalog.json") or _from_records(records)
    full = []
    for row in libraries:
        entry = {key: row.get(key) or "" for key in _TEXT_FIELDS}
        entry["count"] = row.get("count") or 0
        entry["title"] = entry["title"] or LIBRARY_NAMES.get(entry["slug"], entry["slug"] or entry["package"])
        full.append(entry)
    return full


def _link(url: str, text: str) -> str:
    """``text`` linking to ``url`` when it is a web address (never javascript:, data:, ...)."""
    if url.startswith(("https://", "http://")):
        return f'<a href="{escape(url)}" rel="noopener noreferrer">{escape(text)}</a>'
    return escape(text)


def _anchor(n: int, slug: str) -> str:
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in slug)
    return f"lib-{n}-{safe}" if safe else f"lib-{n}"


def _section(n: int, a: dict) -> str:
    facts = [("Icons", f"{a['count']:,}")]
    if a["package"]:
        version = f" {escape(a['version'])}" if a["version"] else ""
        facts.append(("Package", f"<code>{escape(a['package'])}</code>{version}"))
    facts.append(("Licence", _link(a["licence_url"], a["licence"]) if a["licence"] else "not stated"))
    facts.append(("Copyright", escape(a["copyright"]) if a["copyright"]
                  else 'see <a href="LICENSES.md">LICENSES.md</a>'))
    if a["homepage"]:
        facts.append(("Home page", _link(a["homepage"], a["homepage"])))
    rows = "\n".join(f"      <dt>{name}</dt><dd>{value}</dd>" for name, value in facts)
    parts = [f'  <section class="licence-entry" id="{_anchor(n, a["slug"])}" aria-labelledby="{_anchor(n, a["slug"])}-h">',
             f'    <h2 id="{_anchor(n, a["slug"])}-h">{escape(a["title"])}</h2>',
             f'    <dl class="licence-facts">\n{rows}\n    </dl>']
    if a["attribution"]:
        parts.append(f'    <p class="licence-note">{escape(a["attribution"])}</p>')
    if a["licence_text"]:
        parts.append("    <details><summary>Licence file shipped in the package</summary>"
                     f'<pre class="licence-text">{escape(a["licence_text"])}</pre></details>')
    parts.append("  </section>")
    return "\n".join(parts)


def render_page(attributions: list[dict]) -> str:
    """The whole page; every value from ``attributions`` escaped."""
    total = sum(a["count"] for a in attributions)
    summary_rows = "\n".join(
        f'      <tr><th scope="row"><a href="#{_anchor(n, a["slug"])}">{escape(a["title"])}</a></th>'
        f'<td>{escape(a["licence"]) or "not stated"}</td><td class="num">{a["count"]:,}</td></tr>'
        for n, a in enumerate(attributions))
    sections = "\n".join(_section(n, a) for n, a in enumerate(attributions))
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta http-equiv="Content-Security-Policy" content="{escape(headers.content_security_policy(for_meta=True))}">
  <meta name="color-scheme" content="light dark">
  <title>Icon licences — iconseek</title>
  <link rel="icon" href="favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="style.css">
</head>
<body>
  <header class="top">
    <p class="brand"><a href="./">iconseek</a></p>
    <a class="back" href="./">← Back to the search</a>
  </header>
  <main class="licences">
  <h1>Icon licences and attribution</h1>
  <p>The {total:,} icons on this site come from the libraries below; each icon keeps the licence of its
     library. The SVG files are served as the libraries ship them. The same text, as shipped with the
     data: <a href="LICENSES.md">LICENSES.md</a>.</p>
  <table class="licence-summary">
    <caption class="visually-hidden">Libraries, their licences and icon counts</caption>
    <thead><tr><th scope="col">Library</th><th scope="col">Licence</th><th scope="col" class="num">Icons</th></tr></thead>
    <tbody>
{summary_rows}
    </tbody>
  </table>
{sections}
  </main>
</body>
</html>
"""


def write_licences_page(catalog_dir: Path, records: list[dict], site_dir: Path) -> Path:
    """Write ``site_dir/licences.html`` from the catalogue's attributions; returns its path."""
    target = site_dir / PAGE
    target.write_text(render_page(load_attributions(catalog_dir, records)), encoding="utf-8")
    return target
