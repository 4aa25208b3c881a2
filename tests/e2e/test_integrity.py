"""A file that does not match manifest.json stops the start with a message naming it."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from .conftest import served_page


def test_tampered_asset_is_refused_with_a_clear_message(browser, site_dir, tmp_path):
    copy = tmp_path / "site"
    # hard links: cheap for the large files; the one file we change is replaced, not edited
    shutil.copytree(site_dir, copy, copy_function=os.link)
    manifest = json.loads((copy / "manifest.json").read_text())
    meta_url = manifest["assets"]["meta"]["url"]
    target = copy / meta_url
    original = target.read_bytes()
    target.unlink()
    target.write_bytes(original.replace(b'"count":', b'"count": ', 1))
    for suffix in (".gz", ".br", ".zst"):  # the server would send an untouched compressed sibling
        (copy / (meta_url + suffix)).unlink(missing_ok=True)

    with served_page(browser, copy) as (page, url, log):
        outcome = page.evaluate("""async () => {
            while (!window.iconseek) await new Promise((r) => setTimeout(r, 20));
            return window.iconseek.ready.then(() => "ready", (e) => String(e.message || e));
        }""")
        assert "Integrity check failed" in outcome and meta_url in outcome, outcome
        status = page.text_content("#status")
        assert "Integrity check failed" in status and meta_url in status, status
    assert all("Integrity" in e or "Failed to load" in e for e in log.errors), log.errors


def _ready_outcome(page, which: str = "ready") -> str:
    return page.evaluate(f"""async () => {{
        while (!window.iconseek) await new Promise((r) => setTimeout(r, 20));
        return window.iconseek.{which}.then(() => "ready", (e) => String(e.message || e));
    }}""")


CORRUPT_CACHED = """async (path) => {
    let replaced = 0;
    for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        const key = new URL(path, location.href).href;
        if (await cache.match(key)) {
            await cache.put(key, new Response("damaged", {headers: {"Content-Type": "application/json"}}));
            replaced += 1;
        }
    }
    return replaced;
}"""

CACHED_SHA = """async (path) => {
    const key = new URL(path, location.href).href;
    for (const name of await caches.keys()) {
        const hit = await (await caches.open(name)).match(key);
        if (hit) {
            const digest = await crypto.subtle.digest("SHA-256", await hit.arrayBuffer());
            return Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, "0")).join("");
        }
    }
    return null;
}"""


def test_a_damaged_offline_copy_is_replaced_and_offline_the_message_says_so(browser, tiny_catalog, tmp_path):
    """Finding 4: a cached file failing its check was never evicted, so every reload failed the same way."""
    from .conftest import build_keyword_site, wait_ready

    site = build_keyword_site(tiny_catalog, tmp_path / "site")
    entry = json.loads((site / "manifest.json").read_text())["assets"]["meta"]
    with served_page(browser, site) as (page, url, log):
        wait_ready(page, "offlineReady")
        assert page.evaluate(CORRUPT_CACHED, entry["url"]) >= 1

        page.reload()  # online: the damaged copy is evicted and downloaded again
        assert _ready_outcome(page) == "ready"
        assert page.evaluate("window.iconseek.search('trash', 3)")["hits"][0]["id"] == "lucide/trash"
        assert page.evaluate(CACHED_SHA, entry["url"]) == entry["sha256"]

        assert page.evaluate(CORRUPT_CACHED, entry["url"]) >= 1
        page.context.set_offline(True)
        page.reload()  # offline: it cannot be repaired, and the page says why
        outcome = _ready_outcome(page)
        assert "Integrity check failed" in outcome and entry["url"] in outcome, outcome
        assert "offline" in outcome and "Connect to the network" in outcome, outcome
        assert "Connect to the network" in page.text_content("#status")
        page.context.set_offline(False)
        page.reload()
        assert _ready_outcome(page) == "ready"
    assert all("Integrity" in e or "ERR_INTERNET_DISCONNECTED" in e or "Failed to fetch" in e
               for e in log.errors), log.errors


def test_tampered_code_is_refused_before_any_of_it_runs(browser, site_dir, tmp_path, monkeypatch):
    """Finding 6: pyodide.mjs and onnxruntime were imported before their sha256 was checked.

    Both files get a first line that would request /tampered-ran-<file> from the
    server if it ever ran; the server must see no such request.
    """
    from iconseek.site import server as site_server

    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy, copy_function=os.link)
    manifest = json.loads((copy / "manifest.json").read_text())
    tampered = [manifest["assets"][key]["url"] for key in ("pyodide_mjs", "ort_mjs")]
    for rel in tampered:
        target = copy / rel
        original = target.read_bytes()
        target.unlink()
        marker = rel.replace("/", "-")
        target.write_bytes(f'fetch("/tampered-ran-{marker}").catch(() => {{}});\n'.encode() + original)
        for suffix in (".gz", ".br", ".zst"):
            (copy / (rel + suffix)).unlink(missing_ok=True)

    seen: list[str] = []
    monkeypatch.setattr(site_server.SiteRequestHandler, "log_message",
                        lambda self, *args: seen.append(self.path))
    with served_page(browser, copy) as (page, url, _log):
        lexical = _ready_outcome(page, "ready")
        semantic = _ready_outcome(page, "semanticReady")
        for outcome in (lexical, semantic):
            assert "Integrity check failed" in outcome and any(rel in outcome for rel in tampered), outcome
        page.wait_for_timeout(1000)  # time for a stray request to arrive
    assert seen, "the request log recorded nothing: the check itself is broken"
    assert not [path for path in seen if "tampered-ran" in path], seen



@pytest.mark.parametrize(("key", "which"), [("pyodide_wasm", "ready"), ("ort_wasm", "semanticReady")])
def test_a_wasm_file_that_still_compiles_but_differs_is_never_instantiated(browser, site_dir, tmp_path, key, which):
    """The workers compile Pyodide's and onnxruntime's wasm while the bytes are hashed (fetchVerifiedWasm).

    The file gets a custom section appended: still a valid module that compiles, but not
    the bytes manifest.json names. The start it belongs to must stop with a message naming it.
    """
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy, copy_function=os.link)
    rel = json.loads((copy / "manifest.json").read_text())["assets"][key]["url"]
    name = b"iconseek-tampered"
    target = copy / rel
    original = target.read_bytes()
    target.unlink()
    target.write_bytes(original + bytes([0, len(name) + 1, len(name)]) + name)  # custom section: id 0, size, name
    for suffix in (".gz", ".br", ".zst"):
        (copy / (rel + suffix)).unlink(missing_ok=True)

    with served_page(browser, copy) as (page, url, _log):
        outcome = _ready_outcome(page, which)
    assert "Integrity check failed" in outcome and rel in outcome, outcome
