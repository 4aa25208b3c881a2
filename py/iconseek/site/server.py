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

It is meant for a laptop or a small internal host, so it defends itself the
cheap ways: a fixed pool of handler threads (connections beyond the pool and a
short queue are closed at once instead of each getting a thread), sockets idle
for ``idle_timeout`` seconds are dropped, the listen backlog is 128, and no
path, symlinks included, resolves outside the site folder. The headers, the
Content-Security-Policy among them, come from headers.py.
"""

from __future__ import annotations

import email.utils
import http.server
import os
import posixpath
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from .headers import ISOLATION_HEADERS, cache_control, security_headers

MAX_WORKERS = 16  # handler threads; a page load keeps ~6 connections busy at a time
MAX_QUEUED = 64  # accepted connections waiting for a handler before new ones are shed
IDLE_TIMEOUT_S = 30.0  # a socket that sends nothing for this long is closed
LISTEN_BACKLOG = 128

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

    def __init__(self, *args, directory: str, isolation: bool, quiet: bool, timeout: float, **kwargs):
        self.isolation = isolation
        self.quiet = quiet
        self.timeout = timeout  # StreamRequestHandler puts it on the socket: idle clients are dropped
        self.root = os.path.realpath(directory)
        super().__init__(*args, directory=directory, **kwargs)

    # -- headers -----------------------------------------------------------------
    def end_headers(self) -> None:  # noqa: D401 - http.server hook
        if self.isolation:
            for name, value in ISOLATION_HEADERS.items():
                self.send_header(name, value)
        for name, value in security_headers().items():
            self.send_header(name, value)
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
        """Like the stdlib version, plus compressed siblings, cache headers, 304s and the root fence."""
        path = self.translate_path(self.path)
        if not self._inside_root(path):
            self.send_error(404, "File not found")
            return None
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the stdlib's trailing-slash redirect
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path) or not self._inside_root(path):
            self.send_error(404, "File not found")
            return None
        served = path
        encoding = None
        accept = {part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")}
        for name, suffix in (("zstd", ".zst"), ("br", ".br"), ("gzip", ".gz")):
            if name in accept and os.path.isfile(path + suffix) and self._inside_root(path + suffix):
                served, encoding = path + suffix, name
                break
        try:
            f = open(served, "rb")
        except OSError:
            self.send_error(404, "File not found")
            return None
        try:
            fs = os.fstat(f.fileno())
            etag = f'"{fs.st_mtime_ns:x}-{fs.st_size:x}-{encoding or "identity"}"'
            unchanged = self.headers.get("If-None-Match") == etag
            self.send_response(304 if unchanged else 200)
            self.send_header("Content-Type", self.guess_type(path))
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", email.utils.formatdate(fs.st_mtime, usegmt=True))
            self.send_header("Cache-Control", cache_control(self.path))
            if unchanged:  # a revalidation (Cache-Control: no-cache) of an unchanged file: headers only
                self.end_headers()
                f.close()
                return None
            self.send_header("Content-Length", str(fs.st_size))
            self.end_headers()
            return f
        except Exception:
            f.close()
            raise

    def _inside_root(self, path: str) -> bool:
        """True when ``path``, symlinks resolved, stays inside the served folder."""
        real = os.path.realpath(path)
        return real == self.root or real.startswith(self.root + os.sep)


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


class BoundedThreadingServer(http.server.HTTPServer):
    """An HTTP server whose connections are handled by a fixed pool of threads.

    WHY not ``ThreadingHTTPServer``: it starts a thread per connection, so a few
    hundred idle connections make a few hundred threads. Here at most
    ``max_workers`` handlers run; up to ``max_queued`` more accepted connections
    wait for one, and beyond that a new connection is closed at once, so
    neither threads nor memory grow with the number of clients.
    """

    request_queue_size = LISTEN_BACKLOG

    def __init__(self, address, handler, max_workers: int = MAX_WORKERS, max_queued: int = MAX_QUEUED):
        self.max_workers = max_workers
        self.shed = 0  # connections closed because every slot was taken
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="iconseek-serve")
        self._slots = threading.BoundedSemaphore(max_workers + max_queued)
        super().__init__(address, handler)  # last: a failed bind calls server_close(), which needs the pool

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(blocking=False):
            self.shed += 1
            self.shutdown_request(request)
            return
        try:
            self._pool.submit(self._handle, request, client_address)
        except RuntimeError:  # the pool is shutting down
            self._slots.release()
            self.shutdown_request(request)

    def _handle(self, request, client_address) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            self._slots.release()

    def handle_error(self, request, client_address) -> None:
        """A client that went away or fell silent is not worth a traceback."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

    def server_close(self) -> None:
        super().server_close()
        self._pool.shutdown(wait=False, cancel_futures=True)


def make_server(directory: str | os.PathLike, host: str = "127.0.0.1", port: int = 8000,
                isolation: bool = True, quiet: bool = True, max_workers: int = MAX_WORKERS,
                max_queued: int = MAX_QUEUED, idle_timeout: float = IDLE_TIMEOUT_S) -> BoundedThreadingServer:
    """Create (but do not start) a server for ``directory``.

    ``port=0`` picks a free port; read it back from ``server.server_address``.
    """
    root = Path(directory)
    if not (root / "index.html").is_file():
        raise FileNotFoundError(f"{root}/index.html not found: build the site first (iconseek site build --out {root})")
    handler = partial(SiteRequestHandler, directory=str(root), isolation=isolation, quiet=quiet, timeout=idle_timeout)
    server = BoundedThreadingServer((host, port), handler, max_workers=max_workers, max_queued=max_queued)
    server.stats = TransferStats()
    return server


def serve_in_thread(directory: str | os.PathLike, isolation: bool = True, host: str = "127.0.0.1",
                    **options) -> tuple[BoundedThreadingServer, str]:
    """Start a server on a free port in a daemon thread; return it and its base URL."""
    server = make_server(directory, host=host, port=0, isolation=isolation, **options)
    thread = threading.Thread(target=server.serve_forever, name="iconseek-site", daemon=True)
    thread.start()
    host_, port = server.server_address[:2]
    return server, f"http://{host_}:{port}/"
