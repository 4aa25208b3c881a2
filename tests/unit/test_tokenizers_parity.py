"""Parity: iconseek's stdlib tokenizers give the same ids as Hugging Face ``tokenizers``.

The strings are generated deterministically (fixed seed plus curated edge cases),
at least 2,000 per tokenizer, covering accents, CJK, emoji (ZWJ, skin tones,
flags), RTL scripts, control and format characters, combining marks, punctuation,
digits, very long input and empty/whitespace-only text.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from iconseek.core.tokenizers import load_tokenizer

hf_tokenizers = pytest.importorskip("tokenizers", reason="HF tokenizers (test-only dependency) is not installed")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tokenizers"
TOKENIZER_FILES = {"minilm": FIXTURES / "minilm_tokenizer.json.gz", "clip": FIXTURES / "clip_tokenizer.json.gz"}

ICON_QUERIES = [
    "home", "arrow left", "arrow-left", "ArrowLeft", "chevron_down", "user plus", "shopping cart",
    "trash can", "settings gear", "magnifying glass", "search", "bell notification", "calendar 2024",
    "github logo", "wi-fi", "bluetooth off", "battery 50%", "play/pause", "C++", "e-mail @ icon",
    "log-in", "sign_out", "x", "close (x)", "thumbs up!", "heart❤", "star ★", "check ✓", "cloud ☁ rain",
    "file.pdf", "folder/open", "volume-up #3", "zoom+", "zoom-in", "i18n", "3d cube", "h1 heading",
    "text-align-justify", "AI sparkles ✨", "dark mode 🌙", "café", "naïve résumé", "Ångström", "über",
    "piñata", "façade", "smörgåsbord", "Crème brûlée", "ŁÓDŹ", "İstanbul", "straße", "ΣΊΣΥΦΟΣ",
    "don't", "it's", "we're", "you've", "I'm", "they'll", "he'd", "DON'T", "rock'n'roll", "o'clock",
    "https://lucide.dev/icons/home", "user@example.com", "$100", "€50", "£", "¥", "50°C", "½ cup",
    "x²", "H₂O", "ⅷ", "١٢٣", "१२३", "1,234.56", "3.14159", "1e-9", "0x1F600", "#ff0000",
]
CURATED = [
    "", " ", "   ", "\t", "\n", "\r\n", "\t \n ", "\u3000", "\xa0", "\u2003\u2009",
    "中文", "日本語", "한국어", "漢字とカタカナ", "中文 search 图标", "𠀀𪛖𫝀", "\U0002B81F\U0002B820\U0002B91F\U0002B920",
    "\u9fff\ua000\u3400\u4dbf\uf900\ufaff\U0002F800",
    "😀", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇫🇷🇯🇵", "👩🏿‍💻", "❤️", "1️⃣", "🥰🫶", "🧑‍🤝‍🧑", "🏴󠁧󠁢󠁳󠁣󠁴󠁿",
    "مرحبا بالعالم", "שלום עולם", "عربي English mix", "\u202eevil\u202c", "\u200fRTL mark",
    "a\x00b", "a\tb", "\x00", "\u200b", "a\u200bb", "\ufeffbom", "a\u200db", "a\x1cb", "a\x1fb c", "\x85next",
    "\x7f", "\x0b\x0c", "\u2028\u2029", "\u180e", "\ufffd", "\ue000private", "\U000F0000", "\u0378",
    "e\u0301", "a\u0308\u0304", "n\u0303o\u0303", "Z\u0351\u036b\u0343\u036a\u0302\u036b",
    "ﬁ ligature", "ｆｕｌｌｗｉｄｔｈ", "Ⅻ", "ǅ", "ß", "ς", "Σ", "ὈΔΥΣΣΕΎΣ",
    "!!!", "...", "?!", "«quoted»", "“smart” ‘quotes’", "—dash–", "(a)[b]{c}", "a/b\\c", "~`^|<>",
    "<|startoftext|>", "<|endoftext|>", "a<|endoftext|>b", "<|ENDOFTEXT|>", "[CLS]", "[SEP] x [PAD]",
    "[MASK]", "[unk]", "##", "##ing", "</w>", "'s", "''", "'", "'re'", "a's b'ss",
    "0", "007", "123456789", "3.0.1", "2024-11-22T05:00:00Z",
    "<svg viewBox=\"0 0 24 24\"><path d=\"M12 2L2 7\"/></svg>", "&amp; &lt;b&gt;",
]
_RANGES = [
    (0x20, 0x7E), (0xA0, 0xFF), (0x100, 0x24F), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x4FF),
    (0x590, 0x5FF), (0x600, 0x6FF), (0x900, 0x97F), (0xE00, 0xE7F), (0x1100, 0x11FF), (0x1E00, 0x1EFF),
    (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x218F), (0x2190, 0x21FF), (0x2460, 0x24FF),
    (0x2600, 0x27BF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3400, 0x3410), (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3), (0xF900, 0xFAFF), (0xFB00, 0xFB4F), (0xFE00, 0xFE0F), (0xFF00, 0xFFEF),
    (0x1F300, 0x1F64F), (0x1F680, 0x1F6FF), (0x1F900, 0x1F9FF), (0x1FA70, 0x1FAFF), (0x1F1E6, 0x1F1FF),
    (0x1F3FB, 0x1F3FF), (0x20000, 0x20010), (0x2B810, 0x2B930), (0xE0020, 0xE007F), (0x0, 0x1F),
]
_WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SEPARATORS = [" ", " ", " ", "-", "_", "/", ".", ", ", "  ", "\t", "'", "&", "+"]


def _random_word(rng: random.Random) -> str:
    return "".join(rng.choice(_WORD_CHARS) for _ in range(rng.randint(1, 12)))


def _random_unicode(rng: random.Random) -> str:
    chars = []
    for _ in range(rng.randint(1, 16)):
        lo, hi = rng.choice(_RANGES)
        chars.append(chr(rng.randint(lo, hi)))
    return "".join(chars)


def parity_strings() -> list[str]:
    """≥ 2,000 distinct strings; the same list every run."""
    rng = random.Random(20261122)
    out = list(dict.fromkeys(ICON_QUERIES + CURATED))
    fragments = ICON_QUERIES + CURATED
    for _ in range(700):  # random ASCII word sequences
        words = [_random_word(rng) for _ in range(rng.randint(1, 6))]
        out.append("".join(w + rng.choice(_SEPARATORS) for w in words).rstrip())
    for _ in range(900):  # random code points from many scripts and symbol blocks
        out.append(_random_unicode(rng))
    for _ in range(500):  # mixtures of curated fragments, random words and code points
        parts = [rng.choice(fragments), _random_word(rng), _random_unicode(rng), rng.choice(fragments)]
        rng.shuffle(parts)
        out.append(rng.choice(["", " ", "  "]).join(parts))
    out.append("word " * 400)
    out.append("x" * 10_000)
    out.append("supercalifragilisticexpialidocious" * 5)
    out.append(" ".join(ICON_QUERIES) * 3)
    out.append("日本語" * 200)
    out.append("👍🏽" * 300)
    return list(dict.fromkeys(out))


def _read(name: str) -> str:
    return gzip.decompress(TOKENIZER_FILES[name].read_bytes()).decode("utf-8")


def _clip_hf_shape(config: dict) -> dict:
    """CLIP as HF's converter writes it: RobertaProcessing, BOS matched after normalizing, no limits."""
    config["post_processor"] = {"type": "RobertaProcessing", "sep": ["<|endoftext|>", 49407],
                                "cls": ["<|startoftext|>", 49406], "trim_offsets": False, "add_prefix_space": False}
    config["added_tokens"][0]["normalized"] = True
    config["truncation"] = config["padding"] = None
    return config


def _gpt2_style(config: dict) -> dict:
    """Byte-level BPE with the GPT-2 split regex (ByteLevel use_regex), no </w>, no normalizer."""
    config["normalizer"] = None
    config["pre_tokenizer"] = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    config["post_processor"] = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    config["model"]["end_of_word_suffix"] = ""
    config["truncation"] = config["padding"] = None
    return config


def _bert_cased(config: dict) -> dict:
    """BertNormalizer flags read from the file: keep case and accents, no CJK spacing."""
    config["normalizer"].update(lowercase=False, strip_accents=False, handle_chinese_chars=False)
    return config


# Variants of the two real files that exercise other supported components.
VARIANTS = {
    "minilm": ("minilm", None),
    "clip": ("clip", None),
    "clip-hf-shape": ("clip", _clip_hf_shape),
    "gpt2-style": ("clip", _gpt2_style),
    "bert-cased": ("minilm", _bert_cased),
}


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def pair(request):
    """(name, ours, theirs) for one tokenizer, both with padding off."""
    base, transform = VARIANTS[request.param]
    config = json.loads(_read(base))
    if transform is not None:
        config = transform(config)
    ours = load_tokenizer(config)
    theirs = hf_tokenizers.Tokenizer.from_str(json.dumps(config))
    theirs.no_padding()
    return request.param, ours, theirs


def _mismatches(ours, theirs, texts, **kwargs):
    expected = theirs.encode_batch(texts, **kwargs)
    bad = []
    for text, exp in zip(texts, expected):
        got = ours.encode(text, **kwargs)
        if got.ids != exp.ids or got.tokens != exp.tokens or got.attention_mask != exp.attention_mask:
            bad.append((text, got.tokens, exp.tokens))
    return bad


def test_corpus_is_large_and_deterministic():
    texts = parity_strings()
    assert len(texts) >= 2000
    assert texts == parity_strings()


def test_identical_ids_to_hf(pair):
    name, ours, theirs = pair
    texts = parity_strings()
    bad = _mismatches(ours, theirs, texts)
    assert not bad, f"{name}: {len(bad)}/{len(texts)} differ, e.g. {bad[:5]!r}"


def test_identical_ids_without_special_tokens(pair):
    name, ours, theirs = pair
    texts = parity_strings()[:400]
    bad = _mismatches(ours, theirs, texts, add_special_tokens=False)
    assert not bad, f"{name}: {bad[:5]!r}"


@pytest.mark.parametrize("name", sorted(TOKENIZER_FILES))
@pytest.mark.parametrize("max_length", [2, 3, 8, 16])
def test_truncation_matches_hf(name, max_length):
    ours = load_tokenizer(TOKENIZER_FILES[name], max_length=max_length)
    theirs = hf_tokenizers.Tokenizer.from_str(_read(name))
    theirs.no_padding()
    theirs.enable_truncation(max_length)
    texts = [t for t in parity_strings() if len(t) > 10][:300]
    bad = _mismatches(ours, theirs, texts)
    assert not bad, f"{name}: {bad[:3]!r}"
    assert all(len(ours.encode(t).ids) <= max_length for t in texts)


@pytest.mark.parametrize("name", sorted(TOKENIZER_FILES))
def test_fixed_padding_as_in_file_matches_hf(name):
    ours = load_tokenizer(TOKENIZER_FILES[name], padding=True)
    theirs = hf_tokenizers.Tokenizer.from_str(_read(name))  # keeps the file's padding
    texts = parity_strings()[:300]
    expected = theirs.encode_batch(texts)
    for text, exp in zip(texts, expected):
        got = ours.encode(text)
        assert (got.ids, got.attention_mask, got.tokens, got.type_ids) == (
            exp.ids, exp.attention_mask, exp.tokens, exp.type_ids), text
    assert ours.padding_length == len(expected[0].ids)


def test_queries_are_unpadded_by_default(pair):
    name, ours, _ = pair
    enc = ours.encode("home")
    if name == "gpt2-style":  # no post-processor frame
        assert enc.attention_mask == [1] and ours.padding_length is None
        return
    assert len(enc.ids) == 3 and enc.attention_mask == [1, 1, 1]
    assert ours.padding_length is None
