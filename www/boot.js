// Starts jwtscope: glue only, no logic. Loaded as a module script (no inline script,
// so the CSP needs no hash). The page's module (jwtscope_bg.wasm, preloaded from the
// head) is compiled and started first: it paints the page. Then the second module
// (jwtscope-worker_bg.wasm: key pairs, run in the worker) is fetched and compiled
// once, here, and handed to the worker, so it never delays the first paint.
import init, { start } from './jwtscope.js';

const wasm = fetch(new URL('./jwtscope_bg.wasm', import.meta.url));

try {
  const module = await WebAssembly.compileStreaming(wasm);
  await init({ module_or_path: module });
  let worker = null;
  try {
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'jwtscope-keys' });
  } catch {
    worker = null; // start() shows that key pairs are unavailable
  }
  start(worker);
  if (worker) {
    WebAssembly.compileStreaming(fetch(new URL('./jwtscope-worker_bg.wasm', import.meta.url)))
      .then((second) => worker.postMessage({ type: 'init', module: second }))
      .catch((err) => worker.postMessage({ type: 'init', error: String(err && err.message ? err.message : err) }));
  }
} catch (err) {
  const box = document.getElementById('boot-error');
  if (box) {
    box.hidden = false;
    box.textContent = `jwtscope could not start: ${err && err.message ? err.message : err}`;
  }
}
