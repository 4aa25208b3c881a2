// Page-side half of the worker protocol: request ids, promises, stale replies.
//
// WHY ids: replies can arrive out of order relative to what the user now sees
// (typing is faster than a search); the page renders a reply only if it answers
// the newest request it made, and the worker skips droppable requests that were
// overtaken before they started.

export class SearchClient {
  constructor(workerUrl) {
    this.worker = new Worker(workerUrl, { type: "module" });
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = { state: [], progress: [], fatal: [] };
    this.worker.onmessage = (event) => this.#receive(event.data);
    this.worker.onerror = (event) => {
      const message = `The search worker failed to start: ${event.message || "unknown error"}`;
      for (const fn of this.listeners.fatal) fn(message);
    };
  }

  on(kind, fn) {
    this.listeners[kind].push(fn);
  }

  search(query, { k = 48, library = null, droppable = false, withSvg = false, semantic = true } = {}) {
    const id = this.nextId++;
    const sentAt = performance.now();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, sentAt });
      this.worker.postMessage({ type: "search", id, query, k, library, droppable, withSvg, semantic });
    });
  }

  #receive(message) {
    if (!message) return;
    if (message.type === "result" || message.type === "error") {
      const entry = this.pending.get(message.id);
      if (!entry) return;
      this.pending.delete(message.id);
      if (message.type === "error") {
        entry.reject(new Error(message.message));
        return;
      }
      if (!message.stale) message.timings.roundtrip = performance.now() - entry.sentAt;
      entry.resolve(message);
    } else if (this.listeners[message.type]) {
      for (const fn of this.listeners[message.type]) fn(message.type === "state" ? message.state : message);
    }
  }
}
