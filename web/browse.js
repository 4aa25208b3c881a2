// Browsing without a query: the icons of one library and/or one category, A to Z,
// a page at a time. Runs in the search worker over the site's metadata
// (meta.json: ids, titles, library_index, categories, category_index), so it
// needs neither Python nor the model and works as soon as metadata is loaded.

const byTitle = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

export class Browser {
  constructor(meta) {
    this.meta = meta;
    this.orders = new Map(); // "library|category" -> row numbers, A to Z
  }

  // The category's position in meta.categories from its name (any case), or -1.
  #category(name) {
    const key = String(name).toLowerCase();
    return (this.meta.categories || []).findIndex((c) => c.name.toLowerCase() === key);
  }

  #rows(library, category) {
    const key = `${library || ""}|${category}`;
    let rows = this.orders.get(key);
    if (rows) return rows;
    const { meta } = this;
    const libraryIndex = library ? meta.libraries.findIndex((l) => l.slug === library) : -1;
    rows = [];
    for (let row = 0; row < meta.count; row++) {
      if (libraryIndex >= 0 && meta.library_index[row] !== libraryIndex) continue;
      if (category >= 0 && !(meta.category_index?.[row] || []).includes(category)) continue;
      rows.push(row);
    }
    // Same titles from different libraries sit together: equivalents side by side.
    rows.sort((a, b) => byTitle.compare(meta.titles[a], meta.titles[b]) || meta.library_index[a] - meta.library_index[b]);
    this.orders.set(key, rows);
    return rows;
  }

  // {rows, total} for one page (offset and k as protocol.js readBrowse bounds them);
  // unknown library or category names are an error.
  page({ library = null, category = null, offset = 0, k = 60 }) {
    if (library && !this.meta.libraries.some((l) => l.slug === library)) {
      throw new Error(`unknown library "${library}"`);
    }
    let index = -1;
    if (category) {
      index = this.#category(category);
      if (index < 0) throw new Error(`unknown category "${category}"`);
    }
    if (!library && index < 0) throw new Error("browsing needs a library or a category");
    const rows = this.#rows(library, index);
    return { rows: rows.slice(offset, offset + k), total: rows.length };
  }
}
