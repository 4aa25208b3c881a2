// Facts about a built site that the site build (py/iconseek/site/assemble.py)
// also knows but today's manifest.json does not carry yet. Each belongs in
// the manifest; until it is there, this is the one place the workers read it.

/** The asset keys the model worker downloads itself, in the order it asks for them. */
export const MODEL_ASSET_KEYS = Object.freeze(["ort_mjs", "ort_wasm_mjs", "ort_wasm", "encoder", "encoder_weights", "scorer", "vectors"]);

/** Pyodide's own files, in the order the search worker's boot waits on them (they are fetched first). */
export const PYODIDE_BOOT_ORDER = Object.freeze(["pyodide_mjs", "pyodide_asm_mjs", "pyodide_lock", "pyodide_wasm", "pyodide_snapshot", "pyodide_stdlib"]);

/** Asset keys a snapshot with the searcher preloaded already holds: a plain boot's fallback and the offline copy. */
export const PRELOADED_ASSET_KEYS = Object.freeze(["wheel", "lexical"]);

/** The asset keys of the per-library SVG bundles are this prefix + the library slug. */
export const SVG_ASSET_PREFIX = "svg:";

/** Where the index and tokenizer live in Pyodide's file system: assemble.py's PRELOAD_LEXICAL and PRELOAD_TOKENIZER. */
export const PYODIDE_LEXICAL_PATH = "/iconseek/lexical.json";
export const PYODIDE_TOKENIZER_PATH = "/iconseek/tokenizer.json";
