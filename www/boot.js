// Starts jwtscope: glue only (ARCHITECTURE.md, "The page"). Beside index.html: its
// relative URLs are the page's directory. The build drops its comment lines.
import init, * as glue from './jwtscope.js';

// The page's module comes in two parts (scripts/split.mjs): what the first load runs,
// and the rest, fetched right after start(). Should a function of the rest run before
// it came (it does not on the paths the split is made from), the page fetches it then,
// synchronously: late, never missing.
const LATER = './jwtscope_later.wasm';
// If it cannot be had (a server that lost the file), the page says so and stops.
glue.laterSource?.(() => {
  try {
    const x = new XMLHttpRequest();
    x.open('GET', LATER, false);
    x.overrideMimeType('text/plain; charset=x-user-defined');
    x.send();
    if (x.status !== 200) throw new Error(`HTTP ${x.status}`);
    return Uint8Array.from(x.responseText, (c) => c.charCodeAt(0) & 0xff);
  } catch (err) {
    failed(`jwtscope stopped: part of its code could not be loaded (${err && err.message ? err.message : err}). Reload the page.`);
    throw err;
  }
});

// What stops the page, said where the page's content starts.
function failed(sentence) {
  document.getElementById('notice')?.setAttribute('hidden', '');
  const box = document.getElementById('boot-error');
  if (box) {
    box.hidden = false;
    box.textContent = sentence;
  }
}

// A new task (a message, which hidden tabs do not throttle as they do timers).
const task = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });

// The fragment as opened (a share link's), read before any wait: the page's skip
// link sets its own ("#token") if followed before start(). It leaves the address
// bar at once, so no later history entry (that "#token") keeps the token behind it.
const fragment = location.hash;
if (fragment) history.replaceState(null, '', location.pathname + location.search);

try {
  // After the first paint (index.html shows the example painted): the module's
  // bytes never compete with the HTML and the style sheet for it. A hidden tab gets
  // no frames: at once then, or as soon as it is hidden or shown.
  if (document.visibilityState === 'visible') await new Promise((r) => { requestAnimationFrame(() => setTimeout(r)); document.addEventListener('visibilitychange', r, { once: true }); });
  const module = await WebAssembly.compileStreaming(fetch('./jwtscope_bg.wasm'));
  // The compile's end, the instance with the workers, and start() each in a task of
  // their own: together they were one task over 50 ms (docs/BENCHMARKS.md).
  await task();
  await init({ module_or_path: module });
  // One worker per core, at most 8.
  const workers = [];
  const count = Math.min(Math.max(navigator.hardwareConcurrency || 1, 1), 8);
  for (let i = 0; i < count; i += 1) {
    try {
      workers.push(new Worker('./worker.js', { type: 'module', name: `jwtscope-${i + 1}` }));
    } catch {
      // start() shows what is unavailable
      break;
    }
  }
  await task();
  // Share links: start() reads the fragment; one set since (the skip link's) goes.
  glue.start(workers, location.href.split('#')[0], fragment);
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  // The rest of the page's module, unless a stub already had it fetched. A failure
  // leaves the stubs' own fetch.
  if (glue.laterModule && !glue.laterLoaded()) WebAssembly.compileStreaming(fetch(LATER)).then(glue.laterModule).catch(() => {});
  import('./offline.js').catch(() => {});
  // The second module: the first worker fetches and compiles it (the compile's end
  // then runs on its thread, not the page's) and sends it back for the others. If
  // that worker fails before it answers, the page compiles it for them.
  if (workers.length) {
    const url = new URL('./jwtscope-worker_bg.wasm', location.href).href;
    let passed;
    const pass = (m) => { if (!passed) { passed = 1; workers.slice(1).forEach((w) => w.postMessage({ ...m, type: 'init' })); } };
    workers[0].addEventListener('message', (e) => { if (e.data && e.data.type === 'module') pass(e.data); });
    workers[0].addEventListener('error', () => { if (!passed) WebAssembly.compileStreaming(fetch(url)).then((module) => pass({ module }), (err) => pass({ error: String(err && err.message ? err.message : err) })); });
    workers[0].postMessage({ type: 'load', url });
  }
} catch (err) {
  failed(`jwtscope could not start: ${err && err.message ? err.message : err}`);
}
