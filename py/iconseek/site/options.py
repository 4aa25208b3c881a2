"""What ``iconseek site build`` is asked for (SiteOptions) and what it reports (SiteReport).

WHY a module of its own: the build stages (site/stages/) read the options and
the commands (site, serve) and byo/site.py construct them; neither should have
to import the whole assembly to do so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import defaults
from ..output_folder import OwnedOutput
from .layout import MANIFEST, SERVICE_WORKER

REPO_ROOT = Path(__file__).resolve().parents[3]


def _default_query_model() -> Path:
    from iconseek.models.runtime import resolve_query_model_dir

    return resolve_query_model_dir(Path(defaults.MODELS_DIR))


# Only folders an earlier site build wrote are ever replaced (output_folder.py).
SITE_OUTPUT = OwnedOutput("iconseek site build", ".iconseek-site", MANIFEST,
                          frozenset({"build", "assets", "app"}), SERVICE_WORKER)


@dataclass
class SiteOptions:
    out: Path = Path(defaults.SITE_DIR)
    catalog: Path = Path(defaults.CATALOG_DIR)
    vectors: Path | None = Path(defaults.VECTORS_DIR)
    # the query encoder: the fine-tuned query tower when present (models/runtime.py)
    model: Path | None = field(default_factory=lambda: _default_query_model())
    node_modules: Path = REPO_ROOT / "node_modules"
    web: Path = REPO_ROOT / "web"
    src: Path = REPO_ROOT / "py"
    vector_storage: str = "int4"
    vector_bits: int = 4  # dev benchmark: MRR@10 unchanged vs float16 (docs/DEPLOYMENT.md)
    # each arm projected to the fewest dimensions holding this share of its squared
    # length (site/vector_projection.py); None: every dimension shipped
    vector_energy: float | None = 0.995
    candidates: int = 100
    fusion: str = "dbsf"
    weights: dict | None = None
    bm25: dict | None = None  # {"k1": .., "b": ..} for the lexical index; None: the catalogue's index / defaults
    gzip: bool = True
    brotli: bool = True
    brotli_quality: int = 9
    zstd: bool = True
    zstd_level: int = 19
    snapshot: bool = True
    slim_encoder: bool = True  # float16 storage for the encoder's big float32 weights (encoder_slim.py)
    shrink_encoder: bool = True  # the encoder's token-embedding table on a coarser grid, smaller on the wire (encoder_shrink.py)
    preoptimize_encoder: bool = True  # fuse the encoder's graph at build time (encoder_preopt.py)
    # the encoder's float MatMul weights on a 6-bit grid, sent as codes in the fused graph's
    # side file (encoder_grid.py); needs preoptimize_encoder
    grid_encoder: bool = True


@dataclass
class SiteReport:
    out: Path
    build: str
    arms: list[str]
    count: int
    assets: dict = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        total = sum(a["bytes"] for a in self.assets.values())
        gz = sum(a.get("gzip_bytes", a["bytes"]) for a in self.assets.values())
        wire = sum(min(a.get("br_bytes", a["bytes"]), a.get("gzip_bytes", a["bytes"])) for a in self.assets.values())
        best = sum(min(a.get(k, a["bytes"]) for k in ("zstd_bytes", "br_bytes", "gzip_bytes"))
                   for a in self.assets.values())
        lines = [f"site {self.build}: {self.count} icons, arms bm25+{'+'.join(self.arms) or '(none)'} -> {self.out}",
                 f"  assets {total / 1e6:.1f} MB ({gz / 1e6:.1f} MB gzip, {wire / 1e6:.1f} MB br/gzip, "
                 f"{best / 1e6:.1f} MB zstd/br/gzip) in {self.seconds:.1f} s"]
        for key, a in sorted(self.assets.items(), key=lambda kv: -kv[1]["bytes"])[:8]:
            lines.append(f"  {a['bytes'] / 1e6:7.2f} MB  {a['url']}")
        return "\n".join(lines)
