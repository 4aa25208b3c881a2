"""Captions and near-duplicate groups for image-tower training (stdlib only)."""

from iconseek.models.captions import IconCaptions, duplicate_groups, icon_captions, metadata_text, phrase


def test_phrase_normalises_identifiers_and_drops_style_words():
    assert phrase("arrow-left") == "arrow left"
    assert phrase("ArrowLeft") == "arrow left"
    assert phrase("arrow_left_line") == "arrow left"
    assert phrase("caret--down") == "caret down"
    # a style word alone is kept: it is the meaning then
    assert phrase("fill") == "fill"


def test_icon_captions_name_first_then_unique_others():
    record = {"name": "trash-2", "title": "Trash 2", "tags": ["garbage", "delete", "Garbage"],
              "aliases": ["bin"], "categories": ["files"]}
    caps = icon_captions(record)
    assert caps.name == "trash 2"
    assert caps.others == ("bin", "garbage", "delete", "files")
    assert caps.all[0] == "trash 2" and len(set(caps.all)) == len(caps.all)


def test_duplicate_groups_join_same_name_and_identical_caption_sets():
    caps = [
        IconCaptions("arrow left", ("back",)),      # 0
        IconCaptions("arrow left", ("previous",)),  # 1: same name as 0
        IconCaptions("home", ("house",)),           # 2
        IconCaptions("", ("home", "house")),        # 3: same caption set as 2
        IconCaptions("star", ()),                   # 4: alone
    ]
    groups = duplicate_groups(caps)
    assert groups[0] == groups[1]
    assert groups[2] == groups[3]
    assert len({groups[0], groups[2], groups[4]}) == 3
    assert sorted(set(groups)) == list(range(3))  # dense ids


def test_metadata_text_joins_title_tags_aliases_but_not_categories():
    record = {"name": "house", "title": "House", "tags": ["home", "building"], "aliases": ["casa"],
              "categories": ["Buildings"]}
    assert metadata_text(record) == "House. home, building. casa"
    assert metadata_text({"name": "bank", "title": "Bank", "categories": ["Finance"]}) == "Bank"
    assert metadata_text({"name": "arrow-up", "title": ""}) == "arrow up"
