"""Catalogue name -> the React import a codebase writes for it (:func:`component_name`).

The reverse of :func:`iconseek.similar.names.parse_name`; each library's rule
re-implements its package's own naming code (docs/EQUIVALENTS.md, "Names in code").
Standard library only.
"""

from __future__ import annotations

import re

from .names_rules import (
    _CARBON_NAMESPACES,
    _FONTAWESOME_BRAND_SET,
    _IDENTIFIER,
    _REMIX_UNSUFFIXED_SET,
    _RULES,
    _library,
    _name_pattern,
    _show,
)

# --- catalogue name -> component -------------------------------------------------------------


def _pascal(name: str, sep: str = "-") -> str:
    """Upper-case the first character of each word (lucide/tabler/scule/uppercamelcase rule)."""
    return "".join(word[:1].upper() + word[1:] for word in name.split(sep))


def _pascal_camelcase(name: str) -> str:
    """The npm ``camelcase`` package with pascalCase (Heroicons): also upper-cases a letter after digits."""
    return re.sub(r"[0-9]+[a-z]", lambda m: m.group(0)[:-1] + m.group(0)[-1].upper(), _pascal(name))


def _pascal_change_case(name: str) -> str:
    """change-case's pascalCase (Carbon): words split at case changes, later digit words get '_'."""
    text = re.sub(r"([a-z0-9])([A-Z])", "\\1\0\\2", name)
    text = re.sub(r"([A-Z])([A-Z][a-z])", "\\1\0\\2", text)
    words = re.sub(r"[^A-Za-z0-9]+", "\0", text).strip("\0").split("\0")
    return "".join(
        ("_" + word[0] if i and word[0].isdigit() else word[0].upper()) + word[1:].lower()
        for i, word in enumerate(words)
    )


def _component(library: str, name: str, style: str) -> str:
    if library == "lucide":
        return _pascal(name)
    if library == "phosphor":
        return _pascal(name) + "Icon"
    if library == "tabler":
        return "Icon" + _pascal(name) + ("Filled" if style == "filled" else "")
    if library == "heroicons":
        return _pascal_camelcase(name) + "Icon"
    if library == "bootstrap":
        pascal = _pascal(name)
        return "Icon" + pascal if pascal[0].isdigit() else pascal
    if library == "carbon":
        component = _CARBON_NAMESPACES.get(name, "") + _pascal_change_case(name)
        return "_" + component if component[0].isdigit() else component
    if library == "fontawesome":
        return "fa" + _pascal(name)
    if library == "ionicons":
        head, _, rest = name.partition("-")
        return head + _pascal(rest) + style.capitalize()
    if library == "material":
        pascal = _pascal(name, "_")
        return "Icon" + pascal if pascal[0].isdigit() else pascal + "Icon"
    if library == "iconoir":
        return _pascal(name) + ("Solid" if style == "solid" else "")
    return "Ri" + _pascal(f"{name}-{style}" if style else name)  # remix


def _default_style(library: str, name: str) -> str:
    if library == "fontawesome" and name in _FONTAWESOME_BRAND_SET:
        return "brands"
    if library == "remix" and name in _REMIX_UNSUFFIXED_SET:
        return ""
    return _RULES[library].styles[0]


def component_name(library: str, name: str, *, style: str | None = None) -> dict[str, str]:
    """The React import for catalogue icon ``library/name``.

    Returns ``library``, ``name``, ``package``, ``component`` (the exported
    identifier), ``import`` (one line of JavaScript) and ``note`` (how to use it
    where that is not ``<Component />``; may be empty). ``style`` picks a
    variant where the library names it (Tabler ``filled``, Heroicons
    ``24/solid``, Font Awesome ``regular``, Ionicons ``outline``, Material
    ``rounded``, Iconoir ``solid``, Remix ``fill``); the default is the
    catalogue's own drawing (Font Awesome logos: ``brands``; Remix editor icons
    have no suffix). Raises ``ValueError`` for an unknown library or style, a
    name that is not a catalogue name of that library, or a component name
    that would not be a JavaScript identifier.
    """
    slug = _library(library)
    rules = _RULES[slug]
    if not isinstance(name, str) or not _name_pattern(slug).fullmatch(name):
        raise ValueError(f"not a {slug} catalogue name: {_show(name)}")
    if style is None:
        style = _default_style(slug, name)
    elif style not in rules.styles:
        raise ValueError(f"unknown {slug} style {_show(style)}; known: {', '.join(map(repr, rules.styles))}")
    component = _component(slug, name, style)
    if not _IDENTIFIER.fullmatch(component):  # never hand out markup built from an unchecked string
        raise ValueError(f"{slug}/{name} gives {_show(component)}, which is not a JavaScript identifier")
    package = rules.package.format(style=style)
    if slug == "material":
        package_path = f"{package}/{style}/{name}.svg"
        line = f'import {component} from "{package_path}";'
    else:
        line = f'import {{ {component} }} from "{package}";'
    return {
        "library": slug,
        "name": name,
        "package": package,
        "component": component,
        "import": line,
        "note": rules.note,
    }
