"""A small static file server that makes the site cross-origin isolated.

WHY a custom server: ``python -m http.server`` sends neither
``Cross-Origin-Opener-Policy`` nor ``Cross-Origin-Embedder-Policy``, so
``crossOriginIsolated`` stays false, ``SharedArrayBuffer`` is unavailable and
onnxruntime-web silently runs on one thread. It also serves ``.mjs`` and
``.wasm`` with MIME types some Python versions get wrong, which breaks module
workers and streaming wasm compilation.

Pre-compressed ``<file>.zst`` / ``.br`` / ``.gz`` siblings written by the site
build are sent with ``Content-Encoding: zstd`` / ``br`` / ``gzip`` (first accepted
in that order), the way Netlify or Cloudflare would compress on the fly. ``isolation=False`` drops the isolation
headers so the service-worker fallback (GitHub Pages situation) can be tested.
"""

from __future__ import annotations

import email.utils
import http.server
import os
import posixpath
import threading
import urllib.parse
from functools import partial
from pathlib import Path

ISOLATION_HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cross-Origin-Resource-Policy": "same-origin",
}

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".onnx": "application/octet-stream",
    ".bin": "application/octet-stream",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
}


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Serves one directory with isolation headers, exact MIME types and compressed siblings."""

    isolation = True
    quiet = True

    def __init__(self, *args, directory: str, isolation: bool, quiet: bool, **kwargs):
        self.isolation = isolation
        self.quiet = quiet
        super().__init__(*args, directory=directory, **kwargs)

    # -- headers -----------------------------------------------------------------
    def end_headers(self) -> None:  # noqa: D401 - http.server hook
        if self.isolation:
            for name, value in ISOLATION_HEADERS.items():
                self.send_header(name, value)
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def guess_type(self, path: str) -> str:
        ext = posixpath.splitext(str(path))[1].lower()
        return MIME_TYPES.get(ext) or super().guess_type(path)

    def copyfile(self, source, outputfile) -> None:
        """Count body bytes sent (the benchmark's "first-visit bytes")."""
        stats = getattr(self.server, "stats", None)
        if stats is None:
            return super().copyfile(source, outputfile)
        sent = 0
        while True:
            block = source.read(1 << 16)
            if not block:
                break
            outputfile.write(block)
            sent += len(block)
        with stats.lock:
            stats.bytes += sent
            stats.requests += 1

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        if not self.quiet:
            super().log_message(format, *args)

    # -- files -------------------------------------------------------------------
    def send_head(self):
        """Like the stdlib version, plus compressed siblings and cache headers."""
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the stdlib's trailing-slash redirect
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(404, "File not found")
            return None
        served = path
        encoding = None
        accept = {part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")}
        for name, suffix in (("zstd", ".zst"), ("br", ".br"), ("gzip", ".gz")):
            if name in accept and os.path.isfile(path + suffix):
                served, encoding = path + suffix, name
                break
        try:
            f = open(served, "rb")
        except OSError:
            self.send_error(404, "File not found")
            return None
        try:
            fs = os.fstat(f.fileno())
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(fs.st_size))
            self.send_header("Last-Modified", email.utils.formatdate(fs.st_mtime, usegmt=True))
            self.send_header("Cache-Control", _cache_control(self.path))
            self.end_headers()
            return f
        except Exception:
            f.close()
            raise


def _cache_control(url_path: str) -> str:
    """Entry points must be revalidated so a new build is seen; the rest may be cached briefly.

    Content-addressed assets are verified by sha256 in the worker and cached by the
    service worker under a build-specific cache name, so a short HTTP cache lifetime
    is enough and never serves a stale build for long.
    """
    name = posixpath.basename(urllib.parse.urlsplit(url_path).path)
    if name in ("", "index.html", "sw.js", "manifest.json"):
        return "no-cache"
    return "public, max-age=300"


class TransferStats:
    """Bytes and responses served, shared by the server's threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.bytes = 0
        self.requests = 0

    def reset(self) -> None:
        with self.lock:
            self.bytes = 0
            self.requests = 0


def make_server(directory: str | os.PathLike, host: str = "127.0.0.1", port: int = 8000,
                isolation: bool = True, quiet: bool = True) -> http.server.ThreadingHTTPServer:
    """Create (but do not start) a threading server for ``directory``.

    ``port=0`` picks a free port; read it back from ``server.server_address``.
    """
    root = Path(directory)
    if not (root / "index.html").is_file():
        raise FileNotFoundError(f"{root}/index.html not found: build the site first (iconseek site build --out {root})")
    handler = partial(SiteRequestHandler, directory=str(root), isolation=isolation, quiet=quiet)
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.stats = TransferStats()
    return server


def serve_in_thread(directory: str | os.PathLike, isolation: bool = True,
                    host: str = "127.0.0.1") -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start a server on a free port in a daemon thread; return it and its base URL."""
    server = make_server(directory, host=host, port=0, isolation=isolation)
    thread = threading.Thread(target=server.serve_forever, name="iconseek-site", daemon=True)
    thread.start()
    host_, port = server.server_address[:2]
    return server, f"http://{host_}:{port}/"
