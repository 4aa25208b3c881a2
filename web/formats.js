// Copy formats for an icon: a clean, customised SVG and what a developer pastes
// next — JSX, Vue, Svelte, a data URI, the library's own import line, the
// Iconify name. Pure functions (DOMParser/XMLSerializer are the only browser
// parts), so tests can call them in the page.
//
// Safety rule: every markup format is written from the parsed element tree, one
// escaped attribute or text node at a time; nothing from a hit's metadata is
// pasted into markup. Identifiers made from icon names keep only [A-Za-z0-9_$].

import {
  CARBON, FONTAWESOME_BRANDS, FONTAWESOME_REGULAR, HEROICONS_SOLID, ICONOIR_SOLID,
  MATERIAL_SAME_FILLED, REMIX_FILL, REMIX_UNSUFFIXED, TABLER_FILLED,
} from "./library-names.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const XLINK_NS = "http://www.w3.org/1999/xlink";
export const DEFAULT_SIZE = 24;
const KEEP_COLOURS = new Set(["none", "currentcolor", "inherit", "transparent"]);

// ------------------------------------------------------------------ parsing

function parse(svgText) {
  if (typeof svgText !== "string" || !svgText.trim()) throw new Error("no SVG text to read");
  const doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
  const error = doc.getElementsByTagName("parsererror")[0];
  if (error) throw new Error(`the SVG is not well-formed XML: ${error.textContent.trim().split("\n")[0]}`);
  const root = doc.documentElement;
  if (root.localName !== "svg" || root.namespaceURI !== SVG_NS) throw new Error(`the root element is <${root.nodeName}>, not an SVG <svg>`);
  return root;
}

const elements = (root) => [root, ...root.getElementsByTagName("*")];
const paint = (value) => (value === null ? null : value.trim().toLowerCase());

// The concrete colours an icon paints with (fill/stroke/stop-color values that
// are not none/currentColor/url(...)).
function concreteColours(root) {
  const colours = new Set();
  for (const node of elements(root)) {
    for (const name of ["fill", "stroke", "stop-color"]) {
      const value = paint(node.getAttribute(name));
      if (value && !KEEP_COLOURS.has(value) && !value.startsWith("url(")) colours.add(value);
    }
  }
  return colours;
}

/** True when the icon is drawn with lines (a stroke, and fill="none" on the root or a shape). */
export function isStrokeBased(svgText) {
  return strokeBased(parse(svgText));
}

function strokeBased(root) {
  const all = elements(root);
  const stroked = all.some((n) => n.hasAttribute("stroke") && paint(n.getAttribute("stroke")) !== "none");
  const unfilled = all.some((n) => paint(n.getAttribute("fill")) === "none" && n.localName !== "rect");
  return stroked && (paint(root.getAttribute("fill")) === "none" || unfilled);
}

// ------------------------------------------------------------------ cleaning

function referencedIds(root) {
  const ids = new Set();
  for (const node of elements(root)) {
    for (const attr of node.attributes) {
      for (const match of attr.value.matchAll(/url\(\s*['"]?#([^'")\s]+)/g)) ids.add(match[1]);
      if (attr.localName === "href" && attr.value.startsWith("#")) ids.add(attr.value.slice(1));
    }
  }
  return ids;
}

function usesXlink(root) {
  return elements(root).some((n) => [...n.attributes].some((a) => a.namespaceURI === XLINK_NS));
}

function dropLibraryAttributes(root) {
  const keepIds = referencedIds(root);
  const styled = root.getElementsByTagName("style").length > 0; // its rules may select classes
  for (const node of elements(root)) {
    for (const attr of [...node.attributes]) {
      const name = attr.name.toLowerCase();
      const drop =
        (name === "class" && !styled) ||
        (name === "id" && !keepIds.has(attr.value)) ||
        name.startsWith("data-") || name.startsWith("aria-") || name === "role" || name === "focusable" ||
        name.startsWith("on") || // event handlers: never part of a drawing
        (attr.localName === "href" && /^\s*javascript:/i.test(attr.value));
      if (drop) node.removeAttributeNode(attr);
    }
  }
  if (root.hasAttribute("xmlns:xlink") && !usesXlink(root)) root.removeAttribute("xmlns:xlink");
}

function dropNonDrawing(root) {
  for (const node of [...root.querySelectorAll("script, foreignObject")]) node.remove();
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_COMMENT | NodeFilter.SHOW_TEXT);
  const gone = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    // licence comments marked "!" stay (Font Awesome asks for it); other comments and
    // the whitespace between elements go
    if (node.nodeType === Node.COMMENT_NODE ? !node.data.startsWith("!") : !node.data.trim()) gone.push(node);
  }
  for (const node of gone) node.remove();
}

const number = (value) => {
  const n = Number.parseFloat(value);
  return Number.isFinite(n) && n > 0 ? n : null;
};

function setSize(root, size) {
  if (!root.hasAttribute("viewBox")) {
    const width = number(root.getAttribute("width"));
    const height = number(root.getAttribute("height"));
    if (width === null || height === null) throw new Error("the SVG has neither a viewBox nor a width and height");
    root.setAttribute("viewBox", `0 0 ${width} ${height}`);
  }
  root.setAttribute("width", String(size));
  root.setAttribute("height", String(size));
}

function normaliseColours(root, colour) {
  const colours = concreteColours(root);
  if (colours.size <= 1) {
    for (const node of elements(root)) {
      for (const name of ["fill", "stroke", "stop-color"]) {
        if (colours.has(paint(node.getAttribute(name)))) node.setAttribute(name, "currentColor");
      }
    }
    // a shape without a fill is painted black: make the icon follow the text colour
    if (!root.hasAttribute("fill")) root.setAttribute("fill", "currentColor");
  }
  if (colour) {
    for (const node of elements(root)) {
      for (const name of ["fill", "stroke", "stop-color"]) {
        if (paint(node.getAttribute(name)) === "currentcolor") node.setAttribute(name, colour);
      }
    }
  }
}

function setStrokeWidth(root, strokeWidth) {
  if (!strokeBased(root)) return;
  for (const node of elements(root)) {
    if (node !== root && node.hasAttribute("stroke-width")) node.setAttribute("stroke-width", String(strokeWidth));
  }
  root.setAttribute("stroke-width", String(strokeWidth));
}

// Attributes in a familiar order: sizing first, then paint, then the rest.
const ROOT_ORDER = ["xmlns", "width", "height", "viewBox", "fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin"];
function orderRootAttributes(root) {
  const attrs = [...root.attributes];
  const rank = (a) => (ROOT_ORDER.includes(a.name) ? ROOT_ORDER.indexOf(a.name) : ROOT_ORDER.length);
  const sorted = [...attrs].sort((a, b) => rank(a) - rank(b));
  for (const attr of attrs) root.removeAttributeNode(attr);
  for (const attr of sorted) root.setAttributeNodeNS(attr);
}

/**
 * The icon's SVG without the library's bookkeeping, at `size` px, in
 * currentColor (or `color`, a #rrggbb the user picked) and, for line icons,
 * with `strokeWidth`. Multi-colour icons keep their colours.
 */
export function cleanSvg(svgText, { size = DEFAULT_SIZE, strokeWidth = null, color = null } = {}) {
  const root = parse(svgText);
  if (!(Number(size) > 0)) throw new Error(`size ${size} is not a positive number`);
  if (color !== null && !/^#[0-9a-f]{6}$/i.test(color)) throw new Error(`colour ${color} is not #rrggbb`);
  if (strokeWidth !== null && !(Number(strokeWidth) > 0)) throw new Error(`stroke width ${strokeWidth} is not a positive number`);
  dropNonDrawing(root);
  dropLibraryAttributes(root);
  setSize(root, Number(size));
  normaliseColours(root, color);
  if (strokeWidth !== null) setStrokeWidth(root, Number(strokeWidth));
  orderRootAttributes(root);
  return new XMLSerializer().serializeToString(root);
}

// ------------------------------------------------------------------ names

const pieces = (name) => String(name).split(/[^A-Za-z0-9]+/).filter(Boolean);
const capital = (word) => word[0].toUpperCase() + word.slice(1);
/** "arrow-down-0-1" -> "ArrowDown01" (only [A-Za-z0-9]). */
export function pascalCase(name) {
  return pieces(name).map(capital).join("");
}
const camelCase = (name) => {
  const pascal = pascalCase(name);
  return pascal ? pascal[0].toLowerCase() + pascal.slice(1) : "";
};
/** A valid JS identifier from `text`: [A-Za-z0-9_$] only, never starting with a digit. */
export function identifier(text, prefixForDigit = "_") {
  const clean = String(text).replace(/[^A-Za-z0-9_$]/g, "");
  if (!clean) return `${prefixForDigit}Icon`;
  return /^[0-9]/.test(clean) ? prefixForDigit + clean : clean;
}
/** The React component name used in JSX output: PascalCase, "Icon" before a leading digit. */
export function componentName(hit) {
  return identifier(pascalCase(hit.name), "Icon");
}

const quote = (text) => JSON.stringify(String(text));

// Per library: [package, exported identifier] or a whole line.
const IMPORTS = {
  lucide: (n) => ["lucide-react", identifier(pascalCase(n), "Icon")],
  phosphor: (n) => ["@phosphor-icons/react", identifier(pascalCase(n), "Icon")],
  tabler: (n) => ["@tabler/icons-react", identifier(`Icon${pascalCase(n)}${TABLER_FILLED.has(n) ? "Filled" : ""}`)],
  heroicons: (n) => [`@heroicons/react/24/${HEROICONS_SOLID.has(n) ? "solid" : "outline"}`, identifier(`${pascalCase(n)}Icon`, "Icon")],
  bootstrap: (n) => ["react-bootstrap-icons", identifier(pascalCase(n), "Icon")],
  remix: (n) => ["@remixicon/react", identifier(`Ri${pascalCase(n)}${REMIX_UNSUFFIXED.has(n) ? "" : REMIX_FILL.has(n) ? "Fill" : "Line"}`)],
  carbon: (n) => ["@carbon/icons-react", identifier(CARBON[n] ? CARBON[n][0] : pascalCase(n))],
  iconoir: (n) => [ICONOIR_SOLID.has(n) ? "iconoir-react/solid" : "iconoir-react", identifier(pascalCase(n), "Icon")],
  ionicons: (n) => ["ionicons/icons", identifier(camelCase(n))],
  fontawesome: (n) => [`@fortawesome/free-${fontAwesomeStyle(n)}-svg-icons`, identifier(`fa${pascalCase(n)}`)],
};

function fontAwesomeStyle(name) {
  if (FONTAWESOME_BRANDS.has(name)) return "brands";
  if (FONTAWESOME_REGULAR.has(name)) return "regular";
  return "solid";
}

/** The import of this icon from its library's own package (React packages where one exists). */
export function importLine(hit) {
  if (hit.library === "material") {
    // Google publishes no React package for Material Symbols; the SVG package the catalogue
    // uses is importable as a file (an SVG loader such as SVGR makes it a component).
    const file = String(hit.name).replace(/[^A-Za-z0-9_-]/g, "");
    return `import ${identifier(pascalCase(hit.name), "Icon")} from ${quote(`@material-symbols/svg-400/outlined/${file}.svg`)};`;
  }
  const make = IMPORTS[hit.library];
  if (!make) throw new Error(`no import line known for the library ${hit.library}`);
  const [pkg, name] = make(hit.name);
  return `import { ${name} } from ${quote(pkg)};`;
}

const kebab = (name) => pieces(name).join("-").toLowerCase();

/** The icon's name on Iconify (prefix:name), for Iconify's components and API. */
export function iconifyName(hit) {
  const n = hit.name;
  switch (hit.library) {
    case "lucide": return `lucide:${kebab(n)}`;
    case "phosphor": return `ph:${kebab(n)}`;
    case "tabler": return `tabler:${kebab(n)}${TABLER_FILLED.has(n) ? "-filled" : ""}`;
    case "heroicons": return `heroicons:${kebab(n)}${HEROICONS_SOLID.has(n) ? "-solid" : ""}`;
    case "bootstrap": return `bi:${kebab(n)}`;
    case "material": return `material-symbols:${kebab(n)}${MATERIAL_SAME_FILLED.has(n) ? "" : "-outline"}`;
    case "remix": return `ri:${kebab(n)}${REMIX_UNSUFFIXED.has(n) ? "" : REMIX_FILL.has(n) ? "-fill" : "-line"}`;
    case "carbon": {
      const namespace = CARBON[n] && CARBON[n][1] ? `${CARBON[n][1]}-` : "";
      return `carbon:${namespace}${kebab(n)}`;
    }
    case "iconoir": return `iconoir:${kebab(n)}${ICONOIR_SOLID.has(n) ? "-solid" : ""}`;
    case "ionicons": return `ion:${kebab(n)}`;
    case "fontawesome": return `fa7-${fontAwesomeStyle(n)}:${kebab(n)}`;
    default: throw new Error(`no Iconify prefix known for the library ${hit.library}`);
  }
}

// ------------------------------------------------------------------ markup

const escapeText = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttr = (text) => escapeText(text).replace(/"/g, "&quot;");
// Vue and Svelte read {…} in templates as code: write braces as character references.
const escapeBraces = (text) => text.replace(/\{/g, "&#123;").replace(/\}/g, "&#125;");

// One element per line, two spaces a level; `extra` is appended to the root's attributes verbatim
// (our own syntax: {...props}); every other piece is escaped.
function markup(node, { escape, attrName, attrValue, extra = "" }, depth = 0) {
  const pad = "  ".repeat(depth);
  if (node.nodeType === Node.TEXT_NODE) return pad + escape(escapeText(node.data.trim()));
  if (node.nodeType === Node.COMMENT_NODE) return null;
  const attrs = [...node.attributes].map((a) => attrValue(attrName(a), a.value, escape)).filter(Boolean);
  if (depth === 0 && extra) attrs.push(extra);
  const open = `${pad}<${node.nodeName}${attrs.length ? " " + attrs.join(" ") : ""}`;
  const children = [...node.childNodes].map((c) => markup(c, { escape, attrName, attrValue }, depth + 1)).filter((c) => c !== null);
  if (!children.length) return `${open} />`;
  return `${open}>\n${children.join("\n")}\n${pad}</${node.nodeName}>`;
}

const plainName = (attr) => attr.name;
const plainValue = (name, value, escape) => `${name}="${escape(escapeAttr(value))}"`;
const identity = (text) => text;

const JSX_NAMES = { class: "className", "xlink:href": "xlinkHref", "xml:space": "xmlSpace", "xml:lang": "xmlLang", "xmlns:xlink": "xmlnsXlink", for: "htmlFor" };
function jsxName(attr) {
  const name = attr.name;
  if (JSX_NAMES[name]) return JSX_NAMES[name];
  if (name.startsWith("data-") || name.startsWith("aria-")) return name;
  return name.replace(/[-:]([a-z])/g, (_, c) => c.toUpperCase());
}
function jsxValue(name, value) {
  if (name === "style") {
    const entries = value.split(";").map((d) => d.split(":")).filter((d) => d.length === 2 && d[0].trim())
      .map(([k, v]) => `${quote(k.trim().replace(/-([a-z])/g, (_, c) => c.toUpperCase()))}: ${quote(v.trim())}`);
    return `style={{ ${entries.join(", ")} }}`;
  }
  return /["\\{}<>&]/.test(value) ? `${name}={${quote(value)}}` : `${name}="${value}"`;
}
// JSX text: every text node is a string expression, so no character is special.
const jsxText = (node, depth) => "  ".repeat(depth) + `{${quote(node.data.trim())}}`;

/** A React component (function `componentName(props)`) drawing the SVG; props land on the <svg>. */
export function toJsx(svgText, name) {
  const root = parse(svgText);
  dropNonDrawing(root);
  const component = identifier(name, "Icon");
  const body = jsxTree(root, 2);
  return `export function ${component}(props) {\n  return (\n${body}\n  );\n}\n`;
}

function jsxTree(node, depth) {
  const pad = "  ".repeat(depth);
  const attrs = [...node.attributes].map((a) => jsxValue(jsxName(a), a.value));
  if (node === node.ownerDocument.documentElement) attrs.push("{...props}");
  const open = `${pad}<${node.nodeName}${attrs.length ? " " + attrs.join(" ") : ""}`;
  const children = [...node.childNodes]
    .map((c) => (c.nodeType === Node.ELEMENT_NODE ? jsxTree(c, depth + 1) : c.nodeType === Node.TEXT_NODE ? jsxText(c, depth + 1) : null))
    .filter((c) => c !== null);
  if (!children.length) return `${open} />`;
  return `${open}>\n${children.join("\n")}\n${pad}</${node.nodeName}>`;
}

/** A Vue single-file component: the SVG as its template (attributes fall through to the root). */
export function toVue(svgText) {
  const root = parse(svgText);
  dropNonDrawing(root);
  return `<template>\n${markup(root, { escape: escapeBraces, attrName: plainName, attrValue: plainValue }, 1)}\n</template>\n`;
}

/** A Svelte component: the SVG with the component's props spread onto it. */
export function toSvelte(svgText) {
  const root = parse(svgText);
  dropNonDrawing(root);
  return `${markup(root, { escape: escapeBraces, attrName: plainName, attrValue: plainValue, extra: "{...$$props}" })}\n`;
}

/** A data: URI of the SVG (percent-encoded: decodeURIComponent gives the SVG back). */
export function toDataUri(svgText) {
  parse(svgText);
  return `data:image/svg+xml,${encodeURIComponent(svgText)}`;
}

/** A file name for downloads: library-name.ext with only [a-z0-9_-]. */
export function fileName(hit, extension) {
  const safe = (text) => String(text).toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "icon";
  return `${safe(hit.library)}-${safe(hit.name)}.${extension}`;
}
