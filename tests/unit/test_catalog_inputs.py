"""`catalog build --svg-dir` on hostile or careless input (issue 15, finding 7).

Each test pins one rule of docs/CATALOG.md "Input validation": the metadata schema,
what stops the build, the size limit, the symlink rule, non-UTF-8 input, escaped
messages and the escaped LICENSES.md. Names introduced by the fix are imported inside
the tests that need them, so every test fails on its own against the old code.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from iconseek.catalog.build import BuildOptions, build_catalog
from iconseek.cli import main

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M2 2h20v20H2z"/></svg>'


def quiet(_msg: str) -> None:
    pass


def icon_folder(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "icons"
    folder.mkdir()
    for name in names:
        (folder / f"{name}.svg").write_bytes(SVG)
    return folder


def write_json(path: Path, doc) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def build(tmp_path: Path, folder: Path, metadata: Path | None = None, **options):
    out = tmp_path / "out"
    result = build_catalog(BuildOptions(out=out, svg_dir=folder, metadata=metadata, rasters=False, **options),
                           log=quiet)
    return result, out


def rows(out: Path) -> dict[str, dict]:
    lines = (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    return {row["name"]: row for row in map(json.loads, lines)}


def cli(tmp_path: Path, folder: Path, *extra: str) -> int:
    return main(["catalog", "build", "--svg-dir", str(folder), "--no-rasters", "--quiet",
                 "--out", str(tmp_path / "out"), *extra])


# --- metadata schema ---------------------------------------------------------------


def test_wrong_metadata_fields_are_reported_per_icon_and_the_rest_kept(tmp_path):
    folder = icon_folder(tmp_path, "a", "b", "d")
    meta = write_json(tmp_path / "meta.json", {
        "licence": 7,
        "icons": {
            "a": {"title": ["T"], "tags": 5, "aliases": "back", "categories": ["Nav", 3, None], "colour": "red"},
            "b": "not an object",
            "c": {"tags": ["x"]},
            "d": {"title": "Dee", "tags": ["good"], "aliases": None},
        },
    })
    result, out = build(tmp_path, folder, meta)
    got = rows(out)
    assert got["a"]["tags"] == [] and got["a"]["aliases"] == [] and got["a"]["categories"] == ["Nav"]
    assert got["a"]["title"] == "A" and got["a"]["licence"] == "NOASSERTION"
    assert got["b"]["title"] == "B"
    assert got["d"]["title"] == "Dee" and got["d"]["tags"] == ["good"]  # null = not given, not a problem
    problems = [p for p in result.problems if p.kind in ("metadata", "missing-svg")]
    assert {p.path for p in problems} == {str(meta)}  # every one names the metadata file
    details = [p.detail for p in problems]

    def one(*words: str) -> None:
        assert sum(all(w in d for w in words) for d in details) == 1, (words, details)

    one("'a'", "title", "list")
    one("'a'", "tags", "number")
    one("'a'", "aliases", "string")
    one("'a'", "categories", "2 item(s)")
    one("'a'", "colour")
    one("'b'", "object")
    one("'c'", "no SVG")
    one("licence", "number")
    assert len(problems) == 8


def test_a_string_for_tags_is_rejected_not_split_into_characters(tmp_path):
    folder = icon_folder(tmp_path, "home")
    meta = write_json(tmp_path / "meta.json", {"home": {"tags": "house", "categories": ["Places"]}})
    result, out = build(tmp_path, folder, meta)
    row = rows(out)["home"]
    assert row["tags"] == [] and row["text"] == "Places"
    [problem] = result.problems.of_kind("metadata")
    assert "'home'" in problem.detail and "list of strings" in problem.detail and '["house"]' in problem.detail


def test_metadata_strings_a_terminal_or_utf8_cannot_take_are_rejected(tmp_path):
    folder = icon_folder(tmp_path, "a")
    meta = tmp_path / "meta.json"
    # \ud800 is legal JSON but no UTF-8 file can hold it; \u001b would drive the terminal
    meta.write_text('{"licence": "MIT\\ud800", "holder": "\\u001b[2J", "icons": {"a": '
                    '{"title": "T\\u0000", "tags": ["ok", "bad\\ud800", "\\u001b]0;pwned\\u0007", "  two  words "]}}}',
                    encoding="utf-8")
    result, out = build(tmp_path, folder, meta)
    row = rows(out)["a"]
    assert row["tags"] == ["ok", "two words"] and row["title"] == "A" and row["licence"] == "NOASSERTION"
    details = " / ".join(p.detail for p in result.problems.of_kind("metadata"))
    assert "licence" in details and "holder" in details and "title" in details and "2 item(s)" in details
    assert "Copyright holder not stated" in (out / "LICENSES.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{nope", "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "nested too deeply"),
        (b"[1, 2]", "must be a JSON object"),
        ('{"library": "caf\u00e9"}'.encode("latin-1"), "not UTF-8"),
        (b'{"icons": ["a"]}', '"icons" must be an object'),
        (None, "not found"),
    ],
    ids=["not-json", "deep-array", "deep-object", "top-level-list", "latin1", "icons-list", "missing"],
)
def test_an_unusable_metadata_file_is_one_clear_line_and_nothing_is_written(tmp_path, capsys, content, reason):
    folder = icon_folder(tmp_path, "a")
    meta = tmp_path / "meta.json"
    if content is not None:
        meta.write_bytes(content)
    assert cli(tmp_path, folder, "--metadata", str(meta)) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    [line] = err.strip().splitlines()
    assert str(meta) in line and reason in line
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.partial").exists()


def test_an_unusable_metadata_file_raises_the_catalogue_input_error(tmp_path):
    from iconseek.catalog.problems import CatalogInputError

    meta = tmp_path / "meta.json"
    meta.write_bytes(b"[" * 100_000)
    with pytest.raises(CatalogInputError, match="nested too deeply"):
        build(tmp_path, icon_folder(tmp_path, "a"), meta)


# --- file names, encodings, escaping -----------------------------------------------


def test_shown_makes_every_character_a_terminal_acts_on_visible():
    from iconseek.catalog.problems import shown

    assert shown("plain é 字 ok") == "plain é 字 ok"
    assert shown("a\x1b[31m\u202e\udcff\x9b\x7f\n\tz") == "a\\x1b[31m\\u202e\\udcff\\x9b\\x7f\\n\\tz"
    assert shown(Path("x") / "y\x07") == "x/y\\x07"


def test_a_file_name_that_is_not_utf8_is_reported_by_name(tmp_path, capsys):
    folder = icon_folder(tmp_path, "a")
    (folder / os.fsdecode(b"bad\xff.svg")).write_bytes(SVG)
    assert cli(tmp_path, folder) == 0  # capsys' stdout is strict UTF-8, like a terminal
    printed = capsys.readouterr().out
    assert "bad\\udcff.svg" in printed and "bad-name" in printed
    assert list(rows(tmp_path / "out")) == ["a"]
    errors = json.loads((tmp_path / "out" / "catalog.json").read_text(encoding="utf-8"))["errors"]
    assert [e["path"] for e in errors] == [str(folder / "bad\\udcff.svg")]


def test_control_characters_in_names_are_escaped_in_every_message(tmp_path, capsys):
    folder = icon_folder(tmp_path, "ok")
    (folder / "e\x1b[31mvil.svg").write_bytes(b"<html/>")
    assert cli(tmp_path, folder) == 0
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err
    assert "e\\x1b[31mvil.svg" in captured.out and f"wrote {tmp_path / 'out'}" in captured.out
    foreign = tmp_path / "mine\x1b]0;x\x07"  # a folder the build did not write: refused, by escaped name
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep")
    assert main(["catalog", "build", "--svg-dir", str(folder), "--no-rasters", "--quiet", "--out", str(foreign)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "mine\\x1b]0;x\\x07" in err


def test_names_too_long_for_a_file_are_reported_not_a_crash(tmp_path):
    folder = icon_folder(tmp_path, "a")
    deep = folder / ("d" * 200)
    deep.mkdir()
    (deep / ("e" * 100 + ".svg")).write_bytes(SVG)
    result, out = build(tmp_path, folder)
    assert list(rows(out)) == ["a"]
    [problem] = result.problems
    assert problem.kind == "bad-name" and problem.path.endswith("e" * 100 + ".svg") and "255" in problem.detail


# --- size limit ----------------------------------------------------------------------


def test_an_svg_over_the_size_limit_is_skipped_and_reported(tmp_path, capsys):
    folder = icon_folder(tmp_path, "a")
    big = folder / "big.svg"
    big.write_bytes(SVG.replace(b"<path", b"<!--" + b"x" * (2 << 20) + b"--><path"))
    result, out = build(tmp_path, folder)
    assert list(rows(out)) == ["a"]
    [problem] = result.problems
    assert problem.kind == "too-large" and problem.path == str(big)
    assert "1048576" in problem.detail and str(big.stat().st_size) in problem.detail
    assert cli(tmp_path, folder, "--max-svg-bytes", str(4 << 20)) == 0
    assert sorted(rows(tmp_path / "out")) == ["a", "big"]
    with pytest.raises(SystemExit) as exc:
        cli(tmp_path, folder, "--max-svg-bytes", "0")
    assert exc.value.code == 2 and "--max-svg-bytes" in capsys.readouterr().err


# --- symlinks and special files ------------------------------------------------------


def test_symlinks_leading_outside_the_folder_are_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.svg").write_bytes(SVG)
    folder = icon_folder(tmp_path, "a")
    (folder / "leak.svg").symlink_to(outside / "secret.svg")
    (folder / "sneaky.svg").symlink_to(Path("..") / "outside" / "secret.svg")  # relative, same place
    (folder / "alias.svg").symlink_to("a.svg")  # stays inside: allowed
    (folder / "dangling.svg").symlink_to("nowhere.svg")
    (folder / "loop.svg").symlink_to("loop.svg")
    (folder / "more").symlink_to(outside, target_is_directory=True)
    result, out = build(tmp_path, folder)
    assert sorted(rows(out)) == ["a", "alias"]
    kinds = {Path(p.path).name: p.kind for p in result.problems}
    assert kinds == {"leak.svg": "symlink-outside", "sneaky.svg": "symlink-outside", "more": "symlink-outside",
                     "dangling.svg": "unreadable-svg", "loop.svg": "unreadable-svg"}
    assert all(p.detail for p in result.problems)


def test_an_svg_that_is_not_a_regular_file_is_reported_not_read(tmp_path):
    folder = icon_folder(tmp_path, "a")
    os.mkfifo(folder / "pipe.svg")  # opening it would block the build
    result, out = build(tmp_path, folder)
    assert list(rows(out)) == ["a"]
    [problem] = result.problems
    assert problem.path == str(folder / "pipe.svg") and "not a regular file" in problem.detail


# --- LICENSES.md -----------------------------------------------------------------------


def test_licences_md_escapes_metadata_and_names_only_the_folder(tmp_path):
    folder = icon_folder(tmp_path, "a")
    meta = write_json(tmp_path / "meta.json", {
        "library": "<script>alert(1)</script>",
        "licence": "MIT <img src=x onerror=alert(1)>",
        "holder": "[click](javascript:alert(1)) | *x* `y`",
    })
    build(tmp_path, folder, meta)
    text = (tmp_path / "out" / "LICENSES.md").read_text(encoding="utf-8")
    for raw in ("<script", "<img", "[click]", "*x*", "`y`"):
        assert raw not in text, raw
    assert "&lt;script&gt;" in text and "\\[click\\]" in text
    [row] = [line for line in text.splitlines() if "script" in line and line.startswith("|")]
    assert len(re.findall(r"(?<!\\)\|", row)) == 7  # six cells, none split by the holder's "|"
    summary = (tmp_path / "out" / "catalog.json").read_text(encoding="utf-8")
    for written in (text, summary):
        assert str(tmp_path) not in written  # the builder's own path never ships
    assert json.loads(summary)["libraries"]["script-alert-1-script"]["package"] == "icons"


# --- structure the renderer cannot take ------------------------------------------------

NS = "http://www.w3.org/2000/svg"
PATH = '<path d="M0 0h9v9z"/>'


def _svg(body: str) -> bytes:
    return f'<svg xmlns="{NS}" viewBox="0 0 24 24">{body}</svg>'.encode()


# resvg crashes the whole process (SIGSEGV) at ~300 levels, in either form: never render these
DEEP = {
    "nested-groups": _svg("<g>" * 300 + PATH + "</g>" * 300),
    "use-chain": _svg(f'<defs><path id="g0" d="M0 0h9v9z"/>'
                      + "".join(f'<g id="g{i}"><use href="#g{i - 1}"/></g>' for i in range(1, 300))
                      + '</defs><use href="#g299"/>'),
    "css-chain": _svg("<style>" + "".join(f".c{i}{{fill:url(#p{i})}}" for i in range(300)) + "</style>"
                      + "".join(f'<pattern id="p{i}" width="4" height="4"><rect class="c{i + 1}" width="4" '
                                f'height="4"/></pattern>' for i in range(300))
                      + '<rect class="c0" width="9" height="9"/>'),
    "use-loop": _svg('<g id="a"><use href="#a"/></g>' + PATH),
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_svgs_nested_or_chained_past_the_renderers_limit_are_refused(tmp_path, name):
    folder = icon_folder(tmp_path, "a")
    (folder / f"{name}.svg").write_bytes(DEEP[name])
    result, out = build(tmp_path, folder)  # rasters off: on the old code rendering these kills pytest
    assert list(rows(out)) == ["a"]
    [problem] = result.problems
    assert problem.kind == "malformed-svg" and problem.path == str(folder / f"{name}.svg")
    assert ("levels deep" in problem.detail and "limit 32" in problem.detail) or "loop" in problem.detail


def test_real_icon_structure_is_still_accepted(tmp_path):
    from iconseek.catalog.svgfile import parse_svg

    illustrator = _svg('<defs><style>.cls-1{fill:url(#grad)}</style><linearGradient id="grad"><stop offset="0"/>'
                       '</linearGradient><clipPath id="clip">' + PATH + '</clipPath></defs>'
                       '<g clip-path="url(#clip)"><g><g><rect class="cls-1" width="9" height="9"/></g></g></g>'
                       '<use xlink:href="#grad" xmlns:xlink="http://www.w3.org/1999/xlink"/>')
    parse_svg(illustrator)
    gradients = _svg("<style>" + "".join(f".cls-{i}{{fill:url(#lg-{i})}}" for i in range(12)) + "</style>"
                     + "".join(f'<linearGradient id="lg-{i}"><stop offset="0"/></linearGradient>' for i in range(12))
                     + "".join(f'<g><g><path class="cls-{i}" d="M0 0h9v9z"/></g></g>' for i in range(12)))
    parse_svg(gradients)
    parse_svg(_svg("<g>" * 30 + PATH + "</g>" * 30))


EXTERNAL = {
    "image-file": _svg('<image href="/usr/share/pixmaps/debian-logo.png" width="24" height="24"/>'),
    "xlink-image": _svg('<image xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="file:///etc/passwd" '
                        'width="24" height="24"/>'),
    "use-other-file": _svg('<use href="other.svg#icon"/>' + PATH),
    "fill-url": _svg('<rect width="9" height="9" fill="url(https://example.com/p.svg#x)"/>'),
    "style-import": _svg('<style>@import "https://example.com/a.css";</style>' + PATH),
}


@pytest.mark.parametrize("name", sorted(EXTERNAL))
def test_svgs_pointing_outside_themselves_are_refused(tmp_path, name):
    """The rasteriser would read such a reference from the build machine (resvg loads local images)."""
    folder = icon_folder(tmp_path, "a")
    (folder / f"{name}.svg").write_bytes(EXTERNAL[name])
    result, out = build(tmp_path, folder)
    assert list(rows(out)) == ["a"]
    [problem] = result.problems
    assert problem.kind == "malformed-svg" and problem.path == str(folder / f"{name}.svg")
    assert "outside the file" in problem.detail


def test_inline_data_and_local_references_are_kept(tmp_path):
    from iconseek.catalog.svgfile import parse_svg

    parse_svg(_svg('<image href="data:image/png;base64,iVBORw0KGgo=" width="4" height="4"/>'
                   '<linearGradient id="g"><stop offset="0"/></linearGradient>'
                   '<rect width="9" height="9" fill="url(#g)"/><use href="#g"/>'))
