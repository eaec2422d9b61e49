// Starts jwtscope: glue only, no logic. Loaded as a module script (no inline script,
// so the CSP needs no hash). One wasm module serves the page and its key-pair worker:
// it is compiled here once and handed to the worker, so it is fetched only once.
import init, { start } from './jwtscope.js';

// The worker starts first, during page load, so that no request is made later.
let worker = null;
try {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'jwtscope-keys' });
} catch {
  worker = null; // start() shows that key pairs are unavailable
}
const wasm = fetch(new URL('./jwtscope_bg.wasm', import.meta.url));

try {
  const module = await WebAssembly.compileStreaming(wasm);
  await init({ module_or_path: module });
  if (worker) worker.postMessage({ type: 'init', module });
  start(worker);
} catch (err) {
  const box = document.getElementById('boot-error');
  if (box) {
    box.hidden = false;
    box.textContent = `jwtscope could not start: ${err && err.message ? err.message : err}`;
  }
}
