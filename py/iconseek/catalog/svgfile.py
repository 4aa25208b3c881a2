"""Reading, checking and normalising SVG files.

Every SVG is parsed once before it enters the catalogue, so malformed files
(bad XML, empty, not an ``<svg>`` root, not UTF-8) are reported with their path
instead of surfacing later as a broken raster or a broken page.

For rasterising, the root element is rewritten so that any icon, whatever its
own width/height/viewBox, fills an S x S canvas centred with its aspect ratio
kept (``preserveAspectRatio="xMidYMid meet"`` pads the short side), and
``color`` is set to black so ``currentColor`` strokes and fills render as black ink.
Only the root is touched; the drawing is passed through unchanged.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px)?\s*$")


class SvgError(ValueError):
    """The file cannot be used as an icon; the message says why."""


@dataclass(frozen=True)
class SvgDocument:
    """A parsed, checked SVG: its text as shipped plus the parsed root."""

    text: str
    root: ET.Element


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


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
    return SvgDocument(text=text, root=root)


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
