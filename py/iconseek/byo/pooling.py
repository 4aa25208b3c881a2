"""Turn an encoder's per-token output into one unit vector per text.

Kept apart from the ONNX plumbing so each rule is a few lines of numpy that
tests can check by hand, and so the browser worker can mirror them exactly
(the rule's name is written into ``encoder.json``):

* ``none`` – the graph already pooled: output is ``[batch, dim]``.
* ``mean`` – average of token vectors where ``attention_mask`` is 1
  (sentence-transformers' convention for BERT-family models; padding must not
  count, or a batch-padded query would drift from the same query alone).
* ``cls``  – the first token's vector (BERT's [CLS]).
* ``eos``  – the vector at the first end-of-text token (CLIP's rule: the text
  transformer is causal, so only the EOS position has seen the whole text).
"""

from __future__ import annotations

import numpy as np

POOLING_RULES: tuple[str, ...] = ("none", "mean", "cls", "eos")


def pool(
    output: np.ndarray,
    rule: str,
    *,
    attention_mask: np.ndarray | None = None,
    input_ids: np.ndarray | None = None,
    eos_id: int | None = None,
) -> np.ndarray:
    """Reduce ``output`` to ``[batch, dim]`` float32 with ``rule`` (see module doc)."""
    out = np.asarray(output, dtype=np.float32)
    if rule == "none":
        if out.ndim != 2:
            raise ValueError(f"pooling 'none' expects a [batch, dim] output, got shape {out.shape}")
        return out
    if out.ndim != 3:
        raise ValueError(f"pooling {rule!r} expects a [batch, tokens, dim] output, got shape {out.shape}")
    if rule == "mean":
        if attention_mask is None:
            return out.mean(axis=1)
        mask = np.asarray(attention_mask, dtype=np.float32)[:, :, None]
        return (out * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
    if rule == "cls":
        return out[:, 0, :]
    if rule == "eos":
        if input_ids is None or eos_id is None:
            raise ValueError("pooling 'eos' needs the input ids and the EOS token id")
        ids = np.asarray(input_ids)
        is_eos = ids == eos_id
        # First EOS per row; a row without one (cannot happen with our tokenizers)
        # falls back to its last real token rather than silently to position 0.
        last_real = (np.asarray(attention_mask).sum(axis=1) - 1) if attention_mask is not None else ids.shape[1] - 1
        positions = np.where(is_eos.any(axis=1), is_eos.argmax(axis=1), last_real)
        return out[np.arange(out.shape[0]), positions.astype(np.int64)]
    raise ValueError(f"unknown pooling rule {rule!r}; choose one of {', '.join(POOLING_RULES)}")


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    """Scale rows to unit length so a dot product is a cosine; zero rows stay zero."""
    v = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(norms, 1e-12)
