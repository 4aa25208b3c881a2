// Registers the service worker and, where the host sent no COOP/COEP headers,
// reloads once so the page is served through it and becomes cross-origin isolated.
//
// WHY wait for control before starting the search worker: only a worker created
// while the page is controlled has its downloads pass through the service worker,
// and that is what fills the offline cache on the very first visit.

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
  report.serviceWorker = true;
  const hadController = Boolean(navigator.serviceWorker.controller);
  if (!hadController) {
    await new Promise((resolve) => {
      navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true });
      setTimeout(resolve, timeoutMs);
    });
  } else {
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      report.updated = true;
      window.dispatchEvent(new CustomEvent("iconseek:update"));
    });
    registration.update().catch(() => {});
  }
  if (window.crossOriginIsolated) {
    sessionStorage.removeItem(RELOAD_FLAG);
  } else if (navigator.serviceWorker.controller && !sessionStorage.getItem(RELOAD_FLAG)) {
    sessionStorage.setItem(RELOAD_FLAG, "1");
    window.location.reload();
    await new Promise(() => {}); // the page is going away
  }
  return report;
}
