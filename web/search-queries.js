// The search worker's three queries: search (keyword and semantic arms fused
// by the Python engine), similar icons and one icon. Each takes the worker's
// session (worker.js) and a request from the page, and returns the RESULT
// payload {hits, timings, mode}.

import { readBrowse, readSearch, readSimilar, RESULT_MODE } from "./protocol.js";
import { attachMetadata, attachSvgs, iconRow, rowHit } from "./search-hits.js";

/**
 * A reply's SVGs come from the per-library bundles, which may still be
 * downloading: the handlers below return the reply with a promise under this
 * key, and worker.js sends the reply once it settles, without holding the next
 * request's Python work behind the download (a symbol: never posted).
 */
export const SVGS_ATTACHED = Symbol("svgsAttached");

/** The tokenizer's ids for `query` (a JavaScript array). */
export function tokenIds(session, query) {
  const proxy = session.searcher.token_ids(query);
  const ids = proxy.toJs();
  proxy.destroy();
  return ids;
}

/** A SEARCH: token ids to the model worker for the semantic arms (once it is ready), then fusion in Python. */
export async function runSearch(session, message) {
  const started = performance.now();
  const { query, truncated, k, offset, library, withSvg, semantic: wanted } = readSearch(message, session.manifest.engine.max_query_chars);
  const timings = { tokenize: 0, encode: 0, score: 0, fuse: 0 };
  const semantic = session.state.semantic && wanted && query.trim() !== "";
  let arms = null;
  if (semantic) {
    const tTok = performance.now();
    const ids = tokenIds(session, query);
    timings.tokenize = performance.now() - tTok;
    const tModel = performance.now();
    const reply = await session.model.encode(ids, library);
    arms = reply.arms;
    timings.encode = reply.encodeMs;
    timings.score = reply.scoreMs;
    timings.transfer = performance.now() - tModel - reply.encodeMs - reply.scoreMs;
  }
  const tFuse = performance.now();
  const page = JSON.parse(pageJson(session, query, k, offset, library, arms));
  timings.fuse = performance.now() - tFuse;
  timings.total = performance.now() - started;
  const { hits, total, understood, corrections } = page;
  attachMetadata(session, hits);
  return { hits, total, offset, understood, corrections, timings,
           mode: semantic ? RESULT_MODE.HYBRID : RESULT_MODE.LEXICAL, truncated,
           [SVGS_ATTACHED]: withSvg ? attachSvgs(session, hits) : null };
}

// The engine's page as JSON (BrowserSearch.page_json); `arms` ({arm: {indices, scores}}) or null for keyword only.
function pageJson(session, query, k, offset, library, arms) {
  // undefined (not null) crosses into Python as None
  const args = [query, k, offset, library ?? undefined];
  for (const arm of session.manifest.scorer.arms) {
    args.push(arms ? arms[arm].indices : undefined, arms ? arms[arm].scores : undefined);
  }
  return session.searcher.page_json(...args);
}

/**
 * The first hybrid query's fusion (typed arrays into Python, score
 * normalisation, the fused ranking) took ~20 ms more than later ones; this
 * runs it once on made-up candidate lists while the worker only waits for the model.
 */
export function warmFusion(session) {
  const { manifest } = session;
  const n = Math.min(manifest.scorer.candidates, manifest.count);
  const made = {
    indices: Int32Array.from({ length: n }, (_, i) => i),
    scores: Float32Array.from({ length: n }, (_, i) => 0.5 - i / (4 * n)),
  };
  pageJson(session, "calendar", 10, 0, null, Object.fromEntries(manifest.scorer.arms.map((arm) => [arm, made])));
}

// ---------------------------------------------------------------- similar icons
// Icons like one icon: the model worker returns candidates with their picture
// (t2i) and meaning (t2t) scores; the name signals and the weights are added
// here, as py/iconseek/similar/index.py does (weights from manifest.similar).
// Without a library, the icon's own library is left out.
const SIGNAL_OF_ARM = { t2i: "picture", t2t: "meaning" };

function nameWords(name) {
  return new Set(name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w && !/^[0-9]+$/.test(w)));
}

function nameKey(name) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "");
}

const nameOf = (id) => id.slice(id.indexOf("/") + 1);

/** A SIMILAR: the model worker's candidates, each scored by picture, meaning and name. */
export async function runSimilar(session, message) {
  const started = performance.now();
  const { manifest, meta } = session;
  if (!manifest.similar) {
    throw new Error("similar icons need the site's icon vectors in 4-bit storage (the default); this site was built without them");
  }
  const { icon, k, library, withSvg } = readSimilar(message);
  const row = iconRow(session, icon);
  const slugs = meta.libraries.map((l) => l.slug);
  if (library && !slugs.includes(library)) throw new Error(`unknown library ${JSON.stringify(String(library).slice(0, 40))}; libraries: ${slugs.join(", ")}`);
  await session.model.ready;
  const reply = await session.model.similar(row, library);
  const score = similarityScorer(meta.ids[row], manifest.similar.weights);
  const hits = [];
  for (let n = 0; n < reply.indices.length; n++) {
    const j = reply.indices[n];
    if (j === row || (!library && meta.library_index[j] === meta.library_index[row])) continue;
    const signals = {};
    for (const [arm, scores] of Object.entries(reply.arms)) signals[SIGNAL_OF_ARM[arm] || arm] = scores[n];
    hits.push({ id: meta.ids[j], ...score(meta.ids[j], signals), doc_index: j, library: slugs[meta.library_index[j]] });
  }
  hits.sort((a, b) => b.score - a.score);
  hits.length = Math.min(hits.length, k);
  hits.forEach((hit, i) => (hit.rank = i + 1));
  attachMetadata(session, hits);
  return { hits, timings: { score: reply.scoreMs, total: performance.now() - started }, mode: RESULT_MODE.SIMILAR,
           [SVGS_ATTACHED]: withSvg ? attachSvgs(session, hits) : null };
}

// (candidate id, its model signals) -> {score, arm_scores} for candidates of icon `ownId`:
// the name signals (shared name words, same name) are added to the model's.
function similarityScorer(ownId, weights) {
  const ownWords = nameWords(nameOf(ownId));
  const ownKey = nameKey(nameOf(ownId));
  return (id, signals) => {
    const words = nameWords(nameOf(id));
    let shared = 0;
    for (const w of words) if (ownWords.has(w)) shared++;
    const union = ownWords.size + words.size - shared;
    signals.name = union > 0 ? shared / union : 0;
    signals.same_name = nameKey(nameOf(id)) === ownKey ? 1 : 0;
    let score = 0;
    for (const [signal, value] of Object.entries(signals)) score += (weights[signal] || 0) * value;
    return { score, arm_scores: signals };
  };
}

/** A BROWSE: a library's and/or a category's icons A to Z (web/browse.js), a page at a time. */
export async function runBrowse(session, message) {
  const started = performance.now();
  const request = readBrowse(message);
  const { rows, total } = session.browser.page(request);
  const hits = rows.map((row, i) => rowHit(session, row, request.offset + i + 1));
  attachMetadata(session, hits);
  return { hits, total, offset: request.offset, timings: { total: performance.now() - started }, mode: RESULT_MODE.BROWSE,
           [SVGS_ATTACHED]: attachSvgs(session, hits) };
}

/** An ICON: that one icon with its metadata and SVG (the detail view opened from a link). */
export async function runIcon(session, message) {
  const hits = [rowHit(session, iconRow(session, message.icon), 1)];
  attachMetadata(session, hits);
  return { hits, timings: {}, mode: RESULT_MODE.ICON, [SVGS_ATTACHED]: attachSvgs(session, hits) };
}
