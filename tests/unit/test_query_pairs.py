"""WordNet reader (models/wordnet.py) and the query tower's training pairs (models/query_pairs.py)."""

from __future__ import annotations

import pytest

from iconseek.models.query_pairs import (Pair, catalogue_vocabulary, example_sentences, icon_pairs, training_pairs,
                                        wordnet_pairs)
from iconseek.models.wordnet import WordNet, WordNetError

HEADER = "  1 This is a test licence header line.\n"


def write_wordnet(folder, synsets):
    """Write data.* and index.* files in wndb(5WN) format; offsets are real byte positions.

    ``synsets``: list of (pos, lemmas, pointers [(symbol, index in synsets)], gloss).
    """
    folder.mkdir(parents=True, exist_ok=True)
    files = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
    offsets = {}
    # two passes: offsets depend on line lengths, which depend on the 8-digit offsets (fixed width)
    for _ in range(2):
        data = {pos: HEADER for pos in files}
        for i, (pos, lemmas, pointers, gloss) in enumerate(synsets):
            offsets[i] = len(data[pos].encode())
            words = " ".join(f"{lemma.replace(' ', '_')} 0" for lemma in lemmas)
            ptrs = " ".join(f"{sym} {offsets.get(j, 0):08d} {synsets[j][0]} 0000" for sym, j in pointers)
            data[pos] += f"{offsets[i]:08d} 00 {pos} {len(lemmas):02x} {words} {len(pointers):03d} {ptrs} | {gloss}  \n"
    for pos, name in files.items():
        (folder / f"data.{name}").write_text(data[pos])
        index = {}
        for i, (p, lemmas, _, _) in enumerate(synsets):
            if p == pos:
                for lemma in lemmas:
                    index.setdefault(lemma.replace(" ", "_"), []).append(offsets[i])
        lines = [HEADER] + [f"{lemma} {pos} {len(o)} 0 {len(o)} 0 " + " ".join(f"{x:08d}" for x in o) + "  \n"
                            for lemma, o in sorted(index.items())]
        (folder / f"index.{name}").write_text("".join(lines))


SYNSETS = [
    ("n", ["rubbish", "trash", "scrap"], [("@", 1)], 'worthless material that is to be disposed of; "trash day"'),
    ("n", ["waste", "waste material"], [], "any materials unused and rejected as worthless"),
    ("v", ["discard", "throw away", "toss"], [], "throw or cast away"),
    ("v", ["trash", "junk"], [("@", 2)], "dispose of (something useless or old)"),
]


@pytest.fixture()
def wordnet(tmp_path):
    write_wordnet(tmp_path / "dict", SYNSETS)
    with WordNet(tmp_path / "dict") as wn:
        yield wn


def test_reader_follows_offsets_and_pointers(wordnet):
    (noun,) = wordnet.senses("trash", "n")
    synset = wordnet.synset(noun)
    assert synset.lemmas == ("rubbish", "trash", "scrap") and synset.pos == "n"
    assert synset.gloss.startswith("worthless material")
    (hypernym,) = synset.related(frozenset({"@"}))
    assert wordnet.synset(hypernym).lemmas == ("waste", "waste material")
    assert wordnet.senses("throw away", "v") == wordnet.senses("throw_away", "v") != ()
    assert wordnet.senses("nothing", "n") == ()


def test_reader_names_a_folder_that_is_not_wordnet(tmp_path):
    with pytest.raises(WordNetError, match=str(tmp_path)):
        WordNet(tmp_path)


RECORDS = [
    {"_id": "lucide/trash-2", "name": "trash-2", "title": "Trash 2", "tags": ["garbage", "delete"], "aliases": []},
    {"_id": "tabler/discard", "name": "discard", "tags": ["throw out"], "categories": ["actions"]},
]


def test_vocabulary_holds_names_words_and_short_tags():
    vocabulary = catalogue_vocabulary(RECORDS)
    assert {"trash 2", "trash", "garbage", "delete", "discard", "throw out"} <= set(vocabulary)
    assert vocabulary == sorted(vocabulary)


def test_wordnet_pairs_are_definitions_and_synonyms_of_catalogue_words(wordnet):
    pairs = wordnet_pairs(wordnet, ["trash", "discard"])
    assert Pair("gloss", "worthless material that is to be disposed of", "trash") in pairs
    assert Pair("gloss", "dispose of (something useless or old)", "trash") in pairs
    assert Pair("synonym", "throw away", "discard") in pairs
    assert Pair("synonym", "rubbish", "trash") in pairs
    assert not any(p.query == p.target for p in pairs)


def test_icon_pairs_point_tags_at_the_name():
    pairs = icon_pairs(RECORDS)
    assert {p.target for p in pairs} == {"trash 2", "discard"}
    assert Pair("icon", "garbage", "trash 2") in pairs and Pair("icon", "throw out", "discard") in pairs
    assert not any(p.query == p.target for p in pairs)


def test_training_pairs_groups_by_kind(wordnet):
    grouped = training_pairs(RECORDS, wordnet)
    assert set(grouped) == {"gloss", "synonym", "icon"}
    assert all(p.kind == kind for kind, pairs in grouped.items() for p in pairs)
    assert grouped["gloss"] and grouped["synonym"] and grouped["icon"]


def test_example_sentences_are_the_quoted_usage_examples(tmp_path):
    write_wordnet(tmp_path / "dict", SYNSETS + [
        ("v", ["toss"], [], 'throw carelessly; "he tossed the old newspaper away"; "toss it"'),
    ])
    with WordNet(tmp_path / "dict") as wn:
        assert example_sentences(wn, ["trash"]) == []  # "trash day" is too short to count
        assert example_sentences(wn, ["toss", "trash"]) == ["he tossed the old newspaper away"]
