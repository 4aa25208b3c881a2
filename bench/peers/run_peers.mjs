// Run the JavaScript search libraries that icon sites use today over iconseek's
// catalogue and dev queries, with the same inputs and outputs for each:
//
//   node bench/peers/run_peers.mjs --corpus out/catalog/corpus.jsonl \
//        --queries bench/dev/queries.jsonl --out DIR [--systems fuse,minisearch,orama] [--k 100]
//
// For every system it writes DIR/<system>.json:
//   {"system", "config", "index_ms", "runs": {qid: [[doc id, score], ...]}, "latency_ms": {qid: ms}}
// Latency is wall time of one search call (performance.now), measured after a
// warm-up pass over the first queries so JIT compilation is not counted.
// Each system is configured as documented in docs/BENCHMARKS.md; nothing here is
// tuned on the dev queries.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { create, insertMultiple, search } from '@orama/orama';

function parseArgs(argv) {
  const args = { systems: 'fuse,minisearch,orama', k: '100' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (argv[i + 1] === undefined) throw new Error(`missing value for ${argv[i]}`);
    args[key] = argv[i + 1];
  }
  for (const need of ['corpus', 'queries', 'out']) {
    if (!args[need]) throw new Error(`--${need} is required`);
  }
  return { ...args, k: Number(args.k), systems: args.systems.split(',').filter(Boolean) };
}

function readJsonl(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${path}: ${err.message}`);
  }
  return text.split('\n').filter((l) => l.trim()).map((line, i) => {
    try {
      return JSON.parse(line);
    } catch (err) {
      throw new Error(`${path}:${i + 1}: invalid JSON (${err.message})`);
    }
  });
}

// Icon names are hyphenated ("arrow-left"); the token-based engines split them on
// punctuation themselves, Fuse matches the raw string (as lucide.dev does).
const joined = (list) => (list || []).join(' ');

const SYSTEMS = {
  // lucide.dev's search: Fuse.js 7, threshold 0.2, weighted keys.
  fuse: {
    config: {
      threshold: 0.2,
      keys: [
        { name: 'name', weight: 3 },
        { name: 'aliases', weight: 8 },
        { name: 'tags', weight: 2 },
        { name: 'categories', weight: 1 },
      ],
    },
    build(docs, config) {
      const items = docs.map((d) => ({ id: d._id, name: d.name, aliases: d.aliases, tags: d.tags, categories: d.categories }));
      return new Fuse(items, { ...config, includeScore: true });
    },
    // Fuse scores are distances (0 = perfect); negate so higher is better.
    query(index, text, k) {
      return index.search(text, { limit: k }).map((r) => [r.item.id, -r.score]);
    },
  },
  // MiniSearch: BM25+ with prefix and fuzzy matching, field boosts favouring names.
  minisearch: {
    config: {
      fields: ['name', 'aliases', 'tags', 'categories'],
      searchOptions: { prefix: true, fuzzy: 0.2, boost: { name: 3, aliases: 2, tags: 1.5, categories: 1 } },
    },
    build(docs, config) {
      const ms = new MiniSearch({ idField: 'id', fields: config.fields, searchOptions: config.searchOptions });
      ms.addAll(docs.map((d) => ({ id: d._id, name: d.name, aliases: joined(d.aliases), tags: joined(d.tags), categories: joined(d.categories) })));
      return ms;
    },
    query(index, text, k) {
      return index.search(text).slice(0, k).map((r) => [r.id, r.score]);
    },
  },
  // Orama: BM25 full-text search with typo tolerance 1 over the same fields.
  orama: {
    config: {
      properties: ['name', 'aliases', 'tags', 'categories'],
      tolerance: 1,
      boost: { name: 3, aliases: 2, tags: 1.5, categories: 1 },
    },
    async build(docs) {
      const db = create({ schema: { name: 'string', aliases: 'string', tags: 'string', categories: 'string' } });
      // Orama tokenises on non-word characters; hyphenated names become words.
      await insertMultiple(db, docs.map((d) => ({ id: d._id, name: d.name.replace(/[-_]+/g, ' '), aliases: joined(d.aliases), tags: joined(d.tags), categories: joined(d.categories) })), 5000);
      return db;
    },
    async query(index, text, k, config) {
      const res = await search(index, { term: text, properties: config.properties, tolerance: config.tolerance, boost: config.boost, limit: k });
      return res.hits.map((h) => [h.id, h.score]);
    },
  },
};

const WARMUP = 20;

async function runSystem(name, docs, queries, k) {
  const spec = SYSTEMS[name];
  if (!spec) throw new Error(`unknown system ${name}; known: ${Object.keys(SYSTEMS).join(', ')}`);
  const t0 = performance.now();
  const index = await spec.build(docs, spec.config);
  const indexMs = performance.now() - t0;
  for (const q of queries.slice(0, WARMUP)) await spec.query(index, q.text, k, spec.config);
  const runs = {};
  const latency = {};
  for (const q of queries) {
    const start = performance.now();
    const hits = await spec.query(index, q.text, k, spec.config);
    latency[q._id] = performance.now() - start;
    runs[q._id] = hits;
  }
  return { system: name, config: spec.config, index_ms: indexMs, runs, latency_ms: latency };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const docs = readJsonl(args.corpus);
  const queries = readJsonl(args.queries);
  mkdirSync(args.out, { recursive: true });
  for (const name of args.systems) {
    const result = await runSystem(name, docs, queries, args.k);
    writeFileSync(`${args.out}/${name}.json`, JSON.stringify(result));
    const lat = Object.values(result.latency_ms).sort((a, b) => a - b);
    console.log(`${name}: index ${result.index_ms.toFixed(0)} ms, median query ${lat[Math.floor(lat.length / 2)].toFixed(2)} ms`);
  }
}

main().catch((err) => {
  console.error(`run_peers: ${err.message}`);
  process.exit(1);
});
