"""``iconseek serve``'s server: security headers, the root fence, bounded threads, idle timeout.

Each test here failed on the server before issue 15 (a ThreadingHTTPServer with
no CSP header, a symlink-following file lookup, no socket timeout, backlog 5).
"""

from __future__ import annotations

import os
import socket
import threading
import time
import urllib.error
import urllib.request

import pytest

from iconseek.site import headers


@pytest.fixture()
def site(tmp_path):
    root = tmp_path / "site"
    (root / "data").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>x</title>")
    (root / "worker.js").write_text("postMessage(1);\n")
    (root / "data" / "meta.0123456789ab.json").write_text("{}")
    return root


def _get(url: str, **request_headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=request_headers)) as response:
        return response.status, response.headers, response.read()


def test_every_response_carries_the_csp_header_worker_scripts_included(site):
    from iconseek.site.server import serve_in_thread

    server, url = serve_in_thread(site)
    plain, plain_url = serve_in_thread(site, isolation=False)
    try:
        for base in (url, plain_url):
            for path in ("", "index.html", "worker.js", "data/meta.0123456789ab.json"):
                _, sent, _ = _get(base + path)
                policy = sent["Content-Security-Policy"]
                assert policy == headers.content_security_policy(), (base, path, policy)
                assert "frame-ancestors 'none'" in policy and "connect-src 'self'" in policy
                assert sent["X-Content-Type-Options"] == "nosniff"
        with pytest.raises(urllib.error.HTTPError) as missing:
            _get(url + "absent.js")
        assert missing.value.headers["Content-Security-Policy"] == headers.content_security_policy()
    finally:
        server.shutdown()
        plain.shutdown()


def test_content_addressed_files_are_immutable_and_the_rest_revalidated(site):
    from iconseek.site.server import serve_in_thread

    server, url = serve_in_thread(site)
    try:
        assert _get(url + "data/meta.0123456789ab.json")[1]["Cache-Control"] == headers.IMMUTABLE
        for path in ("", "index.html", "worker.js"):
            assert _get(url + path)[1]["Cache-Control"] == "no-cache", path
    finally:
        server.shutdown()


def test_an_unchanged_file_is_revalidated_with_304_and_no_body(site):
    from iconseek.site.server import serve_in_thread

    server, url = serve_in_thread(site)
    try:
        _, sent, body = _get(url + "worker.js")
        assert body and sent["ETag"]
        with pytest.raises(urllib.error.HTTPError) as revalidated:  # urllib reports 304 as an error
            _get(url + "worker.js", **{"If-None-Match": sent["ETag"]})
        assert revalidated.value.code == 304 and revalidated.value.read() == b""
        (site / "worker.js").write_text("postMessage(2);\n")
        os.utime(site / "worker.js", ns=(time.time_ns() + 10**9,) * 2)
        assert _get(url + "worker.js", **{"If-None-Match": sent["ETag"]})[2] == b"postMessage(2);\n"
    finally:
        server.shutdown()


def test_symlinks_leading_out_of_the_site_are_not_followed(site, tmp_path):
    from iconseek.site.server import serve_in_thread

    secret = tmp_path / "secret.txt"
    secret.write_text("private key")
    (site / "leak.txt").symlink_to(secret)
    (site / "outside").symlink_to(tmp_path)
    (site / "inside.html").symlink_to(site / "index.html")
    server, url = serve_in_thread(site)
    try:
        for path in ("leak.txt", "outside/secret.txt", "outside/"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                _get(url + path)
            assert refused.value.code == 404, path
        assert _get(url + "inside.html")[2].startswith(b"<!doctype html>")
    finally:
        server.shutdown()


def test_an_idle_connection_is_closed_after_the_idle_timeout(site):
    from iconseek.site.server import serve_in_thread

    server, url = serve_in_thread(site, idle_timeout=0.5)
    host, port = server.server_address[:2]
    try:
        with socket.create_connection((host, port)) as idle:
            idle.settimeout(10)
            started = time.monotonic()
            assert idle.recv(1) == b""  # the server closed it: the client sent nothing
            assert time.monotonic() - started < 5
        assert _get(url)[0] == 200
    finally:
        server.shutdown()


def test_threads_stay_bounded_with_many_idle_connections_and_the_server_recovers(site):
    from iconseek.site.server import serve_in_thread

    before = threading.active_count()
    server, url = serve_in_thread(site, max_workers=4, max_queued=4, idle_timeout=1.0)
    host, port = server.server_address[:2]
    sockets = []
    try:
        assert server.request_queue_size >= 128
        for _ in range(40):
            sockets.append(socket.create_connection((host, port)))
        time.sleep(0.5)
        # the serving thread + at most 4 handlers, however many clients wait
        assert threading.active_count() - before <= 1 + 4
        assert server.shed >= 40 - 8
        for sock in sockets:
            sock.close()
        deadline = time.monotonic() + 10
        while True:  # the idle handlers time out and free their slots
            try:
                assert _get(url)[0] == 200
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        for sock in sockets:
            sock.close()
        server.shutdown()
