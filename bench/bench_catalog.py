"""Benchmark: wall time of the full catalogue build (catalogue + rasters) on this machine.

Prints per-stage medians over ``--repeat`` builds into a temporary directory, plus
rasterising throughput. Not a test: figures depend on the machine and its load.

    PYTHONPATH=py .venv/bin/python bench/bench_catalog.py [--repeat 3] [--jobs 2] [--raster-size 64]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "py"))

from iconseek.catalog.build import BuildOptions, build_catalog  # noqa: E402
from iconseek.commands.catalog import default_node_modules  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--raster-size", type=int, default=64)
    parser.add_argument("--node-modules", type=Path, default=default_node_modules())
    args = parser.parse_args()

    runs: list[dict[str, float]] = []
    count = 0
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="bench-catalog-") as tmp:
            started = time.perf_counter()
            result = build_catalog(
                BuildOptions(out=Path(tmp), node_modules=args.node_modules, raster_size=args.raster_size,
                             jobs=args.jobs),
                log=lambda _m: None,
            )
            wall = time.perf_counter() - started
        count = len(result.records)
        runs.append({**result.seconds, "wall": wall})
        print(f"run {i + 1}: {wall:.1f} s for {count} icons, {len(result.problems)} problem(s)", flush=True)

    print(f"\nfull build, {count} icons, rasters {args.raster_size}px, jobs={args.jobs}, "
          f"cpus={os.cpu_count()}, load avg {os.getloadavg()[0]:.1f}")
    for stage in ("collect", "check", "write", "rasters", "total", "wall"):
        values = [r[stage] for r in runs if stage in r]
        if values:
            print(f"  {stage:8s} median {statistics.median(values):6.1f} s  (min {min(values):.1f}, max {max(values):.1f})")
    rasters = statistics.median(r["rasters"] for r in runs)
    print(f"  rasterising: {count / rasters:,.0f} icons/s")
    wall = statistics.median(r["wall"] for r in runs)
    print(f"  target <= 180 s: {'met' if wall <= 180 else 'MISSED'} ({wall / 180:.0%} of budget)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
