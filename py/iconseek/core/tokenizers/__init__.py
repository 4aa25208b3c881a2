"""Stdlib-only tokenizers read from a Hugging Face ``tokenizer.json``.

The browser runs the query path in Pyodide, where the compiled ``tokenizers`` wheel
is unavailable, so this package re-implements the two tokenizers iconseek needs —
BERT WordPiece (all-MiniLM-L6-v2) and CLIP byte-level BPE — with identical ids
(checked against ``tokenizers`` on thousands of strings in the tests).

    tok = load_tokenizer("models/minilm-l6-int8/tokenizer.json")
    enc = tok.encode("arrow left")   # Encoding(ids, attention_mask, tokens, type_ids)

See docs/TOKENIZERS.md for what is implemented and where it departs.
"""

from .encoding import Encoding
from .errors import TokenizerFileError, UnsupportedTokenizerError
from .loader import load_tokenizer
from .tokenizer import Tokenizer

__all__ = ["Encoding", "Tokenizer", "TokenizerFileError", "UnsupportedTokenizerError", "load_tokenizer"]
