"""The trimmed standard-library zip: what it holds, that it is deterministic, clear errors."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from iconseek.site.stdlib_trim import STDLIB_AFTER_RESTORE, module_files, trim_stdlib

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_STDLIB = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"


def _zip(files: dict[str, str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 9, 14, 3, 3, 52))
            info.compress_type = compression
            archive.writestr(info, text)
    return out.getvalue()


FULL = _zip({"json/__init__.py": "J", "json/decoder.py": "D", "email/__init__.py": "E", "email/mime/__init__.py": "M",
             "email/mime/text.py": "T", "difflib.py": "X", "heapq.py": "H"})


def _names(data: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_a_module_comes_with_its_packages_and_nothing_else():
    trimmed = trim_stdlib(FULL, ["email.mime.text", "difflib"])
    assert _names(trimmed) == ["difflib.py", "email/__init__.py", "email/mime/__init__.py", "email/mime/text.py"]
    archive = zipfile.ZipFile(io.BytesIO(trimmed))
    assert archive.read("email/mime/text.py") == b"T"
    assert archive.getinfo("difflib.py").date_time == (2026, 9, 14, 3, 3, 52)
    assert archive.getinfo("difflib.py").compress_type == zipfile.ZIP_DEFLATED
    assert module_files(["json"], set(_names(FULL))) == ["json/__init__.py"]  # a package by its __init__


def test_same_input_same_bytes_whatever_the_order():
    assert trim_stdlib(FULL, ["heapq", "json.decoder"]) == trim_stdlib(FULL, ["json.decoder", "heapq", "heapq"])


def test_no_modules_is_an_empty_but_valid_zip():
    trimmed = trim_stdlib(FULL, [])
    assert _names(trimmed) == [] and len(trimmed) == 22


def test_a_module_the_zip_lacks_is_named():
    with pytest.raises(ValueError, match=r"stdlib\.zip: .*no module 'tomllib'"):
        trim_stdlib(FULL, ["tomllib"], source="stdlib.zip")
    with pytest.raises(ValueError, match=r"no package 'xml' \(for 'xml.dom'\)"):
        trim_stdlib(FULL, ["xml.dom"])
    with pytest.raises(ValueError, match=r"broken.zip: not a zip file"):
        trim_stdlib(b"not a zip", [], source="broken.zip")


def test_the_shipped_list_is_in_pyodides_zip():
    if not PYODIDE_STDLIB.is_file():
        pytest.skip("npm package pyodide is not installed (run npm ci)")
    full = PYODIDE_STDLIB.read_bytes()
    trimmed = trim_stdlib(full)
    assert len(_names(trimmed)) >= len(STDLIB_AFTER_RESTORE)
    assert len(trimmed) < len(full) // 100
