// What a hit carries besides its score: the catalogue metadata (title, tags,
// licence) and, when asked for, its SVG, for the search worker (worker.js).
//
// WHY here and not in Python: the metadata and the SVG bundles are plain JSON
// the page needs as is; crossing into Pyodide and back would only cost time.

import { fetchVerified, offlineCacheName } from "./assets.js";

/** The verified bytes of `library`'s SVG bundle (null if the site has none), downloaded once. */
export function svgFile(session, library) {
  let file = session.svgFiles.get(library);
  if (!file) {
    const entry = session.manifest.assets[`${session.manifest.svg_asset_prefix}${library}`];
    const { base, manifest } = session;
    file = entry ? fetchVerified(base, entry, null, "low", offlineCacheName(manifest.build)) : Promise.resolve(null);
    file.catch(() => {}); // reported where awaited
    session.svgFiles.set(library, file);
  }
  return file;
}

// `library`'s SVG bundle, {icon id: svg}, parsed on first use.
function svgBundle(session, library) {
  let bundle = session.svgBundles.get(library);
  if (!bundle) {
    bundle = svgFile(session, library).then((bytes) => (bytes ? JSON.parse(new TextDecoder().decode(bytes)) : null));
    bundle.catch(() => {});
    session.svgBundles.set(library, bundle);
  }
  return bundle;
}

/** The row of icon id `iconId` in the catalogue metadata; a clear error for an unknown id. */
export function iconRow(session, iconId) {
  if (!session.rowOfId) session.rowOfId = new Map(session.meta.ids.map((id, row) => [id, row]));
  const row = session.rowOfId.get(String(iconId));
  if (row === undefined) throw new Error(`unknown icon id ${JSON.stringify(String(iconId).slice(0, 80))}`);
  return row;
}

/** The hit for catalogue row `row` when no score ranks it (browsing, one icon): rank given, scores empty. */
export function rowHit(session, row, rank) {
  const { meta } = session;
  return { id: meta.ids[row], score: null, rank, arm_scores: {}, doc_index: row,
           library: meta.libraries[meta.library_index[row]].slug };
}

/** Title, name, licence and tags onto each hit (by its doc_index), checked against the index's ids. */
export function attachMetadata(session, hits) {
  const meta = session.meta;
  for (const hit of hits) {
    const row = hit.doc_index;
    if (meta.ids[row] !== hit.id) throw new Error(`metadata and index disagree at row ${row}; rebuild the site`);
    hit.title = meta.titles[row];
    hit.name = hit.id.slice(hit.id.indexOf("/") + 1);
    hit.licence = meta.licences[meta.licence_index[row]];
    hit.tags = meta.tags ? meta.tags[row] : [];
  }
}

/** Each hit's SVG (null where its library's bundle is missing or failed). */
export async function attachSvgs(session, hits) {
  const wanted = [...new Set(hits.map((h) => h.library))];
  const bundles = {};
  await Promise.all(wanted.map(async (lib) => {
    try {
      bundles[lib] = await svgBundle(session, lib);
    } catch (error) {
      bundles[lib] = null;
    }
  }));
  for (const hit of hits) {
    const bundle = bundles[hit.library];
    hit.svg = bundle ? bundle[hit.id] ?? null : null;
  }
}
