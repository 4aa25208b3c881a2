"""Property tests: arbitrary Unicode never makes a tokenizer raise, and the
output always respects the length limit and the [CLS]/[SEP] (BOS/EOS) frame."""

from __future__ import annotations

from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis (test-only dependency) is not installed")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from iconseek.core.tokenizers import load_tokenizer  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tokenizers"
TOKENIZERS = {
    name: load_tokenizer(FIXTURES / f"{name}_tokenizer.json.gz", max_length=32)
    for name in ("minilm", "clip")
}
ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=200)


@pytest.mark.parametrize("name", sorted(TOKENIZERS))
@settings(max_examples=1500, deadline=None)
@given(text=ANY_TEXT)
def test_random_unicode_never_raises(name, text):
    tok = TOKENIZERS[name]
    enc = tok.encode(text)
    assert 2 <= len(enc.ids) <= 32
    assert enc.ids[0] == tok.bos_id and enc.ids[-1] == tok.eos_id
    assert len(enc.tokens) == len(enc.ids) == len(enc.attention_mask) == len(enc.type_ids)
    assert all(isinstance(i, int) and i >= 0 for i in enc.ids)
