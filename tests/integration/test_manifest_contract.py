"""manifest.json is the one contract between the site build and the browser.

Every key the page's JavaScript reads from the manifest (found by scanning
web/*.js, so a rename on either side fails here) must exist in the manifest of
a site built with every feature on: semantic arms, int4 vectors, the fused
encoder with external weights, and the Pyodide snapshot.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"

IDENT = r"[A-Za-z_$][\w$]*"
ACCESS = rf"(?:\??\.{IDENT}|\[\s*[\"'][^\"']+[\"']\s*\]|\[[^\]]*\])"  # .key, ?.key, ["key"], [expression]
OWNER = rf"(?:{IDENT}\.)*"  # manifest may hang off an object: model.manifest, session.manifest


def _segments(chain: str) -> list[str | None]:
    """The keys of an access chain, None for a computed one (``[key]``): the walk stops there."""
    keys = []
    for part in re.findall(ACCESS, chain):
        if part.startswith(("?.", ".")):
            keys.append(part.lstrip("?."))
        elif re.fullmatch(r"\[\s*[\"'][^\"']+[\"']\s*\]", part):
            keys.append(part.strip("[] \"'"))
        else:
            keys.append(None)
    return keys


def _strip_comments(source: str) -> str:
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    source = re.sub(r"(?<![:\\\"'])//[^\n]*", "", source)
    return source.replace("manifest.json", "")  # the file's name, not a key


def manifest_reads(source: str) -> set[tuple[str | None, ...]]:
    """Key paths read from the manifest: ``manifest.a.b``, ``manifest["a"]``, aliases and destructuring.

    ``const spec = manifest.encoder;`` makes ``spec.x`` a read of ``encoder.x``;
    ``const { count, dim } = manifest.scorer;`` reads ``scorer.count`` and ``scorer.dim``.
    """
    text = _strip_comments(source)
    roots: dict[str, tuple] = {"manifest": ()}
    for name, chain in re.findall(rf"(?:const|let|var)\s+({IDENT})\s*=\s*{OWNER}manifest((?:{ACCESS})+)\s*;", text):
        roots[name] = tuple(_segments(chain))
    reads = set()
    for names, chain in re.findall(rf"(?:const|let|var)\s*\{{([^}}]*)\}}\s*=\s*{OWNER}manifest((?:{ACCESS})*)\s*;",
                                   text):
        prefix = tuple(_segments(chain))
        for item in names.split(","):
            key = item.split(":")[0].split("=")[0].strip()
            if key and not key.startswith("..."):
                reads.add(prefix + (key,))
    for root, prefix in roots.items():
        for chain in re.findall(rf"(?<![\w$]){re.escape(root)}((?:{ACCESS})+)", text):
            reads.add(prefix + tuple(_segments(chain)))
    return reads


def missing_key(doc, path: tuple) -> str | None:
    """The first key of ``path`` that ``doc`` lacks, or None. The walk stops at a computed key,
    a list or a plain value (array methods, lengths) and at null (an optional section, checked by the JS)."""
    value = doc
    for depth, key in enumerate(path):
        if key is None or not isinstance(value, dict):
            return None
        if key not in value:
            return ".".join(str(k) for k in path[:depth + 1])
        value = value[key]
    return None


@pytest.fixture(scope="module")
def full_manifest(full_site) -> dict:
    """manifest.json of a three-icon site with every feature on (conftest.full_site)."""
    return json.loads((full_site / "manifest.json").read_text())


def all_reads() -> dict[str, set]:
    return {path.name: manifest_reads(path.read_text(encoding="utf-8")) for path in sorted(WEB.glob("*.js"))}


def test_the_scan_finds_reads_through_chains_aliases_and_destructuring():
    source = """
    // manifest.commented.out is prose
    const spec = model.manifest.encoder;
    const { count, dim: width } = manifest.scorer;
    fetch(new URL("manifest.json", base));
    if (manifest?.pyodide.preloaded && manifest.assets[key].url && spec.output) manifest["engine"].fusion;
    """
    assert manifest_reads(source) == {("encoder",), ("encoder", "output"), ("scorer",), ("scorer", "count"), ("scorer", "dim"),
                                      ("pyodide", "preloaded"), ("assets", None, "url"), ("engine", "fusion")}
    doc = {"encoder": {"output": "x"}, "scorer": {"count": 1}, "assets": {"a": {"url": "u"}}, "similar": None}
    assert missing_key(doc, ("scorer", "dim")) == "scorer.dim"
    assert missing_key(doc, ("assets", None, "url")) is None and missing_key(doc, ("similar", "weights")) is None


def test_every_manifest_key_the_page_reads_is_in_a_built_manifest(full_manifest):
    reads = all_reads()
    found = set().union(*reads.values())
    # The scan still sees the reads every start-up depends on (guards against a scan that finds nothing).
    assert {("scorer", "arms"), ("pyodide", "index_url"), ("build",)} <= found, sorted(found, key=str)
    assert len(found) >= 20
    missing = sorted({f"{name}: manifest.{miss}" for name, paths in reads.items() for path in paths
                      if (miss := missing_key(full_manifest, path))})
    assert not missing, "keys the JavaScript reads that the site build does not write:\n" + "\n".join(missing)


def test_the_manifest_carries_what_the_workers_used_to_hard_code(full_manifest):
    from iconseek.core.engine import MAX_QUERY_CHARS
    from iconseek.site import layout

    assert full_manifest["engine"]["max_query_chars"] == MAX_QUERY_CHARS
    assert full_manifest["engine"]["arms"] == ["bm25", *full_manifest["scorer"]["arms"]]
    assert full_manifest["ort"]["assets"] == list(layout.MODEL_ASSETS)
    pyodide = full_manifest["pyodide"]
    assert pyodide["preloaded"] and "pyodide_snapshot" in full_manifest["assets"]
    assert pyodide["boot_order"][0] == "pyodide_mjs"
    # only the plain boot (the snapshot's fallback) reads these: flagged, so start-up and the offline copy skip them
    fallback = sorted(key for key, entry in full_manifest["assets"].items() if entry.get("fallback"))
    assert fallback == sorted(layout.FALLBACK_ASSETS), fallback
    assert full_manifest["assets"]["pyodide_stdlib_full"]["url"] == "pyodide/python_stdlib.zip"
    # the plain boot builds the searcher the snapshot preloaded, from the same Pyodide paths
    assert pyodide["searcher"]["lexical_path"] == pyodide["paths"]["lexical"]
    assert pyodide["searcher"]["tokenizer_path"] == pyodide["paths"]["tokenizer"]
    assert set(full_manifest["software"]) == {"iconseek", "pyodide", "onnxruntime-web"}
    assert f"{full_manifest['svg_asset_prefix']}lucide" in full_manifest["assets"]


def test_the_workers_keep_no_copy_of_what_the_manifest_carries():
    """Pyodide paths and the SVG key prefix are read from the manifest, not spelled in web/*.js."""
    from iconseek.site import layout

    facts = [*layout.PYODIDE_PATHS.values(), layout.SVG_ASSET_PREFIX]
    copies = sorted(f"{path.name}: {fact!r}" for path in WEB.glob("*.js") for fact in facts
                    if re.search(rf"[\"'`]{re.escape(fact)}", _strip_comments(path.read_text(encoding="utf-8"))))
    assert not copies, "read these from manifest.json instead:\n" + "\n".join(copies)
