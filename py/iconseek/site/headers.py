"""The HTTP headers the site is served with: one place for every host.

``iconseek serve`` sends them, the site build writes them to ``_headers``
(Netlify / Cloudflare Pages) and puts the Content-Security-Policy into
index.html's ``<meta>`` tag (for hosts with no header control, such as GitHub
Pages). WHY the header matters although the page has the meta tag: a meta
policy binds only the document it sits in. Module workers get their policy
from the *response headers of their own script*, so without the header the
search worker (Pyodide) and the model worker (onnxruntime) could fetch any
origin; with it, ``connect-src 'self'`` refuses such a request before it
leaves the browser.

Directives and why each is there:

- ``script-src 'self' 'wasm-unsafe-eval' blob:`` — our own scripts; wasm
  compilation (Pyodide, onnxruntime); ``blob:`` because the workers import
  Pyodide and onnxruntime from the bytes they have just checked against
  manifest.json (a blob URL only our own code can mint), never from a second,
  unchecked download.
- ``worker-src 'self' blob:`` — our workers; onnxruntime starts its thread
  workers from the verified module's blob URL.
- ``connect-src 'self'`` — no request to another origin, from page or worker.
- ``img-src 'self' data: blob:`` — icons are drawn from SVG text as blob/data
  images, never inserted as HTML.
- ``frame-ancestors 'none'`` — no other site may frame the page
  (clickjacking). Browsers ignore it in a meta tag, so it is header-only.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse

CSP_DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval' blob:"),
    ("worker-src", "'self' blob:"),
    ("connect-src", "'self'"),
    ("img-src", "'self' data: blob:"),
    ("style-src", "'self'"),
    ("font-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'none'"),
    ("form-action", "'none'"),
    ("frame-ancestors", "'none'"),
)
# Directives a <meta> policy may not carry (CSP Level 3, section 3.3).
HEADER_ONLY_DIRECTIVES = frozenset({"frame-ancestors", "report-uri", "sandbox"})
META_PLACEHOLDER = "__ICONSEEK_CSP__"


def content_security_policy(for_meta: bool = False) -> str:
    """The policy as one header value; ``for_meta`` leaves out header-only directives."""
    return "; ".join(f"{name} {value}" for name, value in CSP_DIRECTIVES
                     if not (for_meta and name in HEADER_ONLY_DIRECTIVES))


ISOLATION_HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def security_headers() -> dict[str, str]:
    """Headers every response carries, isolation or not."""
    return {
        "Content-Security-Policy": content_security_policy(),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


# data/<stem>.<12 hex>.<ext>: the name changes whenever the content does.
_CONTENT_ADDRESSED = re.compile(r"^/(?:.*/)?data/[^/]+\.[0-9a-f]{12}\.[A-Za-z0-9]+$")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def cache_control(url_path: str) -> str:
    """Content-addressed files may be kept forever; everything else is revalidated.

    WHY revalidate the rest (page, scripts, Pyodide and onnxruntime files): their
    names stay the same from one build to the next. With a lifetime such as
    ``max-age=300`` a browser — and the service worker installing a new build —
    would take the previous build's ``app.js`` from its HTTP cache and mix it
    with the new page. Revalidation costs one conditional request answered
    ``304 Not Modified``.
    """
    path = urllib.parse.urlsplit(url_path).path
    if _CONTENT_ADDRESSED.match(posixpath.normpath(path) if path else "/"):
        return IMMUTABLE
    return REVALIDATE


def headers_file(revalidated: list[str]) -> str:
    """``_headers`` for Netlify / Cloudflare Pages: the same headers ``iconseek serve`` sends.

    ``revalidated`` lists the URL paths (``/app.js``, ``/pyodide/*``) that are not
    content-addressed. They get their own rule instead of a catch-all because
    these hosts join the values of every matching rule with commas: a ``/*``
    ``no-cache`` would be added to ``/data/*``'s ``immutable``.
    """
    lines = ["# Netlify / Cloudflare Pages: the headers `iconseek serve` sends (py/iconseek/site/headers.py).", "/*"]
    lines += [f"  {name}: {value}" for name, value in {**ISOLATION_HEADERS, **security_headers()}.items()]
    for path in revalidated:
        lines += [path, f"  Cache-Control: {REVALIDATE}"]
    lines += ["/data/*", f"  Cache-Control: {IMMUTABLE}", ""]
    return "\n".join(lines)
