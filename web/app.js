// Page entry point: service worker + isolation, the search worker, the UI and
// the `window.iconseek` API used by tests and benchmarks.
//
//   window.iconseek.search(query, k, {library}) -> Promise<{hits, timings, mode}>
//   window.iconseek.similar(id, k, {library})   -> Promise<{hits, timings}>: icons like icon `id`
//                                                   (other libraries, or only `library`)
//   window.iconseek.icon(id)                     -> Promise<{hits: [hit]}>: one icon, with its SVG
//   window.iconseek.openIcon(id)                 -> opens the detail view (also ?icon=id in the URL)
//   window.iconseek.ready          -> Promise, resolves when lexical search works
//   window.iconseek.semanticReady  -> Promise, resolves when hybrid search works
//   window.iconseek.offlineReady   -> Promise, resolves when every file is in the offline cache
//   window.iconseek.state          -> {lexical, semantic, offline, threads, crossOriginIsolated, ...}

import { ensureServiceWorker, precacheForOffline } from "./isolation.js";
import { SearchClient } from "./client.js";
import { Customisation, mountCustomiser } from "./customise.js";
import { DetailView } from "./detail.js";
import { ResultsView, readUrlState } from "./results.js";
import { libraryName, ResultGrid } from "./ui.js";

const DEBOUNCE_MS = 80;

const $ = (id) => document.getElementById(id);

function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => {});
  return { promise, resolve, reject };
}

const lexical = deferred();
const semantic = deferred();
const offline = deferred();
const api = {
  state: { lexical: false, semantic: false, offline: false, threads: 0, crossOriginIsolated: window.crossOriginIsolated, error: null },
  ready: lexical.promise,
  semanticReady: semantic.promise,
  offlineReady: offline.promise,
  search: async () => {
    throw new Error("iconseek is still starting");
  },
};
window.iconseek = api;

// ---------------------------------------------------------------- theme
function initTheme() {
  const stored = localStorage.getItem("iconseek:theme");
  if (stored === "dark" || stored === "light") document.documentElement.dataset.theme = stored;
  $("theme").addEventListener("click", () => {
    const current = document.documentElement.dataset.theme ||
      (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
    const next = current === "dark" ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    localStorage.setItem("iconseek:theme", next);
  });
}

// ---------------------------------------------------------------- copy
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (error) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

// A short notice at the bottom. One with an action (the update notice) stays
// until used, and comes back after a passing notice has gone.
let toastTimer = 0;
let standing = null; // {message, action} of the notice that stays
function toast(message, action = null) {
  const box = $("toast");
  box.replaceChildren(document.createTextNode(message));
  if (action) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "toast-action";
    button.textContent = action.label;
    button.addEventListener("click", action.run);
    box.append(" ", button);
    standing = { message, action };
  }
  box.hidden = false;
  clearTimeout(toastTimer);
  if (!action) {
    toastTimer = setTimeout(() => (standing ? toast(standing.message, standing.action) : (box.hidden = true)), 1800);
  }
}

// ---------------------------------------------------------------- status
function describe(state) {
  if (state.error) return `Search is unavailable: ${state.error}`;
  if (!state.lexical) return "Loading the search engine…";
  if (!state.semantic) return "Keyword search ready · loading the language model for search by meaning…";
  return "Ready · search by meaning";
}

function renderMode(state) {
  const parts = [];
  if (state.semantic) parts.push("hybrid search");
  else if (state.lexical) parts.push("keyword search");
  if (state.semantic) {
    parts.push(state.crossOriginIsolated ? `${state.threads} threads` : "single-threaded (no cross-origin isolation)");
  }
  $("mode").textContent = parts.join(" · ");
}

// ---------------------------------------------------------------- setup
// main() runs these in order; each wires one part of the page.

/** The search client and its workers; a fatal error or download progress shows at once. */
function startWorkers() {
  const client = new SearchClient(new URL("worker.js", import.meta.url), new URL("ort-worker.js", import.meta.url));
  client.on("fatal", (message) => {
    api.state.error = message;
    $("status").textContent = describe(api.state);
    $("status").classList.add("error");
    lexical.reject(new Error(message));
    semantic.reject(new Error(message));
  });
  client.on("progress", ({ loaded, total }) => {
    const pct = total ? Math.min(100, Math.round((100 * loaded) / total)) : 0;
    $("progress-bar").style.width = `${pct}%`;
    $("progress").setAttribute("aria-valuenow", String(pct));
  });
  return client;
}

/** The result grid, the detail view and the customiser they share (size, stroke, colour). */
function mountIconViews(input) {
  const settings = new Customisation(); // size, stroke, colour: grid previews, detail view, copies
  api.customisation = settings;
  const detail = new DetailView($("detail"), {
    api,
    settings,
    libraries: () => api.state.libraries || [],
    onCopy: async (text, what) => {
      if (text === null) return toast(what);
      const ok = await copyText(text);
      toast(ok ? `Copied ${what}` : "Copy failed");
    },
  });
  const grid = new ResultGrid($("results"), {
    libraryName: (slug) => libraryName(api.state.libraries || [], slug),
    onOpen: (hit) => detail.open(hit.id),
    transformSvg: (hit) => settings.preview(hit),
    onCopy: async (hit, { nameOnly }) => {
      let text = hit.name || hit.id;
      let what = "name";
      if (!nameOnly && hit.svg) {
        try {
          text = settings.svg(hit);
          what = `SVG (${settings.describe()})`;
        } catch (error) {
          return toast(`Cannot copy the SVG of ${hit.title || hit.id}: ${error.message}`);
        }
      }
      const ok = await copyText(text);
      toast(ok ? `Copied ${what} of ${hit.title || hit.id}` : "Copy failed");
    },
    onEscape: () => input.focus(),
  });
  mountCustomiser(settings, $("customise"), grid);
  return { grid, detail };
}

/** window.iconseek's search calls, once the client exists; a shared ?icon= link opens when search works. */
function exposeApi(client, detail) {
  api.search = (query, k = 10, options = {}) =>
    client.search(query, { k, library: options.library || null, offset: options.offset || 0,
                           withSvg: Boolean(options.withSvg), semantic: options.semantic !== false });
  api.browse = (options = {}) =>
    client.browse({ library: options.library || null, category: options.category || null,
                    offset: options.offset || 0, k: options.k || 60 });
  api.similar = (iconId, k = 12, options = {}) =>
    client.similar(iconId, { k, library: options.library || null, withSvg: Boolean(options.withSvg) });
  api.icon = (iconId) => client.icon(iconId);
  api.openIcon = (iconId) => detail.open(iconId);
  lexical.promise.then(() => detail.openFromUrl(), () => {}); // a shared link to an icon
}

/**
 * The results view, started from the URL. The query, library and category live
 * in the URL (?q=&lib=&cat=), so a search or a browse can be shared and survives
 * a reload; Back/Forward restore them. Returns the view, `runQuery` and the
 * library the URL asks for (selectable once the library list has arrived).
 */
function mountResultsView(client, grid, { input, select, status }) {
  const results = new ResultsView({
    parts: { grid, caption: $("caption"), status, empty: $("empty"), browse: $("browse"), more: $("more") },
    client,
    libraries: () => api.state.libraries || [],
    categories: () => api.state.categories || [],
    controls: { input, select },
    idleStatus: () => describe(api.state),
  });
  const fromUrl = readUrlState();
  input.value = fromUrl.query;
  results.category = fromUrl.category;
  const runQuery = () => results.refresh();
  lexical.promise.then(runQuery, () => {});
  window.addEventListener("popstate", () => {
    const wanted = readUrlState();
    if (wanted.query === input.value && wanted.library === select.value && wanted.category === results.category) return;
    input.value = wanted.query;
    select.value = [...select.options].some((o) => o.value === wanted.library) ? wanted.library : "";
    results.category = wanted.category;
    runQuery();
  });
  return { results, runQuery, wantedLibrary: fromUrl.library };
}

/** One option per library, then the one the URL asked for (if it exists). */
function fillLibraryMenu(select, libraries, wantedLibrary) {
  for (const lib of libraries) {
    const option = document.createElement("option");
    option.value = lib.slug;
    option.textContent = `${lib.name} (${lib.count})`;
    select.appendChild(option);
  }
  if (wantedLibrary && libraries.some((lib) => lib.slug === wantedLibrary)) select.value = wantedLibrary;
}

/** The workers stored what they downloaded; the service worker adds the rest. */
function startOfflineCopy(serviceWorker) {
  $("progress").classList.add("done");
  if (!serviceWorker.serviceWorker) {
    offline.reject(new Error("no service worker: the site will not work offline"));
    return;
  }
  precacheForOffline().then((report) => {
    api.state.offline = true;
    api.state.offlineFiles = report.files;
    offline.resolve(report);
  }, (error) => {
    console.warn(error.message);
    offline.reject(error);
  });
}

/** The workers' state messages: status line, mode, library menu, offline copy, readiness, hybrid upgrade. */
function followWorkerState(client, { serviceWorker, grid, results, runQuery, wantedLibrary, input, select, status }) {
  let populated = false;
  let precacheStarted = false;
  client.on("state", (state) => {
    const wasSemantic = api.state.semantic;
    Object.assign(api.state, state, { page: api.state.page });
    if (!results.showing || api.state.error) status.textContent = describe(api.state); // results own the line
    renderMode(api.state);
    if (state.libraries && !populated) {
      populated = true;
      fillLibraryMenu(select, state.libraries, wantedLibrary);
    }
    if (state.timings && state.timings.all_stored !== undefined && !precacheStarted) {
      precacheStarted = true;
      startOfflineCopy(serviceWorker);
    }
    if (state.arms) grid.arms = state.arms;
    if (state.lexical) lexical.resolve(api.state);
    if (state.semantic) semantic.resolve(api.state);
    if (state.semantic && !wasSemantic && input.value.trim()) runQuery(); // upgrade to hybrid results
  });
}

/** Typing (debounced), the library menu, Enter, ArrowDown into the grid and "/" to the search box. */
function bindSearchKeys({ input, select, grid, results, runQuery }) {
  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    if (input.value.trim()) results.category = ""; // a new search leaves the category being browsed
    timer = setTimeout(runQuery, DEBOUNCE_MS);
  });
  select.addEventListener("change", runQuery);
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    runQuery();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      grid.focusFirst();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && document.activeElement !== input && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
}

/**
 * The service worker of a newly deployed build has taken over: this page still
 * runs the previous build, the next load runs the new one (web/sw.js).
 */
function announceUpdates(serviceWorker) {
  const announceUpdate = () =>
    toast("A new version of iconseek is available.", { label: "Reload", run: () => window.location.reload() });
  window.addEventListener("iconseek:update", announceUpdate);
  if (serviceWorker.updated) announceUpdate(); // it took over while this page was starting
}

// ---------------------------------------------------------------- main
async function main() {
  initTheme();
  const serviceWorker = await ensureServiceWorker();
  api.state.crossOriginIsolated = window.crossOriginIsolated;
  api.state.page = { workers_started: Math.round(performance.now()) };

  const client = startWorkers();
  const controls = { input: $("q"), select: $("library"), status: $("status") };
  const { grid, detail } = mountIconViews(controls.input);
  exposeApi(client, detail);
  const { results, runQuery, wantedLibrary } = mountResultsView(client, grid, controls);
  followWorkerState(client, { serviceWorker, grid, results, runQuery, wantedLibrary, ...controls });
  bindSearchKeys({ ...controls, grid, results, runQuery });
  announceUpdates(serviceWorker);
}

main().catch((error) => {
  api.state.error = error.message;
  $("status").textContent = `Search is unavailable: ${error.message}`;
  lexical.reject(error);
  semantic.reject(error);
});
