"""Stdlib-only layers.

The query path (py/iconseek/core) runs in Pyodide: it may import only the
standard library and itself. The evaluation package (py/iconseek/eval: metrics,
BEIR, TREC) sits beside it, stdlib only too, and may use the core but the core
may never use it (it is not in the browser wheel).
"""

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "py" / "iconseek"
CORE = PACKAGE / "core"
EVAL = PACKAGE / "eval"


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, 0
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, node.module or "", node.level


def layer_offenders(root: Path, allowed: tuple[str, ...]) -> list[str]:
    """Imports in ``root`` of anything but the stdlib and the ``allowed`` iconseek packages."""
    files = sorted(root.rglob("*.py"))
    assert files, f"expected to find modules under {root}"
    offenders = []
    for path in files:
        for line, module, level in imported_modules(path):
            top = module.split(".")[0]
            if level > 0:
                # Relative imports must stay inside the layer's own package.
                depth = len(path.relative_to(root).parts) - 1
                if level - 1 > depth:
                    offenders.append(f"{path}:{line}: relative import leaves {root.name}")
                continue
            if any(module == package or module.startswith(package + ".") for package in allowed):
                continue
            if top == "__future__" or top in sys.stdlib_module_names:
                continue
            offenders.append(f"{path}:{line}: imports {module!r}")
    return offenders


def test_core_imports_only_stdlib_or_core():
    assert len(list(CORE.rglob("*.py"))) > 10, "expected to find the core modules"
    offenders = layer_offenders(CORE, ("iconseek.core",))
    assert not offenders, "\n".join(offenders)


def test_eval_imports_only_stdlib_core_or_eval():
    offenders = layer_offenders(EVAL, ("iconseek.core", "iconseek.eval"))
    assert not offenders, "\n".join(offenders)


def test_the_layer_check_names_an_import_of_eval_from_core(tmp_path):
    layer = tmp_path / "core"
    layer.mkdir()
    (layer / "engine.py").write_text("from iconseek.eval.metrics import mrr_at_k\nfrom . import query\n")
    offenders = layer_offenders(layer, ("iconseek.core",))
    assert offenders == [f"{layer / 'engine.py'}:1: imports 'iconseek.eval.metrics'"]


def test_the_check_catches_a_third_party_import(tmp_path):
    fake = tmp_path / "bad.py"
    fake.write_text("import numpy as np\nfrom ..x import y\n")
    found = list(imported_modules(fake))
    assert (1, "numpy", 0) in found and (2, "x", 2) in found
    assert "numpy" not in sys.stdlib_module_names
