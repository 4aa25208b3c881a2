from iconseek.core.lexical.analysis import Analyzer, fold_plural, name_key, split_words


def test_splits_identifier_styles_the_same_way():
    expected = ["arrow", "left", "2"]
    for spelling in ["arrow-left-2", "arrow_left_2", "arrowLeft2", "ArrowLeft2", "arrow left 2", "ARROW-LEFT-2"]:
        assert split_words(spelling) == expected, spelling


def test_splits_acronyms_before_capitalised_words():
    assert split_words("HTMLFile") == ["html", "file"]
    assert split_words("fa2fa") == ["fa", "2", "fa"]


def test_strips_accents_and_keeps_other_scripts():
    assert split_words("Café crème") == ["cafe", "creme"]
    assert split_words("مرحبا שלום 你好") == ["مرحبا", "שלום", "你好"]


def test_punctuation_html_and_control_characters_separate_words():
    assert split_words("<b>bold</b>\x00\x07tab\tx") == ["b", "bold", "b", "tab", "x"]
    assert split_words("🙂🎉") == []


def test_plural_folding_rules():
    cases = {
        "arrows": "arrow",
        "boxes": "box",
        "watches": "watch",
        "dishes": "dish",
        "glasses": "glass",
        "batteries": "battery",
        "files": "file",
        "bus": "bus",
        "status": "status",
        "glass": "glass",
        "analysis": "analysis",
        "gas": "gas",
        "2fas": "2fas",
    }
    for word, folded in cases.items():
        assert fold_plural(word) == folded, word


def test_analyzer_applies_folding_only_when_enabled():
    assert Analyzer().terms("Arrows-Left") == ["arrow", "left"]
    assert Analyzer(fold_plurals=False).terms("Arrows-Left") == ["arrows", "left"]
    assert Analyzer.from_config(Analyzer(False).config()).fold_plurals is False


def test_name_key_ignores_spelling_but_not_plurals():
    assert name_key("arrow-left") == name_key("Arrow Left") == name_key("arrowLeft") == "arrowleft"
    assert name_key("arrows") != name_key("arrow")
    assert name_key("  ") == ""


def test_query_stopwords_are_dropped_unless_nothing_would_remain():
    from iconseek.core.lexical.analysis import drop_stopwords

    assert drop_stopwords(["go", "to", "the", "start", "page"]) == ["go", "start", "page"]
    assert drop_stopwords(["the", "a"]) == ["the", "a"]
    assert drop_stopwords([]) == []
