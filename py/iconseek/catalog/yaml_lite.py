"""A reader for the small YAML subset Font Awesome's ``categories.yml`` uses.

Why not PyYAML: the file is three levels of block mappings and string lists,
and a 40-line reader avoids a dependency for one file. Anything outside the
subset raises ``ValueError`` naming the line, rather than being misread.

Supported: ``key:`` / ``key: scalar`` block mappings by indentation, ``- item``
lists, plain/'single'/"double" quoted scalars, ``#`` comment lines.
"""

from __future__ import annotations

import json


def _scalar(text: str, lineno: int) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if len(text) >= 2 and text[0] == text[-1] == '"':
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {lineno}: bad double-quoted string {text!r}") from exc
    if text[:1] in "[{&*!|>":
        raise ValueError(f"line {lineno}: unsupported YAML construct {text!r}")
    return text


def parse_simple_yaml(source: str) -> dict:
    """Parse block mappings / lists of scalars into dicts, lists and strings."""
    root: dict = {}
    # Stack of (indent, container); a pending key waits for its child container.
    stack: list[tuple[int, object]] = [(-1, root)]
    pending: tuple[int, dict, str] | None = None
    for lineno, raw in enumerate(source.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#") or stripped == "---":
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if "\t" in raw[:indent]:
            raise ValueError(f"line {lineno}: tab indentation")
        is_item = stripped.startswith("- ") or stripped == "-"
        if pending is not None:
            p_indent, p_parent, p_key = pending
            if indent > p_indent or (is_item and indent == p_indent):
                container: object = [] if is_item else {}
                p_parent[p_key] = container
                stack.append((indent, container))
            else:
                p_parent[p_key] = None
            pending = None
        while len(stack) > 1 and (
            indent < stack[-1][0]
            # a list written at its key's indent ends at the next key of that mapping
            or (not is_item and indent == stack[-1][0] and isinstance(stack[-1][1], list))
        ):
            stack.pop()
        level, container = stack[-1]
        if indent != level and level != -1:
            raise ValueError(f"line {lineno}: unexpected indentation")
        if is_item:
            if not isinstance(container, list):
                raise ValueError(f"line {lineno}: list item where a mapping was expected")
            container.append(_scalar(stripped[1:], lineno))
            continue
        if not isinstance(container, dict):
            raise ValueError(f"line {lineno}: mapping entry inside a list")
        if stack[-1][0] == -1:
            stack[-1] = (indent, container)
        key, sep, rest = stripped.partition(":")
        if not sep:
            raise ValueError(f"line {lineno}: expected 'key:'")
        key = _scalar(key, lineno)
        if rest.strip():
            container[key] = _scalar(rest, lineno)
        else:
            pending = (indent, container, key)
    if pending is not None:
        pending[1][pending[2]] = None
    return root
