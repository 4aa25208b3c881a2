"""Every JSONL reader reports a bad line the same way: JsonlError naming the file and line."""

import pytest

from iconseek.core.jsonl import JsonlError, iter_jsonl

GOOD = '{"_id": "lucide/a", "name": "a", "text": "a", "library": "lucide"}\n'


def test_iter_jsonl_skips_blank_lines_and_names_the_bad_one():
    rows = list(iter_jsonl(["{\"a\": 1}\n", "\n", "[2]\n"], "x.jsonl"))
    assert rows == [("x.jsonl:1", {"a": 1}), ("x.jsonl:3", [2])]
    with pytest.raises(JsonlError, match=r"^x\.jsonl:2: invalid JSON") as err:
        list(iter_jsonl(["{}\n", "{oops\n"], "x.jsonl"))
    assert isinstance(err.value, ValueError) and err.value.where == "x.jsonl:2"


def _readers():
    from iconseek.bench.dataset import load_dev_queries
    from iconseek.bench.qrels import load_icons
    from iconseek.byo.vectors import read_catalog_ids
    from iconseek.core.catalog_view import load_corpus
    from iconseek.eval.beir import load_corpus_ids, load_queries
    from iconseek.models.captions import read_corpus

    return {
        "catalog_view.load_corpus": lambda p: load_corpus(str(p.parent)),
        "captions.read_corpus": lambda p: read_corpus(p.parent),
        "byo.read_catalog_ids": read_catalog_ids,
        "beir.load_corpus_ids": lambda p: load_corpus_ids(str(p)),
        "beir.load_queries": lambda p: load_queries(str(p)),
        "bench.load_dev_queries": load_dev_queries,
        "bench.load_icons": load_icons,
    }


# captions.read_corpus returns records as written (training checks them later), so
# only a line that is not JSON at all is its error.
CASES = [(reader, bad) for reader in sorted(_readers()) for bad in ("{not json", "[1, 2]")
         if not (reader == "captions.read_corpus" and bad == "[1, 2]")]


@pytest.mark.parametrize("reader,bad_line", CASES)
def test_every_reader_names_file_and_line(tmp_path, reader, bad_line):
    path = tmp_path / "corpus.jsonl"
    path.write_text(GOOD + "\n" + bad_line + "\n", encoding="utf-8")
    with pytest.raises(JsonlError, match=rf"^{path}:3: "):
        _readers()[reader](path)
