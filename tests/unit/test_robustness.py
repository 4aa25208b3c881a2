"""Hostile and random queries never raise and always return well-formed hits."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iconseek.core.catalog_view import load_corpus
from iconseek.core.engine import Engine, SemanticArm
from iconseek.core.lexical.arm import LexicalArm
from iconseek.core.lexical.indexer import build_index

FIXTURE = Path(__file__).parents[1] / "fixtures" / "engine"


def _hash_scorer(query, n):
    """A deterministic stand-in for an embedding model: scores depend on the query text."""
    seed = sum(ord(c) for c in query)
    return [((seed + 7 * i) % 102, 1.0 - i / (n + 1)) for i in range(min(n, 20))]


DOCS = load_corpus(str(FIXTURE))
ENGINE = Engine(DOCS, {"bm25": LexicalArm(build_index(DOCS)), "t2t": SemanticArm(_hash_scorer)})
IDS = {d.id for d in DOCS}

HOSTILE = [
    "",
    " ",
    "\t\n\r  \u3000",
    "x" * 10_000,
    "home " * 3000,
    "🙂🎉👍🏽",
    "🏠 home",
    "مرحبا بالعالم",
    "שלום עולם",
    "\u202ehome\u202c",
    "<script>alert('x')</script>",
    "<b>home</b>&amp;&lt;",
    "\x00\x01\x02\x1b[31mred\x7f",
    "\ud800\udfff lone surrogates",
    "a" * 300,
    "ab" * 5000,
    "-_-_-",
    "0123456789" * 30,
    "ǅǈǋ ﬁ ß İstanbul",
    "\u0301\u0301\u0301",
]


def check_hits(hits, k):
    assert len(hits) <= k
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert len({h.id for h in hits}) == len(hits)
    for h in hits:
        assert h.id in IDS and h.score == h.score  # not NaN


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries(query):
    for k in (1, 10):
        check_hits(ENGINE.search(query, k=k), k)
    check_hits(ENGINE.search(query, k=5, library="lucide"), 5)


def test_blank_queries_return_nothing():
    assert ENGINE.search("") == [] and ENGINE.search(" \t\n") == []


QUERIES = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz -_"), max_size=40),  # hits the vocabulary
    st.text(min_size=200, max_size=400),
)


# 10,000 examples take ~10 s of CPU: marked slow; the quick variant below always runs.
@pytest.mark.slow
@settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(query=QUERIES, k=st.integers(min_value=1, max_value=20))
def test_10k_random_queries_never_raise(query, k):
    check_hits(ENGINE.search(query, k=k), k)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(query=QUERIES, k=st.integers(min_value=1, max_value=20), library=st.sampled_from([None, "lucide", "x"]))
def test_random_queries_quick(query, k, library):
    check_hits(ENGINE.search(query, k=k, library=library), k)
