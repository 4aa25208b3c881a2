// Registers the service worker and, where the host sent no COOP/COEP headers,
// reloads once so the page is served through it and becomes cross-origin isolated.
//
// WHY not wait for the service worker when the host already isolates the page:
// the workers can start at once and download straight from the network; the
// offline cache is filled after start-up (`precacheForOffline`), which keeps
// ~120 MB of Cache Storage writes off the start-up path. Without the headers,
// the page must be served through the service worker to be isolated, so it
// waits for the worker to be active and reloads once (served through it).

const RELOAD_FLAG = "iconseek:isolation-reload";

export async function ensureServiceWorker({ timeoutMs = 4000 } = {}) {
  const report = { serviceWorker: false, updated: false };
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return report;
  let registration;
  try {
    registration = await navigator.serviceWorker.register("sw.js", { scope: "./" });
  } catch (error) {
    console.warn("Service worker unavailable; no offline use:", error.message);
    return report;
  }
  if (!registration) return report; // blocked (e.g. by policy): no offline use, no isolation fallback
  report.serviceWorker = true;
  const hadController = Boolean(navigator.serviceWorker.controller);
  if (hadController) {
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      report.updated = true;
      window.dispatchEvent(new CustomEvent("iconseek:update"));
    });
    registration.update().catch(() => {});
  } else if (!window.crossOriginIsolated) {
    // wait until the worker is active: a reload is then served through it
    await Promise.race([navigator.serviceWorker.ready, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
  }
  if (window.crossOriginIsolated) {
    sessionStorage.removeItem(RELOAD_FLAG);
  } else if (registration.active && !sessionStorage.getItem(RELOAD_FLAG)) {
    sessionStorage.setItem(RELOAD_FLAG, "1");
    window.location.reload();
    await new Promise(() => {}); // the page is going away
  }
  return report;
}

// Ask the (active) service worker to copy every file of this build into its
// cache; resolves with {files, copied} once the site works offline.
export async function precacheForOffline({ timeoutMs = 120000 } = {}) {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) throw new Error("no service worker in this browser");
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) throw new Error("the service worker is not active");
  return new Promise((resolve, reject) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => reject(new Error("the service worker did not finish caching")), timeoutMs);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      if (event.data && event.data.ok) resolve(event.data);
      else reject(new Error(`offline cache failed: ${event.data ? event.data.message : "no reply"}`));
    };
    worker.postMessage({ type: "precache" }, [channel.port2]);
  });
}
