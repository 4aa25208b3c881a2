"""WordPiece (BERT): greedy longest-match-first over a fixed vocabulary.

A word is split left to right, each time taking the longest vocabulary entry that
starts there (non-initial pieces carry the ``##`` prefix). If any position has no
match, or the word is longer than ``max_input_chars_per_word``, the whole word
becomes the unknown token — exactly as the reference implementation does.
"""

from __future__ import annotations

from .cache import WordCache
from .errors import TokenizerFileError


class WordPieceModel:
    kind = "wordpiece"

    def __init__(self, vocab: dict[str, int], unk_token: str, prefix: str = "##", max_chars: int = 100):
        if unk_token not in vocab:
            raise TokenizerFileError(f"WordPiece unk_token {unk_token!r} is not in the vocabulary")
        self.vocab = vocab
        self.unk_token = unk_token
        self.unk_id = vocab[unk_token]
        self.prefix = prefix
        self.max_chars = max_chars
        self._cache = WordCache()
        self._max_piece = max(len(t) for t in vocab)

    def tokenize(self, word: str) -> tuple[list[int], list[str]]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        return self._cache.put(word, self._tokenize(word))

    def _tokenize(self, word: str) -> tuple[list[int], list[str]]:
        vocab = self.vocab
        n = len(word)
        if n > self.max_chars:
            return [self.unk_id], [self.unk_token]
        ids: list[int] = []
        tokens: list[str] = []
        start = 0
        while start < n:
            end = min(n, start + self._max_piece)
            found = None
            while end > start:
                piece = word[start:end]
                if start > 0:
                    piece = self.prefix + piece
                tid = vocab.get(piece)
                if tid is not None:
                    found = (tid, piece)
                    break
                end -= 1
            if found is None:
                return [self.unk_id], [self.unk_token]
            ids.append(found[0])
            tokens.append(found[1])
            start = end
        return ids, tokens


def build_wordpiece(model: dict, where: str) -> WordPieceModel:
    vocab = model.get("vocab")
    if not isinstance(vocab, dict) or not vocab:
        raise TokenizerFileError(f"{where}: WordPiece model has no vocab")
    return WordPieceModel(
        vocab=vocab,
        unk_token=model.get("unk_token", "[UNK]"),
        prefix=model.get("continuing_subword_prefix", "##"),
        max_chars=int(model.get("max_input_chars_per_word", 100)),
    )
