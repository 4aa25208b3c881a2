// Rendering and keyboard handling for the result grid.
//
// Safety rule: icon metadata and queries only ever reach the DOM through
// textContent / attributes set by property, never as HTML. Icon SVGs are shown
// through <img src="data:image/svg+xml,…">, where the browser renders them as
// images: scripts and event handlers inside an SVG do not run in that context.

const ARM_LABELS = { bm25: "keywords (BM25)", t2i: "picture match", t2t: "meaning of name/tags" };

function words(text) {
  return String(text || "").toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 1);
}

// Why a hit is a result, in sentences: which of the query's words its name or
// tags contain, what it means (its tags), whether its picture matched. `query`
// is what the user typed; nothing here is ever HTML.
export function reasons(hit, query, arms) {
  const scores = hit.arm_scores || {};
  const asked = words(query);
  const nameWords = new Set([...words(hit.name), ...words(hit.title)]);
  const tagWords = new Set((hit.tags || []).flatMap(words));
  const matches = (pool) => asked.filter((w) => [...pool].some((p) => p.startsWith(w) || w.startsWith(p)));
  const out = [];
  if (scores.bm25 !== null && scores.bm25 !== undefined) {
    const inName = matches(nameWords);
    const inTags = matches(tagWords).filter((w) => !inName.includes(w));
    if (inName.length) out.push(`Its name matches “${inName.join(" ")}”.`);
    if (inTags.length) out.push(`Its tags match “${inTags.join(" ")}”.`);
    if (!inName.length && !inTags.length) out.push("Its name or tags match your words (spelling corrected).");
  }
  if (scores.t2t !== null && scores.t2t !== undefined) {
    const tags = (hit.tags || []).slice(0, 4);
    out.push(tags.length ? `Similar in meaning: ${tags.join(", ")}.` : "Its name is similar in meaning.");
  }
  if (scores.t2i !== null && scores.t2i !== undefined) out.push("Its picture looks like what you described.");
  const missed = arms.filter((arm) => scores[arm] === null || scores[arm] === undefined).map((arm) => ARM_LABELS[arm] || arm);
  if (missed.length && out.length) out.push(`Not found by: ${missed.join(", ")}.`);
  return out.length ? out : ["Found by the search engine's fusion of its signals."];
}

const CARDS_AT_ONCE = 24; // cards built per frame (about a screenful at 1280 px)

export function svgDataUrl(svg) {
  return "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
}

/** A library's full name from the worker's list ("material" -> "Material Symbols"); the slug if unknown. */
export function libraryName(libraries, slug) {
  return libraries.find((lib) => lib.slug === slug)?.name || slug;
}

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class ResultGrid {
  // libraryName(slug) -> the library's full name ("material" -> "Material Symbols")
  // transformSvg(hit) -> the SVG text a card shows (the customised icon); default: hit.svg
  constructor(list, { onOpen, onCopy, onEscape, libraryName = (slug) => slug, transformSvg = (hit) => hit.svg }) {
    this.list = list;
    this.transformSvg = transformSvg;
    this.libraryName = libraryName;
    this.onOpen = onOpen;
    this.onCopy = onCopy;
    this.onEscape = onEscape;
    this.hits = [];
    this.arms = ["bm25"]; // every arm of the site, so "why" can say which did not retrieve the icon
    list.addEventListener("keydown", (event) => this.#keydown(event));
    list.addEventListener("click", (event) => this.#click(event));
  }

  // Replaces the grid. The first CARDS_AT_ONCE cards are built now, the rest a
  // frame at a time, so a page of results never holds the main thread long
  // enough to delay the next keystroke (a newer render cancels the rest).
  render(hits, query = "") {
    this.hits = [];
    this.query = query;
    this.rendered = 0;
    this.pumping = false;
    for (const resolve of this.waiting || []) resolve(); // a replaced list is as done as it gets
    this.waiting = [];
    this.generation = (this.generation || 0) + 1;
    this.list.replaceChildren();
    return this.append(hits);
  }

  // Adds the next page of hits after those shown; resolves once their cards are in the list.
  append(hits) {
    this.hits = this.hits.concat(hits);
    const done = new Promise((resolve) => (this.rendered >= this.hits.length ? resolve() : this.waiting.push(resolve)));
    if (!this.pumping) this.#pump(this.generation);
    return done;
  }

  // Builds the cards not yet in the list, CARDS_AT_ONCE per frame, in order.
  #pump(generation) {
    if (generation !== this.generation) return;
    const to = Math.min(this.hits.length, this.rendered + CARDS_AT_ONCE);
    const fragment = document.createDocumentFragment();
    for (let index = this.rendered; index < to; index++) fragment.appendChild(this.#card(this.hits[index], index));
    this.list.appendChild(fragment);
    this.rendered = to;
    this.pumping = to < this.hits.length;
    if (this.pumping) requestAnimationFrame(() => this.#pump(generation));
    else this.waiting.splice(0).forEach((resolve) => resolve());
  }

  // The card's image: the transformed SVG, or the library's own if that fails.
  #picture(hit) {
    try {
      return svgDataUrl(this.transformSvg(hit));
    } catch {
      return svgDataUrl(hit.svg);
    }
  }

  // Re-draws the cards' images (the customisation changed); cards, focus and paging stay.
  redrawIcons() {
    for (const img of this.list.querySelectorAll("li.card .icon img")) {
      const hit = this.hits[Number(img.closest("li.card").dataset.index)];
      if (hit && hit.svg) img.src = this.#picture(hit);
    }
  }

  focusFirst() {
    const first = this.list.querySelector("li");
    if (first) this.#focus(first);
  }

  #card(hit, index) {
    const item = el("li", "card");
    item.setAttribute("role", "option");
    item.tabIndex = index === 0 ? 0 : -1;
    item.dataset.iconId = hit.id;
    item.dataset.index = String(index);
    const title = hit.title || hit.name || hit.id;
    // Named by its visible text (title, library, licence); the keys are the footer's hints.
    // No aria-label: a label other than the visible words is what speech-input users cannot say.
    item.setAttribute("aria-describedby", "keys");

    const figure = el("div", "icon");
    if (hit.svg) {
      const img = el("img");
      img.alt = "";
      img.decoding = "async";
      img.src = this.#picture(hit);
      figure.appendChild(img);
    } else {
      figure.appendChild(el("span", "icon-missing", "…"));
    }
    item.appendChild(figure);
    item.appendChild(el("div", "name", title));
    const meta = el("div", "meta");
    meta.appendChild(el("span", "library", this.libraryName(hit.library)));
    meta.appendChild(el("span", "licence", hit.licence || ""));
    item.appendChild(meta);

    // A mark to click, not a button: an option may hold no control of its own (screen
    // readers cannot reach one inside it); keyboard users press i on the card.
    // Browsing (no query) has nothing to explain.
    if (this.query.trim()) {
      const why = el("span", "why", "i");
      why.setAttribute("aria-hidden", "true");
      item.appendChild(why);
    }
    return item;
  }

  // A popover over the card (absolutely placed: no card or row changes size).
  #explain(item) {
    // (open, it is part of the card's content, so a screen reader reads it with the card)
    if (!this.query.trim()) return;
    const existing = item.querySelector(".explain");
    for (const open of this.list.querySelectorAll(".explain")) open.remove();
    if (existing) return;
    const hit = this.hits[Number(item.dataset.index)];
    const box = el("div", "explain");
    box.setAttribute("role", "note");
    box.appendChild(el("p", "explain-title", `Why “${hit.title || hit.name}”`));
    const list = el("ul");
    for (const line of reasons(hit, this.query, this.arms)) list.appendChild(el("li", null, line));
    box.appendChild(list);
    const scores = hit.arm_scores || {};
    const numbers = Object.entries(scores).filter(([, v]) => v !== null && v !== undefined)
      .map(([arm, v]) => `${ARM_LABELS[arm] || arm} ${Number(v).toFixed(2)}`);
    box.appendChild(el("p", "explain-numbers", `Rank ${hit.rank ?? Number(item.dataset.index) + 1} · ${numbers.join(" · ")}`));
    item.appendChild(box);
    // open towards the side with room, so it never widens the page
    if (box.getBoundingClientRect().right > document.documentElement.clientWidth) box.classList.add("to-left");
  }

  #click(event) {
    const item = event.target.closest("li.card");
    if (!item) return;
    if (event.target.closest(".why")) {
      this.#explain(item);
      return;
    }
    if (event.target.closest(".explain")) return;
    this.#focus(item);
    this.onOpen(this.hits[Number(item.dataset.index)]);
  }

  #columns() {
    const items = this.list.children;
    if (items.length < 2) return 1;
    const top = items[0].offsetTop;
    let n = 0;
    while (n < items.length && items[n].offsetTop === top) n++;
    return Math.max(1, n);
  }

  #focus(item) {
    for (const other of this.list.querySelectorAll('li[tabindex="0"]')) other.tabIndex = -1;
    item.tabIndex = 0;
    item.focus();
    item.setAttribute("aria-selected", "true");
    for (const other of this.list.querySelectorAll('li[aria-selected="true"]')) {
      if (other !== item) other.removeAttribute("aria-selected");
    }
  }

  #keydown(event) {
    const item = event.target.closest("li.card");
    if (!item) return;
    const index = Number(item.dataset.index);
    const count = this.list.children.length;
    let next = null;
    switch (event.key) {
      case "ArrowRight": next = Math.min(count - 1, index + 1); break;
      case "ArrowLeft": next = Math.max(0, index - 1); break;
      case "ArrowDown": next = Math.min(count - 1, index + this.#columns()); break;
      case "ArrowUp": {
        const target = index - this.#columns();
        if (target < 0) {
          event.preventDefault();
          this.onEscape();
          return;
        }
        next = target;
        break;
      }
      case "Home": next = 0; break;
      case "End": next = count - 1; break;
      case "Enter":
      case " ":
        event.preventDefault();
        this.onOpen(this.hits[index]);
        return;
      case "c":
      case "C":
        if (event.ctrlKey || event.metaKey) return; // the browser's own copy
        event.preventDefault();
        this.onCopy(this.hits[index], { nameOnly: event.shiftKey });
        return;
      case "i":
      case "?":
        event.preventDefault();
        this.#explain(item);
        return;
      case "Escape":
        event.preventDefault();
        this.onEscape();
        return;
      default:
        return;
    }
    event.preventDefault();
    this.#focus(this.list.children[next]);
  }
}
