"""The tokenizer pipeline: added tokens -> normalizer -> pre-tokenizer -> model ->
truncation -> special tokens -> padding, in Hugging Face's order."""

from __future__ import annotations

from typing import Callable, Iterable, Protocol

from .encoding import Encoding
from .added_tokens import AddedVocabulary
from .postprocessors import SpecialFrame


class TokenModel(Protocol):
    """What the pipeline needs from a model (WordPieceModel, BPEModel)."""

    kind: str
    vocab: dict[str, int]
    unk_id: int | None

    def tokenize(self, word: str) -> tuple[list[int], list[str]]: ...


def _clean_surrogates(text: str) -> str:
    """Lone surrogates cannot be UTF-8 encoded; replace them with U+FFFD like a browser would."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


class Tokenizer:
    """A stdlib-only tokenizer built from a tokenizer.json (see ``load_tokenizer``)."""

    def __init__(
        self,
        *,
        model: TokenModel,
        normalizer: Callable[[str], str] | None,
        pre_tokenizer: Callable[[list[str]], list[str]] | None,
        added: AddedVocabulary,
        frame: SpecialFrame,
        max_length: int | None,
        truncate_left: bool,
        pad_length: int | None,
        pad_longest: bool,
        pad_multiple: int | None,
        pad_left: bool,
        pad_id: int | None,
        pad_token: str | None,
        pad_type_id: int,
        source: str,
    ):
        self._model = model
        self._normalizer = normalizer
        self._pre_tokenizer = pre_tokenizer
        self._added = added
        self._frame = frame
        self._max_length = max_length
        self._truncate_left = truncate_left
        self._pad_length = pad_length
        self._pad_longest = pad_longest
        self._pad_multiple = pad_multiple
        self._pad_left = pad_left
        self._pad_id = pad_id
        self._pad_token = pad_token
        self._pad_type_id = pad_type_id
        self.source = source
        self._id_to_token: dict[int, str] | None = None

    # -- description ---------------------------------------------------------
    @property
    def kind(self) -> str:
        """``"wordpiece"``, ``"clip-bpe"`` (byte-level BPE with ``</w>``) or ``"bpe"``."""
        return self._model.kind

    @property
    def model_max_length(self) -> int | None:
        """Truncation limit in tokens, special tokens included (None: no truncation)."""
        return self._max_length

    context_length = model_max_length

    @property
    def pad_id(self) -> int | None:
        return self._pad_id

    @property
    def pad_token(self) -> str | None:
        return self._pad_token

    @property
    def padding_length(self) -> int | None:
        """Fixed length every encoding is padded to, or None when padding is off/dynamic."""
        return self._pad_length

    @property
    def bos_id(self) -> int | None:
        """The first special token the post-processor adds ([CLS] or <|startoftext|>)."""
        return self._frame.prefix[0][0] if self._frame.prefix else None

    @property
    def eos_id(self) -> int | None:
        """The last special token the post-processor adds ([SEP] or <|endoftext|>)."""
        return self._frame.suffix[-1][0] if self._frame.suffix else None

    @property
    def bos_token(self) -> str | None:
        return self._frame.prefix[0][1] if self._frame.prefix else None

    @property
    def eos_token(self) -> str | None:
        return self._frame.suffix[-1][1] if self._frame.suffix else None

    cls_id = bos_id
    sep_id = eos_id
    cls_token = bos_token
    sep_token = eos_token

    @property
    def unk_id(self) -> int | None:
        return self._model.unk_id

    @property
    def vocab_size(self) -> int:
        return len(set(self._model.vocab.values()) | set(self._added.ids.values()))

    def token_to_id(self, token: str) -> int | None:
        tid = self._added.ids.get(token)
        return tid if tid is not None else self._model.vocab.get(token)

    def id_to_token(self, tid: int) -> str | None:
        if self._id_to_token is None:
            table = {i: t for t, i in self._model.vocab.items()}
            table.update({i: t for t, i in self._added.ids.items()})
            self._id_to_token = table
        return self._id_to_token.get(tid)

    # -- encoding ------------------------------------------------------------
    def _tokenize(self, text: str) -> tuple[list[int], list[str]]:
        ids: list[int] = []
        tokens: list[str] = []
        normalize = self._normalizer
        pre_tokenize = self._pre_tokenizer
        model_tokenize = self._model.tokenize
        for segment, added_id in self._added.split_raw(text):
            if added_id is not None:
                ids.append(added_id)
                tokens.append(segment)
                continue
            if normalize is not None:
                segment = normalize(segment)
            for piece, piece_id in self._added.split_normalized(segment):
                if piece_id is not None:
                    ids.append(piece_id)
                    tokens.append(piece)
                    continue
                words = pre_tokenize([piece]) if pre_tokenize is not None else [piece]
                for word in words:
                    word_ids, word_tokens = model_tokenize(word)
                    ids.extend(word_ids)
                    tokens.extend(word_tokens)
        return ids, tokens

    def encode(self, text: str, *, add_special_tokens: bool = True) -> Encoding:
        """Encode one text: truncated to ``model_max_length``, padded only if enabled."""
        enc = self._encode_unpadded(text, add_special_tokens)
        target = self._target_length()
        return self._pad(enc, target) if target else enc

    def encode_batch(self, texts: Iterable[str], *, add_special_tokens: bool = True) -> list[Encoding]:
        encodings = [self._encode_unpadded(t, add_special_tokens) for t in texts]
        if self._pad_longest and encodings:
            longest = max(len(e.ids) for e in encodings)
            return [self._pad(e, self._round_up(longest)) for e in encodings]
        out = []
        for enc in encodings:
            target = self._target_length()
            out.append(self._pad(enc, target) if target else enc)
        return out

    def _encode_unpadded(self, text: str, add_special_tokens: bool) -> Encoding:
        if not isinstance(text, str):
            raise TypeError(f"encode() expects str, got {type(text).__name__}")
        if not text.isascii():
            text = _clean_surrogates(text)
        ids, tokens = self._tokenize(text)
        frame = self._frame
        budget = None
        if self._max_length is not None:
            budget = self._max_length - (frame.added if add_special_tokens else 0)
        if budget is not None and len(ids) > budget:
            if self._truncate_left:
                ids, tokens = ids[len(ids) - budget :], tokens[len(tokens) - budget :]
            else:
                ids, tokens = ids[:budget], tokens[:budget]
        type_ids = [frame.sequence_type_id] * len(ids)
        if add_special_tokens and frame.added:
            ids = [p[0] for p in frame.prefix] + ids + [s[0] for s in frame.suffix]
            tokens = [p[1] for p in frame.prefix] + tokens + [s[1] for s in frame.suffix]
            type_ids = [p[2] for p in frame.prefix] + type_ids + [s[2] for s in frame.suffix]
        return Encoding(ids, [1] * len(ids), tokens, type_ids)

    def _round_up(self, n: int) -> int:
        m = self._pad_multiple
        return n if not m else ((n + m - 1) // m) * m

    def _target_length(self) -> int | None:
        if self._pad_length is None:
            return None
        return self._round_up(self._pad_length)

    def _pad(self, enc: Encoding, target: int) -> Encoding:
        missing = target - len(enc.ids)
        if missing <= 0:
            return enc
        pad_ids = [self._pad_id] * missing
        pad_tokens = [self._pad_token] * missing
        pad_types = [self._pad_type_id] * missing
        zeros = [0] * missing
        if self._pad_left:
            return Encoding(pad_ids + enc.ids, zeros + enc.attention_mask, pad_tokens + enc.tokens, pad_types + enc.type_ids)
        return Encoding(enc.ids + pad_ids, enc.attention_mask + zeros, enc.tokens + pad_tokens, enc.type_ids + pad_types)

    def __repr__(self) -> str:
        return f"Tokenizer(kind={self.kind!r}, vocab_size={self.vocab_size}, max_length={self._max_length}, source={self.source!r})"
