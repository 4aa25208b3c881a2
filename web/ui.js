// Rendering and keyboard handling for the result grid.
//
// Safety rule: icon metadata and queries only ever reach the DOM through
// textContent / attributes set by property, never as HTML. Icon SVGs are shown
// through <img src="data:image/svg+xml,…">, where the browser renders them as
// images: scripts and event handlers inside an SVG do not run in that context.

const ARM_LABELS = { bm25: "keywords (BM25)", t2i: "picture match", t2t: "meaning of name/tags" };

export function svgDataUrl(svg) {
  return "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
}

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class ResultGrid {
  constructor(list, { onOpen, onCopy, onEscape }) {
    this.list = list;
    this.onOpen = onOpen;
    this.onCopy = onCopy;
    this.onEscape = onEscape;
    this.hits = [];
    this.arms = ["bm25"]; // every arm of the site, so "why" can say which did not retrieve the icon
    list.addEventListener("keydown", (event) => this.#keydown(event));
    list.addEventListener("click", (event) => this.#click(event));
  }

  render(hits) {
    this.hits = hits;
    const fragment = document.createDocumentFragment();
    hits.forEach((hit, index) => fragment.appendChild(this.#card(hit, index)));
    this.list.replaceChildren(fragment);
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
    item.setAttribute("aria-label", `${title}, ${hit.library}, ${hit.licence || "licence unknown"}. Enter opens details, C copies the SVG.`);

    const figure = el("div", "icon");
    if (hit.svg) {
      const img = el("img");
      img.alt = "";
      img.decoding = "async";
      img.src = svgDataUrl(hit.svg);
      figure.appendChild(img);
    } else {
      figure.appendChild(el("span", "icon-missing", "…"));
    }
    item.appendChild(figure);
    item.appendChild(el("div", "name", title));
    const meta = el("div", "meta");
    meta.appendChild(el("span", "library", hit.library));
    meta.appendChild(el("span", "licence", hit.licence || ""));
    item.appendChild(meta);

    const why = el("button", "why", "i");
    why.type = "button";
    why.tabIndex = -1;
    why.setAttribute("aria-label", `Why ${title} is a result`);
    why.setAttribute("aria-expanded", "false");
    item.appendChild(why);
    return item;
  }

  #explain(item) {
    const existing = item.querySelector(".explain");
    const button = item.querySelector(".why");
    if (existing) {
      existing.remove();
      button.setAttribute("aria-expanded", "false");
      return;
    }
    const hit = this.hits[Number(item.dataset.index)];
    const box = el("dl", "explain");
    const add = (label, value) => {
      box.appendChild(el("dt", null, label));
      box.appendChild(el("dd", null, value));
    };
    add("rank", String(hit.rank ?? Number(item.dataset.index) + 1));
    add("fused score", Number(hit.score).toFixed(3));
    const arms = hit.arm_scores || {};
    const names = [...new Set([...this.arms, ...Object.keys(arms)])];
    for (const arm of names) {
      const value = arms[arm];
      add(ARM_LABELS[arm] || arm, value === null || value === undefined ? "not among its candidates" : Number(value).toFixed(3));
    }
    add("id", hit.id);
    item.appendChild(box);
    button.setAttribute("aria-expanded", "true");
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
