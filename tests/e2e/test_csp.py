"""The Content-Security-Policy binds the workers too: no request leaves for another origin.

Issue 15, finding 5: the policy was only a <meta> tag, which binds the document
but not the module workers (their policy comes from their own script's response
headers). A `fetch` to another origin from inside a worker reached that server;
cross-origin isolation only blocked the response. Now `iconseek serve` sends the
policy as a header with every response, and the request is refused before it leaves.
"""

from __future__ import annotations

import http.server
import threading

from .conftest import open_site


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self):  # noqa: N802 - stdlib hook
        type(self).seen.append(self.path)
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
        self.end_headers()
        self.wfile.write(b"reached")

    def log_message(self, *args):
        pass


PROBE = """async (target) => {
    try {
        const response = await fetch(target, {mode: "cors"});
        return "reached: " + response.status;
    } catch (error) {
        return "refused: " + error.message;
    }
}"""


def _other_origin():
    _Recorder.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


OUR_WORKERS = ("worker.js", "ort-worker.js", "unpack-worker.js")


def _probe_every_context(page, target: str) -> dict[str, str]:
    """The page and each of our workers try to fetch ``target``.

    onnxruntime's thread workers (blob URLs) are left out: they sit in a wasm
    wait loop and never run a task, and they inherit the model worker's policy.
    """
    outcomes = {"page": page.evaluate(PROBE, f"{target}/from-page")}
    for n, worker in enumerate(page.workers):
        if worker.url.rsplit("/", 1)[-1] in OUR_WORKERS:
            outcomes[worker.url] = worker.evaluate(PROBE, f"{target}/from-worker-{n}")
    return outcomes


def test_workers_cannot_reach_another_origin(browser, site_url, plain_site_url):
    other, target = _other_origin()
    try:
        for url in (site_url, plain_site_url):  # with and without the isolation headers
            context = browser.new_context(service_workers="block")
            page, _ = open_site(context, url)
            outcomes = _probe_every_context(page, target)
            scripts = {worker.url.rsplit("/", 1)[-1] for worker in page.workers}
            assert {"worker.js", "ort-worker.js"} <= scripts, scripts
            assert all(o.startswith("refused") for o in outcomes.values()), outcomes
            context.close()
        assert _Recorder.seen == [], f"requests reached the other origin: {_Recorder.seen}"
    finally:
        other.shutdown()


def test_the_served_policy_forbids_framing_and_foreign_connections(site_url):
    import urllib.request

    from iconseek.site.headers import content_security_policy

    for path in ("", "worker.js", "ort-worker.js", "sw.js", "manifest.json"):
        with urllib.request.urlopen(site_url + path) as response:
            policy = response.headers["Content-Security-Policy"]
        assert policy == content_security_policy(), path
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["frame-ancestors"] == "'none'" and directives["connect-src"] == "'self'"
