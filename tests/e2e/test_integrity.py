"""A file that does not match manifest.json stops the start with a message naming it."""

from __future__ import annotations

import json
import os
import shutil

from .conftest import PageLog


def test_tampered_asset_is_refused_with_a_clear_message(browser, site_dir, tmp_path):
    from iconseek.site.server import serve_in_thread

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

    server, url = serve_in_thread(copy)
    context = browser.new_context()
    log = PageLog(context)
    try:
        page = context.new_page()
        page.goto(url)
        outcome = page.evaluate("""async () => {
            while (!window.iconseek) await new Promise((r) => setTimeout(r, 20));
            return window.iconseek.ready.then(() => "ready", (e) => String(e.message || e));
        }""")
        assert "Integrity check failed" in outcome and meta_url in outcome, outcome
        status = page.text_content("#status")
        assert "Integrity check failed" in status and meta_url in status, status
    finally:
        context.close()
        server.shutdown()
    assert all("Integrity" in e or "Failed to load" in e for e in log.errors), log.errors
