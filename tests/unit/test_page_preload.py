"""The page and its workers fetch their modules in one round trip: index.html preloads
exactly the page's module graph, and each worker imports its whole graph directly.

WHY: each `<link rel="modulepreload">` lets the browser fetch a module before the
module that imports it has arrived; without them every import level costs a round
trip before the workers can start (40 ms each on the reference link). A module
added to the graph but not preloaded, or a stale preload, fails here.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "web"
IMPORT = re.compile(r'^\s*(?:import|export)\b[^;]*?\bfrom\s+"\./([^"]+)"|^\s*import\s+"\./([^"]+)"', re.M | re.S)


def module_graph(entry: str) -> set[str]:
    seen: set[str] = set()
    todo = [entry]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(a or b for a, b in IMPORT.findall((WEB / name).read_text(encoding="utf-8")))
    return seen


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.preloads: list[str] = []
        self.entry: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "modulepreload":
            self.preloads.append(a["href"])
        if tag == "script" and a.get("type") == "module":
            self.entry.append(a["src"])


def test_index_preloads_the_whole_page_module_graph():
    links = _Links()
    links.feed((WEB / "index.html").read_text(encoding="utf-8"))
    assert links.entry == ["app.js"]
    assert len(links.preloads) == len(set(links.preloads)), "a module is preloaded twice"
    graph = module_graph("app.js")
    assert {"app.js", "client.js", "protocol.js"} <= graph  # the scan follows imports
    assert set(links.preloads) == graph


def _depths(entry: str) -> dict[str, int]:
    depth = {entry: 0}
    frontier = [entry]
    while frontier:
        following = []
        for name in frontier:
            for a, b in IMPORT.findall((WEB / name).read_text(encoding="utf-8")):
                if (a or b) not in depth:
                    depth[a or b] = depth[name] + 1
                    following.append(a or b)
        frontier = following
    return depth


def test_each_worker_imports_its_whole_module_graph_directly():
    """A module worker cannot use the page's preloads: every module its entry
    file needs is imported by the entry itself, so all arrive in one round trip."""
    for entry in ("worker.js", "ort-worker.js", "unpack-worker.js"):
        deep = {name: d for name, d in _depths(entry).items() if d > 1}
        assert not deep, f"{entry}: import these directly as well: {sorted(deep)}"
