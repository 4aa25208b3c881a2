// What the main area shows: search results a page at a time, the no-match
// state, and browsing by library or category when there is no query.
//
//   query typed      -> pages of matches above the engine's relevance floor
//                       (reply.total counts them; "Show more" and scrolling load
//                       the next page), or the no-match state with suggestions
//   no query         -> the browse panel: every library and category
//   ?lib= or ?cat=   -> without a query, that library's / category's icons, paged
//
// The query, library and category live in the URL (?q=&lib=&cat=) through
// history.replaceState, so a search or a browse can be shared and survives a
// reload. Safety rule as ui.js: queries and metadata reach the DOM as text only.

import { el, libraryName } from "./ui.js";

export const PAGE_SIZE = 60;
const MAX_URL_QUERY = 200; // characters kept in (and read from) the address bar
const CAPTION_QUERY = 80; // characters of the query quoted back in the caption
const CATEGORIES_AT_FIRST = 36; // the largest categories; the rest behind "All N categories"
const NEAR_END_PX = 600; // the next page loads when "Show more" comes this close to the screen

export function readUrlState(href = window.location.href) {
  const params = new URL(href).searchParams;
  return {
    query: (params.get("q") || "").slice(0, MAX_URL_QUERY),
    library: params.get("lib") || "",
    category: params.get("cat") || "",
  };
}

function writeUrlState({ query, library, category }) {
  const url = new URL(window.location.href);
  const set = (key, value) => (value ? url.searchParams.set(key, value) : url.searchParams.delete(key));
  set("q", query.trim() ? query.slice(0, MAX_URL_QUERY) : "");
  set("lib", library);
  set("cat", query.trim() ? "" : category);
  if (url.href !== window.location.href) history.replaceState(history.state, "", url);
}

function counted(n, one, many) {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

function quoted(text) {
  return `“${text.length > CAPTION_QUERY ? `${text.slice(0, CAPTION_QUERY)}…` : text}”`;
}

export class ResultsView {
  // parts: {grid, caption, status, empty, browse, more}; client: SearchClient;
  // libraries(): [{slug, name, count}]; categories(): [{name, count}];
  // controls: {input, select}; idleStatus(): the status line when nothing is shown (start-up state)
  constructor({ parts, client, libraries, categories, controls, idleStatus = () => "" }) {
    Object.assign(this, parts);
    this.client = client;
    this.libraries = libraries;
    this.categories = categories;
    this.controls = controls;
    this.idleStatus = idleStatus;
    this.category = "";
    this.ticket = 0;
    this.total = 0;
    this.loading = false;
    this.request = null; // how to fetch the next page of what is shown
    this.showing = false; // results or a browse list is on screen (the status line is theirs)
    this.more.addEventListener("click", () => this.loadMore());
    // Scrolling near the end loads the next page; the button stays for keyboards
    // and for screens tall enough that nothing scrolls. Nothing loads ahead of
    // the person: while typing, every result set would pay for two pages of
    // cards (bench/bench_typing.py measured the key delay doubling).
    window.addEventListener("scroll", () => this.#nearEnd() && this.loadMore(), { passive: true });
  }

  #nearEnd() {
    return !this.more.hidden && this.more.getBoundingClientRect().top < window.innerHeight + NEAR_END_PX;
  }

  // Hits on screen: the grid's, so the count of what is loaded lives in one place.
  get loaded() {
    return this.grid.hits.length;
  }

  get query() {
    return this.controls.input.value;
  }

  get library() {
    return this.controls.select.value;
  }

  // Runs whatever the controls and the category now ask for.
  async refresh() {
    const ticket = ++this.ticket;
    writeUrlState({ query: this.query, library: this.library, category: this.category });
    if (this.query.trim()) return this.#search(ticket);
    if (this.library || this.category) return this.#browseList(ticket);
    this.#showBrowsePanel();
  }

  showCategory(name) {
    this.category = name;
    return this.refresh();
  }

  async #search(ticket) {
    const query = this.query;
    const library = this.library || null;
    const request = (offset) => this.client.search(query, { k: PAGE_SIZE, offset, library, droppable: offset === 0, withSvg: true });
    const reply = await this.#firstPage(ticket, request, "Search");
    if (!reply) return;
    if (!reply.hits.length) return this.#noMatch(query, reply);
    this.#show(reply, query);
    const where = library ? ` in ${libraryName(this.libraries(), library)}` : "";
    this.caption.replaceChildren(`Results for ${quoted(query)}${where}`);
    for (const fix of reply.corrections || []) {
      this.caption.append(el("span", "correction", ` · read “${fix.word}” as “${fix.term}”`));
    }
    const t = reply.timings;
    this.status.textContent = `${counted(reply.total, "match", "matches")} · ${reply.mode} · ${t.total.toFixed(1)} ms` +
      (reply.truncated ? " · long query shortened" : "");
  }

  // The first page from `request(offset)`, which also serves "Show more"; null when
  // it failed (the status line says so) or a newer search or browse overtook it.
  async #firstPage(ticket, request, what) {
    this.request = request;
    let reply;
    try {
      reply = await request(0);
    } catch (error) {
      if (ticket === this.ticket) this.status.textContent = `${what} failed: ${error.message}`;
      return null;
    }
    if (reply.stale || ticket !== this.ticket) return null;
    this.browse.hidden = true;
    return reply;
  }

  async #browseList(ticket) {
    const library = this.library || null;
    const category = this.category || null;
    const request = (offset) => this.client.browse({ library, category, offset, k: PAGE_SIZE });
    const reply = await this.#firstPage(ticket, request, "Browsing");
    if (!reply) return;
    this.#show(reply, "");
    const name = library ? libraryName(this.libraries(), library) : "";
    const parts = [category ? `Category “${category}”` : "", name ? `${category ? "in " : ""}${name}` : ""];
    this.caption.replaceChildren(`Browsing ${parts.filter(Boolean).join(" ")}`);
    if (category) {
      const clear = el("button", "link-button", "all categories");
      clear.type = "button";
      clear.addEventListener("click", () => this.showCategory(""));
      this.caption.append(" · ", clear);
    }
    this.status.textContent = `${counted(reply.total, "icon", "icons")} · A to Z`;
  }

  #show(reply, query) {
    this.grid.render(reply.hits, query);
    this.total = reply.total;
    this.empty.hidden = true;
    this.caption.hidden = false;
    this.showing = true;
    this.#updateMore(false);
  }

  async loadMore() {
    if (this.loading || !this.request || this.loaded >= this.total) return;
    const ticket = this.ticket;
    this.loading = true;
    this.more.textContent = "Loading…";
    try {
      const reply = await this.request(this.loaded);
      if (ticket !== this.ticket || reply.stale) return;
      const shown = this.grid.append(reply.hits);
      if (!reply.hits.length) this.total = this.loaded; // an empty page ends it, whatever the count said
      await shown;
    } catch (error) {
      if (ticket === this.ticket) this.status.textContent = `Loading more failed: ${error.message}`;
    } finally {
      this.loading = false;
      this.#updateMore();
    }
  }

  // The button's label; after a page the person asked for, the next one if the end is still near.
  #updateMore(mayLoad = true) {
    const left = this.total - this.loaded;
    this.more.hidden = left <= 0;
    this.more.textContent = `Show more (${left.toLocaleString("en")} left)`;
    if (mayLoad && left > 0 && this.#nearEnd()) this.loadMore();
  }

  #clearResults() {
    this.grid.render([]);
    this.request = null;
    this.total = 0;
    this.more.hidden = true;
    this.caption.hidden = true;
    this.showing = false;
  }

  // No match: say so plainly, offer what the person can do next.
  #noMatch(query, reply) {
    this.#clearResults();
    const box = this.empty;
    box.replaceChildren(el("p", "empty-title", `No icons match ${quoted(query)}.`));
    const tips = el("ul", "empty-tips");
    const understood = reply.understood !== false;
    tips.append(el("li", null, understood
      ? "Try fewer words, or remove the library filter."
      : "None of these words is known. Check the spelling, or describe the icon in other words (“a bin for rubbish”, “arrow pointing left”)."));
    if (this.library) {
      const all = el("button", "link-button", "Search all libraries");
      all.type = "button";
      all.addEventListener("click", () => {
        this.controls.select.value = "";
        this.refresh();
      });
      const item = el("li");
      item.append(all);
      tips.append(item);
    }
    box.append(tips, el("p", "empty-browse", "Or browse a library:"), this.#libraryLinks());
    box.hidden = false;
    this.browse.hidden = true;
    this.status.textContent = `No match · ${reply.mode}`;
    this.showing = true;
  }

  #libraryLinks() {
    const list = el("ul", "browse-libraries");
    for (const lib of this.libraries()) {
      const button = el("button", "browse-library");
      button.type = "button";
      button.append(el("span", "browse-name", lib.name), el("span", "browse-count", `${lib.count.toLocaleString("en")} icons`));
      button.addEventListener("click", () => {
        this.controls.input.value = "";
        this.category = "";
        this.controls.select.value = lib.slug;
        this.refresh();
      });
      const item = el("li");
      item.append(button);
      list.append(item);
    }
    return list;
  }

  // No query, no filter: what there is to browse.
  #showBrowsePanel() {
    this.#clearResults();
    this.empty.hidden = true;
    this.status.textContent = this.idleStatus();
    const panel = this.browse;
    panel.replaceChildren(el("h2", "browse-title", "Browse by library"), this.#libraryLinks());
    const categories = this.categories();
    if (categories.length) {
      const list = el("ul", "browse-categories");
      const add = (from, to) => {
        for (const category of categories.slice(from, to)) list.append(this.#categoryChip(category));
      };
      add(0, CATEGORIES_AT_FIRST);
      panel.append(el("h2", "browse-title", "Browse by category"), list);
      if (categories.length > CATEGORIES_AT_FIRST) {
        const all = el("button", "link-button browse-all", `All ${categories.length} categories`);
        all.type = "button";
        all.addEventListener("click", () => {
          add(CATEGORIES_AT_FIRST, categories.length);
          all.remove();
        });
        panel.append(all);
      }
    }
    panel.hidden = !this.libraries().length;
  }

  #categoryChip(category) {
    const button = el("button", "chip");
    button.type = "button";
    button.append(el("span", null, category.name), el("span", "chip-count", String(category.count)));
    button.title = `${category.count} icons`;
    button.addEventListener("click", () => this.showCategory(category.name));
    const item = el("li");
    item.append(button);
    return item;
  }
}
