"""What a person is shown: the relevance floor, the no-match rule and paging (core/relevance.py,
Engine.search_page)."""


import pytest

from iconseek.core.engine import Engine, SemanticArm
from iconseek.core.lexical.arm import LexicalArm
from iconseek.core.relevance import FLOOR_RATIO, above_floor, understood





def vocabulary(*words):
    known = set(words)
    return lambda word: word in known


def noise(docs, n=40):
    """A semantic list as an encoder gives for anything: every icon gets some cosine."""
    return [(i, 0.5 - 0.005 * i) for i in range(min(n, len(docs)))]


def test_understood_needs_a_lexical_match_or_a_known_word():
    words = vocabulary("garbage", "throw", "away")
    assert understood("qwxzvjk", True, True, words)  # the lexical arm matched something
    assert understood("throw it away", False, True, words)
    assert understood("throwing", False, True, words)  # a known word after its affix
    assert not understood("qwxzvjk", False, True, words)
    assert not understood("the of it", False, True, words)  # stopwords only, none known
    assert not understood("garbage", False, False, words)  # no semantic arm answered: lexical decides
    assert understood("qwxzvjk", False, True, None)  # nothing to ask: results are not hidden


def test_above_floor_keeps_strong_scores_and_every_lexical_match():
    fused = [(1, 2.0), (2, 0.9), (3, 0.41), (4, 0.39), (5, 0.1)]
    assert [d for d, _ in above_floor(fused, set())] == [1, 2, 3]  # >= 0.2 * 2.0
    assert [d for d, _ in above_floor(fused, {5})] == [1, 2, 3, 5]
    assert above_floor([], {1}) == []
    assert [d for d, _ in above_floor([(1, 0.0), (2, -0.1)], {2})] == [2]
    assert FLOOR_RATIO == 0.2


def test_gibberish_is_no_match_and_a_real_word_is_not(docs, index):
    engine = Engine(docs, {"bm25": LexicalArm(index), "t2t": SemanticArm()},
                    is_word=vocabulary("garbage", "hooray"))
    page = engine.search_page("qwxzvjk", k=10, precomputed={"t2t": noise(docs)})
    assert page.hits == [] and page.total == 0 and not page.understood
    # the ranking itself is unchanged: evaluation still sees the encoder's neighbours
    assert engine.search("qwxzvjk", k=5, precomputed={"t2t": noise(docs)})
    page = engine.search_page("hooray", k=10, precomputed={"t2t": noise(docs)})
    assert page.understood and page.hits and page.total >= len(page.hits)


def test_pages_are_disjoint_consecutive_and_ranked(docs, index):
    engine = Engine(docs, {"bm25": LexicalArm(index), "t2t": SemanticArm(), "t2i": SemanticArm()},
                    is_word=vocabulary("home"))
    lexical = [d for d, _ in engine.arm_lists("home")["bm25"]]
    others = [d for d in range(len(docs)) if d not in lexical]
    # both semantic arms agree on the lexical matches; below them each has its own weak tail
    scores = {
        "t2t": [(d, 0.9 - 0.001 * n) for n, d in enumerate(lexical + others[:30])],
        "t2i": [(d, 0.9 - 0.001 * n) for n, d in enumerate(lexical)] + [(d, 0.2) for d in others[30:60]],
    }
    whole = engine.search_page("home", k=200, precomputed=scores)
    first = engine.search_page("home", k=7, precomputed=scores)
    second = engine.search_page("home", k=7, offset=7, precomputed=scores)
    assert [h.id for h in first.hits + second.hits] == [h.id for h in whole.hits[:14]]
    assert [h.rank for h in second.hits] == list(range(8, 15))
    assert first.total == second.total == whole.total
    candidates = engine.search("home", k=200, precomputed=scores)
    assert whole.total == len(whole.hits) < len(candidates)  # the floor cut the weak tail
    top = whole.hits[0].score
    kept = {h.id for h in whole.hits}
    words = {docs[d].id for d in lexical}
    assert words <= kept  # never an icon that contains the words
    assert all(h.id in kept for h in candidates if h.score >= FLOOR_RATIO * top)
    assert all(h.score >= FLOOR_RATIO * top or h.id in words for h in whole.hits)
    beyond = engine.search_page("home", k=10, offset=whole.total, precomputed=scores)
    assert beyond.hits == [] and beyond.total == whole.total


def test_total_counts_lexical_matches_beyond_the_candidate_depth(docs, index):
    engine = Engine(docs, {"bm25": LexicalArm(index)}, depth=3)
    page = engine.search_page("arrow", k=2)
    matched = len(LexicalArm(index).scores("arrow"))
    assert matched > 3 and page.total == matched and len(page.hits) == 2
    deep = engine.search_page("arrow", k=matched, offset=0)
    assert len(deep.hits) == matched  # paging past the depth reaches every match
    assert [h.rank for h in deep.hits] == list(range(1, matched + 1))
    # small pages walk the same order: nothing twice, nothing skipped
    paged = [h.id for offset in range(0, matched, 2) for h in engine.search_page("arrow", k=2, offset=offset).hits]
    assert paged == [h.id for h in deep.hits]


def test_typo_corrections_are_reported(docs, index):
    engine = Engine(docs, {"bm25": LexicalArm(index), "t2t": SemanticArm()}, is_word=vocabulary())
    page = engine.search_page("calender", k=5, precomputed={"t2t": noise(docs)})
    assert [(c.word, c.term) for c in page.corrections] == [("calender", "calendar")]


def test_bad_paging_values_are_refused(docs, index):
    engine = Engine(docs, {"bm25": LexicalArm(index)})
    with pytest.raises(ValueError, match="offset"):
        engine.search_page("home", k=5, offset=-1)
