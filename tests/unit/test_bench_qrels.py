"""Pattern expansion into qrels (py/iconseek/bench/qrels.py) on a 10-icon fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from iconseek.bench.devset import build, shared_name_words
from iconseek.bench.qrels import QrelsError, compile_pattern, expand, load_icons, load_source, normalise_key

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bench"


@pytest.fixture()
def judged():
    source = load_source(FIXTURES / "queries.src.json")
    icons = load_icons(FIXTURES / "corpus.jsonl", source.alias_libraries)
    return expand(source.queries, icons)


@pytest.mark.parametrize(
    "raw, key",
    [("ArrowLeft", "arrow-left"), ("delete_forever", "delete-forever"), ("arrow--left", "arrow-left"),
     ("3D-Cursor", "3d-cursor"), ("  Trash Can ", "trash-can")],
)
def test_normalise_key(raw, key):
    assert normalise_key(raw) == key


def test_variant_pattern_keeps_style_variants_and_rejects_other_icons():
    pattern = compile_pattern("@trash")
    assert pattern.matches("x", ["trash-2"]) and pattern.matches("x", ["trash3"]) and pattern.matches("x", ["circle-trash"])
    assert not pattern.matches("x", ["trash-x"]) and not pattern.matches("x", ["bag-trash"])


def test_loose_pattern_matches_words_not_substrings():
    pattern = compile_pattern("~bin")
    assert pattern.matches("x", ["delete-bin-2"]) and not pattern.matches("x", ["cabin"])


def test_grades_exclusions_and_untrusted_aliases(judged):
    trash = judged["q-trash"]
    assert trash["lucide/trash"] == 2 and trash["lucide/trash-2"] == 2
    assert trash["fontawesome/trash-can"] == 2  # name and its trusted alias trash-alt
    assert trash["carbon/TrashCan"] == 2  # CamelCase name normalised to trash-can
    assert trash["remix/delete-bin-2"] == 1  # partial
    assert "tabler/trash-off" not in trash  # excluded
    assert "tabler/bag-trash" not in trash and "tabler/cabin" not in trash
    # Carbon's aliases are keywords, not names: its "lock" alias must not make it a lock.
    assert judged["q-lock"] == {"tabler/lock": 2}


def test_library_prefix_and_regex(judged):
    assert set(judged["q-tabler"]) == {"tabler/trash-off"}
    assert set(judged["q-regex"]) == {"material/delete_forever", "remix/delete-bin-2"}


def test_build_writes_beir_files_and_is_deterministic(tmp_path, capsys):
    build(FIXTURES / "queries.src.json", FIXTURES / "corpus.jsonl", tmp_path / "a")
    build(FIXTURES / "queries.src.json", FIXTURES / "corpus.jsonl", tmp_path / "b")
    for rel in ("queries.jsonl", "qrels/test.tsv", "split.json", "qrels/tune.tsv", "qrels/holdout.tsv"):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    lines = (tmp_path / "a" / "qrels" / "test.tsv").read_text().splitlines()
    assert lines[0] == "query-id\tcorpus-id\tscore"
    assert "q-lock\ttabler/lock\t2" in lines


def test_query_without_relevant_icon_is_refused(tmp_path):
    src = tmp_path / "src.json"
    src.write_text('{"queries": [{"id": "q", "text": "x", "category": "c", "difficulty": "hard", "relevant": ["nothing-like-this"]}]}')
    with pytest.raises(QrelsError, match="no relevant icon"):
        build(src, FIXTURES / "corpus.jsonl", tmp_path / "out")


@pytest.mark.parametrize(
    "body, message",
    [('{"queries": [{"id": "q"}]}', "missing"),
     ('{"queries": [{"id": "q", "text": "x", "category": "c", "difficulty": "easy", "relevant": ["a"]}]}', "difficulty"),
     ('not json', "invalid JSON")],
)
def test_bad_source_names_the_file(tmp_path, body, message):
    src = tmp_path / "bad.json"
    src.write_text(body)
    with pytest.raises(QrelsError, match=message) as info:
        load_source(src)
    assert "bad.json" in str(info.value)


def test_shared_name_words_ignores_function_words_and_partials():
    assert shared_name_words("throw it away", {"lucide/trash": 2}) == set()
    assert shared_name_words("open the trash", {"lucide/trash": 2}) == {"trash"}
    assert shared_name_words("open the bin", {"remix/delete-bin": 1}) == set()
