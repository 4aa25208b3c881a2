"""What few-bit grids on the encoder's MatMul weights cost and save (py/iconseek/site/encoder_lowbit.py).

The encoder as the site ships it before fusion (float16 FFN weights, table on
encoder_shrink's grid) and, per variant, with its int8 and/or float MatMul
weights on a b-bit grid: bytes the download would carry for those weights
(codes + multipliers [+ scales], zstd 19, what the site serves), cosine to
float32 MiniLM on the phrases of bench_encoder_shrink.py, and ``iconseek eval``
on the BEIR folders with a temporary model folder holding that graph.

    PYTHONPATH=py .venv/bin/python bench/bench_encoder_lowbit.py                       # float 6, float 5, int 6
    PYTHONPATH=py .venv/bin/python bench/bench_encoder_lowbit.py --variants float:6 all:4 --splits holdout
"""

from __future__ import annotations

import argparse
import json

from bench_encoder_shrink import GRAPH, MODEL, measure, phrases

KINDS = {"float": ("float",), "int": ("int",), "all": ("int", "float")}


def main() -> None:
    import numpy as np
    import zstandard

    from iconseek.core.tokenizers import load_tokenizer
    from iconseek.site.encoder_lowbit import to_grid, wire_bytes
    from iconseek.site.encoder_shrink import embeddings, shrink_tables
    from iconseek.site.encoder_slim import fp16_weights
    from iconseek.site.stages.encoder import encoder_config

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--variants", nargs="+", default=["float:6", "float:5", "int:6"],
                        help="KIND:BITS, KIND one of float, int, all (default float:6 float:5 int:6)")
    parser.add_argument("--titles", type=int, default=300, help="icon titles added to the phrases (default 300)")
    parser.add_argument("--beir", nargs="+", default=["dev", "describe"], help="bench/ folders to evaluate on")
    parser.add_argument("--splits", nargs="+", default=["holdout"], help="qrels splits (default holdout)")
    args = parser.parse_args()

    _, _, spec = encoder_config(MODEL)
    tokenizer = load_tokenizer(str(MODEL / "tokenizer.json"))
    ids = [list(tokenizer.encode(t).ids) for t in phrases(args.titles)]
    float_model = MODEL / "onnx" / "model.onnx"
    reference = np.stack(embeddings(float_model.read_bytes(), ids, spec))
    base = shrink_tables(fp16_weights((MODEL / GRAPH).read_bytes())[0].SerializeToString())[0].SerializeToString()
    packer = zstandard.ZstdCompressor(level=19)
    variants = [("as shipped", base, None)]
    for variant in args.variants:
        kind, bits = variant.split(":")
        model, tensors = to_grid(base, float_model, bits=int(bits), float_bits=int(bits), kinds=KINDS[kind])
        wire = sum(len(packer.compress(wire_bytes(t))) for t in tensors)
        variants.append((f"{kind} weights at {bits} bits ({len(tensors)})", model.SerializeToString(), wire))
    print(f"{len(ids)} phrases; cosine to float32 MiniLM ({float_model.relative_to(MODEL)})")
    for label, graph, wire in variants:
        row = {"variant": label, "weights_zstd_mb": None if wire is None else round(wire / 1e6, 3)}
        print(json.dumps(measure(row, graph, ids, spec, reference, args.beir, args.splits)), flush=True)


if __name__ == "__main__":
    main()
