"""Generate the bring-your-own-model test fixture: a tiny CLIP text tower + vectors.

Why: the BYO loader must be proven against a real CLIP-architecture graph (causal
text transformer, 77-token context, EOS pooling, projection head, real CLIP BPE
vocabulary) without shipping or downloading a real checkpoint. A randomly
initialised ``transformers.CLIPTextModelWithProjection`` (seeded, so every run
writes the same weights) exercises exactly the code paths a ViT-L/14 text tower
would, in a few MB.

Writes, under ``--out DIR``::

    DIR/model/config.json              CLIPTextConfig (model_type clip_text_model)
    DIR/model/tokenizer.json           real CLIP BPE vocabulary (written by build/make_clip_tokenizer.py)
    DIR/model/tokenizer_config.json    pad_token <|endoftext|>, model_max_length 77
    DIR/model/onnx/model.onnx          fp32; inputs input_ids, attention_mask;
                                       outputs text_embeds, last_hidden_state
    DIR/model/onnx/model_quantized.onnx  dynamic INT8, per-channel
    DIR/model-static77/                same weights, INT8 only, sequence axis fixed at 77
    DIR/torch/                         save_pretrained weights (the parity reference)
    DIR/vectors.parquet                id (library/name) + embedding fixed_size_list<float32>
    DIR/fixture.json                   parameters and file hashes

The parquet's vectors are the model's own ``text_embeds`` of each icon's title
plus seeded noise, so a query equal to a title should retrieve that icon:
retrieval tests can then fail for a real reason, unlike with pure noise.
With ``--bert-out DIR2`` it also writes a tiny BERT (WordPiece) encoder in the
same layout, whose only outputs are ``last_hidden_state``/``pooler_output``,
to exercise the BERT rules (no padding, token_type_ids, masked mean pooling).

Needs the test-only packages torch, transformers, tokenizers, onnx,
onnxruntime, pyarrow. Usage::

    .venv/bin/python build/make_tiny_clip.py --out .cache/byo/tiny-clip --bert-out .cache/byo/tiny-bert
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_CATALOG = REPO / "tests" / "fixtures" / "byo" / "corpus.jsonl"
DEFAULT_TOKENIZER = REPO / "tests" / "fixtures" / "tokenizers" / "clip_tokenizer.json.gz"

CLIP_BOS, CLIP_EOS, CLIP_VOCAB = 49406, 49407, 49408


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_clip_tokenizer(target: Path, given: Path | None) -> None:
    """Copy a CLIP tokenizer.json (.gz allowed), or build one with build/make_clip_tokenizer.py.

    The default is the committed tokenizers fixture, itself written by
    make_clip_tokenizer.py from the open_clip_torch wheel's BPE merges.
    """
    source = given if given is not None else DEFAULT_TOKENIZER
    if source.is_file():
        data = source.read_bytes()
        target.write_bytes(gzip.decompress(data) if source.suffix == ".gz" else data)
        return
    if given is not None:
        sys.exit(f"{given}: tokenizer file not found")
    # No committed copy: make_clip_tokenizer.py fetches the open_clip_torch wheel with pip.
    subprocess.run([sys.executable, str(HERE / "make_clip_tokenizer.py"), "--out", str(target)], check=True)


def hf_style_clip_tokenizer(config: dict) -> dict:
    """The same vocabulary and pipeline, framed the way HF's CLIP converter writes it."""
    styled = dict(config)
    styled["padding"] = None
    styled["truncation"] = None
    styled["post_processor"] = {
        "type": "RobertaProcessing", "sep": ["<|endoftext|>", CLIP_EOS], "cls": ["<|startoftext|>", CLIP_BOS],
        "trim_offsets": False, "add_prefix_space": False,
    }
    return styled


def read_titles(catalog: Path) -> tuple[list[str], list[str]]:
    ids, titles = [], []
    for line in catalog.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            ids.append(record["_id"])
            titles.append(record["title"])
    return ids, titles


def clip_reference_inputs(tokenizer_file: Path, texts: list[str], length: int):
    """HF tokenizers ids padded to the CLIP context with <|endoftext|> (OpenAI's convention)."""
    import torch
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_file))
    tok.no_padding()
    tok.enable_truncation(length)
    ids = torch.full((len(texts), length), CLIP_EOS, dtype=torch.long)
    mask = torch.zeros((len(texts), length), dtype=torch.long)
    for i, enc in enumerate(tok.encode_batch(texts)):
        ids[i, : len(enc.ids)] = torch.tensor(enc.ids)
        mask[i, : len(enc.ids)] = 1
    return ids, mask


def export_onnx(
    module, example: tuple, path: Path, input_names: list[str], output_names: list[str], *, static_sequence: bool = False
) -> None:
    """opset 17, TorchScript exporter; batch always dynamic, sequence dynamic unless static_sequence."""
    import torch

    path.parent.mkdir(parents=True, exist_ok=True)
    seq_axis = {} if static_sequence else {1: "sequence"}
    axes = {name: {0: "batch", **seq_axis} for name in input_names}
    for name in output_names:
        axes[name] = {0: "batch", **seq_axis} if name in ("last_hidden_state",) else {0: "batch"}
    torch.onnx.export(
        module,
        example,
        str(path),
        input_names=input_names,
        output_names=output_names,
        dynamic_axes=axes,
        opset_version=17,
        do_constant_folding=True,
        dynamo=False,
    )


def quantize_int8(fp32: Path, int8: Path) -> None:
    """Dynamic INT8 with per-channel weights (per-tensor loses too much, see NOTES.md)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.shape_inference import quant_pre_process

    prepped = int8.with_suffix(".prep.onnx")
    quant_pre_process(str(fp32), str(prepped), skip_symbolic_shape=True)
    quantize_dynamic(str(prepped), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    prepped.unlink()


def make_clip(args: argparse.Namespace) -> dict:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    import torch
    from transformers import CLIPTextConfig, CLIPTextModelWithProjection

    out: Path = args.out
    model_dir = out / "model"
    (model_dir / "onnx").mkdir(parents=True, exist_ok=True)
    torch.manual_seed(args.seed)
    config = CLIPTextConfig(
        vocab_size=CLIP_VOCAB,
        hidden_size=args.hidden,
        intermediate_size=args.hidden * 4,
        num_hidden_layers=args.layers,
        num_attention_heads=args.heads,
        max_position_embeddings=77,
        projection_dim=args.projection_dim,
        bos_token_id=CLIP_BOS,
        eos_token_id=CLIP_EOS,  # != 2: transformers pools at the first EOS id, not argmax(ids)
        pad_token_id=1,  # CLIPTextConfig's (misleading) default, kept on purpose: the loader must ignore it
        hidden_act="quick_gelu",
    )
    config._attn_implementation = "eager"
    model = CLIPTextModelWithProjection(config).eval()
    # Random init gives near-identical vectors for every text (LayerNorm-dominated); a
    # wider embedding spread makes texts distinguishable so retrieval tests mean something.
    with torch.no_grad():
        model.text_model.embeddings.token_embedding.weight.normal_(0.0, 1.0)
    model.save_pretrained(out / "torch")
    config.save_pretrained(model_dir)
    write_clip_tokenizer(model_dir / "tokenizer.json", args.tokenizer)
    (model_dir / "tokenizer_config.json").write_text(
        json.dumps({"pad_token": "<|endoftext|>", "model_max_length": 77, "tokenizer_class": "CLIPTokenizer"}, indent=1)
    )

    class Wrapper(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            result = self.inner(input_ids=input_ids, attention_mask=attention_mask)
            return result.text_embeds, result.last_hidden_state

    example = clip_reference_inputs(model_dir / "tokenizer.json", ["a red arrow", "house"], 77)
    fp32 = model_dir / "onnx" / "model.onnx"
    export_onnx(Wrapper(model).eval(), example, fp32, ["input_ids", "attention_mask"], ["text_embeds", "last_hidden_state"])
    quantize_int8(fp32, model_dir / "onnx" / "model_quantized.onnx")
    # Same weights with a fixed 77-token sequence axis, as some CLIP exports have: a
    # runtime that does not pad to the context cannot run it at all.
    # Its tokenizer files are shaped like those in OpenAI's CLIP repositories (HF's
    # converter): RobertaProcessing, no padding or truncation section, the pad token
    # named only in tokenizer_config.json; the loader must find 77 and 49407 itself.
    static_dir = out / "model-static77"
    (static_dir / "onnx").mkdir(parents=True, exist_ok=True)
    (static_dir / "config.json").write_bytes((model_dir / "config.json").read_bytes())
    hf_style = hf_style_clip_tokenizer(json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8")))
    (static_dir / "tokenizer.json").write_text(json.dumps(hf_style, ensure_ascii=False), encoding="utf-8")
    (static_dir / "tokenizer_config.json").write_text(json.dumps(
        {"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>",
         "pad_token": "<|endoftext|>", "model_max_length": 77, "tokenizer_class": "CLIPTokenizer"}, indent=1))
    static_fp32 = out / "static77-fp32.onnx"
    export_onnx(Wrapper(model).eval(), example, static_fp32, ["input_ids", "attention_mask"],
                ["text_embeds", "last_hidden_state"], static_sequence=True)
    quantize_int8(static_fp32, static_dir / "onnx" / "model_quantized.onnx")
    static_fp32.unlink()

    ids, titles = read_titles(args.catalog)
    with torch.no_grad():
        embeds = model(*clip_reference_inputs(model_dir / "tokenizer.json", titles, 77)).text_embeds.numpy()
    rng = np.random.default_rng(args.seed)
    embeds = embeds / np.linalg.norm(embeds, axis=1, keepdims=True)
    noisy = embeds + rng.normal(0.0, args.noise / np.sqrt(embeds.shape[1]), embeds.shape)
    noisy = (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)
    dim = noisy.shape[1]
    table = pa.table(
        {
            "id": pa.array(ids, pa.string()),
            "embedding": pa.FixedSizeListArray.from_arrays(pa.array(noisy.reshape(-1), pa.float32()), dim),
        }
    )
    pq.write_table(table, out / "vectors.parquet")
    return {
        "projection_dim": args.projection_dim,
        "hidden": args.hidden,
        "layers": args.layers,
        "heads": args.heads,
        "seed": args.seed,
        "noise": args.noise,
        "icons": len(ids),
        "files": {
            p.relative_to(out).as_posix(): sha256_file(p)
            for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "fixture.json"
        },
    }


def make_bert(target: Path, catalog: Path, seed: int) -> None:
    """Tiny BERT in HF layout with a WordPiece vocabulary built from the catalogue words."""
    import torch
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertModel

    words = set()
    for line in catalog.read_text(encoding="utf-8").splitlines():
        if line.strip():
            words.update(json.loads(line)["text"].lower().split())
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)] + [str(d) for d in range(10)]
    vocab_list = specials + letters + ["##" + c for c in letters] + sorted(words)
    vocab = {tok: i for i, tok in enumerate(dict.fromkeys(vocab_list))}
    tok = Tokenizer(models.WordPiece(vocab=vocab, unk_token="[UNK]", max_input_chars_per_word=100))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=None, clean_text=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])],
    )
    tok.decoder = decoders.WordPiece()
    target.mkdir(parents=True, exist_ok=True)
    (target / "onnx").mkdir(exist_ok=True)
    tok.save(str(target / "tokenizer.json"))

    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
        intermediate_size=64, max_position_embeddings=64, pad_token_id=0,
    )
    config._attn_implementation = "eager"
    model = BertModel(config).eval()
    config.save_pretrained(target)
    model.save_pretrained(target / "torch")

    class Wrapper(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            r = self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return r.last_hidden_state, r.pooler_output

    ids = torch.tensor([[2, 10, 11, 3], [2, 12, 3, 0]])
    mask = (ids != 0).long()
    export_onnx(Wrapper(model).eval(), (ids, mask, torch.zeros_like(ids)), target / "onnx" / "model.onnx",
                ["input_ids", "attention_mask", "token_type_ids"], ["last_hidden_state", "pooler_output"])


def fixture_key(catalog: Path = DEFAULT_CATALOG, tokenizer: Path = DEFAULT_TOKENIZER) -> str:
    """Hash of everything the fixture depends on: this script, the catalogue, the tokenizer."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for dep in (catalog, tokenizer):
        digest.update(dep.read_bytes() if dep.is_file() else b"-")
    return digest.hexdigest()[:16]


def ensure_fixture(cache_root: Path = REPO / ".cache" / "byo") -> tuple[Path, Path]:
    """Return (tiny CLIP fixture dir, tiny BERT model dir), generating them once per key.

    Generation runs in a subprocess into a temporary directory that is renamed
    into place, so concurrent test runs never see a half-written fixture.
    """
    import shutil
    import tempfile

    final = cache_root / fixture_key()
    if not (final / "fixture.json").is_file():
        cache_root.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="tmp-", dir=cache_root))
        try:
            subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--out", str(work / "tiny-clip"),
                 "--bert-out", str(work / "tiny-bert")],
                check=True, capture_output=True, text=True,
            )
            (work / "fixture.json").write_text((work / "tiny-clip" / "fixture.json").read_text())
            try:
                work.rename(final)
            except OSError:  # another run finished first; use its copy
                shutil.rmtree(work, ignore_errors=True)
            for stale in cache_root.iterdir():  # fixtures of older versions of this script
                if stale != final and len(stale.name) == 16 and not stale.name.startswith("tmp-"):
                    shutil.rmtree(stale, ignore_errors=True)
        except subprocess.CalledProcessError as exc:
            shutil.rmtree(work, ignore_errors=True)
            raise RuntimeError(f"make_tiny_clip.py failed:\n{exc.stderr[-3000:]}") from exc
    return final / "tiny-clip", final / "tiny-bert"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="fixture directory to (re)write")
    parser.add_argument("--tokenizer", type=Path, help="CLIP tokenizer.json[.gz] (default: tests/fixtures/tokenizers/clip_tokenizer.json.gz)")
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG, help="corpus.jsonl whose icons get vectors")
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--heads", type=int, default=4, help="attention heads (ViT-L/14 text tower: 12)")
    parser.add_argument("--projection-dim", type=int, default=48)
    parser.add_argument("--noise", type=float, default=0.3, help="noise norm added to each title vector")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--bert-out", type=Path, help="also write a tiny BERT encoder here")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args.out.mkdir(parents=True, exist_ok=True)
    summary = make_clip(args)
    (args.out / "fixture.json").write_text(json.dumps(summary, indent=1) + "\n")
    if args.bert_out is not None:
        make_bert(args.bert_out, args.catalog, args.seed)
    print(f"wrote {args.out} ({summary['icons']} icon vectors, dim {summary['projection_dim']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
