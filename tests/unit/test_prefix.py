from iconseek.core.lexical.prefix import expand_prefix, prefix_range

VOCAB = sorted(["arrow", "arrowhead", "art", "article", "bar", "barcode", "bars", "home", "homepage", "hom"])


def test_prefix_range_bounds_the_block():
    start, end = prefix_range(VOCAB, "ar")
    assert VOCAB[start:end] == ["arrow", "arrowhead", "art", "article"]
    assert prefix_range(VOCAB, "zz") == (len(VOCAB), len(VOCAB))


def test_expansion_excludes_the_prefix_itself_and_prefers_short_terms():
    assert expand_prefix(VOCAB, "hom", 10) == ["home", "homepage"]
    assert expand_prefix(VOCAB, "ar", 2) == ["art", "arrow"]


def test_too_short_prefix_or_zero_limit_expands_nothing():
    assert expand_prefix(VOCAB, "a", 10) == []
    assert expand_prefix(VOCAB, "ar", 0) == []


def test_prefix_ending_in_the_largest_code_point():
    top = "\U0010ffff"
    vocab = sorted(["a" + top, "a" + top + "x", "a" + top + top + "z", "b", "zebra"])
    assert expand_prefix(vocab, "a" + top, 5) == ["a" + top + "x", "a" + top + top + "z"]
    assert expand_prefix(vocab, top + top, 5) == []
