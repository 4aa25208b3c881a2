// The icon detail view: a large preview, the icon's facts, copy actions, and two
// rows — similar icons in its own library, and its best match in every other
// library (window.iconseek.similar). A modal <dialog>: Escape closes it and
// focus returns to where it was; the open icon is in the URL (?icon=library/name),
// so a link reopens it and Back closes it.
//
// Safety rule (as ui.js): metadata reaches the DOM only as text or attributes
// set by property; SVGs are shown as <img> from data: URLs.

import { el, svgDataUrl } from "./ui.js";

const URL_PARAM = "icon";
const SIMILAR_IN_LIBRARY = 8;

function iconImage(svg, size) {
  const img = el("img");
  img.alt = "";
  img.width = size;
  img.height = size;
  if (svg) img.src = svgDataUrl(svg);
  return img;
}

export class DetailView {
  // api: window.iconseek (similar, icon); libraries(): [{slug, name}]; onCopy(text, what)
  constructor(dialog, { api, libraries, onCopy }) {
    this.dialog = dialog;
    this.api = api;
    this.libraries = libraries;
    this.onCopy = onCopy;
    this.current = null;
    this.returnFocus = null;
    this.ticket = 0;
    dialog.addEventListener("close", () => this.#closed());
    dialog.addEventListener("click", (event) => {
      if (event.target === dialog) dialog.close(); // a click on the backdrop
    });
    window.addEventListener("popstate", () => this.#followUrl());
  }

  // Opens the icon named in the URL, if any (a shared link, or Back/Forward).
  async #followUrl() {
    const id = new URL(window.location.href).searchParams.get(URL_PARAM);
    if (id && (!this.current || this.current.id !== id)) await this.open(id, { fromUrl: true });
    else if (!id && this.dialog.open) this.dialog.close();
  }

  openFromUrl() {
    return this.#followUrl();
  }

  libraryName(slug) {
    const lib = this.libraries().find((l) => l.slug === slug);
    return lib ? lib.name : slug;
  }

  async open(iconId, { fromUrl = false } = {}) {
    const ticket = ++this.ticket;
    if (!this.dialog.open) this.returnFocus = document.activeElement;
    let hit;
    try {
      hit = (await this.api.icon(iconId)).hits[0];
    } catch (error) {
      this.onCopy(null, `Cannot open ${iconId}: ${error.message}`);
      return;
    }
    if (ticket !== this.ticket) return;
    this.current = hit;
    this.#render(hit);
    if (!fromUrl) {
      const url = new URL(window.location.href);
      const wasOpen = url.searchParams.has(URL_PARAM);
      url.searchParams.set(URL_PARAM, hit.id);
      if (wasOpen) history.replaceState(null, "", url);
      else history.pushState(null, "", url);
    }
    if (!this.dialog.open) this.dialog.showModal();
    this.dialog.querySelector(".detail-close").focus();
    await this.#fillRows(hit, ticket);
  }

  #closed() {
    this.ticket++;
    this.current = null;
    const url = new URL(window.location.href);
    if (url.searchParams.has(URL_PARAM)) {
      url.searchParams.delete(URL_PARAM);
      history.replaceState(null, "", url);
    }
    if (this.returnFocus && this.returnFocus.isConnected) this.returnFocus.focus();
  }

  #render(hit) {
    const box = el("div", "detail-body");
    const close = el("button", "detail-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", () => this.dialog.close());

    const head = el("div", "detail-head");
    const preview = el("div", "detail-preview");
    preview.appendChild(iconImage(hit.svg, 96));
    const facts = el("div", "detail-facts");
    const title = el("h2", null, hit.title || hit.name);
    title.id = "detail-title";
    facts.appendChild(title);
    const list = el("dl", "detail-list");
    const add = (label, value) => {
      list.appendChild(el("dt", null, label));
      list.appendChild(el("dd", null, value));
    };
    add("Library", this.libraryName(hit.library));
    add("Name", hit.name);
    add("Licence", hit.licence || "unknown");
    if (hit.tags && hit.tags.length) add("Tags", hit.tags.join(", "));
    facts.appendChild(list);
    const actions = el("div", "detail-actions");
    const action = (label, run) => {
      const button = el("button", "detail-action", label);
      button.type = "button";
      button.addEventListener("click", run);
      actions.appendChild(button);
    };
    action("Copy SVG", () => this.onCopy(hit.svg, `SVG of ${hit.title || hit.id}`));
    action("Copy name", () => this.onCopy(hit.name, `name of ${hit.title || hit.id}`));
    action("Copy id", () => this.onCopy(hit.id, `id ${hit.id}`));
    facts.appendChild(actions);
    head.append(preview, facts);

    const own = el("section", "detail-row");
    own.append(el("h3", null, `Similar in ${this.libraryName(hit.library)}`), el("ul", "mini-grid similar-own"));
    const others = el("section", "detail-row");
    others.append(el("h3", null, "In other libraries"), el("ul", "mini-grid similar-other"));
    box.append(close, head, own, others);
    this.dialog.replaceChildren(box);
  }

  #mini(hit, showLibrary) {
    const item = el("li");
    const button = el("button", "mini");
    button.type = "button";
    button.dataset.iconId = hit.id;
    button.appendChild(iconImage(hit.svg, 28));
    button.appendChild(el("span", "mini-name", hit.title || hit.name));
    if (showLibrary) button.appendChild(el("span", "mini-lib", this.libraryName(hit.library)));
    button.addEventListener("click", () => this.open(hit.id));
    item.appendChild(button);
    return item;
  }

  async #fillRows(hit, ticket) {
    const ownRow = this.dialog.querySelector(".similar-own");
    const otherRow = this.dialog.querySelector(".similar-other");
    if (!ownRow || !otherRow) return;
    const failed = (row, error) => row.replaceChildren(el("li", "mini-note", `Not available: ${error.message}`));
    try {
      const reply = await this.api.similar(hit.id, SIMILAR_IN_LIBRARY, { library: hit.library, withSvg: true });
      if (ticket !== this.ticket) return;
      ownRow.replaceChildren(...reply.hits.map((h) => this.#mini(h, false)));
    } catch (error) {
      if (ticket === this.ticket) failed(ownRow, error);
    }
    const others = this.libraries().filter((l) => l.slug !== hit.library);
    const best = await Promise.all(others.map((lib) =>
      this.api.similar(hit.id, 1, { library: lib.slug, withSvg: true }).then((r) => r.hits[0], () => null)));
    if (ticket !== this.ticket) return;
    const found = best.filter(Boolean).sort((a, b) => b.score - a.score);
    if (found.length) otherRow.replaceChildren(...found.map((h) => this.#mini(h, true)));
    else failed(otherRow, new Error("the icon vectors are still loading or absent"));
  }
}
