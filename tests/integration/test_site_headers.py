"""The built site carries one policy everywhere: served header, `_headers`, index.html's meta tag.

Issue 15, finding 5: the Content-Security-Policy lived only in a meta tag, which
does not bind the workers; `_headers` sent none. Also checks that the service
worker is told the sha256 of every page file it installs (finding 3).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from iconseek.site import headers

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
if not (ROOT / "node_modules" / "pyodide").is_dir():
    pytest.skip("npm packages not installed (npm ci): the site build copies Pyodide", allow_module_level=True)


@pytest.fixture()
def site(tmp_path, catalog, build_keyword_site) -> Path:
    out = tmp_path / "site"
    done = build_keyword_site(catalog, out)
    assert done.returncode == 0, done.stderr
    return out


def _rules(text: str) -> dict[str, dict[str, str]]:
    rules: dict[str, dict[str, str]] = {}
    current = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            current = rules.setdefault(line.strip(), {})
        else:
            name, value = line.strip().split(":", 1)
            assert name not in current, f"{name} twice for one path"
            current[name] = value.strip()
    return rules


def test_meta_tag_and_headers_file_carry_the_policy_of_headers_py(site):
    html = (site / "index.html").read_text()
    metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert metas == [headers.content_security_policy(for_meta=True)]
    assert "frame-ancestors" not in metas[0]  # ignored (and warned about) in a meta tag
    rules = _rules((site / "_headers").read_text())
    assert rules["/*"]["Content-Security-Policy"] == headers.content_security_policy()
    assert "frame-ancestors 'none'" in rules["/*"]["Content-Security-Policy"]
    assert rules["/*"]["Cross-Origin-Embedder-Policy"] == "require-corp"
    # hosts join the values of overlapping rules: only /data/* may say immutable
    assert "Cache-Control" not in rules["/*"]
    assert rules["/data/*"]["Cache-Control"] == headers.IMMUTABLE
    for page_file in ("/", "/index.html", "/app.js", "/worker.js", "/sw.js", "/manifest.json", "/pyodide/*"):
        assert rules[page_file]["Cache-Control"] == "no-cache", page_file


def test_the_service_worker_knows_the_hash_of_every_page_file(site):
    source = (site / "sw.js").read_text()
    match = re.search(r"^const APP_SHELL = (\{.*\});$", source, re.MULTILINE)
    assert match, "sw.js has no APP_SHELL table"
    shell = json.loads(match.group(1))
    manifest = json.loads((site / "manifest.json").read_text())
    page_files = [name for name in manifest["app"] if name != "sw.js"]
    assert sorted(shell) == sorted("./" if name == "index.html" else name for name in page_files)
    for name, digest in shell.items():
        path = site / ("index.html" if name == "./" else name)
        assert digest == hashlib.sha256(path.read_bytes()).hexdigest(), name
