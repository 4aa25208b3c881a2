from pathlib import Path

import pytest

from iconseek.core.engine import MAX_QUERY_CHARS, Engine, Hit, SemanticArm
from iconseek.core.lexical.arm import LexicalArm
from iconseek.core.lexical.indexer import build_index
from iconseek.core.lexical.storage import save_index

FIXTURE = Path(__file__).parents[1] / "fixtures" / "engine"




def ids(hits):
    return [h.id for h in hits]


def test_exact_name_query_ranks_exact_names_first(docs, index):
    engine = Engine(docs, {"bm25": LexicalArm(index)})
    hits = engine.search("home", k=10)
    assert set(ids(hits[:3])) == {"lucide/home", "tabler/home", "material/home"}
    assert hits[3].id == "phosphor/house"  # alias "home": next tier
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))


def test_exact_names_stay_on_top_against_a_semantic_arm(docs, index):
    position = {d.id: i for i, d in enumerate(docs)}
    # A semantic arm that loves houses and doors and ranks the exact "home" icons last.
    favourites = ["bootstrap/house-door", "lucide/house-plus", "tabler/home-2", "phosphor/house"]
    precomputed = [(position[i], 0.9 - 0.01 * n) for n, i in enumerate(favourites)]
    precomputed += [(position["tabler/home"], 0.2), (position["lucide/home"], 0.1)]
    engine = Engine(docs, {"bm25": LexicalArm(index), "t2i": SemanticArm(None)}, weights={"t2i": 3.0})
    hits = engine.search("Home", k=6, precomputed={"t2i": precomputed})
    assert set(ids(hits[:3])) == {"lucide/home", "tabler/home", "material/home"}
    # Within the tier the fused evidence orders them: material/home has no semantic score.
    assert hits[2].id == "material/home"
    assert "t2i" not in hits[2].arm_scores and hits[0].arm_scores["t2i"] == pytest.approx(0.2)


def test_spelling_variants_of_a_name_are_exact(docs, index):
    engine = Engine(docs, {"bm25": LexicalArm(index)})
    for query in ("arrow-left", "Arrow Left", "arrowLeft", "arrow_left"):
        top = ids(engine.search(query, k=3))
        # carbon's "arrow--left" is the same name spelled with a double hyphen.
        assert set(top) == {"lucide/arrow-left", "tabler/arrow-left", "carbon/arrow--left"}, query
    assert ids(engine.search("arrow left long", k=1)) == ["heroicons/arrow-long-left"]


def test_prefix_and_typo_queries(docs, index):
    engine = Engine(docs, {"bm25": LexicalArm(index)})
    assert set(ids(engine.search("shopp", k=2))) == {"lucide/shopping-cart", "tabler/shopping-cart"}
    assert engine.search("magnifyng glass", k=1)[0].id == "phosphor/magnifying-glass"
    assert engine.search("keybaord", k=2)[0].id in {"carbon/keyboard", "iconoir/keyboard"}
    # A finished word (trailing space) is not expanded as a prefix.
    assert engine.search("shopp ", k=3) == []


def test_prefix_and_fuzzy_can_be_switched_off(index, docs):
    plain = Engine(docs, {"bm25": LexicalArm(index, prefix=False, fuzzy=False)})
    assert plain.search("shopp") == [] and plain.search("keybaord") == []


def test_library_filter(docs, index):
    engine = Engine(docs, {"bm25": LexicalArm(index), "t2i": SemanticArm(lambda q, n: [(i, 0.5) for i in range(n)])})
    hits = engine.search("home", k=10, library="tabler")
    assert hits and all(h.id.startswith("tabler/") for h in hits)
    assert hits[0].id == "tabler/home"


def test_semantic_scorer_gets_capped_query_and_precomputed_skips_it(docs, index):
    calls = []

    def scorer(query, n):
        calls.append((query, n))
        return [(0, 0.9), (1, 0.8)]

    engine = Engine(docs, {"bm25": LexicalArm(index), "t2t": SemanticArm(scorer)})
    hits = engine.search("x" * 10_000 + "home", k=5)
    assert len(calls) == 1 and len(calls[0][0]) == MAX_QUERY_CHARS and calls[0][1] == engine.depth
    assert {h.doc_index for h in hits} == {0, 1}

    def refusing(query, n):
        raise AssertionError("scorer must not run when scores are precomputed")

    engine = Engine(docs, {"bm25": LexicalArm(index), "t2t": SemanticArm(refusing)})
    hits = engine.search("settings", k=3, precomputed={"t2t": [[5, 0.99], [6, 0.2]]})
    assert all(isinstance(h, Hit) for h in hits)
    assert any("t2t" in h.arm_scores for h in engine.search("settings", k=50, precomputed={"t2t": [[5, 0.99]]}))


def test_bad_precomputed_input_is_rejected_clearly(docs, index):
    engine = Engine(docs, {"bm25": LexicalArm(index), "t2i": SemanticArm(None)})
    with pytest.raises(ValueError, match="doc index 9999"):
        engine.search("home", precomputed={"t2i": [(9999, 0.5)]})
    with pytest.raises(ValueError, match="unknown arms"):
        engine.search("home", precomputed={"nope": []})


def test_hits_carry_per_arm_scores_and_fused_order(docs, index):
    engine = Engine(docs, {"bm25": LexicalArm(index)}, fusion="rrf")
    hits = engine.search("trash bin", k=5)
    assert hits[0].arm_scores["bm25"] >= hits[-1].arm_scores["bm25"]
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))
    assert hits[0].to_dict()["id"] == hits[0].id
    assert engine.search("trash", k=0) == []


def test_engine_rejects_bad_configuration(docs, index):
    with pytest.raises(ValueError):
        Engine(docs, {})
    with pytest.raises(ValueError, match="unknown arms"):
        Engine(docs, {"bm25": LexicalArm(index)}, weights={"t2i": 1.0})
    with pytest.raises(ValueError, match="unknown fusion"):
        Engine(docs, {"bm25": LexicalArm(index)}, fusion="max")


def test_from_catalog_and_from_index_agree(tmp_path, index):
    path = tmp_path / "ix.json"
    save_index(index, str(path))
    a = Engine.from_catalog(str(FIXTURE))
    b = Engine.from_catalog(str(FIXTURE), index_path=str(path))
    from iconseek.core.lexical.storage import load_index

    c = Engine.from_index(load_index(str(path)))
    for query in ("home", "arrow", "seting", "cloud up"):
        assert [h.to_dict() for h in a.search(query)] == [h.to_dict() for h in b.search(query)]
        assert [h.to_dict() for h in a.search(query)] == [h.to_dict() for h in c.search(query)]


def test_from_catalog_refuses_an_index_of_another_corpus(tmp_path, docs):
    other = build_index(docs[:10])
    path = tmp_path / "other.json"
    save_index(other, str(path))
    with pytest.raises(ValueError, match="different corpus"):
        Engine.from_catalog(str(FIXTURE), index_path=str(path))


def test_stopwords_do_not_change_the_lexical_ranking(docs, index):
    engine = Engine(docs, {"bm25": LexicalArm(index)})
    plain = [h.to_dict() for h in engine.search("trash bin", k=5)]
    assert [h.to_dict() for h in engine.search("the trash for a bin", k=5)] == plain
