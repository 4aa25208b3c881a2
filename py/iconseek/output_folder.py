"""Output folders the build commands own: recognise them, refuse everything else.

`iconseek catalog build` and `iconseek site build` replace their whole output
folder. They may only do that to a folder an earlier run of the same command
wrote: each run leaves a marker file in its output, and a folder without it —
a web app's own folder with a manifest.json, a hand-made folder of SVGs — is
refused before any work starts, untouched. Outputs written before the markers
existed are recognised by the JSON file each command has always written
(``legacy``). Build-time only (not part of the browser wheel).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class OwnedOutput:
    command: str        # "iconseek site build"
    marker: str         # file name left in every output
    legacy_file: str | None = None  # JSON file an output from before the marker holds ...
    legacy_keys: frozenset[str] = frozenset()  # ... with these top-level keys,
    legacy_beside: str = ""  # ... beside this file

    def is_ours(self, folder: Path) -> bool:
        if (folder / self.marker).is_file():
            return True
        if self.legacy_file is None:
            return False
        try:
            doc = json.loads((folder / self.legacy_file).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(doc, dict) and self.legacy_keys <= doc.keys() and (folder / self.legacy_beside).is_file()

    def refuse_foreign(self, folder: Path) -> None:
        """Raise unless ``folder`` is absent, empty, or this command's earlier output."""
        if folder.exists() and (not folder.is_dir() or (any(folder.iterdir()) and not self.is_ours(folder))):
            raise FileExistsError(
                f"{folder} exists and was not written by `{self.command}` (no {self.marker}); "
                "refusing to replace it — choose another --out or move it away")

    def claim_partial(self, out: Path) -> Path:
        """Check ``out`` and its ``.partial`` sibling, then start that sibling afresh, marked as ours."""
        partial = out.with_name(out.name + ".partial")
        self.refuse_foreign(out)
        self.refuse_foreign(partial)
        if partial.exists():
            shutil.rmtree(partial)
        partial.mkdir(parents=True)
        (partial / self.marker).write_text(f"written by {self.command}; its next run may replace this folder\n")
        return partial
