// The search worker's end of the MessagePort to the model worker (ort-worker.js).
//
// WHY a port between the workers: a query's token ids go straight to the
// encoder and its candidate lists straight back, without a hop through the
// page's busy main thread. Calls carry ids: several can be in flight.

import {
  encodeRequest, filesInMessage, libraryIndexMessage, MODEL, modelSimilarRequest, storeRequest,
} from "./protocol.js";

export class ModelLink {
  #calls = new Map(); // call id -> {resolve, reject}
  #nextId = 1;
  #resolveReady;
  #resolveStored = null;
  #filesIn = false;

  constructor() {
    this.port = null;
    this.info = null; // the READY message once the model worker has both sessions
    this.ready = new Promise((resolve) => (this.#resolveReady = resolve));
  }

  /** @param {MessagePort} port from the page's INIT */
  connect(port) {
    this.port = port;
    port.onmessage = (event) => this.#receive(event.data);
    if (this.#filesIn) port.postMessage(filesInMessage());
  }

  /** The search worker's start-up downloads have settled: the model worker may start its big ones. */
  filesIn() {
    this.#filesIn = true;
    if (this.port) this.port.postMessage(filesInMessage());
  }

  #receive(message) {
    if (message.type === MODEL.READY) {
      this.info = message;
      this.#resolveReady(message);
      return;
    }
    if (message.type === MODEL.STORED) {
      if (this.#resolveStored) this.#resolveStored(message);
      return;
    }
    const call = this.#calls.get(message.id);
    if (!call) return;
    this.#calls.delete(message.id);
    if (message.type === MODEL.ERROR) call.reject(new Error(message.message));
    else call.resolve(message);
  }

  #call(makeMessage) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#calls.set(id, { resolve, reject });
      this.port.postMessage(makeMessage(id));
    });
  }

  /** A query's token ids -> each arm's candidates: ENCODED {arms, encodeMs, scoreMs}. */
  encode(ids, library) {
    return this.#call((id) => encodeRequest(id, ids, library));
  }

  /** Icons like icon number `index`: SIMILAR_SCORED {indices, arms, scoreMs}. */
  similar(index, library) {
    return this.#call((id) => modelSimilarRequest(id, index, library));
  }

  /** The model worker's library filter needs each icon's library number. */
  sendLibraryIndex(libraries, index) {
    if (this.port) this.port.postMessage(libraryIndexMessage(libraries, index));
  }

  /** Ask the model worker to put its verified files into the offline cache: {count} or {error}. */
  store(hasModel) {
    if (!this.port || !hasModel) return Promise.resolve({ count: 0 });
    return new Promise((resolve) => {
      this.#resolveStored = resolve;
      this.port.postMessage(storeRequest());
    });
  }
}
