"""Small helpers: humanised titles, term cleaning, the YAML subset reader."""

from __future__ import annotations

import pytest

from iconseek.catalog.record import clean_terms, humanise, search_text, unslug
from iconseek.catalog.yaml_lite import parse_simple_yaml


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


def test_yaml_subset_nested_lists_quotes_and_comments():
    text = (
        "# header\n"
        "alpha:\n"
        "  icons:\n"
        "    - one\n"
        "    - 'it''s'\n"
        "  label: \"Alpha + Beta\"\n"
        "beta:\n"
        "  icons:\n"
        "  - two\n"
        "  label: Beta\n"
        "empty:\n"
    )
    assert parse_simple_yaml(text) == {
        "alpha": {"icons": ["one", "it's"], "label": "Alpha + Beta"},
        "beta": {"icons": ["two"], "label": "Beta"},
        "empty": None,
    }


@pytest.mark.parametrize("text", ["a: [1, 2]\n", "a:\n  - x\n  b: y\n", "a\n"])
def test_yaml_subset_rejects_what_it_cannot_read(text):
    with pytest.raises(ValueError, match="line"):
        parse_simple_yaml(text)
