"""How to read a bring-your-own encoder folder and its parquet: one set of choices.

WHY one dataclass: the CPython scorer (byo/scorer.py) and the bundle the site
is built from (byo/bundle.py) read the same two inputs with the same overrides;
spelled out in each signature, the two lists had to be kept equal by hand.
Each field left at None is detected from the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from iconseek.byo.encoder import TextEncoder, load_text_encoder


@dataclass(frozen=True)
class ByoReadOptions:
    model_file: str | Path | None = None  # force a graph, e.g. onnx/model.onnx
    output: str | None = None  # force the graph output holding the vectors
    pooling: str | None = None  # force none | mean | cls | eos
    id_column: str | None = None  # the parquet's icon id column
    vector_column: str | None = None  # its vector column
    library_column: str | None = None  # its library column, when ids need one
    clip_padding: bool = True  # pad CLIP texts to 77 when the graph's sequence axis is dynamic

    def load_encoder(self, model_dir: str | Path, threads: int | None = None) -> TextEncoder:
        return load_text_encoder(model_dir, model_file=self.model_file, output=self.output, pooling=self.pooling,
                                 threads=threads, clip_padding=self.clip_padding)

    def columns(self) -> dict[str, str | None]:
        """The parquet column keywords of ``read_parquet_vectors`` and ``convert_parquet``."""
        return {"id_column": self.id_column, "vector_column": self.vector_column,
                "library_column": self.library_column}
