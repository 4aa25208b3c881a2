"""Parity inside Pyodide: the same stdlib tokenizers give HF's ids in the browser's Python.

Pyodide's Python (3.14, Unicode 16) is newer than the CPython used for the build,
so this is where a Unicode-version dependence would show. Expected ids are made
with HF ``tokenizers`` in CPython, then checked by running our code under Node +
the npm ``pyodide`` package.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide" / "pyodide.mjs"
FIXTURES = ROOT / "tests" / "fixtures" / "tokenizers"

NODE_SCRIPT = """
import { loadPyodide } from %(pyodide)s;
const py = await loadPyodide({ indexURL: %(index)s });
py.FS.mkdirTree("/repo"); py.FS.mkdirTree("/work");
py.FS.mount(py.FS.filesystems.NODEFS, { root: %(root)s }, "/repo");
py.FS.mount(py.FS.filesystems.NODEFS, { root: %(work)s }, "/work");
py.runPython(`
import json, sys
sys.path.insert(0, "/repo/py")
from iconseek.core.tokenizers import load_tokenizer
cases = json.load(open("/work/cases.json"))
result = {}
for name, case in cases.items():
    tok = load_tokenizer("/repo/tests/fixtures/tokenizers/" + name + "_tokenizer.json.gz")
    bad = [t for t, ids in zip(case["texts"], case["ids"]) if tok.encode(t).ids != ids]
    result[name] = {"checked": len(case["texts"]), "bad": bad[:5], "n_bad": len(bad)}
json.dump(result, open("/work/result.json", "w"))
`);
"""


@pytest.mark.slow
@pytest.mark.integration
def test_pyodide_matches_hf(tmp_path):
    node = shutil.which("node")
    if node is None or not PYODIDE.exists():
        pytest.skip("Node or the npm pyodide package is not installed")
    hf = pytest.importorskip("tokenizers", reason="HF tokenizers (test-only dependency) is not installed")
    sys.path.insert(0, str(Path(__file__).parent))
    from test_tokenizers_parity import parity_strings

    texts = parity_strings()
    cases = {}
    for name in ("minilm", "clip"):
        raw = gzip.decompress((FIXTURES / f"{name}_tokenizer.json.gz").read_bytes()).decode()
        theirs = hf.Tokenizer.from_str(raw)
        theirs.no_padding()
        cases[name] = {"texts": texts, "ids": [e.ids for e in theirs.encode_batch(texts)]}
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    script = tmp_path / "run.mjs"
    script.write_text(NODE_SCRIPT % {
        "pyodide": json.dumps(str(PYODIDE)), "index": json.dumps(str(PYODIDE.parent) + "/"),
        "root": json.dumps(str(ROOT)), "work": json.dumps(str(tmp_path)),
    })
    proc = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads((tmp_path / "result.json").read_text())
    for name, outcome in result.items():
        assert outcome["checked"] >= 2000
        assert outcome["n_bad"] == 0, (name, outcome)
