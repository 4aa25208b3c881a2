"""The query path (py/iconseek/core) must import only the standard library: it runs in Pyodide."""

import ast
import sys
from pathlib import Path

CORE = Path(__file__).parents[2] / "py" / "iconseek" / "core"


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, 0
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, node.module or "", node.level


def test_core_imports_only_stdlib_or_core():
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 10, "expected to find the core modules"
    offenders = []
    for path in files:
        for line, module, level in imported_modules(path):
            top = module.split(".")[0]
            if level > 0:
                # Relative imports must stay inside iconseek.core.
                depth = len(path.relative_to(CORE).parts) - 1
                if level - 1 > depth:
                    offenders.append(f"{path}:{line}: relative import leaves iconseek.core")
                continue
            if module == "iconseek.core" or module.startswith("iconseek.core."):
                continue
            if top == "__future__" or top in sys.stdlib_module_names:
                continue
            offenders.append(f"{path}:{line}: imports {module!r}")
    assert not offenders, "\n".join(offenders)


def test_the_check_catches_a_third_party_import(tmp_path):
    fake = tmp_path / "bad.py"
    fake.write_text("import numpy as np\nfrom ..x import y\n")
    found = list(imported_modules(fake))
    assert (1, "numpy", 0) in found and (2, "x", 2) in found
    assert "numpy" not in sys.stdlib_module_names
