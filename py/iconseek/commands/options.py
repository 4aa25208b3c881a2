"""Option parsers shared by several sub-commands (stdlib only, cheap to import)."""

from __future__ import annotations


def parse_weights(text: str, key: str = "name") -> dict[str, float]:
    """``"a=1,b=0.5"`` -> ``{"a": 1.0, "b": 0.5}``; ``key`` names the left side in errors
    (``field`` for BM25 field weights, ``arm`` for fusion weights)."""
    weights = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"bad weight {part!r}: expected {key}=number")
        weights[name.strip()] = float(value)
    return weights
