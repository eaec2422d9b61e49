// Starts jwtscope: glue only, no logic. Loaded as a module script (no inline script,
// so the CSP needs no hash). The page's module (jwtscope_bg.wasm, preloaded from the
// head) is compiled and started first: it paints the page. Then the second module
// (jwtscope-worker_bg.wasm: private-key signatures, key pairs, the weak-secret
// check, run in the workers) is fetched and compiled once, here, and handed to every
// worker, so it never delays the first paint.
import init, { start } from './jwtscope.js';

const wasm = fetch(new URL('./jwtscope_bg.wasm', import.meta.url));

try {
  const module = await WebAssembly.compileStreaming(wasm);
  await init({ module_or_path: module });
  // One worker per core, at most 8 (the weak-secret check shares its work among
  // them; key pairs use the first).
  const workers = [];
  const count = Math.min(Math.max(navigator.hardwareConcurrency || 1, 1), 8);
  for (let i = 0; i < count; i += 1) {
    try {
      workers.push(new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: `jwtscope-${i + 1}` }));
    } catch {
      break; // start() shows what is unavailable
    }
  }
  // The page's address (share links point at it) and a share link's fragment: read
  // by start(), then removed from the address bar, so it is not kept in history or
  // copied on.
  start(workers, location.href.split('#')[0], location.hash);
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  if (workers.length) {
    WebAssembly.compileStreaming(fetch(new URL('./jwtscope-worker_bg.wasm', import.meta.url)))
      .then((second) => workers.forEach((w) => w.postMessage({ type: 'init', module: second })))
      .catch((err) => workers.forEach((w) => w.postMessage({ type: 'init', error: String(err && err.message ? err.message : err) })));
  }
} catch (err) {
  // The static example notice is about a page that started: not this one.
  document.getElementById('notice')?.setAttribute('hidden', '');
  const box = document.getElementById('boot-error');
  if (box) {
    box.hidden = false;
    box.textContent = `jwtscope could not start: ${err && err.message ? err.message : err}`;
  }
}
