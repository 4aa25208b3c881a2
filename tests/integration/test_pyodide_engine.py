"""The engine gives the same results inside Pyodide (Node) as in CPython.

Runs tests/integration/pyodide/run_engine.mjs, which copies py/iconseek/core
into Pyodide's file system, loads an index built here from the fixture catalogue
and runs the queries. Skipped only when node or the npm pyodide package is
absent (both are optional for the CPython side of the project).
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from iconseek.core.catalog_view import load_corpus
from iconseek.core.engine import Engine
from iconseek.core.lexical.indexer import build_index
from iconseek.core.lexical.storage import load_index, save_index

ROOT = Path(__file__).parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "engine"
SCRIPT = ROOT / "tests" / "integration" / "pyodide" / "run_engine.mjs"

pytestmark = pytest.mark.integration

QUERIES = [
    "home",
    "Arrow Left",
    "arrow le",
    "seting",
    "magnifyng glass",
    "trash bin ",
    "shopping cart",
    "cafe",
    "🙂",
    "",
    "<b>home</b>",
    "x" * 5000,
    "users people group",
]


def _jobs():
    jobs = []
    for n, q in enumerate(QUERIES):
        jobs.append({"q": q, "k": 10})
        # Same query with a semantic arm's scores passed in, as the browser does.
        precomputed = {"t2i": [[(7 * n + 3 * i) % 102, 0.9 - 0.013 * i] for i in range(30)]}
        jobs.append({"q": q, "k": 7, "precomputed": precomputed})
        jobs.append({"q": q, "k": 5, "library": "lucide", "precomputed": precomputed})
    return jobs


@pytest.fixture(scope="module")
def node_and_pyodide():
    if shutil.which("node") is None:
        pytest.skip("node is not installed (needed to run Pyodide)")
    if not (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").is_file():
        pytest.skip("npm package pyodide is not installed (run npm ci)")


@pytest.mark.parametrize("fusion", ["dbsf", "rrf"])
def test_pyodide_matches_cpython(node_and_pyodide, tmp_path, fusion):
    index_path = tmp_path / "lexical-index.json"
    save_index(build_index(load_corpus(str(FIXTURE))), str(index_path))
    jobs = _jobs()
    job = {
        "core_dir": str(ROOT / "py" / "iconseek" / "core"),
        "index": str(index_path),
        "queries": jobs,
        "semantic_arms": ["t2i"],
        "fusion": fusion,
        "warm_fuzzy": True,
    }
    job_path = tmp_path / "job.json"
    job_path.write_text(json.dumps(job), encoding="utf-8")
    proc = subprocess.run(["node", str(SCRIPT), str(job_path)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    assert result["python"].startswith("3.")

    engine = Engine.from_index(load_index(str(index_path)), semantic={"t2i": None}, fusion=fusion)
    assert len(result["results"]) == len(jobs)
    non_empty = 0
    for item, theirs in zip(jobs, result["results"]):
        ours = engine.search(item["q"], k=item["k"], library=item.get("library"), precomputed=item.get("precomputed"))
        assert [h["id"] for h in theirs] == [h.id for h in ours], item["q"][:40]
        for a, b in zip(theirs, ours):
            assert a["rank"] == b.rank and a["doc_index"] == b.doc_index
            assert abs(a["score"] - b.score) <= 1e-9
            assert a["arm_scores"].keys() == b.arm_scores.keys()
            for arm, value in b.arm_scores.items():
                assert abs(a["arm_scores"][arm] - value) <= 1e-9
        non_empty += bool(ours)
    assert non_empty >= len(jobs) // 2  # the comparison is not vacuous
