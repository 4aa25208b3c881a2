"""Similar icons and migration maps over a small hand-made catalogue (issue 13).

Vectors are chosen by hand so each expected ranking follows from the scoring rule
``picture + meaning + 0.3 x name + same_name`` (py/iconseek/similar/index.py).
"""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from iconseek.cli import main
from iconseek.similar.index import IconSimilarity, SimilarityError, name_words
from iconseek.similar.mapping import HIGH_MARGIN, migration_map, read_names, write_map

# id, picture direction, meaning direction (unit axes; 0.8/0.6 mixes)
ICONS = [
    ("lucide/trash", [1, 0, 0, 0], [1, 0, 0, 0]),
    ("lucide/settings", [0, 1, 0, 0], [0, 1, 0, 0]),
    ("lucide/log-out", [0, 0, 1, 0], [0, 0, 1, 0]),
    ("phosphor/trash-simple", [0.8, 0.6, 0, 0], [1, 0, 0, 0]),   # same picture family as lucide/trash
    ("phosphor/gear", [0, 1, 0, 0], [0, 0.8, 0.6, 0]),
    ("phosphor/sign-out", [0, 0, 1, 0], [0, 0, 1, 0]),
    ("tabler/trash", [0.6, 0.8, 0, 0], [0.6, 0.8, 0, 0]),        # weaker vectors, but the same name
    ("tabler/settings-2", [0, 1, 0, 0], [0, 1, 0, 0]),
    ("tabler/settings", [0, 0.6, 0, 0.8], [0, 1, 0, 0]),
]


def make_index(**kwargs) -> IconSimilarity:
    records = [{"_id": i, "library": i.split("/")[0], "name": i.split("/")[1], "aliases": []} for i, _, _ in ICONS]
    picture = np.array([p for _, p, _ in ICONS], dtype=np.float32)
    meaning = np.array([m for _, _, m in ICONS], dtype=np.float32)
    return IconSimilarity(records, picture=picture, meaning=meaning, **kwargs)


def test_name_words_leave_out_digits_and_punctuation():
    assert name_words("trash-2") == {"trash"} and name_words("Arrow_Left 90") == {"arrow", "left"}


def test_other_libraries_by_default_never_the_icon_itself_or_its_own_library():
    hits = make_index().similar("lucide/trash", k=10)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(h.library != "lucide" for h in hits)
    # same name tier first, then picture + meaning: trash-simple (0.8 + 1 + 0.3*0.5) beats settings-2 etc.
    assert [h.id for h in hits[:2]] == ["tabler/trash", "phosphor/trash-simple"]
    assert hits[0].signals["same_name"] == 1.0 and hits[1].signals["name"] == pytest.approx(0.5)
    assert hits[1].score == pytest.approx(0.8 + 1.0 + 0.3 * 0.5)


def test_to_gives_k_per_named_library_ranked_within_each():
    hits = make_index().similar("lucide/settings", k=2, to=["phosphor", "tabler"])
    assert [(h.library, h.rank) for h in hits] == [("phosphor", 1), ("phosphor", 2), ("tabler", 1), ("tabler", 2)]
    assert hits[0].id == "phosphor/gear"
    # tabler/settings: same name (tier) wins over settings-2's identical vectors
    assert [h.id for h in hits[2:]] == ["tabler/settings", "tabler/settings-2"]
    own = make_index().similar("lucide/settings", k=5, to=["lucide"])
    assert "lucide/settings" not in [h.id for h in own] and len(own) == 2


def test_many_ids_in_one_call_equal_one_call_each():
    index = make_index()
    ids = ["lucide/trash", "phosphor/gear", "tabler/settings"]
    together = index.similar_many(ids, k=3)
    for icon_id in ids:
        assert [(h.id, round(h.score, 6)) for h in together[icon_id]] == \
               [(h.id, round(h.score, 6)) for h in index.similar(icon_id, k=3)]


def test_without_the_name_signals_only_the_vectors_rank():
    hits = make_index(weights={"picture": 1.0, "meaning": 1.0}).similar("lucide/trash", k=1, to=["tabler"])
    assert hits[0].id == "tabler/trash" and set(hits[0].signals) == {"picture", "meaning"}
    hits = make_index(weights={"picture": 1.0}).similar("lucide/settings", k=2, to=["tabler"])
    assert hits[0].id == "tabler/settings-2"  # picture alone: the identical drawing


def test_unknown_ids_libraries_and_k_are_clear_errors():
    index = make_index()
    with pytest.raises(SimilarityError, match=r"unknown icon id 'lucide/trsh'; close: lucide/trash"):
        index.similar("lucide/trsh")
    with pytest.raises(SimilarityError, match="unknown library 'phosphr'; libraries: lucide, phosphor, tabler"):
        index.similar("lucide/trash", to=["phosphr"])
    with pytest.raises(SimilarityError, match="k must be at least 1"):
        index.similar("lucide/trash", k=0)
    with pytest.raises(SimilarityError, match="unknown icon id"):
        index.similar("\x1b[31m" + "x" * 500)


def test_map_rows_hold_best_runner_up_and_confidence_by_margin():
    rows = migration_map(make_index(), "lucide", "tabler")
    by_id = {r.source_id: r for r in rows}
    assert set(by_id) == {"lucide/trash", "lucide/settings", "lucide/log-out"}
    settings = by_id["lucide/settings"]
    assert (settings.match_id, settings.runner_up_id) == ("tabler/settings", "tabler/settings-2")
    margin = settings.score - settings.runner_up_score
    assert settings.confidence == ("high" if margin >= HIGH_MARGIN else "low")
    assert settings.source_component == "Settings" and settings.match_component == "IconSettings"
    assert 'from "@tabler/icons-react"' in settings.match_import


def test_map_reads_names_as_code_writes_them_and_flags_unknown_ones():
    rows = migration_map(make_index(), "lucide", "phosphor", ["Trash", "LogOut", "LucideSettings", "nope", "💥"])
    assert [(r.source, r.source_id) for r in rows] == [
        ("Trash", "lucide/trash"), ("LogOut", "lucide/log-out"), ("LucideSettings", "lucide/settings"),
        ("nope", None), ("💥", None)]
    assert rows[1].match_id == "phosphor/sign-out"
    assert [r.confidence for r in rows[3:]] == ["unknown-name", "unknown-name"]
    with pytest.raises(SimilarityError, match="names list is empty"):
        migration_map(make_index(), "lucide", "phosphor", [])
    with pytest.raises(SimilarityError, match="both 'lucide'"):
        migration_map(make_index(), "lucide", "lucide")


def test_map_formats_parse_back():
    rows = migration_map(make_index(), "lucide", "phosphor")
    as_json = json.loads(write_map(rows, "json"))
    as_csv = list(csv.DictReader(io.StringIO(write_map(rows, "csv"))))
    assert [r["source_id"] for r in as_json] == [r["source_id"] for r in as_csv] == [r.source_id for r in rows]
    assert read_names("# a comment\n\nTrash\n  Trash \nLogOut\n") == ["Trash", "LogOut"]


@pytest.fixture()
def catalog_and_vectors(tmp_path):
    from iconseek.models.vectors import write_arm_vectors

    catalog = tmp_path / "catalog"
    catalog.mkdir()
    ids = [i for i, _, _ in ICONS]
    records = [{"_id": i, "library": i.split("/")[0], "name": i.split("/")[1], "title": i, "tags": []} for i in ids]
    (catalog / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    vectors = tmp_path / "vectors"
    write_arm_vectors(vectors, "t2i", np.array([p for _, p, _ in ICONS]), ids, "test", parquet=False)
    write_arm_vectors(vectors, "t2t", np.array([m for _, _, m in ICONS]), ids, "test", parquet=False)
    return catalog, vectors


def test_cli_similar_prints_json_lines_like_search(catalog_and_vectors, capsys):
    catalog, vectors = catalog_and_vectors
    code = main(["similar", "lucide/trash", "lucide/settings", "--to", "tabler", "--k", "1", "--json",
                 "--catalog", str(catalog), "--vectors", str(vectors)])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert [(d["query"], d["id"], d["rank"]) for d in lines] == [("lucide/trash", "tabler/trash", 1),
                                                                  ("lucide/settings", "tabler/settings", 1)]
    assert {"score", "arm_scores", "library", "name"} <= set(lines[0])


def test_cli_errors_are_one_line_and_nothing_is_overwritten(catalog_and_vectors, tmp_path, capsys):
    catalog, vectors = catalog_and_vectors
    common = ["--catalog", str(catalog), "--vectors", str(vectors)]
    assert main(["similar", "lucide/trsh", *common]) == 2
    assert "close: lucide/trash" in capsys.readouterr().err
    assert main(["similar", "lucide/trash", "--catalog", str(tmp_path / "absent"), "--vectors", str(vectors)]) == 1
    assert "catalogue corpus not found" in capsys.readouterr().err
    empty = tmp_path / "names.txt"
    empty.write_text("# nothing\n\n")
    assert main(["map", "--from", "lucide", "--to", "tabler", "--names", str(empty), *common]) == 2
    assert "lists no names" in capsys.readouterr().err
    out = tmp_path / "map.csv"
    out.write_text("mine")
    assert main(["map", "--from", "lucide", "--to", "tabler", "--out", str(out), "--format", "csv", *common]) == 2
    assert out.read_text() == "mine" and "--force" in capsys.readouterr().err
    assert main(["map", "--from", "lucide", "--to", "tabler", "--out", str(out), "--format", "csv", "--force",
                 *common]) == 0
    assert out.read_text().startswith("source,source_id,match_id")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "map.csv", "names.txt", "vectors"]


def test_cli_similar_takes_a_parquet_of_your_own_image_vectors(catalog_and_vectors, tmp_path, capsys):
    pytest.importorskip("pyarrow")
    from iconseek.models.vectors import write_parquet

    catalog, _vectors = catalog_and_vectors
    parquet = tmp_path / "mine.parquet"
    write_parquet(parquet, np.array([p for _, p, _ in ICONS], dtype=np.float32), [i for i, _, _ in ICONS])
    code = main(["similar", "lucide/settings", "--to", "tabler", "--k", "2", "--json",
                 "--catalog", str(catalog), "--vectors", str(parquet)])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0 and "meaning" not in lines[0]["arm_scores"]
    assert [d["id"] for d in lines] == ["tabler/settings", "tabler/settings-2"]  # the same-name tier still first
