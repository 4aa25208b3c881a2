// Page-side half of the worker protocol: request ids, promises, stale replies.
//
// WHY ids: replies can arrive out of order relative to what the user now sees
// (typing is faster than a search); the page renders a reply only if it answers
// the newest request it made, and the worker skips droppable requests that were
// overtaken before they started. The messages themselves are defined in protocol.js.

import { browseRequest, iconRequest, initMessage, PAGE, searchRequest, similarRequest } from "./protocol.js";

export class SearchClient {
  // Two workers: Python (search, fusion) and the model (onnxruntime-web). They
  // talk to each other directly over a MessageChannel; the page only talks to
  // the Python worker, and sums both download progresses for the bar.
  constructor(workerUrl, modelWorkerUrl) {
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = { state: [], progress: [], fatal: [] };
    this.progress = { search: [0, 0], model: [0, 0] };
    // The model worker starts first: its path (onnxruntime, two sessions) is the
    // longer one, and a browser opens at most six HTTP/1.1 connections per host,
    // so the worker that asks first is served first.
    if (modelWorkerUrl) {
      this.modelWorker = new Worker(modelWorkerUrl, { type: "module" });
      this.modelWorker.onmessage = (event) => this.#receive(event.data, "model");
      this.modelWorker.onerror = (event) => this.#fatal(`The model worker failed: ${event.message || "unknown error"}`);
    }
    this.worker = new Worker(workerUrl, { type: "module" });
    this.worker.onmessage = (event) => this.#receive(event.data, "search");
    this.worker.onerror = (event) => this.#fatal(`The search worker failed: ${event.message || "unknown error"}`);
    if (modelWorkerUrl) {
      const channel = new MessageChannel();
      this.worker.postMessage(initMessage(channel.port1), [channel.port1]);
      this.modelWorker.postMessage(initMessage(channel.port2), [channel.port2]);
    }
  }

  #fatal(message) {
    for (const fn of this.listeners.fatal) fn(message);
  }

  // kind: "state" (the search worker's start-up state), "progress" ({loaded, total}) or "fatal" (a message).
  on(kind, fn) {
    if (!this.listeners[kind]) throw new Error(`no such event ${JSON.stringify(kind)}; events: ${Object.keys(this.listeners).join(", ")}`);
    this.listeners[kind].push(fn);
  }

  // Options: k, library, droppable (typing: may be skipped once overtaken), withSvg, semantic.
  search(query, options = {}) {
    return this.#request((id) => searchRequest(id, query, options));
  }

  // Icons like `icon` (an id such as "lucide/trash"): other libraries, or only `library`.
  similar(icon, options = {}) {
    return this.#request((id) => similarRequest(id, icon, options));
  }

  // One icon with its metadata and SVG.
  icon(icon) {
    return this.#request((id) => iconRequest(id, icon));
  }

  // Sends the request `makeMessage(id)` builds; settles with its RESULT or ERROR.
  // A library's and/or a category's icons A to Z: {hits, total}.
  browse(options = {}) {
    return this.#request((id) => browseRequest(id, options));
  }

  #request(makeMessage) {
    const id = this.nextId++;
    const sentAt = performance.now();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, sentAt });
      this.worker.postMessage(makeMessage(id));
    });
  }

  // Both workers send PROGRESS and FATAL; only the search worker answers requests and sends STATE.
  #receive(message, source) {
    if (!message) return;
    if (message.type === PAGE.PROGRESS) {
      this.progress[source] = [message.loaded, message.total];
      const loaded = this.progress.search[0] + this.progress.model[0];
      const total = this.progress.search[1] + this.progress.model[1];
      for (const fn of this.listeners.progress) fn({ loaded, total });
      return;
    }
    if (message.type === PAGE.FATAL) {
      this.#fatal(message.message);
      return;
    }
    if (source === "model") return;
    if (message.type === PAGE.RESULT || message.type === PAGE.ERROR) {
      const entry = this.pending.get(message.id);
      if (!entry) return;
      this.pending.delete(message.id);
      if (message.type === PAGE.ERROR) {
        entry.reject(new Error(message.message));
        return;
      }
      if (!message.stale) message.timings.roundtrip = performance.now() - entry.sentAt;
      entry.resolve(message);
    } else if (message.type === PAGE.STATE) {
      for (const fn of this.listeners.state) fn(message.state);
    }
  }
}
