// jwtscope's service worker: glue only. It keeps the page's own files for offline
// use and serves them from its cache, first; it keeps nothing else and reads no other
// request. scripts/offline-files.mjs (a Trunk hook) writes dist/sw.js: these lines
// after two constants it computes from the built files:
//   VERSION  a hash of every file's name and SHA-256 (a new build: a new sw.js, which
//            the browser installs beside the old one)
//   FILES    [[name, sha256 (base64)], ...]: the page's own files (src/app/offline.rs
//            OWN_FILES, checked against dist/ by the hook), as names relative to
//            this worker's directory, so the site works under any path.
//
// Install: fetches each file (revalidated, never from the HTTP cache unasked),
// checks its SHA-256 against FILES, and only when every one matches keeps them in a
// cache named after this scope and VERSION: a deploy caught half-way fails the
// install and the previous version stays. The new version then waits (no
// skipWaiting): a page that is open keeps the files it started with, and the next
// visit (once every jwtscope tab of this scope has closed) gets the new ones.
// Activate: deletes this scope's caches of other versions (never another scope's).
// Fetch: a GET for one of FILES (the directory itself is index.html) is answered from
// the cache; anything else is not touched (no respondWith: the browser handles it,
// and this worker never sees its body). The page sends nothing anywhere: a token or
// key never reaches here (a share link's #fragment is never part of a request).

const SCOPE = self.registration.scope;
const PREFIX = `jwtscope ${SCOPE} `;
const CACHE = PREFIX + VERSION;
const NAMES = new Set(FILES.map(([name]) => name));

const base64 = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)));

async function precache() {
  const cache = await caches.open(CACHE);
  try {
    for (const [name, sha256] of FILES) {
      const url = new URL(name, SCOPE);
      const response = await fetch(url, { cache: 'no-cache', redirect: 'error', credentials: 'same-origin' });
      if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
      const digest = base64(await crypto.subtle.digest('SHA-256', await response.clone().arrayBuffer()));
      if (digest !== sha256) throw new Error(`${name}: not the file of version ${VERSION}`);
      await cache.put(url, response);
    }
  } catch (err) {
    await caches.delete(CACHE);
    throw err;
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const path = url.origin + url.pathname;
  if (!path.startsWith(SCOPE)) return;
  const name = path.slice(SCOPE.length) || 'index.html';
  // A query string names no file of ours, except on the page itself (a navigation).
  if (!NAMES.has(name) || (url.search && request.mode !== 'navigate')) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    return (await cache.match(new URL(name, SCOPE))) || fetch(request);
  })());
});
