"""Query understanding (core/query.py) and query-adaptive fusion (core/fusion/adaptive.py)."""

from pathlib import Path

import pytest

from iconseek.core.engine import Engine, SemanticArm
from iconseek.core.fusion.adaptive import AdaptiveWeights
from iconseek.core.lexical.arm import LexicalArm
from iconseek.core.lexical.indexer import build_index
from iconseek.core.query import coverage, is_known_word, meaning_text, tokenizer_word_check

TOKENIZER = Path(__file__).parents[2] / "models" / "minilm-l6-int8" / "tokenizer.json"



@pytest.fixture(scope="module")
def lexical(docs):
    return LexicalArm(build_index(docs))


def vocabulary(*words):
    known = set(words)
    return lambda word: word in known


def test_known_words_include_common_inflections():
    is_word = vocabulary("fasten", "scorch", "wedge", "word", "settle")
    for word in ("fasten", "unfasten", "scorching", "wedges", "wording", "settled"):
        assert is_known_word(word, is_word), word
    for word in ("setings", "keybaord", "xfasten", "un"):
        assert not is_known_word(word, is_word), word


def test_meaning_text_applies_the_lexical_correction(lexical):
    text, fixes = meaning_text("Keybaord shortcut", lexical.correct, vocabulary("shortcut"))
    assert text == "keyboard shortcut"
    assert [(f.word, f.term) for f in fixes] == [("keybaord", "keyboard")]


def test_meaning_text_leaves_english_words_alone(lexical):
    # "seting" is one edit from "setting"; a vocabulary that knows it keeps it.
    assert lexical.correct("seting") == "setting"
    assert meaning_text("seting sun", lexical.correct, vocabulary("set", "sun"))[0] == "seting sun"
    assert meaning_text("seting sun", lexical.correct, vocabulary("sun"))[0] == "setting sun"
    # Known catalogue words and words without a close neighbour stay as typed.
    assert meaning_text("home sweet home", lexical.correct, None)[0] == "home sweet home"


def test_coverage_counts_matched_word_groups(lexical, docs):
    position = {d.id: i for i, d in enumerate(docs)}
    groups = lexical.query_groups("shopping cart typing")
    cart = position["lucide/shopping-cart"]
    assert coverage(groups, lambda g: lexical.matches(g, cart)) == pytest.approx(2 / 3)
    # A word the catalogue has no term for forms no group: BM25 cannot see it at all.
    assert len(lexical.query_groups("shopping cart zzyzx")) == 2
    assert coverage(lexical.query_groups("shopping cart"), lambda g: lexical.matches(g, cart)) == 1.0
    assert coverage([], lambda g: False) == 1.0


def test_adaptive_weights_shrink_the_lexical_arm_with_coverage():
    policy = AdaptiveWeights(base={"bm25": 2.0, "t2t": 1.0, "t2i": 0.5}, exponent=3)
    arms = ["bm25", "t2t", "t2i"]
    assert policy.for_query(arms, 1.0) == {"bm25": 2.0, "t2t": 1.0, "t2i": 0.5}
    assert policy.for_query(arms, 0.5) == {"bm25": 0.25, "t2t": 1.0, "t2i": 0.5}
    assert policy.for_query(arms, 0.0)["bm25"] == 0.0
    # A lexical-only engine keeps its one arm whatever the coverage.
    assert policy.for_query(["bm25"], 0.0) == {"bm25": 2.0}
    assert AdaptiveWeights.from_dict(policy.to_dict()) == policy


def test_engine_semantic_arm_reads_the_corrected_query(docs, lexical):
    seen = []

    def scorer(query, n):
        seen.append(query)
        return [(0, 0.5)]

    engine = Engine(docs, {"bm25": lexical, "t2t": SemanticArm(scorer)}, is_word=vocabulary("shortcut"))
    engine.search("keybaord shortcut", k=3)
    assert seen == ["keyboard shortcut"]


def test_incidental_overlap_no_longer_outvotes_meaning(docs, lexical):
    """One shared word lets BM25 rank an icon; with partial coverage meaning decides."""
    position = {d.id: i for i, d in enumerate(docs)}
    meaning = [(position["lucide/moon"], 0.35), (position["lucide/camera"], 0.30)]
    meaning += [(i, 0.2) for i in range(len(docs)) if i not in dict(meaning)]
    arms = {"bm25": lexical, "t2t": SemanticArm(None)}
    query = "shopping for camera lens"  # no icon has all three words
    fixed = Engine(docs, arms, weights={"bm25": 1.0, "t2t": 1.0}).search(query, k=1, precomputed={"t2t": meaning})
    adaptive = Engine(docs, arms).search(query, k=1, precomputed={"t2t": meaning})
    assert fixed[0].id == "lucide/camera"
    assert adaptive[0].id == "lucide/moon"
    # Full coverage keeps the lexical arm in charge.
    full = Engine(docs, arms).search("shopping cart", k=1, precomputed={"t2t": meaning})
    assert full[0].id in {"lucide/shopping-cart", "tabler/shopping-cart"}


@pytest.mark.skipif(not TOKENIZER.is_file(), reason="bundled text tower's tokenizer.json absent")
def test_tokenizer_word_check_tells_words_from_typos():
    from iconseek.core.tokenizers import load_tokenizer

    is_word = tokenizer_word_check(load_tokenizer(str(TOKENIZER), padding=False))
    assert is_word("download") and is_word("trash")
    assert not is_word("downlaod") and not is_word("notifcation")
