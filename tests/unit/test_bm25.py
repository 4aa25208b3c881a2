"""BM25F index: equality with a reference BM25 (bm25s, Lucene variant) on the plain path."""

import json
import math
import random
from pathlib import Path

import pytest

from iconseek.core.catalog_view import load_corpus
from iconseek.core.lexical.analysis import Analyzer
from iconseek.core.lexical.bm25 import BM25Params, LexicalIndex, lucene_idf, top_n
from iconseek.core.lexical.indexer import build_index
from iconseek.core.lexical.storage import dumps_index, load_index, loads_index, save_index

FIXTURE = Path(__file__).parents[1] / "fixtures" / "engine"
ONE_FIELD = BM25Params(k1=1.2, b=0.75, fields=("text",), weights={"text": 1.0})


def reference_corpus():
    """The fixture catalogue's texts plus random documents over a skewed vocabulary."""
    analyzer = Analyzer()
    docs = []
    for doc in load_corpus(str(FIXTURE)):
        text = " ".join([doc.name, *doc.aliases, *doc.tags, *doc.categories])
        docs.append(analyzer.terms(text))
    rng = random.Random(11)
    words = [f"w{i}" for i in range(300)]
    for _ in range(400):
        length = rng.randint(1, 25)
        docs.append([words[min(int(rng.paretovariate(1.2)) - 1, 299)] for _ in range(length)])
    return docs


@pytest.mark.parametrize("k1,b", [(1.2, 0.75), (0.9, 0.4), (2.0, 1.0), (1.5, 0.0)])
def test_plain_path_equals_bm25s_lucene(k1, b):
    bm25s = pytest.importorskip("bm25s", reason="bm25s (test dependency) is not installed")
    docs = reference_corpus()
    params = BM25Params(k1=k1, b=b, fields=("text",), weights={"text": 1.0})
    ids = [f"lib/doc{i}" for i in range(len(docs))]
    index = LexicalIndex.from_field_terms(ids, [[terms] for terms in docs], params=params, analyzer=Analyzer())
    index = loads_index(dumps_index(index))  # score what a loaded index scores

    reference = bm25s.BM25(method="lucene", k1=k1, b=b, dtype="float64")
    reference.index([list(terms) for terms in docs], show_progress=False)

    rng = random.Random(5)
    vocabulary = index.vocabulary
    queries = [["home"], ["arrow", "left"], ["w0"], ["w1", "w1", "w7"], ["trash", "delete", "w3"]]
    queries += [[rng.choice(vocabulary) for _ in range(rng.randint(1, 4))] for _ in range(60)]
    for query in queries:
        ours = index.score_terms(query)
        theirs = reference.get_scores(query)
        assert len(theirs) == len(docs)
        for doc in range(len(docs)):
            assert math.isclose(ours.get(doc, 0.0), float(theirs[doc]), rel_tol=0, abs_tol=1e-6), (query, doc)


def test_lucene_idf_formula():
    assert lucene_idf(10, 1) == pytest.approx(math.log(1 + 9.5 / 1.5))
    assert lucene_idf(10, 10) > 0  # never negative, even for a term in every doc


def test_field_weights_act_as_tf_multipliers():
    # Two docs: the term in the name of one, in the tags of the other; same lengths.
    params = BM25Params(fields=("name", "tags"), weights={"name": 3.0, "tags": 1.0}, k1=1.2, b=0.75)
    ids = ["a/x", "a/y"]
    terms = [[["home"], ["house"]], [["house"], ["home"]]]
    index = LexicalIndex.from_field_terms(ids, terms, params=params, analyzer=Analyzer())
    scores = index.score_terms(["home"])
    idf = lucene_idf(2, 2)
    assert scores[0] == pytest.approx(idf * 3.0 / (1.2 + 3.0))
    assert scores[1] == pytest.approx(idf * 1.0 / (1.2 + 1.0))


def test_bm25f_saturates_across_fields():
    params = BM25Params(fields=("name", "tags"), weights={"name": 1.0, "tags": 1.0}, k1=1.2, b=0.0)
    ids = ["a/x", "a/y", "a/z"]
    terms = [[["home"], ["home"]], [["home"], ["other"]], [["z"], ["z"]]]
    index = LexicalIndex.from_field_terms(ids, terms, params=params, analyzer=Analyzer())
    scores = index.score_terms(["home"])
    idf = lucene_idf(3, 2)
    assert scores[0] == pytest.approx(idf * 2.0 / (1.2 + 2.0))  # tf~ = 2, saturated once
    assert scores[1] == pytest.approx(idf * 1.0 / (1.2 + 1.0))


def test_empty_fields_with_full_length_normalisation():
    params = BM25Params(fields=("name", "tags"), weights={"name": 1.0, "tags": 1.0}, b=1.0)
    docs = [[["home"], []], [["home"], ["house"]], [[], []]]
    index = LexicalIndex.from_field_terms(["l/1", "l/2", "l/3"], docs, params=params, analyzer=Analyzer())
    scores = index.score_terms(["home", "house"])
    assert set(scores) == {0, 1} and all(math.isfinite(v) for v in scores.values())


def test_high_term_frequencies_are_encoded_exactly():
    params = ONE_FIELD
    docs = [[["a"] * 40 + ["b"]], [["a"]], [["b"] * 3]]
    index = LexicalIndex.from_field_terms(["l/1", "l/2", "l/3"], docs, params=params, analyzer=Analyzer())
    assert index.tf_base == 41
    loaded = loads_index(dumps_index(index))
    assert loaded.score_terms(["a", "b"]) == index.score_terms(["a", "b"])
    avg = (41 + 1 + 3) / 3
    tf_norm = 40 / (1 - 0.75 + 0.75 * 41 / avg)
    assert index.score_terms(["a"])[0] == pytest.approx(lucene_idf(3, 2) * tf_norm / (1.2 + tf_norm))


def test_save_and_load_round_trip(tmp_path):
    index = build_index(load_corpus(str(FIXTURE)))
    for name in ("ix.json", "ix.json.gz"):
        path = tmp_path / name
        save_index(index, str(path))
        loaded = load_index(str(path))
        assert loaded.ids == index.ids and loaded.vocabulary == index.vocabulary
        assert loaded.exact_names == index.exact_names
        for query in (["home"], ["arrow", "left"], ["trash"]):
            assert loaded.score_terms(query) == index.score_terms(query)


def test_loading_garbage_names_the_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ValueError, match="bad.json"):
        load_index(str(bad))
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"format": "something-else"}))
    with pytest.raises(ValueError, match="wrong.json.*not an iconseek lexical index"):
        load_index(str(wrong))


def test_top_n_orders_by_score_then_doc():
    scores = {5: 1.0, 2: 3.0, 9: 1.0, 1: 0.5}
    assert top_n(scores, 3) == [(2, 3.0), (5, 1.0), (9, 1.0)]
    assert top_n(scores, 10) == [(2, 3.0), (5, 1.0), (9, 1.0), (1, 0.5)]
    assert top_n(scores, 0) == []
