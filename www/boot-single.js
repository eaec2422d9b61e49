// The single file's start (scripts/build-single): glue only, boot.js's counterpart
// for one HTML file opened from disk with no network. It is inlined after the
// page's wasm-bindgen glue, in the same module script, so that glue's __wbg_init
// and start are in scope (and laterModule). The rest is in the same file, in data
// blocks (never run as scripts, so the CSP's script hash covers this script alone):
//   #wasm-page, #wasm-later    the page's module in its two parts (scripts/split.mjs),
//   #wasm-worker               and the workers', each gzip then base64
//   #worker-source             the workers' script: jwtscope-worker.js's glue and
//                              worker.js, joined into one classic script
// Nothing is fetched (the file's CSP has connect-src 'none'): the bytes are decoded
// and un-gzipped in the page (DecompressionStream) and compiled as they come; the
// workers start from a Blob of their script (worker-src blob:, the only source a
// worker may come from) and get the compiled second module posted, as with boot.js.
// They are classic workers: Chromium refuses a module worker from a blob: URL in a
// file:// page (an opaque origin), and starts a classic one.

// A Response over a data block's module (not a fetch: a body built in the page).
function singleModule(id) {
  const text = document.getElementById(id).textContent.trim();
  const gz = typeof Uint8Array.fromBase64 === 'function'
    ? Uint8Array.fromBase64(text)
    : Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const body = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(body, { headers: { 'Content-Type': 'application/wasm' } });
}

// A new task, as in boot.js: the compile's end, the instance and start() apart.
const singleTask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });

// The fragment as opened, read before any wait and taken out of the address bar at
// once, as in boot.js.
const singleFragment = location.hash;
if (singleFragment) history.replaceState(null, '', location.pathname + location.search);

try {
  const singlePage = await WebAssembly.compileStreaming(singleModule('wasm-page'));
  await singleTask();
  await __wbg_init({ module_or_path: singlePage });
  // The rest of the page's module (scripts/split.mjs), before start(): in one file
  // there is no first load to keep it out of.
  await laterModule(await WebAssembly.compileStreaming(singleModule('wasm-later')));
  // One worker per core, at most 8, as boot.js starts them.
  const singleWorkers = [];
  const singleCount = Math.min(Math.max(navigator.hardwareConcurrency || 1, 1), 8);
  try {
    const source = new Blob([document.getElementById('worker-source').textContent], { type: 'text/javascript' });
    const url = URL.createObjectURL(source);
    for (let i = 0; i < singleCount; i += 1) {
      singleWorkers.push(new Worker(url, { name: `jwtscope-${i + 1}` }));
    }
  } catch {
    // start() shows what is unavailable without workers
  }
  await singleTask();
  // Share links: start() reads the fragment; one set since (the skip link's) goes.
  start(singleWorkers, location.href.split('#')[0], singleFragment);
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  // #offline-status: index.html's sentence for this state (as www/offline.js picks).
  const singleStatus = document.getElementById('offline-status');
  if (singleStatus) {
    singleStatus.dataset.state = 'single-file';
    for (const line of singleStatus.children) line.hidden = !line.dataset.when.split(' ').includes('single-file');
  }
  if (singleWorkers.length) {
    WebAssembly.compileStreaming(singleModule('wasm-worker'))
      .then((second) => singleWorkers.forEach((w) => w.postMessage({ type: 'init', module: second })))
      .catch((err) => singleWorkers.forEach((w) => w.postMessage({ type: 'init', error: String(err && err.message ? err.message : err) })));
  }
} catch (err) {
  document.getElementById('notice')?.setAttribute('hidden', '');
  const box = document.getElementById('boot-error');
  if (box) {
    box.hidden = false;
    box.textContent = `jwtscope could not start: ${err && err.message ? err.message : err}`;
  }
}
