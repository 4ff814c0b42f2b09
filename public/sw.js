// Offline cache for the built app. The post-build hook (scripts/sw_manifest.py) replaces the
// two placeholders below with the build's file list and a version derived from it.
const VERSION = "__SW_VERSION__";
const PRECACHE = __SW_PRECACHE__;
const CACHE = "sop-" + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("sop-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    // Network first for pages so a new build is seen when online; the cached shell when offline.
    event.respondWith(
      fetch(req).catch(() => caches.match("/index.html", { cacheName: CACHE }))
    );
    return;
  }
  event.respondWith(caches.match(req, { cacheName: CACHE }).then((hit) => hit || fetch(req)));
});
