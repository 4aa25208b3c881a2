"""Phosphor (``@phosphor-icons/core``): six weights in ``assets/<weight>/``; we keep ``regular``.

Tags and categories live only in ``dist/index.mjs`` (an ES module exporting
``icons``), so the metadata is read by asking Node to import it and print JSON.
If Node is unavailable the icons are still catalogued, without metadata, and
the problem is reported. Phosphor marks recent icons with a ``*new*`` tag, which
is release bookkeeping rather than a description, so it is dropped.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from iconseek.catalog.libraries.base import IconLibrary, require_dir, svg_stems
from iconseek.catalog.problems import Problems
from iconseek.catalog.record import IconSource, clean_terms

_NODE_SCRIPT = (
    "import(process.argv[1]).then(m => process.stdout.write(JSON.stringify(m.icons)))"
    ".catch(e => { console.error(String(e)); process.exit(1); })"
)


def load_esm_icons(module_path: Path, problems: Problems) -> list[dict]:
    """Import the ESM metadata module with Node and return its ``icons`` array."""
    node = shutil.which("node")
    if node is None:
        problems.add("metadata", module_path, "node not found on PATH; Phosphor tags/categories skipped")
        return []
    if not module_path.is_file():
        problems.add("metadata", module_path, "metadata module missing; icons catalogued without it")
        return []
    try:
        done = subprocess.run(
            [node, "-e", _NODE_SCRIPT, module_path.resolve().as_uri()],
            capture_output=True, text=True, timeout=60, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        problems.add("metadata", module_path, f"node failed: {exc}")
        return []
    if done.returncode != 0:
        problems.add("metadata", module_path, f"node failed: {done.stderr.strip()[:200]}")
        return []
    try:
        icons = json.loads(done.stdout)
    except ValueError as exc:
        problems.add("metadata", module_path, f"node printed invalid JSON: {exc}")
        return []
    return [i for i in icons if isinstance(i, dict)] if isinstance(icons, list) else []


def _is_release_marker(tag: str) -> bool:
    return tag.startswith("*") and tag.endswith("*")


class Phosphor(IconLibrary):
    slug = "phosphor"
    display_name = "Phosphor Icons"
    package = "@phosphor-icons/core"
    licence = "MIT"
    holder = "Phosphor Icons"
    homepage = "https://phosphoricons.com"
    canonical_style = "regular weight (of thin/light/regular/bold/fill/duotone)"

    def collect(self, package_dir: Path, problems: Problems) -> list[IconSource]:
        folder = package_dir / "assets" / "regular"
        if not require_dir(folder, problems):
            return []
        meta = {i.get("name"): i for i in load_esm_icons(package_dir / "dist" / "index.mjs", problems)}
        sources = []
        for name in svg_stems(folder):
            info = meta.get(name, {})
            tags = [t for t in info.get("tags", ()) if isinstance(t, str) and not _is_release_marker(t)]
            categories = [*info.get("categories", ()), info.get("figma_category")]
            sources.append(
                IconSource(
                    name=name,
                    svg_path=folder / f"{name}.svg",
                    tags=clean_terms(tags),
                    categories=clean_terms(categories),
                )
            )
        return sources
