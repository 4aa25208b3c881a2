"""Small helpers: humanised titles, term cleaning, Font Awesome's YAML metadata."""

from __future__ import annotations

import pytest

from iconseek.catalog.record import clean_terms, humanise, search_text, unslug
from iconseek.catalog.libraries.fontawesome import category_index, shim_index
from iconseek.catalog.problems import Problems


@pytest.mark.parametrize(
    ("name", "title"),
    [("arrow-left", "Arrow Left"), ("caret--down", "Caret Down"), ("add_circle", "Add Circle"),
     ("3D-cursor", "3D Cursor"), ("123", "123")],
)
def test_humanise(name, title):
    assert humanise(name) == title


def test_clean_terms_strips_dedups_and_keeps_order():
    assert clean_terms([" Home ", "home", "", None, "house  hold", "Roof"], drop=["roof"]) == ("Home", "house hold")


def test_search_text_order_and_alias_words():
    assert search_text(["a", "b"], ["home-alt"], ["Cat"]) == "a b home alt Cat"
    assert unslug("under_score-dash") == "under score dash"


def test_fontawesome_categories_yaml_with_numeric_names_and_quotes(tmp_path):
    path = tmp_path / "categories.yml"
    path.write_text(
        "# header\nalpha:\n  icons:\n    - one\n    - 'it''s'\n    - 0\n  label: \"Alpha + Beta\"\n"
        "beta:\n  icons:\n  - one\n  label: Beta\nempty:\n",
        encoding="utf-8",
    )
    problems = Problems()
    assert category_index(path, problems) == {"one": ["Alpha + Beta", "Beta"], "it's": ["Alpha + Beta"],
                                              "0": ["Alpha + Beta"]}
    assert not problems


@pytest.mark.parametrize(
    ("text", "line"), [("a: [1, 2\n", 2), ("a:\n  - x\n  b: y\n", 3), ("ok: 1\nbad: 'unterminated\n", 3)]
)
def test_fontawesome_malformed_yaml_is_reported_naming_file_and_line(tmp_path, text, line):
    """Metadata only enriches records: a broken file is a reported problem (file and line), not a crash."""
    for name, load in (("categories.yml", category_index), ("shims.yml", shim_index)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        problems = Problems()
        assert load(path, problems) == {}
        (problem,) = list(problems)
        assert str(path) in str(problem) and f"{path}:{line}: invalid YAML" in str(problem)


def test_fontawesome_yaml_that_is_not_a_mapping_is_reported(tmp_path):
    path = tmp_path / "categories.yml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    problems = Problems()
    assert category_index(path, problems) == {}
    assert "expected a YAML mapping at the top level, got list" in str(list(problems)[0])
