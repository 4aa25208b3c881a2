"""Contact sheets for hand-checking cross-library equivalents (issue 13).

For each library pair A->B, sample source icons from A (seeded), skipping those
whose normalised name also exists in B (those are silver pairs), and list
candidates from B: the top 8 by picture cosine (t2i vectors) plus the top 4 by
name/tag word overlap, deduplicated.  Sheets (PNG) and the candidate lists
(cands.json) go to --out; the PNGs are not committed.

    .venv/bin/python bench/equivalents/make_sheets.py --seed 13 \
        --pairs lucide:phosphor,lucide:tabler --per-pair 40 --out /tmp/eqsheets
"""
import argparse
import io
import json
import random
import re
from pathlib import Path

import numpy as np
import resvg_py
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
CAT = ROOT / "out/catalog"
VEC = ROOT / "out/vectors"
N_PIC, N_NAME, ROWS = 8, 4, 8


def norm(s):
    return re.sub(r"[^a-z0-9]", "", s.lower())


def toks(s):
    return {t for t in re.split(r"[-_\s/]+", s.lower()) if t and not t.isdigit()}


def name_toks(r):
    return toks(r["name"])


def all_toks(r):
    out = set(name_toks(r))
    for t in r["tags"] + r["aliases"]:
        out |= toks(t)
    return out


def brandish(r):
    n = r["name"]
    return n.startswith(("brand-", "logo-")) or any("brand" in c.lower() for c in r["categories"])


def load():
    rows = [json.loads(line) for line in open(CAT / "corpus.jsonl")]
    meta = json.load(open(VEC / "t2i.json"))
    m = np.fromfile(VEC / "t2i.f16", dtype=np.float16).reshape(meta["dim"], meta["count"])
    m = m.astype(np.float32).T  # N x D
    m /= np.linalg.norm(m, axis=1, keepdims=True) + 1e-12
    return rows, m


def candidates(src_i, rows, m, tgt_idx, tgt_toks):
    sims = m[tgt_idx] @ m[src_i]
    order = np.argsort(-sims)
    pic = [int(tgt_idx[j]) for j in order[:N_PIC]]
    s_name, s_all = name_toks(rows[src_i]), all_toks(rows[src_i])
    scored = []
    for j, ti in enumerate(tgt_idx):
        tn, ta = tgt_toks[j]
        sc = 2 * len(s_name & tn) + len(s_all & ta)
        if sc:
            scored.append((-sc, -float(sims[j]), int(ti)))
    scored.sort()
    name = [ti for _, _, ti in scored[:N_NAME]]
    out = []
    for ti in dict.fromkeys(pic + name):
        c = {"i": ti, "src": ("P" if ti in pic else "") + ("N" if ti in name else "")}
        out.append(c)
    for c in out:
        c["cos"] = round(float(m[c["i"]] @ m[src_i]), 3)
    return out


def render(path, size):
    png = resvg_py.svg_to_bytes(svg_path=str(path), width=size, height=size, background="white")
    return Image.open(io.BytesIO(bytes(png))).convert("RGB")


def font(size):
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def wrap(text, f, width, draw):
    lines, cur = [], ""
    for ch in text:
        if draw.textlength(cur + ch, font=f) > width:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    return lines + [cur]


def sheet(batch, rows, out_png):
    cw, ch, big = 128, 132, 80
    ncol = 1 + N_PIC + N_NAME
    img = Image.new("RGB", (cw * ncol + 20, ch * len(batch)), "white")
    d = ImageDraw.Draw(img)
    f, fb = font(13), font(14)
    for r, item in enumerate(batch):
        y = r * ch
        if r:
            d.line([(0, y), (img.width, y)], fill=(150, 150, 150), width=2)
        s = rows[item["source"]]
        img.paste(render(CAT / s["svg"], big), (16, y + 4))
        for k, line in enumerate(wrap(f"{item['n']}. {s['_id']}", fb, cw + 12, d)[:3]):
            d.text((4, y + big + 6 + k * 15), line, fill=(180, 0, 0), font=fb)
        for c_i, c in enumerate(item["cands"]):
            x = cw + 20 + c_i * cw
            img.paste(render(CAT / rows[c["i"]]["svg"], 64), (x + 30, y + 6))
            col = {"P": (0, 0, 160), "N": (0, 120, 0), "PN": (120, 0, 120)}[c["src"]]
            d.text((x + 2, y + 4), f"{c_i + 1}", fill=col, font=fb)
            d.text((x + 2, y + 22), c["src"], fill=col, font=f)
            for k, line in enumerate(wrap(rows[c["i"]]["name"], f, cw - 6, d)[:3]):
                d.text((x + 3, y + 72 + k * 14), line, fill=(0, 0, 0), font=f)
            d.line([(x, y + 4), (x, y + ch - 4)], fill=(225, 225, 225))
    img.save(out_png)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--pairs", default="lucide:phosphor,lucide:tabler,fontawesome:lucide,heroicons:lucide,"
                    "tabler:lucide,bootstrap:phosphor,material:lucide")
    ap.add_argument("--per-pair", type=int, default=40)
    ap.add_argument("--out", default="/tmp/eqsheets")
    ap.add_argument("--offset", type=int, default=0,
                    help="skip the first OFFSET sampled sources (a later round of the same sample)")
    ap.add_argument("--exclude", type=int, default=40,
                    help="with --strict: leave out the first EXCLUDE sources of the plain sample")
    ap.add_argument("--strict", action="store_true",
                    help="round-2 filter: a name word must be a word of some B name; no digits; no -off/-slash variants")
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    rows, m = load()
    by = {}
    for i, r in enumerate(rows):
        by.setdefault(r["library"], []).append(i)
    allc = {}
    for pair in a.pairs.split(","):
        A, B = pair.split(":")
        tgt_idx = np.array(by[B])
        tgt_names = {norm(rows[i]["name"]) for i in tgt_idx}
        tgt_toks = [(name_toks(rows[i]), all_toks(rows[i])) for i in tgt_idx]
        b_vocab = set().union(*(t for _, t in tgt_toks))
        # sources: not a same-name (silver) pair, not a brand logo, at most two name
        # words (favours common, simple concepts over fine variants), and at least one
        # name word that B uses somewhere (name, tag or alias) -- a cheap
        # "common concept" filter so that most rows have a counterpart.
        pool = [i for i in by[A] if norm(rows[i]["name"]) not in tgt_names
                and not brandish(rows[i]) and len(name_toks(rows[i])) <= 2
                and name_toks(rows[i]) & b_vocab]
        rng = random.Random(f"{a.seed}:{pair}")
        if a.strict:
            # round 2: a stricter pool, minus the first --exclude sources of round 1
            done = set(rng.sample(pool, min(a.exclude, len(pool))))
            b_name_vocab = set().union(*(n for n, _ in tgt_toks))
            pool = [i for i in pool if i not in done and name_toks(rows[i]) & b_name_vocab
                    and not re.search(r"\d", rows[i]["name"])
                    and not re.search(r"[-_](off|slash)$", rows[i]["name"])]
            rng = random.Random(f"{a.seed}:{pair}:strict")
        src = rng.sample(pool, min(a.offset + a.per_pair, len(pool)))[a.offset:]
        src = sorted(src, key=lambda i: rows[i]["name"])
        items = [{"n": n + 1, "source": i, "cands": candidates(i, rows, m, tgt_idx, tgt_toks)}
                 for n, i in enumerate(src)]
        for b in range(0, len(items), ROWS):
            name = f"{A}-{B}-{'s' if a.strict else ''}{a.offset}-{b // ROWS + 1:02d}.png"
            sheet(items[b:b + ROWS], rows, out / name)
            print(out / name)
        allc[pair] = [{"n": it["n"], "source": rows[it["source"]]["_id"],
                       "cands": [{"id": rows[c["i"]]["_id"], "src": c["src"], "cos": c["cos"]}
                                 for c in it["cands"]]} for it in items]
        print(pair, "pool", len(pool), "sampled", len(items))
    json.dump(allc, open(out / "cands.json", "w"), indent=1)


if __name__ == "__main__":
    main()
