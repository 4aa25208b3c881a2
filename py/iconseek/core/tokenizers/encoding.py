"""The result of encoding one text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Encoding:
    """Token ids ready for a model, plus the strings they stand for.

    ``attention_mask`` is 1 for real tokens and 0 for padding; ``type_ids`` are the
    segment ids BERT-style models take as ``token_type_ids`` (all 0 for one text).
    """

    ids: list[int]
    attention_mask: list[int]
    tokens: list[str]
    type_ids: list[int]

    def __len__(self) -> int:
        return len(self.ids)
