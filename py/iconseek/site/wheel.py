"""Pack the browser half of the package (``iconseek.core`` + the Pyodide entry) as a wheel.

WHY our own writer instead of ``pip wheel``/setuptools: the browser needs only
the stdlib-only query path, not the build-time code, and the archive must be
byte-for-byte reproducible so the site's content hashes (and therefore the
service-worker cache) change only when the code does. A wheel is a zip with
three metadata files; the stdlib ``zipfile`` writes it with fixed timestamps
and sorted entries.
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

# Paths relative to the source root (the folder that contains ``iconseek/``).
BROWSER_PACKAGES = ("iconseek/core",)
BROWSER_FILES = ("iconseek/__init__.py", "iconseek/site/__init__.py", "iconseek/site/browser.py")
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def _record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def browser_sources(src_root: Path) -> list[str]:
    """Relative paths of every file the browser needs, sorted."""
    files = set()
    for rel in BROWSER_FILES:
        if not (src_root / rel).is_file():
            raise FileNotFoundError(f"{src_root / rel} is missing; the browser package needs it")
        files.add(rel)
    for package in BROWSER_PACKAGES:
        root = src_root / package
        if not root.is_dir():
            raise FileNotFoundError(f"{root} is missing; the browser package needs it")
        for path in root.rglob("*.py"):
            files.add(path.relative_to(src_root).as_posix())
    return sorted(files)


def build_wheel(src_root: Path, out_dir: Path, version: str) -> Path:
    """Write ``iconseek-<version>-py3-none-any.whl`` into ``out_dir`` and return its path."""
    name = "iconseek"
    dist_info = f"{name}-{version}.dist-info"
    entries: list[tuple[str, bytes]] = []
    for rel in browser_sources(src_root):
        entries.append((rel, (src_root / rel).read_bytes()))
    metadata = (
        "Metadata-Version: 2.1\n"
        f"Name: {name}\n"
        f"Version: {version}\n"
        "Summary: iconseek query path (stdlib only) for Pyodide\n"
    ).encode()
    wheel_meta = (
        "Wheel-Version: 1.0\n"
        "Generator: iconseek.site.wheel\n"
        "Root-Is-Purelib: true\n"
        "Tag: py3-none-any\n"
    ).encode()
    entries.append((f"{dist_info}/METADATA", metadata))
    entries.append((f"{dist_info}/WHEEL", wheel_meta))
    record_lines = [f"{path},{_record_hash(data)},{len(data)}" for path, data in entries]
    record_lines.append(f"{dist_info}/RECORD,,")
    entries.append((f"{dist_info}/RECORD", ("\n".join(record_lines) + "\n").encode()))

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for rel, data in entries:
            info = zipfile.ZipInfo(rel, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return path
