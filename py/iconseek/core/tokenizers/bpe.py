"""Byte-pair encoding (BPE) as used by CLIP and GPT-2 style tokenizers.

A word starts as one symbol per character (CLIP appends ``</w>`` to the last one),
then the adjacent pair with the lowest merge rank is merged — every occurrence,
left to right — until no adjacent pair has a rank. Merging all occurrences of the
best pair per round gives the same result as HF's priority queue because a pair
created by a merge always ranks after the merge that created its parts.
"""

from __future__ import annotations

from .cache import WordCache
from .errors import TokenizerFileError, UnsupportedTokenizerError


class BPEModel:
    def __init__(
        self,
        vocab: dict[str, int],
        merges: list[tuple[str, str]],
        *,
        unk_token: str | None,
        end_of_word_suffix: str = "",
        fuse_unk: bool = False,
        ignore_merges: bool = False,
    ):
        self.vocab = vocab
        self.ranks = {pair: rank for rank, pair in enumerate(merges)}
        self.suffix = end_of_word_suffix
        self.unk_token = unk_token
        self.unk_id = vocab.get(unk_token) if unk_token is not None else None
        if unk_token is not None and self.unk_id is None:
            raise TokenizerFileError(f"BPE unk_token {unk_token!r} is not in the vocabulary")
        self.fuse_unk = fuse_unk
        self.ignore_merges = ignore_merges
        self._cache = WordCache()
        self.kind = "clip-bpe" if end_of_word_suffix == "</w>" else "bpe"

    def tokenize(self, word: str) -> tuple[list[int], list[str]]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        return self._cache.put(word, self._tokenize(word))

    def _initial_symbols(self, word: str) -> list[str | None]:
        """One symbol per character; None marks characters missing from the vocabulary."""
        vocab = self.vocab
        symbols: list[str | None] = list(word)
        if self.suffix:
            symbols[-1] = symbols[-1] + self.suffix
        return [s if s in vocab else None for s in symbols]

    def _tokenize(self, word: str) -> tuple[list[int], list[str]]:
        if not word:
            return [], []
        vocab = self.vocab
        if self.ignore_merges and word in vocab:
            return [vocab[word]], [word]
        symbols = self._initial_symbols(word)
        if None not in symbols:
            merged = self._merge(symbols)
            return [vocab[s] for s in merged], merged
        return self._with_unknowns(symbols)

    def _merge(self, symbols: list[str]) -> list[str]:
        ranks = self.ranks
        while len(symbols) > 1:
            best_rank = None
            best_pair = None
            for pair in zip(symbols, symbols[1:]):
                rank = ranks.get(pair)
                if rank is not None and (best_rank is None or rank < best_rank):
                    best_rank = rank
                    best_pair = pair
            if best_pair is None:
                break
            first, second = best_pair
            merged = first + second
            out: list[str] = []
            i = 0
            n = len(symbols)
            while i < n:
                if i < n - 1 and symbols[i] == first and symbols[i + 1] == second:
                    out.append(merged)
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            symbols = out
        return symbols

    def _with_unknowns(self, symbols: list[str | None]) -> tuple[list[int], list[str]]:
        """Characters outside the vocabulary become the unknown token; no merge crosses them."""
        if self.unk_id is None:
            raise UnsupportedTokenizerError("BPE without unk_token met a character outside its vocabulary")
        tokens: list[str] = []
        run: list[str] = []
        previous_unknown = False
        for s in symbols:
            if s is None:
                tokens.extend(self._merge(run))
                run = []
                if not (self.fuse_unk and previous_unknown):
                    tokens.append(self.unk_token)
                previous_unknown = True
            else:
                run.append(s)
                previous_unknown = False
        tokens.extend(self._merge(run))
        return [self.vocab[t] for t in tokens], tokens


def _parse_merges(raw: list, where: str) -> list[tuple[str, str]]:
    merges: list[tuple[str, str]] = []
    for entry in raw:
        if isinstance(entry, str):
            parts = entry.split(" ")
        else:
            parts = list(entry)
        if len(parts) != 2:
            raise TokenizerFileError(f"{where}: malformed BPE merge {entry!r}")
        merges.append((parts[0], parts[1]))
    return merges


def build_bpe(model: dict, where: str) -> BPEModel:
    vocab = model.get("vocab")
    if not isinstance(vocab, dict) or not vocab:
        raise TokenizerFileError(f"{where}: BPE model has no vocab")
    if model.get("dropout") not in (None, 0, 0.0):
        raise UnsupportedTokenizerError(f"{where}: BPE dropout is not supported")
    if model.get("byte_fallback"):
        raise UnsupportedTokenizerError(f"{where}: BPE byte_fallback is not supported")
    if model.get("continuing_subword_prefix"):
        raise UnsupportedTokenizerError(f"{where}: BPE continuing_subword_prefix is not supported")
    return BPEModel(
        vocab,
        _parse_merges(model.get("merges") or [], where),
        unk_token=model.get("unk_token"),
        end_of_word_suffix=model.get("end_of_word_suffix") or "",
        fuse_unk=bool(model.get("fuse_unk", False)),
        ignore_merges=bool(model.get("ignore_merges", False)),
    )
