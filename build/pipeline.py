"""Run the offline pipeline end to end, skipping stages whose outputs are current.

    catalogue (npm packages) -> icon vectors (onnxruntime) -> static site -> serve

Each stage is one ``iconseek`` sub-command; this driver only decides what is stale
(an output older than any of its inputs) so that the README's demo command is fast
the second time. It is deliberately dumb: no caching logic lives in the commands.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py"))  # run as a script: iconseek may not be installed

from iconseek import defaults  # noqa: E402
from iconseek.staleness import stale_reason  # noqa: E402


def is_stale(output: Path, inputs: list[Path]) -> bool:
    """An output older than any of its inputs (or missing); the same test as ``iconseek serve --build``."""
    return stale_reason(output, inputs) is not None


class Terminated(Exception):
    """SIGTERM reached this driver (`kill` of scripts/demo.sh, which execs it)."""


def _on_sigterm(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: a second one must not cut _stop short
    raise Terminated


def _stop(proc: subprocess.Popen, first: signal.Signals | None) -> None:
    """Wait for a stage to stop, sending `first`, then SIGTERM, then SIGKILL if it lingers."""
    for sig in (first, signal.SIGTERM, signal.SIGKILL):
        if sig is not None:
            proc.send_signal(sig)
        try:
            proc.wait(timeout=5)
            return
        except subprocess.TimeoutExpired:
            pass


def iconseek(*args: str) -> None:
    cmd = [sys.executable, "-m", "iconseek", *args]
    print("+ iconseek " + " ".join(args), flush=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "py"))
    with subprocess.Popen(cmd, cwd=ROOT, env=env) as proc:
        try:
            returncode = proc.wait()
        except KeyboardInterrupt:  # Ctrl+C reached the stage too (same process group)
            _stop(proc, None)
            raise
        except Terminated:  # SIGTERM reached only this driver: pass it on, so no server outlives it
            _stop(proc, signal.SIGTERM)
            raise
    if returncode:
        raise SystemExit(returncode)  # the command already said what went wrong


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--serve", action="store_true", help="serve the site when built")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--force", action="store_true", help="rebuild every stage")
    args = ap.parse_args(argv)

    catalog = ROOT / defaults.CATALOG_DIR
    vectors = ROOT / defaults.VECTORS_DIR
    site = ROOT / defaults.SITE_DIR
    package_lock = ROOT / "package-lock.json"
    catalog_code = ROOT / "py" / "iconseek" / "catalog"
    models = ROOT / defaults.MODELS_DIR
    # what decides each icon's vectors besides the catalogue and models: the texts embedded
    embed_code = [ROOT / "py" / "iconseek" / "models" / name for name in ("captions.py", "embedding.py")]

    if args.force or is_stale(catalog / "corpus.jsonl", [package_lock, catalog_code]):
        iconseek("catalog", "build", "--out", str(catalog))
    if args.force or any(is_stale(vectors / f"{arm}.json", [catalog / "corpus.jsonl", models, *embed_code])
                         for arm in ("t2i", "t2t")):
        iconseek("embed", "--catalog", str(catalog), "--out", str(vectors))
    if args.serve:
        # `serve --build` rebuilds the site only when it is older than its inputs.
        iconseek("serve", str(site), "--build", "--port", str(args.port), "--host", args.host)
    else:
        iconseek("site", "build", "--out", str(site), "--catalog", str(catalog), "--vectors", str(vectors))
    return 0


def run_quietly(fn, *args) -> int:
    """Run fn(*args) as the demo's top level: Ctrl+C or SIGTERM stop it without a traceback."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return fn(*args) or 0
    except KeyboardInterrupt:  # Ctrl+C on the demo: the server already stopped quietly
        return 130
    except Terminated:  # SIGTERM: the running stage was stopped the same way
        return 143


if __name__ == "__main__":
    raise SystemExit(run_quietly(main))
