"""Post-processors: the special tokens wrapped around a single sequence.

Only single-sequence encoding is needed for queries, so each processor reduces to
a fixed prefix and suffix of (id, token, type_id) plus the type id of the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import TokenizerFileError, UnsupportedTokenizerError


@dataclass(frozen=True)
class SpecialFrame:
    prefix: tuple[tuple[int, str, int], ...] = ()
    suffix: tuple[tuple[int, str, int], ...] = ()
    sequence_type_id: int = 0

    @property
    def added(self) -> int:
        return len(self.prefix) + len(self.suffix)


def _template(config: dict, where: str) -> SpecialFrame:
    specials = config.get("special_tokens") or {}
    prefix: list[tuple[int, str, int]] = []
    suffix: list[tuple[int, str, int]] = []
    seen_sequence = False
    type_id = 0
    for piece in config.get("single") or []:
        if "Sequence" in piece:
            seen_sequence = True
            type_id = int(piece["Sequence"].get("type_id", 0))
            continue
        if "SpecialToken" not in piece:
            raise TokenizerFileError(f"{where}: malformed template piece {piece!r}")
        name = piece["SpecialToken"]["id"]
        piece_type = int(piece["SpecialToken"].get("type_id", 0))
        spec = specials.get(name)
        if spec is None:
            raise TokenizerFileError(f"{where}: template uses undefined special token {name!r}")
        entries = [(int(i), t, piece_type) for i, t in zip(spec["ids"], spec["tokens"])]
        (suffix if seen_sequence else prefix).extend(entries)
    return SpecialFrame(tuple(prefix), tuple(suffix), type_id)


def _pair_tokens(config: dict, first: str, second: str) -> SpecialFrame:
    (first_token, first_id), (second_token, second_id) = config[first], config[second]
    return SpecialFrame(((int(first_id), first_token, 0),), ((int(second_id), second_token, 0),), 0)


def build_post_processor(config: dict | None, where: str) -> SpecialFrame:
    if config is None:
        return SpecialFrame()
    kind = config.get("type")
    if kind == "TemplateProcessing":
        return _template(config, where)
    if kind in ("BertProcessing", "RobertaProcessing"):
        return _pair_tokens(config, "cls", "sep")
    if kind == "ByteLevel":  # only adjusts offsets; ids are untouched
        return SpecialFrame()
    if kind == "Sequence":
        frames = [build_post_processor(c, where) for c in config.get("processors", [])]
        frames = [f for f in frames if f.added]
        if len(frames) > 1:
            raise UnsupportedTokenizerError(f"{where}: several post-processors add special tokens")
        return frames[0] if frames else SpecialFrame()
    raise UnsupportedTokenizerError(f"{where}: post_processor {kind!r} is not supported")
