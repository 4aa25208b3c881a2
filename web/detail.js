// The icon detail view: a large preview, the icon's facts, copy actions, and two
// rows — similar icons in its own library, and its best match in every other
// library (window.iconseek.similar). A modal <dialog>: Escape closes it and
// focus returns to where it was; the open icon is in the URL (?icon=library/name),
// so a link reopens it and Back closes it.
//
// Customisation (size, stroke, colour: web/customise.js) previews live in the
// big icon and applies to every copy format and download.
//
// Safety rule (as ui.js): metadata reaches the DOM only as text or attributes
// set by property; SVGs are shown as <img> from data: URLs.

import { customiseControls } from "./customise.js";
import { componentName, fileName, iconifyName, importLine, isStrokeBased, toDataUri, toJsx, toSvelte, toVue } from "./formats.js";
import { el, libraryName, svgDataUrl } from "./ui.js";

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

// Saves `blob` as `name` through a temporary blob: link (allowed by the page's CSP).
function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000); // the download reads it after the click returns
}

// The SVG drawn into a px × px canvas (currentColor paints black in an image).
async function pngOf(svg, px) {
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const image = new Image(px, px);
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = px;
    canvas.height = px;
    canvas.getContext("2d").drawImage(image, 0, 0, px, px);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    if (!blob) throw new Error("the browser could not encode a PNG");
    return blob;
  } finally {
    URL.revokeObjectURL(url);
  }
}

export class DetailView {
  // api: window.iconseek (similar, icon); libraries(): [{slug, name}]; onCopy(text, what)
  // (text null: only show `what`); settings: a Customisation (web/customise.js)
  constructor(dialog, { api, libraries, onCopy, settings }) {
    this.dialog = dialog;
    this.api = api;
    this.libraries = libraries;
    this.onCopy = onCopy;
    this.settings = settings;
    this.controls = null;
    settings.subscribe(() => this.#customised());
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
    return libraryName(this.libraries(), slug);
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
    preview.appendChild(iconImage(null, this.settings.get().size));
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
    let lines = false;
    try {
      lines = Boolean(hit.svg) && isStrokeBased(hit.svg);
    } catch {
      lines = false; // an unreadable SVG: the copy actions say why
    }
    this.controls = customiseControls(this.settings, { strokeAllowed: () => lines, strokeNote: "fills" });
    this.controls.element.classList.add("detail-customise");
    facts.appendChild(this.controls.element);
    head.append(preview, facts);

    const own = el("section", "detail-row");
    own.append(el("h3", null, `Similar in ${this.libraryName(hit.library)}`), el("ul", "mini-grid similar-own"));
    const others = el("section", "detail-row");
    others.append(el("h3", null, "In other libraries"), el("ul", "mini-grid similar-other"));
    box.append(close, head, this.#copyMenu(hit), own, others);
    this.dialog.replaceChildren(box);
    this.#customised();
  }

  // Copy as any format, or download: every output is made from the customised SVG
  // at the moment of the click.
  #copyMenu(hit) {
    const menu = el("section", "detail-copy");
    menu.setAttribute("aria-label", "Copy and download");
    const group = (label, className) => {
      const row = el("div", `detail-actions ${className}`);
      row.setAttribute("role", "group");
      row.setAttribute("aria-label", label);
      row.appendChild(el("span", "detail-actions-label", label));
      menu.appendChild(row);
      return row;
    };
    const action = (row, label, format, run) => {
      const button = el("button", "detail-action", label);
      button.type = "button";
      button.dataset.format = format;
      button.addEventListener("click", async () => {
        try {
          await run();
        } catch (error) {
          this.onCopy(null, `Cannot ${label.toLowerCase()} ${hit.title || hit.id}: ${error.message}`);
        }
      });
      row.appendChild(button);
    };
    const about = () => `${hit.title || hit.id} (${this.settings.describe()})`;
    const copy = (row, label, format, make, what) =>
      action(row, label, format, () => this.onCopy(make(), what()));
    const svg = () => this.settings.svg(hit);
    const copyRow = group("Copy", "copy-formats");
    copy(copyRow, "SVG", "svg", svg, () => `SVG of ${about()}`);
    copy(copyRow, "JSX", "jsx", () => toJsx(svg(), componentName(hit)), () => `JSX component of ${about()}`);
    copy(copyRow, "Vue", "vue", () => toVue(svg()), () => `Vue component of ${about()}`);
    copy(copyRow, "Svelte", "svelte", () => toSvelte(svg()), () => `Svelte component of ${about()}`);
    copy(copyRow, "Data URI", "data-uri", () => toDataUri(svg()), () => `data URI of ${about()}`);
    copy(copyRow, "Import", "import", () => importLine(hit), () => `import line of ${hit.title || hit.id}`);
    copy(copyRow, "Iconify", "iconify", () => iconifyName(hit), () => `Iconify name ${iconifyName(hit)}`);
    copy(copyRow, "Name", "name", () => hit.name, () => `name of ${hit.title || hit.id}`);
    copy(copyRow, "Id", "id", () => hit.id, () => `id ${hit.id}`);
    const saveRow = group("Download", "download-formats");
    action(saveRow, "SVG file", "download-svg", () => {
      download(new Blob([svg()], { type: "image/svg+xml" }), fileName(hit, "svg"));
      this.onCopy(null, `Downloading ${fileName(hit, "svg")}`);
    });
    action(saveRow, "PNG", "download-png", async () => {
      const px = this.settings.get().size * 2;
      download(await pngOf(svg(), px), fileName(hit, "png"));
      this.onCopy(null, `Downloading ${fileName(hit, "png")} (${px}×${px} px)`);
    });
    return menu;
  }

  // The settings changed (here, in the header, or in another view): redraw the preview.
  #customised() {
    if (!this.current || !this.controls) return;
    this.controls.update();
    const img = this.dialog.querySelector(".detail-preview img");
    if (!img) return;
    const { size, color } = this.settings.get();
    img.width = size;
    img.height = size;
    img.closest(".detail-preview").classList.toggle("tinted", color !== null);
    try {
      img.src = svgDataUrl(this.settings.svg(this.current));
    } catch {
      if (this.current.svg) img.src = svgDataUrl(this.current.svg);
    }
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
