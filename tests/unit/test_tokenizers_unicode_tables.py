"""The character classes (BERT, and Oniguruma for CLIP) match Hugging Face ``tokenizers`` on every code point.

HF's BertNormalizer / BertPreTokenizer classify characters with Unicode tables
older than Python's ``unicodedata`` (e.g. U+061D is punctuation for Python 3.11
but not for HF), while its Oniguruma regexes (CLIP's letter, number and space classes)
use tables newer than Python 3.11's and even Pyodide's. So iconseek ships the exact
sets as range tables (``unicode_tables.py``), generated from HF's behaviour by this
module:

    PYTHONPATH=py .venv/bin/python tests/unit/test_tokenizers_unicode_tables.py --write

The test re-derives the sets and fails if the committed tables drift.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TABLES = ROOT / "py" / "iconseek" / "core" / "tokenizers" / "unicode_tables.py"
ALL_CODE_POINTS = [cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]


def derive_sets(hf) -> dict[str, list[int]]:
    """Ask HF, one code point at a time, whether it is punctuation, control, or a stripped mark."""
    from tokenizers import normalizers, pre_tokenizers

    pre = pre_tokenizers.BertPreTokenizer()
    clean = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=False, strip_accents=False, lowercase=False)
    strip = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=True, lowercase=False)
    punct, control, marks = [], [], []
    for cp in ALL_CODE_POINTS:
        ch = chr(cp)
        pieces = pre.pre_tokenize_str("a" + ch + "a")
        if len(pieces) == 3 and pieces[1][0] == ch:
            punct.append(cp)
        if clean.normalize_str(ch) == "" and ch not in "\t\n\r":
            control.append(cp)
        if unicodedata.normalize("NFD", ch) == ch and strip.normalize_str(ch) == "":
            marks.append(cp)
    onig = {}
    for name, pattern in (("ONIG_LETTER", r"\p{L}"), ("ONIG_NUMBER", r"\p{N}"), ("ONIG_SPACE", r"\s")):
        # "removed" drops every match, so an empty result means the character matched.
        split = pre_tokenizers.Split(hf.Regex(pattern), "removed")
        onig[name] = [cp for cp in ALL_CODE_POINTS if not split.pre_tokenize_str(chr(cp))]
    return {"PUNCTUATION": punct, "CONTROL": control, "NONSPACING_MARK": marks, **onig}


def derive_lowercase_overrides() -> dict[int, str]:
    """Characters HF lowercases differently from this Python's ``str.lower`` (newer case data)."""
    from tokenizers import normalizers

    lower = normalizers.Lowercase()
    out = {}
    for cp in ALL_CODE_POINTS:
        ch = chr(cp)
        theirs = lower.normalize_str(ch)
        if theirs != ch.lower():
            out[cp] = theirs
    return out


def to_ranges(cps: list[int]) -> list[tuple[int, int]]:
    ranges: list[list[int]] = []
    for cp in cps:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return [(a, b) for a, b in ranges]


def render(sets: dict[str, list[int]], overrides: dict[int, str], version: str) -> str:
    lines = [
        '"""Character classes of HF tokenizers: BERT normalizer/pre-tokenizer and Oniguruma letter/number/space.',
        "",
        f"GENERATED from tokenizers {version} by tests/unit/test_tokenizers_unicode_tables.py --write;",
        "do not edit. Inclusive (first, last) pairs, sorted, for bisect lookups.",
        '"""',
        "",
    ]
    for name, cps in sets.items():
        ranges = to_ranges(cps)
        lines.append(f"{name} = (")
        row: list[str] = []
        for a, b in ranges:
            row.append(f"(0x{a:X}, 0x{b:X}),")
            if len(row) == 6:
                lines.append("    " + " ".join(row))
                row = []
        if row:
            lines.append("    " + " ".join(row))
        lines.append(")")
        lines.append("")
    lines.append(f"# HF's lowercase where Python {sys.version_info[0]}.{sys.version_info[1]}'s str.lower differs (newer case data).")
    lines.append("LOWERCASE_OVERRIDES = {")
    for cp, text in sorted(overrides.items()):
        lines.append(f"    0x{cp:X}: {ascii(text)},")
    lines.append("}")
    lines.append("")
    return "\n".join(lines)


@pytest.mark.slow
def test_tables_match_hf_on_every_code_point():
    hf = pytest.importorskip("tokenizers", reason="HF tokenizers (test-only dependency) is not installed")
    from iconseek.core.tokenizers import unicode_tables as tables

    derived = derive_sets(hf)
    for name, cps in derived.items():
        assert tuple(to_ranges(cps)) == getattr(tables, name), name
    for cp, text in derive_lowercase_overrides().items():
        assert tables.LOWERCASE_OVERRIDES.get(cp) == text, hex(cp)


def test_classes_use_the_tables():
    from iconseek.core.tokenizers.unicode_classes import (
        PROXY_LETTER,
        PROXY_NUMBER,
        PROXY_SPACE,
        is_bert_control,
        is_nonspacing_mark,
        is_punctuation,
        proxy_text,
    )

    assert is_punctuation("!") and is_punctuation("$") and is_punctuation("。")
    assert not is_punctuation("\u061d")  # Po since Unicode 14, not in HF's older tables
    assert not is_punctuation("a") and not is_punctuation("😀")
    assert is_bert_control("\u200b") and is_bert_control("\x00") and is_bert_control("\ue000")
    assert not is_bert_control("\t") and not is_bert_control("\u0378")
    assert is_nonspacing_mark("\u0301") and not is_nonspacing_mark("e")
    assert proxy_text("a\u1c89\u0e01\u0661\u3000\x1c") == "a" + PROXY_LETTER * 2 + PROXY_NUMBER + PROXY_SPACE + "\x1c"


def scan_every_code_point() -> None:
    """Exhaustive one-off check: encode "A" + chr(cp) + "1" for every code point with both."""
    import gzip

    import tokenizers

    from iconseek.core.tokenizers import load_tokenizer

    texts = ["A" + chr(cp) + "1" for cp in ALL_CODE_POINTS]
    for name in ("minilm", "clip"):
        path = ROOT / "tests" / "fixtures" / "tokenizers" / f"{name}_tokenizer.json.gz"
        ours = load_tokenizer(path)
        theirs = tokenizers.Tokenizer.from_str(gzip.decompress(path.read_bytes()).decode())
        theirs.no_padding()
        bad = []
        for i in range(0, len(texts), 50_000):
            chunk = texts[i : i + 50_000]
            bad += [t for t, e in zip(chunk, theirs.encode_batch(chunk)) if ours.encode(t).ids != e.ids]
        print(f"{name}: {len(bad)} of {len(texts)} code points differ {[hex(ord(t[1])) for t in bad[:20]]}")


if __name__ == "__main__":
    if "--scan" in sys.argv:
        scan_every_code_point()
        raise SystemExit(0)
    if "--write" not in sys.argv:
        raise SystemExit("usage: test_tokenizers_unicode_tables.py --write | --scan")
    import tokenizers

    TABLES.write_text(render(derive_sets(tokenizers), derive_lowercase_overrides(), tokenizers.__version__))
    print(f"wrote {TABLES}")
