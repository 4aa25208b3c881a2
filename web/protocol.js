// Every message between the page, the search worker (worker.js), the model
// worker (ort-worker.js) and the model worker's unpack helper: the type
// strings, the payload shapes and the request limits, defined once.
//
// WHY one module: four scripts on three threads used to spell the same
// strings and shapes each on their own, and a reply nobody listened for could
// go unnoticed. Senders build messages with the factories below and receivers
// compare `type` with the constants, so a message type exists only here.
//
// The threads:
//   page ─── SEARCH_WORKER messages ──▶ worker.js ◀── MODEL messages (MessagePort) ──▶ ort-worker.js
//   page ◀── PROGRESS / FATAL ───────── ort-worker.js ── UNPACK messages ──▶ unpack-worker.js

// ---------------------------------------------------------------- page ↔ workers
/**
 * Page ↔ search worker (and the page's INIT, PROGRESS and FATAL with the model worker).
 *
 * page → both workers  INIT     {type, port}  the two ends of a MessageChannel between the workers
 * page → search        SEARCH   {type, id, query, k, offset, library, droppable, withSvg, semantic}
 *                                 hits offset..offset+k of the matches (reply RESULT adds total,
 *                                 understood: false for the no-match state, corrections [{word, term}])
 *                      SIMILAR  {type, id, icon, k, library, withSvg}   icons like icon id `icon`
 *                      ICON     {type, id, icon}                         that one icon, metadata and SVG
 *                      BROWSE   {type, id, library, category, offset, k} a library's and/or a category's
 *                                                                        icons A to Z (reply RESULT {hits, total})
 * search → page        RESULT   {type, id, hits, timings, mode, total?, offset?, understood?, corrections?, truncated?}
 *                               | {type, id, stale: true}
 *                      ERROR    {type, id, message}
 *                      STATE    {type, state}   the search worker's start-up state (see worker.js)
 * both workers → page  PROGRESS {type, loaded, total}   bytes of this worker's start-up downloads
 *                      FATAL    {type, message}         start-up failed: search is unavailable
 * A droppable request (typing in the box) overtaken by a newer droppable one
 * before it starts is answered with a stale RESULT and skipped.
 */
export const PAGE = Object.freeze({
  INIT: "init",
  SEARCH: "search",
  SIMILAR: "similar",
  ICON: "icon",
  BROWSE: "browse",
  RESULT: "result",
  ERROR: "error",
  STATE: "state",
  PROGRESS: "progress",
  FATAL: "fatal",
});

/** RESULT's `mode`: how the hits were found (the page shows it beside the count). */
export const RESULT_MODE = Object.freeze({ LEXICAL: "lexical", HYBRID: "hybrid", SIMILAR: "similar", ICON: "icon", BROWSE: "browse" });

/** The requests the search worker queues and answers with RESULT or ERROR. */
export const QUERY_TYPES = Object.freeze([PAGE.SEARCH, PAGE.SIMILAR, PAGE.ICON, PAGE.BROWSE]);

// Request limits, applied by the search worker whatever the page sends (the query
// length limit is the engine's: manifest.json engine.max_query_chars, see readSearch).
export const SEARCH_K = Object.freeze({ default: 48, max: 200 });
export const SIMILAR_K = Object.freeze({ default: 12, max: 100 });
export const BROWSE_K = Object.freeze({ default: 60, max: 200 });
export const MAX_OFFSET = 100000; // deeper than any catalogue this page is built for

/** @param {MessagePort} port */
export const initMessage = (port) => ({ type: PAGE.INIT, port });

/**
 * @typedef {{k?: number, offset?: number, library?: string|null, droppable?: boolean, withSvg?: boolean, semantic?: boolean}} SearchOptions
 * @param {number} id @param {string} query @param {SearchOptions} options
 */
export function searchRequest(id, query, { k = SEARCH_K.default, offset = 0, library = null, droppable = false, withSvg = false, semantic = true } = {}) {
  return { type: PAGE.SEARCH, id, query, k, offset, library, droppable, withSvg, semantic };
}

/** @param {number} id @param {string} icon an icon id such as "lucide/trash" @param {{k?: number, library?: string|null, withSvg?: boolean}} options */
export function similarRequest(id, icon, { k = SIMILAR_K.default, library = null, withSvg = false } = {}) {
  return { type: PAGE.SIMILAR, id, icon, k, library, withSvg };
}

/** @param {number} id @param {string} icon */
export const iconRequest = (id, icon) => ({ type: PAGE.ICON, id, icon });

/**
 * A library's and/or a category's icons A to Z, one page at a time (web/browse.js).
 * @param {number} id @param {{library?: string|null, category?: string|null, offset?: number, k?: number}} options
 */
export function browseRequest(id, { library = null, category = null, offset = 0, k = BROWSE_K.default } = {}) {
  return { type: PAGE.BROWSE, id, library, category, offset, k };
}

/**
 * @typedef {{hits: object[], timings: object, mode: string, truncated?: boolean}} QueryResult
 * @param {number} id @param {QueryResult} result
 */
export const resultMessage = (id, result) => ({ type: PAGE.RESULT, id, ...result });
/** @param {number} id */
export const staleResult = (id) => ({ type: PAGE.RESULT, id, stale: true });
/** @param {number} id @param {string} message */
export const errorReply = (id, message) => ({ type: PAGE.ERROR, id, message });
/** @param {object} state */
export const stateMessage = (state) => ({ type: PAGE.STATE, state });
/** @param {number} loaded @param {number} total */
export const progressMessage = (loaded, total) => ({ type: PAGE.PROGRESS, loaded, total });
/** @param {string} message */
export const fatalMessage = (message) => ({ type: PAGE.FATAL, message });

/**
 * A SEARCH request as the search worker runs it: the query cut to
 * `maxQueryChars` (the site's manifest.json engine.max_query_chars: longer
 * queries are cut, truncated says so) and k within 1..SEARCH_K.max.
 * @returns {{query: string, truncated: boolean, k: number, offset: number, library: string|null, semantic: boolean, withSvg: boolean}}
 */
export function readSearch(message, maxQueryChars) {
  const full = String(message.query ?? "");
  const query = full.slice(0, maxQueryChars);
  return {
    query,
    truncated: query.length < full.length,
    k: clampK(message.k, SEARCH_K),
    offset: clampOffset(message.offset),
    library: message.library || null,
    semantic: message.semantic !== false,
    withSvg: Boolean(message.withSvg),
  };
}

/** A SIMILAR request as the search worker runs it: k within 1..SIMILAR_K.max. */
export function readSimilar(message) {
  return { icon: message.icon, k: clampK(message.k, SIMILAR_K), library: message.library || null, withSvg: Boolean(message.withSvg) };
}

/** A BROWSE request as the search worker runs it. */
export function readBrowse(message) {
  return { library: message.library || null, category: message.category || null,
           offset: clampOffset(message.offset), k: clampK(message.k, BROWSE_K) };
}

function clampOffset(offset) {
  return Math.max(0, Math.min(MAX_OFFSET, Math.floor(Number(offset)) || 0));
}

function clampK(k, limits) {
  return Math.max(1, Math.min(limits.max, k | 0 || limits.default));
}

// ---------------------------------------------------------------- search worker ↔ model worker
/**
 * Over the MessagePort the page handed both workers with INIT.
 *
 * model → search  READY          {type, threads, crossOriginIsolated, timings}   once, when both sessions exist
 * search → model  LIBRARY_INDEX  {type, libraries, index}   once: slugs and Uint8Array library number per icon
 *                 ENCODE         {type, id, ids, library}   token ids of a query, optional library filter
 * model → search  ENCODED        {type, id, arms: {arm: {indices, scores}}, encodeMs, scoreMs}
 * search → model  SIMILAR        {type, id, index, library} icons like icon number `index`
 * model → search  SIMILAR_SCORED {type, id, indices, arms: {arm: Float32Array}, scoreMs}
 *                 ERROR          {type, id, message}        an ENCODE or SIMILAR failed
 * search → model  STORE          {type}   start-up is over: put the model's files in the offline cache
 * model → search  STORED         {type, count} | {type, error}
 * search → model  FILES_IN       {type}   once: the search worker's start-up downloads settled; the
 *                                          model worker's big downloads wait for it (network only)
 */
export const MODEL = Object.freeze({
  READY: "ready",
  LIBRARY_INDEX: "library_index",
  ENCODE: "encode",
  ENCODED: "encoded",
  SIMILAR: "similar",
  SIMILAR_SCORED: "similar_scored",
  ERROR: "error",
  STORE: "store",
  STORED: "stored",
  FILES_IN: "files_in",
});

/** @param {{threads: number, crossOriginIsolated: boolean, timings: object}} info */
export const readyMessage = (info) => ({ type: MODEL.READY, ...info });
/** @param {string[]} libraries @param {Uint8Array} index */
export const libraryIndexMessage = (libraries, index) => ({ type: MODEL.LIBRARY_INDEX, libraries, index });
/** @param {number} id @param {number[]} ids @param {string|null} library */
export const encodeRequest = (id, ids, library) => ({ type: MODEL.ENCODE, id, ids, library: library || null });
/** @param {number} id @param {{arms: object, encodeMs: number, scoreMs: number}} result */
export const encodedReply = (id, result) => ({ type: MODEL.ENCODED, id, ...result });
/** @param {number} id @param {number} index @param {string|null} library */
export const modelSimilarRequest = (id, index, library) => ({ type: MODEL.SIMILAR, id, index, library });
/** @param {number} id @param {{indices: Int32Array, arms: object, scoreMs: number}} result */
export const similarScoredReply = (id, result) => ({ type: MODEL.SIMILAR_SCORED, id, ...result });
/** @param {number} id @param {string} message */
export const modelErrorReply = (id, message) => ({ type: MODEL.ERROR, id, message });
export const storeRequest = () => ({ type: MODEL.STORE });
/** The search worker's start-up files are in (or failed): the model worker's big downloads may start. */
export const filesInMessage = () => ({ type: MODEL.FILES_IN });
/** @param {{count: number} | {error: string}} outcome */
export const storedReply = (outcome) => ({ type: MODEL.STORED, ...outcome });

// ---------------------------------------------------------------- model worker ↔ unpack helper
/**
 * model → unpack  UNPACK    {type, packed: Uint8Array (transferred), scorer: manifest.scorer}
 * unpack → model  UNPACKED  {type, matrices: [[arm, Float32Array D*N]]} (transferred)
 *                 ERROR     {type, message}
 */
export const UNPACK = Object.freeze({ UNPACK: "unpack", UNPACKED: "unpacked", ERROR: "error" });

/** @param {Uint8Array} packed @param {object} scorer manifest.scorer */
export const unpackRequest = (packed, scorer) => ({ type: UNPACK.UNPACK, packed, scorer });
/** @param {Array<[string, Float32Array]>} matrices */
export const unpackedReply = (matrices) => ({ type: UNPACK.UNPACKED, matrices });
/** @param {string} message */
export const unpackError = (message) => ({ type: UNPACK.ERROR, message });
