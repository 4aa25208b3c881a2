"""The page's scripts keep to one message contract and ship every module they load.

web/protocol.js defines every message type between the page and the workers;
a type string spelled anywhere else is a second definition that can drift.
And every module a page script or worker imports must be a listed page file
(layout.WEB_FILES): only those are copied, hashed into the service worker's
app shell and served offline.
"""

from __future__ import annotations

import re
from pathlib import Path

from iconseek.site.layout import WEB_FILES

WEB = Path(__file__).resolve().parents[2] / "web"
PROTOCOL = WEB / "protocol.js"
# The scripts on either end of a protocol.js message.
MESSAGING_SCRIPTS = ("client.js", "worker.js", "ort-worker.js", "unpack-worker.js", "model-link.js",
                     "model-session.js", "model-scoring.js", "search-boot.js", "search-queries.js", "search-hits.js")


def _message_types() -> set[str]:
    """The type strings of protocol.js's PAGE, MODEL and UNPACK tables."""
    source = PROTOCOL.read_text()
    types: set[str] = set()
    for table in ("PAGE", "MODEL", "UNPACK"):
        body = re.search(rf"export const {table} = Object\.freeze\(\{{(.*?)\}}\);", source, re.S)
        assert body, f"protocol.js: no {table} table"
        types |= set(re.findall(r'[A-Z_]+:\s*"([a-z_]+)"', body.group(1)))
    return types


def test_protocol_defines_the_page_model_and_unpack_messages():
    types = _message_types()
    for expected in ("init", "search", "similar", "icon", "browse", "result", "error", "state", "progress", "fatal",
                     "ready", "library_index", "encode", "encoded", "similar_scored", "store", "stored",
                     "unpack", "unpacked"):
        assert expected in types, expected


def test_no_message_type_is_spelled_outside_protocol_js():
    types = _message_types()
    spelled = re.compile(r'(?:\btype\s*:|\.type\s*[!=]==)\s*"([a-z_]+)"')
    for name in MESSAGING_SCRIPTS:
        for match in spelled.finditer((WEB / name).read_text()):
            assert match.group(1) not in types, f"web/{name}: message type {match.group(1)!r} spelled outside protocol.js"


def test_every_module_the_page_loads_is_a_listed_page_file():
    imported = re.compile(r'(?:\bfrom\s*|\bimport\s*\(\s*|new (?:URL|Worker)\(\s*)"(?:\./)?([\w.-]+\.js)"')
    for script in sorted(WEB.glob("*.js")):
        if script.name not in WEB_FILES:
            continue  # not part of the page (build tools live in web/tools)
        for match in imported.finditer(script.read_text()):
            assert match.group(1) in WEB_FILES, f"web/{script.name} loads {match.group(1)}, which the site does not ship"
