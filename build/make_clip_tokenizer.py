"""Write a Hugging Face tokenizer.json for CLIP's byte-level BPE.

Why: iconseek needs the CLIP tokenizer without torch or a model hub. The BPE
merges ship inside the open_clip_torch wheel (``open_clip/bpe_simple_vocab_16e6.txt.gz``,
MIT licence); this script turns them into the HF format that both the HF
``tokenizers`` library and ``iconseek.core.tokenizers`` read.

    python build/make_clip_tokenizer.py --out models/clip/tokenizer.json
    python build/make_clip_tokenizer.py --out tests/fixtures/tokenizers/clip_tokenizer.json.gz \
        --wheel /tmp/oc/open_clip_torch-3.3.0-py3-none-any.whl

Without --vocab/--wheel it runs ``pip download --no-deps open_clip_torch==3.3.0``.
The pipeline written: NFC, ``\\s+`` -> " ", lowercase; split with CLIP's regex;
byte-level mapping; BPE with ``</w>`` end-of-word suffix; <|startoftext|> (49406)
... <|endoftext|> (49407); truncation and padding to 77 with <|endoftext|>.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "py"))

from iconseek.core.tokenizers.pretokenizers import BYTE_TO_UNICODE  # noqa: E402

OPEN_CLIP_VERSION = "3.3.0"
VOCAB_MEMBER = "open_clip/bpe_simple_vocab_16e6.txt.gz"
N_MERGES = 49152 - 256 - 2  # open_clip keeps this many merges -> vocab of 49,408
CONTEXT_LENGTH = 77
BOS, EOS = "<|startoftext|>", "<|endoftext|>"
CLIP_SPLIT = r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"""


def read_merges(raw_gz: bytes) -> list[tuple[str, str]]:
    lines = gzip.decompress(raw_gz).decode("utf-8").split("\n")
    merges = [tuple(line.split()) for line in lines[1 : N_MERGES + 1]]
    if len(merges) != N_MERGES or any(len(m) != 2 for m in merges):
        raise SystemExit(f"unexpected BPE merges file: {len(merges)} merges")
    return merges  # type: ignore[return-value]


def vocab_bytes(args) -> bytes:
    if args.vocab:
        return Path(args.vocab).read_bytes()
    wheel = Path(args.wheel) if args.wheel else None
    if wheel is None:
        tmp = Path(tempfile.mkdtemp(prefix="open_clip_"))
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(tmp),
             f"open_clip_torch=={OPEN_CLIP_VERSION}"],
            check=True,
        )
        wheel = next(tmp.glob("open_clip_torch-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        return zf.read(VOCAB_MEMBER)


def build_tokenizer_json(merges: list[tuple[str, str]]) -> dict:
    byte_chars = list(BYTE_TO_UNICODE.values())
    tokens = byte_chars + [c + "</w>" for c in byte_chars] + ["".join(m) for m in merges] + [BOS, EOS]
    vocab = {t: i for i, t in enumerate(tokens)}
    if len(vocab) != len(tokens):
        raise SystemExit("duplicate tokens in the CLIP vocabulary")
    bos_id, eos_id = vocab[BOS], vocab[EOS]

    def special(token: str, tid: int) -> dict:
        return {"id": tid, "content": token, "single_word": False, "lstrip": False,
                "rstrip": False, "normalized": False, "special": True}

    return {
        "version": "1.0",
        "truncation": {"direction": "Right", "max_length": CONTEXT_LENGTH, "strategy": "LongestFirst", "stride": 0},
        "padding": {"strategy": {"Fixed": CONTEXT_LENGTH}, "direction": "Right", "pad_to_multiple_of": None,
                    "pad_id": eos_id, "pad_type_id": 0, "pad_token": EOS},
        "added_tokens": [special(BOS, bos_id), special(EOS, eos_id)],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "NFC"},
            {"type": "Replace", "pattern": {"Regex": r"\s+"}, "content": " "},
            {"type": "Lowercase"},
        ]},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": CLIP_SPLIT}, "behavior": "Removed", "invert": True},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False},
        ]},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": BOS, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": EOS, "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": BOS, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": EOS, "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": EOS, "type_id": 1}}],
            "special_tokens": {BOS: {"id": BOS, "ids": [bos_id], "tokens": [BOS]},
                               EOS: {"id": EOS, "ids": [eos_id], "tokens": [EOS]}},
        },
        "decoder": None,
        "model": {"type": "BPE", "dropout": None, "unk_token": EOS, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "</w>", "fuse_unk": False, "byte_fallback": False,
                  "ignore_merges": False, "vocab": vocab, "merges": [f"{a} {b}" for a, b in merges]},
    }


def write(config: dict, out: Path) -> None:
    text = json.dumps(config, ensure_ascii=False, separators=(",", ":"))
    out.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    if out.suffix == ".gz":
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
            gz.write(data)
        data = buf.getvalue()
    out.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="tokenizer.json to write (.gz to compress)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--vocab", help="path to bpe_simple_vocab_16e6.txt.gz")
    source.add_argument("--wheel", help="path to an open_clip_torch wheel")
    args = parser.parse_args(argv)
    config = build_tokenizer_json(read_merges(vocab_bytes(args)))
    out = Path(args.out)
    write(config, out)
    print(f"wrote {out} ({out.stat().st_size:,} bytes, vocab {len(config['model']['vocab']):,})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
