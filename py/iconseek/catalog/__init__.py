"""Build-time icon catalogue: npm icon libraries (or a folder of SVGs) -> corpus.jsonl + SVGs + rasters.

The catalogue is the ground truth every later stage reads (names, tags, licences,
pixels), so its format is fixed in docs/CONTRACTS.md and its output is
deterministic: the same inputs always give a byte-identical ``corpus.jsonl``.
"""
