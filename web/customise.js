// The designer's settings — size, stroke width, colour — shared by the grid
// previews, the detail view and every copy format, kept in localStorage; and
// the controls that change them (one set in the header, one in the detail view).

import { cleanSvg, DEFAULT_SIZE } from "./formats.js";
import { el } from "./ui.js";

const STORAGE_KEY = "iconseek:customise";
const MAX_PREVIEWS = 2000; // customised grid previews kept (a few pages of every query)
export const SIZE_RANGE = { min: 16, max: 96, step: 2 };
export const STROKE_RANGE = { min: 0.5, max: 3, step: 0.25, shown: 2 };

function valid({ size, strokeWidth, color }) {
  const out = { size: DEFAULT_SIZE, strokeWidth: null, color: null };
  if (Number.isFinite(size) && size >= SIZE_RANGE.min && size <= SIZE_RANGE.max) out.size = size;
  if (Number.isFinite(strokeWidth) && strokeWidth >= STROKE_RANGE.min && strokeWidth <= STROKE_RANGE.max) out.strokeWidth = strokeWidth;
  if (typeof color === "string" && /^#[0-9a-f]{6}$/i.test(color)) out.color = color.toLowerCase();
  return out;
}

export class Customisation {
  constructor(storage = window.localStorage) {
    this.storage = storage;
    this.listeners = new Set();
    this.previews = new Map(); // "settings\nicon id" -> customised SVG for the grid
    let stored = {};
    try {
      stored = JSON.parse(storage.getItem(STORAGE_KEY) || "{}") || {};
    } catch {
      stored = {}; // a hand-edited or foreign value: start from the defaults
    }
    this.values = valid(stored);
  }

  get() {
    return { ...this.values };
  }

  get isDefault() {
    return this.values.size === DEFAULT_SIZE && this.values.strokeWidth === null && this.values.color === null;
  }

  set(patch) {
    this.values = valid({ ...this.values, ...patch });
    try {
      this.storage.setItem(STORAGE_KEY, JSON.stringify(this.values));
    } catch {
      // storage full or blocked: the settings still apply to this page
    }
    for (const listener of this.listeners) listener(this.get());
  }

  reset() {
    this.set({ size: DEFAULT_SIZE, strokeWidth: null, color: null });
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The hit's SVG, cleaned and customised (throws on an unreadable SVG). */
  svg(hit) {
    if (!hit.svg) throw new Error(`${hit.id} has no SVG loaded`);
    return cleanSvg(hit.svg, this.values);
  }

  /**
   * What a grid card shows. Parsing and re-serialising an SVG costs about a
   * millisecond; a page of 60 cards paid it on every keystroke's results. With
   * the default settings the library's own drawing looks the same, so it is
   * shown as it is; customised ones are kept for the settings they were made with.
   */
  preview(hit) {
    if (this.isDefault) return hit.svg;
    const key = `${JSON.stringify(this.values)}\n${hit.id}`;
    let svg = this.previews.get(key);
    if (svg === undefined) {
      svg = this.svg(hit);
      if (this.previews.size >= MAX_PREVIEWS) this.previews.clear();
      this.previews.set(key, svg);
    }
    return svg;
  }

  /** A few words for toasts: "32 px, #ff0000, stroke 1.5". */
  describe() {
    const { size, strokeWidth, color } = this.values;
    return [`${size} px`, color || "currentColor", strokeWidth !== null ? `stroke ${strokeWidth}` : null].filter(Boolean).join(", ");
  }
}

let controlIds = 0;

/**
 * A <fieldset> of controls bound to `settings`. `strokeAllowed()` says whether
 * the stroke slider applies (the detail view: is this icon drawn with lines).
 * Returns {element, update()}; update() re-reads settings and strokeAllowed().
 */
export function customiseControls(settings, { strokeAllowed = () => true, strokeNote = "" } = {}) {
  const n = ++controlIds;
  const box = el("fieldset", "customise-controls");
  box.appendChild(el("legend", "visually-hidden", "Customise icons"));

  const row = (labelText, input, output, control = input) => {
    const line = el("div", "customise-row");
    const label = el("label", null, labelText);
    label.htmlFor = input.id;
    line.append(label, control);
    if (output) line.appendChild(output);
    box.appendChild(line);
    return line;
  };
  const range = (name, { min, max, step }) => {
    const input = el("input");
    input.type = "range";
    input.id = `customise-${name}-${n}`;
    input.name = name;
    input.min = String(min);
    input.max = String(max);
    input.step = String(step);
    return input;
  };

  const size = range("size", SIZE_RANGE);
  const sizeOut = el("output", "customise-value");
  sizeOut.htmlFor = size.id;
  row("Size", size, sizeOut);
  size.addEventListener("input", () => settings.set({ size: Number(size.value) }));

  const stroke = range("stroke", STROKE_RANGE);
  const strokeOut = el("output", "customise-value");
  strokeOut.htmlFor = stroke.id;
  const strokeRow = row("Stroke", stroke, strokeOut);
  stroke.addEventListener("input", () => settings.set({ strokeWidth: Number(stroke.value) }));

  const colour = el("input", "customise-colour");
  colour.type = "color";
  colour.id = `customise-colour-${n}`;
  colour.name = "colour";
  const current = el("button", "customise-current", "currentColor");
  current.type = "button";
  current.title = "Use the text colour of the page the icon is pasted into";
  current.addEventListener("click", () => settings.set({ color: null }));
  const pair = el("div", "customise-colour-pair");
  pair.append(colour, current);
  row("Colour", colour, null, pair);
  colour.addEventListener("input", () => settings.set({ color: colour.value }));

  const reset = el("button", "customise-reset", "Reset");
  reset.type = "button";
  reset.addEventListener("click", () => settings.reset());
  box.appendChild(reset);

  function update() {
    const values = settings.get();
    size.value = String(values.size);
    sizeOut.value = `${values.size} px`;
    const allowed = strokeAllowed();
    stroke.disabled = !allowed;
    strokeRow.classList.toggle("is-disabled", !allowed);
    stroke.value = String(values.strokeWidth ?? STROKE_RANGE.shown);
    strokeOut.value = !allowed ? strokeNote || "n/a" : values.strokeWidth === null ? "own" : String(values.strokeWidth);
    stroke.title = allowed ? "Stroke width of line icons (“own”: the library’s)" : "This icon is drawn with fills, not lines";
    colour.value = values.color || "#000000";
    colour.classList.toggle("is-current", values.color === null);
    current.setAttribute("aria-pressed", String(values.color === null));
    reset.disabled = settings.isDefault;
  }
  update();
  return { element: box, update };
}

/**
 * The header's "Customise" (a <details> disclosure): its controls, and the grid
 * following the settings — images redrawn, shown at the chosen size once one is
 * chosen (the default keeps the grid's 32 px), never colour-inverted once a
 * colour is picked (dark mode inverts black icons).
 */
export function mountCustomiser(settings, details, grid) {
  const controls = customiseControls(settings);
  const panel = el("div", "customise-panel");
  panel.appendChild(controls.element);
  details.appendChild(panel);
  const apply = () => {
    const { size, color } = settings.get();
    if (size === DEFAULT_SIZE) grid.list.style.removeProperty("--preview-size");
    else grid.list.style.setProperty("--preview-size", `${size}px`);
    grid.list.classList.toggle("tinted", color !== null);
    details.classList.toggle("is-customised", !settings.isDefault);
    controls.update();
  };
  settings.subscribe(() => {
    apply();
    grid.redrawIcons();
  });
  // Escape or a click elsewhere closes the panel, as people expect of a popover.
  document.addEventListener("click", (event) => {
    if (details.open && !details.contains(event.target)) details.open = false;
  });
  details.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && details.open) {
      event.preventDefault();
      details.open = false;
      details.querySelector("summary").focus();
    }
  });
  apply();
}
