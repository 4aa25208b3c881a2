"""Fuzzing `catalog build --svg-dir [--metadata]` in-process (issue 15, finding 7).

Each example is a small random folder — file names with control characters, any
Unicode, bytes that are not UTF-8, over-long names, colliding names; contents that
are valid SVG, broken XML, empty, random bytes, Latin-1, around the size limit;
symlinks leading inside, outside, nowhere or to themselves; FIFOs — plus a random
metadata document (wrong types, bare strings, nulls, lone surrogates, control
characters, random JSON, random bytes, nesting far past the parser's limit). Half the
examples rasterise (8 px, in-process), so SVGs that crash resvg — nesting or #id
chains of ~300 levels kill the process — are generated too.

Whatever comes in, the build must: raise nothing but CatalogInputError (whose one
line names the metadata file, and which leaves no output); name, in every problem,
a file or folder the example made; print and store only printable text; write a
LICENSES.md with no raw HTML; and modify nothing outside its output folder.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iconseek.catalog.build import BuildOptions, build_catalog
from iconseek.catalog.problems import CatalogInputError, shown
from iconseek.commands.catalog import print_summary

pytestmark = pytest.mark.slow

NS = "http://www.w3.org/2000/svg"
SVG = f'<svg xmlns="{NS}" viewBox="0 0 24 24"><path d="M2 2h20v20H2z"/></svg>'.encode()

CONTENTS = st.one_of(
    st.just(SVG),
    st.just(b"\xef\xbb\xbf" + SVG),  # UTF-8 with a byte-order mark
    st.sampled_from([b"", b" \n\t", b"<svg><path", b"<html><body/></html>", f'<svg xmlns="{NS}"/>'.encode(),
                     b"<svg xmlns='urn:x'><path/></svg>", b"\xff\xfe<\x00s\x00v\x00g\x00"]),
    st.binary(max_size=48),
    st.text(max_size=24).map(lambda t: f'<svg xmlns="{NS}"><title>{escape(t)}</title><path d="M0 0h9"/></svg>'
                             .encode("utf-8", "surrogatepass")),
    st.text(st.characters(min_codepoint=0xA0, max_codepoint=0xFF), min_size=1, max_size=8).map(
        lambda t: f'<svg xmlns="{NS}"><title>{t}</title><path d="M0 0h9"/></svg>'.encode("latin-1")),
    st.integers(0, 400).map(lambda n: SVG.replace(b"<path", b"<!--" + b"x" * n + b"--><path")),  # near the limit
    st.integers(1, 3000).map(lambda n: f'<svg xmlns="{NS}">'.encode() + b"<g>" * n + b"<path/>" + b"</g>" * n
                             + b"</svg>"),  # deep XML
    st.integers(1, 400).map(lambda n: f'<svg xmlns="{NS}"><path id="g0" d="M0 0h9"/>'.encode() + "".join(
        f'<g id="g{i}"><use href="#g{i - 1}"/></g>' for i in range(1, n)).encode() + b"</svg>"),  # <use> chains
    st.integers(1, 400).map(lambda n: f'<svg xmlns="{NS}"><style>'.encode() + "".join(
        f".c{i}{{fill:url(#p{i})}}" for i in range(n)).encode() + b"</style>" + "".join(
        f'<pattern id="p{i}" width="4" height="4"><rect class="c{i + 1}" width="4" height="4"/></pattern>'
        for i in range(n)).encode() + b'<rect class="c0" width="9" height="9"/></svg>'),  # chains through CSS
)

PLAIN = st.from_regex(r"[a-z0-9_-]{1,8}", fullmatch=True)  # weighted up: bad names hide bad content
PART = st.one_of(
    PLAIN, PLAIN, PLAIN,
    st.sampled_from(["a", "b", "a-b", "A", "x y", ".hidden", "back\\slash", "e\x1b[31mvil", "\u202etxt", "caf\u00e9"]),
    st.text(st.characters(exclude_characters="/\x00", exclude_categories=("Cs",)), min_size=1, max_size=10),
    st.binary(min_size=1, max_size=10).filter(lambda b: b"/" not in b and b"\x00" not in b).map(os.fsdecode),
    st.integers(100, 240).map(lambda n: "n" * n),  # long: fine alone, too long once joined
).filter(lambda part: part not in (".", "..") and len(os.fsencode(part)) <= 240)

SUFFIX = st.sampled_from([".svg"] * 6 + [".SVG", "", ".txt", ".svg.bak"])
LINK_TARGETS = ["outside-file", "outside-dir", "outside-relative", "inside", "inside-absolute", "inside-dir",
                "dangling", "loop"]

ENTRY = st.one_of(
    st.tuples(st.just("file"), st.lists(PART, min_size=1, max_size=3), SUFFIX, CONTENTS),
    st.tuples(st.just("link"), st.lists(PART, min_size=1, max_size=2), SUFFIX, st.sampled_from(LINK_TARGETS)),
    st.tuples(st.just("fifo"), st.lists(PART, min_size=1, max_size=2), SUFFIX, st.none()),
    st.tuples(st.just("dir"), st.lists(PART, min_size=1, max_size=2), SUFFIX, st.none()),
)

LONE_SURROGATES = st.sampled_from(["\ud800", "a\udcff", "\udfff\u001b"])
LEAF = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-(10**30), 10**30),
                 st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12), LONE_SURROGATES)
ANY_JSON = st.recursive(LEAF, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=16)
TERMS = st.one_of(st.lists(st.one_of(st.text(max_size=12), LONE_SURROGATES), max_size=4), ANY_JSON)
ENTRY_DOC = st.one_of(
    st.fixed_dictionaries({}, optional={"title": st.one_of(st.text(max_size=12), ANY_JSON), "tags": TERMS,
                                        "aliases": TERMS, "categories": TERMS, "colour": ANY_JSON}),
    ANY_JSON,
)
TOP_TEXT = st.one_of(st.text(max_size=16), st.sampled_from(["<script>x</script>", "[a](javascript:b) | *c*"]),
                     ANY_JSON)


def metadata_documents(icon_names: list[str]):
    """Bytes of a metadata file (or None: no --metadata), keyed by the folder's names half the time."""
    key = st.one_of(st.sampled_from(icon_names), st.text(max_size=8)) if icon_names else st.text(max_size=8)
    icons = st.dictionaries(key, ENTRY_DOC, max_size=5)
    described = st.fixed_dictionaries({}, optional={"library": TOP_TEXT, "licence": TOP_TEXT, "license": TOP_TEXT,
                                                    "holder": TOP_TEXT, "icons": st.one_of(icons, ANY_JSON),
                                                    "extra": ANY_JSON})
    as_json = st.one_of(described, icons, ANY_JSON).map(lambda doc: json.dumps(doc).encode())
    nested = st.tuples(st.sampled_from(['[', '{"a":']), st.integers(1, 60_000)).map(
        lambda bomb: (bomb[0] * bomb[1]).encode())
    return st.one_of(
        st.none(),
        as_json, as_json, as_json,
        st.tuples(described, st.sampled_from(["latin-1", "utf-16"])).map(
            lambda pair: json.dumps(pair[0], ensure_ascii=False).encode(pair[1], "replace")),
        nested,
        st.binary(max_size=40),
        st.just(None).map(lambda _: "missing"),
    )


def make_tree(base: Path, entries) -> tuple[Path, set[str]]:
    """Create the input under ``base``; return the --svg-dir and every path made in it (as shown)."""
    outside = base / "outside"
    (outside / "dir").mkdir(parents=True)
    (outside / "secret.svg").write_bytes(SVG)
    (outside / "dir" / "inner.svg").write_bytes(SVG)
    root = base / "icons"
    root.mkdir()
    (root / "keep.svg").write_bytes(SVG)
    made = {root, root / "keep.svg"}
    for kind, parts, suffix, extra in entries:
        path = root.joinpath(*parts[:-1], parts[-1] + suffix)
        if os.path.lexists(path):
            continue  # made by an earlier entry (writing could block on its FIFO or follow its link)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.update(p for p in path.parents if root in p.parents)
            if kind == "file":
                path.write_bytes(extra)
            elif kind == "dir":
                path.mkdir()
            elif kind == "fifo":
                os.mkfifo(path)
            else:
                target = {"outside-file": outside / "secret.svg", "outside-dir": outside / "dir",
                          "outside-relative": Path(os.path.relpath(outside / "secret.svg", path.parent)),
                          "inside": Path(os.path.relpath(root / "keep.svg", path.parent)),
                          "inside-absolute": root / "keep.svg", "inside-dir": root,
                          "dangling": Path("nowhere.svg"), "loop": Path(path.name)}[extra]
                path.symlink_to(target)
        except OSError:
            continue  # a name the file system refuses, or a clash with an earlier entry: not our input
        made.add(path)
        # through an earlier entry's link to a folder (icons/0 -> icons), icons/0/a.svg *is* icons/a.svg
        made.add(Path(os.path.realpath(path.parent)) / path.name)
    return root, {shown(p) for p in made}


def icon_names(root: Path) -> list[str]:
    return sorted({"-".join(p.relative_to(root).with_suffix("").parts) for p in root.rglob("*")})[:20]


def snapshot(base: Path) -> dict[str, tuple]:
    """Everything under ``base`` except the output's own folder, as (type, mode, mtime, content)."""
    state = {}
    for folder, dirs, files in os.walk(base):
        dirs[:] = [d for d in dirs if Path(folder, d) != base / "outdir"]
        for name in dirs + files:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            if os.path.islink(path):
                content = os.readlink(path)
            elif os.path.isfile(path) and not os.path.islink(path) and Path(path).stat().st_size < 1 << 20:
                content = Path(path).read_bytes()
            else:
                content = None
            state[path] = (info.st_mode, info.st_mtime_ns if not os.path.isdir(path) else None, content)
    return state


@settings(max_examples=2000, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(data=st.data())
def test_any_folder_and_metadata_build_safely(data):
    base = Path(tempfile.mkdtemp(prefix="iconseek-fuzz-"))
    try:
        entries = data.draw(st.lists(ENTRY, max_size=6), label="entries")
        root, made = make_tree(base, entries)
        doc = data.draw(metadata_documents(icon_names(root)), label="metadata")
        meta = None if doc is None else base / "meta.json"
        if isinstance(doc, bytes):
            meta.write_bytes(doc)
        rasters = data.draw(st.booleans(), label="rasters")
        out = base / "outdir" / "out"
        out.parent.mkdir()
        options = BuildOptions(out=out, svg_dir=root, metadata=meta, rasters=rasters, raster_size=8, jobs=1,
                               max_svg_bytes=data.draw(st.sampled_from([120, 300, 1 << 20, 1 << 20]), label="limit"))
        before = snapshot(base)
        logged: list[str] = []
        try:
            result = build_catalog(options, log=logged.append)
        except CatalogInputError as exc:
            message = str(exc)
            assert message.isprintable() and message.startswith(shown(meta) + ": ")
            assert not out.exists()
        else:
            for problem in result.problems:
                assert problem.path in made | {shown(meta)}, problem
                assert str(problem).isprintable(), problem
            check_output(out, result, base)
            printed = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
            print_summary(result, out, printed)  # what a UTF-8 terminal would get: no encoding error ...
            printed.seek(0)
            assert all(line.isprintable() for line in printed.read().splitlines())  # ... no raw controls
        assert all(line.isprintable() for line in logged)
        assert snapshot(base) == before
        assert sorted(os.listdir(out.parent)) in ([], ["out"])  # no .partial or .replaced left beside it
    finally:
        shutil.rmtree(base, ignore_errors=True)


def check_output(out: Path, result, base: Path) -> None:
    if not result.records:
        assert not out.exists()
        return
    lines = (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(result.records)
    for line in lines:
        row = json.loads(line)
        assert (out / row["svg"]).is_file() and row["name"].isprintable()
        assert all(term.isprintable() for term in (row["title"], *row["tags"], *row["aliases"], *row["categories"]))
    json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    licences = (out / "LICENSES.md").read_text(encoding="utf-8")
    assert "<" not in licences and str(base) not in licences
