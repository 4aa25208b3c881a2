"""The model worker's encoder side-file reader (web/model-session.js, encoderExternalData) and its
Python twin (iconseek.site.encoder_preopt.widen) give the same float32 bytes, and the same refusals.

WHY byte for byte: the build's checks and the e2e parity tests run the weights the Python twin
rebuilds; the browser runs what the JavaScript rebuilds. A grid weight's values are float32
products the worker computes in doubles and rounds on the Float32Array store.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

np = pytest.importorskip("numpy", reason="build extra (numpy) not installed")

from iconseek.site.encoder_lowbit import GRID_FORMAT, LowBitTensor, wire_bytes  # noqa: E402
from iconseek.site.encoder_preopt import FORMAT, HALF_FORMAT, widen  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js not installed (the site build needs it too)")


def _side_file(seed: int = 3):
    """(side file, manifest encoder entry): a float16 section and two grid sections, one with a K
    that is not a multiple of the block, codes and multipliers over their whole ranges."""
    rng = np.random.default_rng(seed)
    half = (rng.standard_normal(5000) * 0.05).astype(np.float16)
    half[:4] = [0.0, -0.0, 65504.0, 6e-8]  # zero of either sign, the largest and a subnormal half
    pairs = half.astype("<f2").view(np.uint8).reshape(-1, 2)
    sections = [pairs[:, 0].tobytes() + pairs[:, 1].tobytes()]
    external = [{"path": "encoder-weight-0.f32", "format": HALF_FORMAT, "count": half.size}]
    for index, (rows, cols, bits) in enumerate(((96, 40, 6), (70, 24, 4)), start=1):
        blocks = -(-rows // 32)
        codes = rng.integers(0, 2 ** bits, size=(rows, cols), dtype=np.uint8)
        multipliers = rng.integers(1, 16, size=(blocks, cols), dtype=np.uint8)
        scales = (10.0 ** rng.uniform(-6, 1, size=cols) * rng.uniform(1, 2, size=cols)).astype(np.float32)
        tensor = LowBitTensor(f"w{index}", "float32", codes, multipliers, scales, bits)
        sections.append(wire_bytes(tensor))
        external.append({"path": f"encoder-weight-{index}.f32", "format": GRID_FORMAT, "shape": [rows, cols],
                         "bits": bits, "block": 32})
    offset = 0
    for entry, data in zip(external, sections):
        entry.update(offset=offset, length=len(data))
        offset += len(data)
    return b"".join(sections), {"external": external, "weights_format": FORMAT}


def _javascript(tmp_path: Path, weights: bytes, encoder: dict) -> dict:
    """{path: float32 bytes} from encoderExternalData, or {"error": message}."""
    (tmp_path / "weights.bin").write_bytes(weights)
    script = f"""
import fs from "node:fs";
const {{ encoderExternalData }} = await import({json.dumps((REPO / "web" / "model-session.js").as_uri())});
const weights = new Uint8Array(fs.readFileSync({json.dumps(str(tmp_path / "weights.bin"))}));
try {{
  for (const {{ path, data }} of encoderExternalData(weights, {json.dumps(encoder)})) {{
    fs.writeFileSync({json.dumps(str(tmp_path))} + "/" + path, data);
  }}
  console.log(JSON.stringify({{ ok: true }}));
}} catch (error) {{
  console.log(JSON.stringify({{ error: error.message }}));
}}
"""
    done = subprocess.run([NODE, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    reply = json.loads(done.stdout)
    if "error" in reply:
        return reply
    return {e["path"]: (tmp_path / e["path"]).read_bytes() for e in encoder["external"]}


def test_javascript_and_python_rebuild_the_same_float32_bytes(tmp_path):
    weights, encoder = _side_file()
    python = widen(weights, encoder["external"], encoder["weights_format"])
    javascript = _javascript(tmp_path, weights, encoder)
    assert set(javascript) == set(python) == {e["path"] for e in encoder["external"]}
    for path, data in python.items():
        assert javascript[path] == data, path
    # the grid values are the products expand() makes, not all of them float16 numbers
    grid = np.frombuffer(python["encoder-weight-1.f32"], dtype="<f4")
    assert grid.size == 96 * 40 and not np.array_equal(grid.astype(np.float16).astype(np.float32), grid)


@pytest.mark.parametrize("change, message", [
    (lambda e: e[1].update(length=e[1]["length"] - 1),
     "encoder-weight-1.f32 holds 4119 bytes, but a \\[96, 40\\] grid in blocks of 32 takes 4120"),
    (lambda e: e[2].update(shape=[71, 24]),
     "encoder-weight-2.f32 holds 1848 bytes, but a \\[71, 24\\] grid in blocks of 32 takes 1872"),
    (lambda e: e[1].update(shape=[96]), "encoder-weight-1.f32 has shape \\[96\\]"),
    (lambda e: e[0].update(count=4999), "encoder-weight-0.f32 holds 10000 bytes, not two byte planes of 4999"),
    (lambda e: e[2].update(offset=e[2]["offset"] + 1), "does not hold encoder-weight-2.f32"),
    (lambda e: e[1].update(format="grid9"), "encoder-weight-1.f32 has format"),
])
def test_both_refuse_a_side_file_that_does_not_fit_the_manifest(tmp_path, change, message):
    weights, encoder = _side_file()
    change(encoder["external"])
    with pytest.raises(ValueError, match=message):
        widen(weights, encoder["external"], encoder["weights_format"])
    reply = _javascript(tmp_path, weights, encoder)
    assert "error" in reply
    assert re.search(message, reply["error"]), reply["error"]
    assert "rebuild the site" in reply["error"]


def test_both_refuse_a_side_file_of_an_older_format(tmp_path):
    weights, encoder = _side_file()
    encoder["weights_format"] = "fp16-byte-planes"
    with pytest.raises(ValueError, match="format fp16-byte-planes is not supported; rebuild the site"):
        widen(weights, encoder["external"], encoder["weights_format"])
    assert _javascript(tmp_path, weights, encoder) == {
        "error": "encoder weights format fp16-byte-planes is not supported; rebuild the site"}
