"""Reading, checking and normalising SVG files.

Every SVG is parsed once before it enters the catalogue, so malformed files
(bad XML, empty, not an ``<svg>`` root, not UTF-8) are reported with their path
instead of surfacing later as a broken raster or a broken page.

For rasterising, the root element is rewritten so that any icon, whatever its
own width/height/viewBox, fills an S x S canvas centred with its aspect ratio
kept (``preserveAspectRatio="xMidYMid meet"`` pads the short side), and
``color`` is set to black so ``currentColor`` strokes and fills render as black ink.
Only the root is touched; the drawing is passed through unchanged.

Files are read through :func:`read_svg`, which refuses anything over a size limit
before reading it whole: an icon is a few kB (the largest of the 22.6k real ones is
13 kB), and a 50 MB "icon" would be shipped to every visitor of the site.

:func:`parse_svg` also refuses structure the renderer cannot survive: resvg follows
nested elements and ``#id`` references (``<use href>``, ``url(#...)``, also from a
``<style>`` sheet) recursively and crashes the whole process — SIGSEGV, not an
exception — at about 300 levels. Real icons reach 4.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

# 1 MiB: ~80x the largest real icon (Font Awesome old-republic.svg, 13,454 bytes),
# far below the icon fonts/sprites some packages ship as .svg (1-21 MB, not icons).
DEFAULT_MAX_SVG_BYTES = 1 << 20
# Longest chain of elements, a jump through an #id reference counting as one level.
# resvg survives 128 in every form tried (g, svg, a, switch, use, clipPath, mask,
# pattern, gradient, filter) and crashes at ~300; real icons reach 4.
MAX_SVG_DEPTH = 32

_URL_REF = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)")
_HREFS = ("href", f"{{{XLINK_NS}}}href")
# url(...) whose target is neither #id nor data: (a file, http:, ...)
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?(?!#|data:)([^)'\"\s]+)", re.IGNORECASE)
_GRADIENTS = ("linearGradient", "radialGradient")

_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px)?\s*$")


class SvgError(ValueError):
    """The file cannot be used as an icon; the message says why."""


class SvgTooLarge(SvgError):
    """The file is over the size limit (``--max-svg-bytes``)."""


@dataclass(frozen=True)
class SvgDocument:
    """A parsed, checked SVG: its text as shipped plus the parsed root."""

    text: str
    root: ET.Element


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_svg(path, max_bytes: int = DEFAULT_MAX_SVG_BYTES) -> bytes:
    """The bytes of ``path``, or SvgTooLarge if it holds more than ``max_bytes``.

    Reads at most ``max_bytes + 1`` bytes, so a huge file costs no memory or time.
    """
    with open(path, "rb") as handle:
        data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            size = os.fstat(handle.fileno()).st_size
            raise SvgTooLarge(f"{size} bytes is over the limit of {max_bytes} bytes (--max-svg-bytes)")
    return data


def parse_svg(data: bytes) -> SvgDocument:
    """Check that ``data`` is a non-empty, UTF-8, well-formed document with an ``<svg>`` root."""
    if not data.strip():
        raise SvgError("empty file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SvgError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SvgError(f"malformed XML ({exc})") from None
    if _local_name(root.tag) != "svg":
        raise SvgError(f"not an SVG document (root element <{_local_name(root.tag)}>)")
    if root.tag not in ("svg", f"{{{SVG_NS}}}svg"):
        raise SvgError(f"root <svg> in foreign namespace {root.tag.split('}')[0][1:]!r}")
    if len(root) == 0:
        raise SvgError("SVG has no content")
    _check_local(root)
    _check_depth(root)
    return SvgDocument(text=text, root=root)


def _check_local(root: ET.Element) -> None:
    """SvgError if the file points outside itself (``<image href="/etc/...">``, ``url(file:...)``).

    WHY: the rasteriser (resvg) loads such references from the build machine, so an
    untrusted folder could pull local files into the rasters and vectors. Icons need
    only ``#id`` and ``data:`` references; no icon of the 11 libraries has another.
    """
    for element in root.iter():
        values = [(key, value) for key, value in element.attrib.items()]
        if _local_name(element.tag) == "style" and element.text:
            values.append(("<style>", element.text))
        for key, value in values:
            target = value.strip()
            if key in _HREFS and target and not target.startswith(("#", "data:")):
                raise SvgError(f"refers to {target[:80]!r} outside the file (<{_local_name(element.tag)} href>); "
                               "only #id and data: references are allowed")
            external = _EXTERNAL_URL.search(value)
            if external or (key == "<style>" and "@import" in value):
                shown = external.group(1)[:80] if external else "@import"
                raise SvgError(f"refers to {shown!r} outside the file; only #id and data: references are allowed")


def _references(element: ET.Element) -> list[str]:
    """The ids ``element`` points at through its attributes."""
    ids = []
    for key, value in element.attrib.items():
        if key in _HREFS and value.strip().startswith("#"):
            ids.append(value.strip()[1:])
        ids.extend(_URL_REF.findall(value))
    return ids


def _check_depth(root: ET.Element) -> None:
    """SvgError unless every chain of children and ``#id`` references is at most MAX_SVG_DEPTH long
    and none loops back on itself.

    Depth-first over the element graph (children plus referenced elements), iteratively so a
    deep file cannot exhaust Python's stack either. References made by a ``<style>`` sheet
    apply through selectors, so they cannot be followed edge by edge; each distinct one may
    at most restart a chain, hence the bound ``(sheet references + 1) x chain length``.
    Gradients are left out of that count: their only children are ``<stop>``s, where no
    chain can continue (an Illustrator export fills a dozen shapes from a sheet of them).
    """
    by_id: dict[str, ET.Element] = {}
    sheet_refs: set[str] = set()
    for element in root.iter():
        if element.get("id") is not None:
            by_id.setdefault(element.get("id"), element)
        if _local_name(element.tag) == "style" and element.text:
            sheet_refs.update(_URL_REF.findall(element.text))

    def edges(element: ET.Element) -> list[ET.Element]:
        return [*element, *(by_id[i] for i in _references(element) if i in by_id)]

    longest: dict[ET.Element, int] = {}  # element -> longest chain starting there
    path = {root}
    stack = [(root, edges(root), 0)]
    while stack:
        element, targets, next_index = stack[-1]
        if next_index == len(targets):
            stack.pop()
            path.discard(element)
            longest[element] = 1 + max((longest[t] for t in targets), default=0)
            continue
        stack[-1] = (element, targets, next_index + 1)
        target = targets[next_index]
        if target in path:
            raise SvgError(f"#id references loop back on themselves (at <{_local_name(target.tag)}>)")
        if target not in longest:
            if len(stack) >= MAX_SVG_DEPTH:
                raise SvgError(f"more than {MAX_SVG_DEPTH} levels deep counting #id references "
                               f"(limit {MAX_SVG_DEPTH}; the renderer would crash)")
            path.add(target)
            stack.append((target, edges(target), 0))
    restarts = [i for i in sheet_refs if i in by_id and _local_name(by_id[i].tag) not in _GRADIENTS]
    depth = (len(restarts) + 1) * longest[root]
    if depth > MAX_SVG_DEPTH:
        raise SvgError(f"{depth} levels deep counting #id references (limit {MAX_SVG_DEPTH}; "
                       "the renderer would crash)")


def _length(value: str | None) -> float | None:
    if value is None:
        return None
    match = _LENGTH.match(value)
    return float(match.group(1)) if match else None


def raster_ready(data: bytes, size: int) -> str:
    """SVG text whose root renders the icon centred on a ``size`` x ``size`` canvas, ink black.

    Takes the file's bytes (already checked by :func:`parse_svg`) and parses its own
    tree, so it can run in a worker process without shipping parsed trees around.
    """
    root = ET.fromstring(data)
    if root.get("viewBox") is None:
        width, height = _length(root.get("width")), _length(root.get("height"))
        if width and height:
            root.set("viewBox", f"0 0 {width:g} {height:g}")
    root.set("width", str(size))
    root.set("height", str(size))
    root.set("preserveAspectRatio", "xMidYMid meet")
    root.set("color", "black")
    if root.tag == "svg":  # un-namespaced file: declare the SVG namespace for the renderer
        root.set("xmlns", SVG_NS)
    return ET.tostring(root, encoding="unicode")
