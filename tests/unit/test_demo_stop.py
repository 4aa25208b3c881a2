"""Stopping the demo: build/pipeline.py (which scripts/demo.sh execs) passes SIGTERM on to
the running stage, so `kill` of the demo leaves no server behind and prints no traceback
(issue 15, finding 9). Ctrl+C reaches the whole process group and needs no passing on.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRIVER = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("pipeline", sys.argv[1])
pipeline = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pipeline)
raise SystemExit(pipeline.run_quietly(pipeline.iconseek, "serve", sys.argv[2], "--port", "0"))
"""


@pytest.mark.parametrize("target", ["driver", "process group"])
def test_sigterm_stops_the_demo_and_its_server_quietly(tmp_path, target):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html>")
    (site / "manifest.json").write_text("{}")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "py")}
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(ROOT / "build" / "pipeline.py"), str(site)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while not (m := re.search(r"Serving .* at http://[^:]+:(\d+)/", proc.stdout.readline())):
            assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read()
        # a kept-alive connection, as a browser leaves one: the server has a thread to wind down
        conn = http.client.HTTPConnection("127.0.0.1", int(m[1]), timeout=10)
        conn.request("GET", "/")
        assert conn.getresponse().read()
        if target == "driver":
            proc.send_signal(signal.SIGTERM)
        else:  # the server gets one from the group and one passed on by the driver
            os.killpg(proc.pid, signal.SIGTERM)
        # the server shares the pipes: communicate returns only once it is gone too
        _, err = proc.communicate(timeout=30)
    finally:
        if "conn" in locals():
            conn.close()
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert proc.returncode == 143, err
    assert "Traceback" not in err and "Exception" not in err, err
