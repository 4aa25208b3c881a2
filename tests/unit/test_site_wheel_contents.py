"""The browser wheel holds the query path and nothing else.

The query path is what ``iconseek.site.browser`` (the Pyodide entry) imports,
followed through every ``iconseek`` import, lazy ones inside functions
included. Evaluation code (metrics, BEIR, TREC) and benchmarks are build-time
tools: shipping them would only grow the download and the memory snapshot.
"""

from __future__ import annotations

import ast
import zipfile
from pathlib import Path

from iconseek.site.wheel import build_wheel

SRC = Path(__file__).resolve().parents[2] / "py"
ENTRY = "iconseek.site.browser"


def module_file(src: Path, name: str) -> Path | None:
    base = src.joinpath(*name.split("."))
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def module_name(src: Path, path: Path) -> tuple[str, bool]:
    """Dotted name of ``path`` and whether it is a package ``__init__``."""
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def imported_names(src: Path, path: Path):
    """Every module name ``path`` may import, ``from x import y`` giving both x and x.y."""
    name, is_package = module_name(src, path)
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(parts + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def import_closure(src: Path, entry: str) -> set[str]:
    """Source paths (relative to ``src``) of every iconseek module reachable from ``entry``."""
    seen: dict[str, Path] = {}
    todo = [entry]
    while todo:
        name = todo.pop()
        if name in seen or name.split(".")[0] != "iconseek":
            continue
        path = module_file(src, name)
        if path is None:  # ``from pkg import function``: not a module
            continue
        seen[name] = path
        parents = name.split(".")
        todo.extend(".".join(parents[:i]) for i in range(1, len(parents)))
        todo.extend(imported_names(src, path))
    return {path.relative_to(src).as_posix() for path in seen.values()}


def wheel_python_files(tmp_path: Path) -> set[str]:
    wheel = build_wheel(SRC, tmp_path, "0.0.0")
    return {name for name in zipfile.ZipFile(wheel).namelist() if name.endswith(".py")}


def test_wheel_holds_exactly_the_modules_the_browser_entry_imports(tmp_path):
    shipped = wheel_python_files(tmp_path)
    needed = import_closure(SRC, ENTRY)
    assert "iconseek/core/engine.py" in needed, "the closure walk lost the engine"
    assert needed - shipped == set(), "the browser imports modules the wheel lacks"
    assert shipped - needed == set(), "the wheel ships modules the query path never imports"


def test_wheel_holds_no_evaluation_or_benchmark_code(tmp_path):
    shipped = wheel_python_files(tmp_path)
    build_time = {"metrics", "beir", "trec", "bench", "eval"}
    offenders = sorted(name for name in shipped if build_time & set(Path(name).with_suffix("").parts))
    assert offenders == []


def test_the_closure_follows_relative_and_lazy_imports(tmp_path):
    package = tmp_path / "iconseek"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "entry.py").write_text("def f():\n    from .sub import helper\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "helper.py").write_text("from ..other import thing\nimport json\n")
    (package / "other.py").write_text("thing = 1\n")
    (package / "unused.py").write_text("")
    assert import_closure(tmp_path, "iconseek.entry") == {
        "iconseek/__init__.py", "iconseek/entry.py", "iconseek/sub/__init__.py",
        "iconseek/sub/helper.py", "iconseek/other.py",
    }
