"""Assemble a catalogue directory from icon sources (docs/CONTRACTS.md, "Catalogue directory").

Stages, each tolerant of bad input (problems are collected, not raised; only an
unusable ``--metadata`` file stops the build, before anything is written):
1. gather sources: the npm libraries found under node_modules and/or a user folder;
2. check every SVG (``svgfile.parse_svg``), dropping unusable files with their path;
3. sort records by ``_id`` and write ``corpus.jsonl``, ``svg/``, ``catalog.json``,
   ``LICENSES.md`` and ``licences.json`` (the same attributions as data);
4. optionally rasterise every record into ``rasters.npy`` (row i = corpus line i).

Nothing time- or machine-dependent goes into corpus.jsonl, so rebuilding from the
same packages gives identical bytes.
"""

from __future__ import annotations

import json
import shutil
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from iconseek.catalog.folder import collect_folder, folder_label, slugify
from iconseek.catalog.libraries import ALL_LIBRARIES, IconLibrary
from iconseek.catalog.licences import Attribution, licences_document, render_licences
from iconseek.catalog.metadata import read_metadata
from iconseek.catalog.problems import Problems, shown
from iconseek.catalog.raster import DEFAULT_SIZE, blank_rows, render_all
from iconseek.catalog.record import IconRecord, IconSource, humanise
from iconseek.catalog.svgfile import DEFAULT_MAX_SVG_BYTES, SvgError, SvgTooLarge, parse_svg, read_svg
from iconseek.output_folder import OwnedOutput

FORMAT_VERSION = 1
NAME_MAX = 255  # bytes in one file name on every common file system

Log = Callable[[str], None]


@dataclass
class BuildOptions:
    out: Path
    node_modules: Path | None = None  # None: no npm libraries
    libraries: tuple[str, ...] | None = None  # slugs to include; None = all 11
    svg_dir: Path | None = None
    metadata: Path | None = None
    library_name: str | None = None  # slug for --svg-dir icons (default: folder/metadata name)
    raster_size: int = DEFAULT_SIZE
    jobs: int = 2
    rasters: bool = True
    max_svg_bytes: int = DEFAULT_MAX_SVG_BYTES  # larger SVGs are reported and left out


@dataclass
class LibraryInfo:
    """What the summary and LICENSES.md say about one library in this build."""

    slug: str
    title: str
    package: str
    version: str
    licence: str
    copyright: str
    homepage: str
    canonical_style: str
    licence_text: str = ""
    count: int = 0


@dataclass
class BuildResult:
    records: list[IconRecord]
    libraries: list[LibraryInfo]
    problems: Problems
    seconds: dict[str, float] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {info.slug: info.count for info in self.libraries}


def _gather_npm(options: BuildOptions, problems: Problems, log: Log):
    """Yield (LibraryInfo, sources) for each selected npm library that is installed."""
    wanted = options.libraries
    for library in ALL_LIBRARIES:
        if wanted is not None and library.slug not in wanted:
            continue
        package_dir = library.package_dir(options.node_modules)
        if not package_dir.is_dir():
            problems.add("missing-package", package_dir, f"{library.package} is not installed; {library.slug} skipped")
            log(f"  {library.slug:12s} MISSING ({shown(package_dir)})")
            continue
        yield _library_info(library, package_dir), library.collect(package_dir, problems)


def _library_info(library: IconLibrary, package_dir: Path) -> LibraryInfo:
    return LibraryInfo(
        slug=library.slug,
        title=library.display_name,
        package=library.package,
        version=library.version(package_dir),
        licence=library.licence,
        copyright=library.copyright_line(package_dir),
        homepage=library.homepage,
        canonical_style=library.canonical_style,
        licence_text=library.licence_text(package_dir),
    )


def _gather_folder(options: BuildOptions, problems: Problems):
    """The folder's one library. Raises CatalogInputError (before anything is written)
    if the metadata file is unusable as a whole."""
    metadata = read_metadata(options.metadata, problems)
    label = folder_label(options.svg_dir)  # the folder's name only: the builder's path stays private
    slug = slugify(options.library_name or metadata.library or label)
    info = LibraryInfo(
        slug=slug,
        title=metadata.library or slug,
        package=shown(label),
        version="local",
        licence=metadata.licence or "NOASSERTION",
        copyright=f"Copyright (c) {metadata.holder}" if metadata.holder else "Copyright holder not stated",
        homepage="",
        canonical_style="every SVG in the folder",
    )
    return info, collect_folder(options.svg_dir, metadata, problems)


def _name_problem(name: str) -> str | None:
    """Why ``name`` cannot be an icon name (it becomes a file name, a JSON string and page
    text), or None. A file name that is not UTF-8 reaches here as lone surrogates."""
    if not name.isprintable():
        return "has control characters or bytes that are not UTF-8"
    if "/" in name or "\\" in name or name.startswith("."):
        return "cannot be a file name"
    if len(name.encode("utf-8")) + len(".svg") > NAME_MAX:
        return f"is too long for a file name ({NAME_MAX} bytes at most with .svg)"
    return None


def _check_sources(info: LibraryInfo, sources: list[IconSource], problems: Problems, max_bytes: int):
    """Keep sources whose SVG parses, fits the size limit and whose name is usable as a file name."""
    kept: list[tuple[IconRecord, bytes]] = []
    for source in sources:
        why = _name_problem(source.name)
        if why:
            problems.add("bad-name", source.svg_path, f"icon name {source.name!r} {why}")
            continue
        try:
            data = read_svg(source.svg_path, max_bytes)
            parse_svg(data)
        except OSError as exc:
            problems.add("unreadable-svg", source.svg_path, exc.strerror or str(exc))
            continue
        except SvgTooLarge as exc:
            problems.add("too-large", source.svg_path, str(exc))
            continue
        except SvgError as exc:
            problems.add("malformed-svg", source.svg_path, str(exc))
            continue
        record = IconRecord(
            library=info.slug,
            name=source.name,
            title=source.title or humanise(source.name),
            tags=source.tags,
            aliases=source.aliases,
            categories=source.categories,
            licence=info.licence,
            source=source.svg_path,
        )
        kept.append((record, data))
    return kept


# Only folders an earlier catalogue build wrote are ever replaced (output_folder.py).
CATALOG_OUTPUT = OwnedOutput("iconseek catalog build", ".iconseek-catalog", "catalog.json",
                             frozenset({"format", "libraries"}), "corpus.jsonl")
# What a catalogue build writes; anything else found in --out is carried over untouched.
OWNED_NAMES = frozenset({"corpus.jsonl", "catalog.json", "LICENSES.md", "licences.json", "rasters.npy", "svg",
                         CATALOG_OUTPUT.marker})


def _write_svgs(target: Path, ordered: list[tuple[IconRecord, bytes]], previous: Path | None) -> None:
    """Write the catalogue's SVGs under ``target``; an identical file of the previous
    build is hard-linked instead of rewritten (a rebuild of 22k icons then costs reads,
    not file creations: 10x faster on a busy disk, and unchanged files keep their mtime)."""
    made: set[Path] = set()
    for record, data in ordered:
        path = target / record.svg
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        if previous is not None:
            old = previous / record.svg
            try:
                if old.stat().st_size == len(data) and old.read_bytes() == data:
                    os.link(old, path)
                    continue
            except OSError:
                pass  # absent, different, or no hard links on this file system
        path.write_bytes(data)


def _swap_in(partial: Path, out: Path) -> None:
    """Put the finished ``partial`` in place of ``out``, carrying over whatever in ``out``
    this builder does not own (e.g. a lexical-index.json written by `iconseek index build`)."""
    if out.exists():
        CATALOG_OUTPUT.refuse_foreign(out)  # checked again: it may have changed during the build
        for entry in out.iterdir():
            if entry.name not in OWNED_NAMES and not (partial / entry.name).exists():
                entry.rename(partial / entry.name)
        retired = out.with_name(out.name + ".replaced")
        if retired.exists():
            CATALOG_OUTPUT.refuse_foreign(retired)
            shutil.rmtree(retired)
        out.rename(retired)
        partial.rename(out)
        shutil.rmtree(retired)
    else:
        partial.rename(out)


def _write_text(path: Path, text: str) -> None:
    """Write via a temporary file so readers never see half a file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    os.replace(tmp, path)


def _summary(result: BuildResult, options: BuildOptions) -> dict:
    size = options.raster_size if options.rasters and result.records else None
    rasters = None
    if size is not None:
        rasters = {"file": "rasters.npy", "size": size, "shape": [len(result.records), size, size],
                   "dtype": "uint8", "ink": 0, "paper": 255}
    return {
        "format": FORMAT_VERSION,
        "count": len(result.records),
        "raster_size": size,
        "libraries": {
            info.slug: {
                "count": info.count,
                "package": info.package,
                "version": info.version,
                "licence": info.licence,
                "canonical_style": info.canonical_style,
            }
            for info in result.libraries
        },
        "rasters": rasters,
        "errors": [p.as_dict() for p in result.problems],
    }


def _write_catalog(target: Path, previous: Path | None, ordered, result: BuildResult, infos, options: BuildOptions,
                   seconds: dict[str, float]) -> None:
    records = result.records
    t2 = time.perf_counter()
    _write_svgs(target, ordered, previous)
    _write_text(target / "corpus.jsonl", "".join(r.to_json() + "\n" for r in records))
    seconds["write"] = time.perf_counter() - t2
    if options.rasters:
        import numpy as np

        t3 = time.perf_counter()
        rasters, failures = render_all([data for _, data in ordered], options.raster_size, options.jobs)
        for failure in failures:
            result.problems.add("render-failed", records[failure.index].source, failure.detail)
        failed = {f.index for f in failures}
        for index in blank_rows(rasters):
            if index not in failed:
                result.problems.add("blank-raster", records[index].source, "renders with no visible ink")
        with open(target / "rasters.npy", "wb") as handle:
            np.save(handle, rasters)
        seconds["rasters"] = time.perf_counter() - t3
    attributions = [
        Attribution(i.title, i.package, i.version, i.licence, i.copyright, i.homepage, i.count, i.licence_text, i.slug)
        for i in infos
    ]
    _write_text(target / "LICENSES.md", render_licences(attributions))
    _write_text(target / "licences.json",
                json.dumps(licences_document(attributions), ensure_ascii=False, indent=2) + "\n")
    _write_text(target / "catalog.json", json.dumps(_summary(result, options), ensure_ascii=False, indent=2) + "\n")


def build_catalog(options: BuildOptions, log: Log = print) -> BuildResult:
    """Run the whole build; never raises for bad icons or missing packages (see ``result.problems``).

    Raises CatalogInputError, before writing anything, if the ``--metadata`` file is unusable,
    and FileExistsError if ``--out`` is a folder this command did not write.
    """
    problems = Problems()
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()

    groups: list[tuple[LibraryInfo, list[IconSource]]] = []
    if options.node_modules is not None:
        groups.extend(_gather_npm(options, problems, log))
    if options.svg_dir is not None:
        groups.append(_gather_folder(options, problems))
    seconds["collect"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    pairs: dict[str, tuple[IconRecord, bytes]] = {}
    infos: list[LibraryInfo] = []
    for info, sources in groups:
        if any(i.slug == info.slug for i in infos):
            problems.add("duplicate", info.package, f"library slug {info.slug!r} already used; skipped")
            continue
        kept = _check_sources(info, sources, problems, options.max_svg_bytes)
        for record, data in kept:
            if record.id in pairs:
                problems.add("duplicate", record.source, f"{record.id} already catalogued; first kept")
                continue
            pairs[record.id] = (record, data)
            info.count += 1
        infos.append(info)
    ordered = [pairs[key] for key in sorted(pairs)]
    records = [record for record, _ in ordered]
    seconds["check"] = time.perf_counter() - t1
    result = BuildResult(records=records, libraries=infos, problems=problems, seconds=seconds)

    if not records:
        return result  # nothing usable: leave --out exactly as it was (the CLI exits 1)
    out = options.out
    partial = CATALOG_OUTPUT.claim_partial(out)
    try:
        _write_catalog(partial, out if out.is_dir() else None, ordered, result, infos, options, seconds)
        _swap_in(partial, out)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)  # ours: made above
        raise
    seconds["total"] = time.perf_counter() - t0
    return result
