#!/usr/bin/env node
// What the single file's embedding would cost the served site, to decide issue 12's
// rule: serve the site with connect-src 'none' only if the embedding costs <= 5%
// gzip and <= 10 ms at load. Not a test (CI times nothing); results by hand in
// docs/BENCHMARKS.md ("Offline and the single file"). Written before the page's
// module was split (scripts/split.mjs): on a split build it embeds and times the
// first part alone, up to the page's start, which the rest is not needed for.
//
//   node bench/embed-cost.mjs [--rounds 15]
//
// The embedding is scripts/single-file.mjs's: each wasm module gzip -9 then base64,
// un-gzipped in the page (DecompressionStream) and compiled as it streams; no
// fetch, so connect-src can be 'none'. For the site it keeps the site's shape: two
// stages, the workers' module after the first paint. This builds that variant of
// dist/ in a temporary directory (never shipped):
//   jwtscope_bg.wasm.js, jwtscope-worker_bg.wasm.js   `export default "<base64>"`:
//       JavaScript modules (script-src 'self'), not fetches (connect-src)
//   boot.js    imports the first statically (fetched beside the glue), the second
//              with import() after start(); index.html without the wasm preload
//              and with connect-src 'none' in its CSP
// and serves both gzip-encoded from 127.0.0.1 (as deploy/ does) and opens dist/ and
// the variant alternately in fresh browser contexts (service
// workers blocked, so both load from the network every time), on the loopback and
// on a throttled link (Chromium's network emulation: 40 ms latency, 10 Mbit/s
// down, 5 up); the time from navigation start to the page started
// (html[data-app="ready"]: the example verified and painted) and to the workers
// ready, median of the rounds. The sizes: each module as served (gzip -9 of the
// .wasm) against embedded (gzip -9 of its .wasm.js), and the single file against
// all of dist/.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { builtNames } from '../scripts/own-files.mjs';
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(repo, 'dist');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 15;
const gz = (b) => gzipSync(b, { level: 9 }).length;
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const pct = (a, b) => `${a >= b ? '+' : ''}${((100 * (a - b)) / b).toFixed(1)}%`;
const must = (cond, what) => {
  if (!cond) throw new Error(`embed-cost: ${what}`);
};

// --- the embedded variant of dist/ ---------------------------------------------------------
const variant = mkdtempSync(path.join(tmpdir(), 'jwtscope-embed-'));
process.on('exit', () => rmSync(variant, { recursive: true, force: true }));
for (const f of readdirSync(dist)) if (!f.endsWith('.gz')) cpSync(path.join(dist, f), path.join(variant, f));
// dist/'s hashed names by their plain names; the variant's boot script takes boot.js's
// name (index.html names it), its modules are "<plain name>.js".
const built = builtNames(dist);
const sizes = [];
for (const f of ['jwtscope_bg.wasm', 'jwtscope-worker_bg.wasm']) {
  const bytes = readFileSync(path.join(dist, built[f]));
  const js = `export default ${JSON.stringify(gzipSync(bytes, { level: 9 }).toString('base64'))};\n`;
  writeFileSync(path.join(variant, `${f}.js`), js);
  rmSync(path.join(variant, built[f]));
  sizes.push([f, gz(bytes), gz(Buffer.from(js))]);
}
writeFileSync(path.join(variant, built['boot.js']), `import init, { start } from './${built['jwtscope.js']}';
import pageModule from './jwtscope_bg.wasm.js';
const embedded = (b64) => {
  const gz = typeof Uint8Array.fromBase64 === 'function' ? Uint8Array.fromBase64(b64) : Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip')), { headers: { 'Content-Type': 'application/wasm' } });
};
const module = await WebAssembly.compileStreaming(embedded(pageModule));
await init({ module_or_path: module });
const workers = [];
const count = Math.min(Math.max(navigator.hardwareConcurrency || 1, 1), 8);
for (let i = 0; i < count; i += 1) workers.push(new Worker(new URL('./${built['worker.js']}', import.meta.url), { type: 'module', name: \`jwtscope-\${i + 1}\` }));
start(workers);
import('./jwtscope-worker_bg.wasm.js')
  .then((m) => WebAssembly.compileStreaming(embedded(m.default)))
  .then((second) => workers.forEach((w) => w.postMessage({ type: 'init', module: second })));
`);
let html = readFileSync(path.join(variant, 'index.html'), 'utf8');
must(html.includes('</head>') && html.includes("connect-src 'self'"), 'index.html is not as expected');
html = html.replace('</head>', '<link rel="modulepreload" href="./jwtscope_bg.wasm.js"></head>').replace("connect-src 'self'", "connect-src 'none'");
writeFileSync(path.join(variant, 'index.html'), html);

console.log('| module | served (gzip -9 of the .wasm) | embedded (gzip -9 of the .wasm.js) | cost |\n|---|--:|--:|--:|');
for (const [f, a, b] of sizes) console.log(`| ${f} | ${kb(a)} | ${kb(b)} | ${pct(b, a)} |`);
const firstLoad = (dir, names) => names.reduce((n, f) => n + gz(readFileSync(path.join(dir, f))), 0);
const common = ['index.html', built['boot.js'], built['jwtscope.js'], built['style.css']];
const fa = firstLoad(dist, [...common, built['jwtscope_bg.wasm']]);
const fb = firstLoad(variant, [...common, 'jwtscope_bg.wasm.js']);
console.log(`| first load (index.html, boot.js, jwtscope.js, style.css, the page's module) | ${kb(fa)} | ${kb(fb)} | ${pct(fb, fa)} |`);
const single = path.join(repo, 'dist-single/jwtscope.html');
if (existsSync(single)) {
  const site = readdirSync(dist).filter((f) => !f.endsWith('.gz')).reduce((n, f) => n + gz(readFileSync(path.join(dist, f))), 0);
  console.log(`\nall of dist/: ${kb(site)} gzip; the single file: ${kb(gz(readFileSync(single)))} gzip (${pct(gz(readFileSync(single)), site)})`);
}

// --- load ------------------------------------------------------------------------------------
// Each site from memory, every file gzip -9 (as deploy/ serves the .gz files), never cached.
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm' };
async function serve(dir) {
  const files = new Map(readdirSync(dir).filter((f) => TYPES[path.extname(f)]).map((f) => [f, gzipSync(readFileSync(path.join(dir, f)), { level: 9 })]));
  const server = createServer((req, res) => {
    const name = new URL(req.url, 'http://x').pathname.slice(1) || 'index.html';
    const body = files.get(name);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(name)], 'Content-Encoding': 'gzip', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}
const servers = { fetch: await serve(dist), embedded: await serve(variant) };
const browser = await chromium.launch({
  executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
});
async function once(which, throttled) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  if (throttled) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 5e6 / 8 });
  }
  await page.addInitScript(() => {
    window.__at = {};
    new MutationObserver(() => {
      const d = document.documentElement.dataset;
      if (d.app === 'ready' && !window.__at.app) window.__at.app = performance.now();
      if (d.worker === 'ready' && !window.__at.worker) window.__at.worker = performance.now();
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-app', 'data-worker'] });
  });
  await page.goto(servers[which].url, { waitUntil: 'load' });
  await page.waitForSelector('html[data-app="ready"][data-worker="ready"]', { timeout: 60000 });
  const at = await page.evaluate(() => window.__at);
  await context.close();
  must(errors.length === 0, `${which}: console errors: ${errors.join(' | ')}`);
  return at;
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
for (const throttled of [false, true]) {
  const t = { fetch: { app: [], worker: [] }, embedded: { app: [], worker: [] } };
  for (let i = 0; i < rounds + 2; i++) {
    for (const which of i % 2 ? ['embedded', 'fetch'] : ['fetch', 'embedded']) {
      const at = await once(which, throttled);
      if (i >= 2) { // two warm-up rounds
        t[which].app.push(at.app);
        t[which].worker.push(at.worker);
      }
    }
  }
  console.log(`\n${throttled ? 'throttled link (40 ms, 10 Mbit/s down)' : 'loopback'}, median of ${rounds} rounds each, interleaved (ms from navigation start):`);
  console.log('| | dist/ (fetch) | embedded | cost |\n|---|--:|--:|--:|');
  for (const k of ['app', 'worker']) {
    const a = median(t.fetch[k]);
    const b = median(t.embedded[k]);
    console.log(`| ${k === 'app' ? 'page started (example verified, painted)' : 'workers ready'} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${b - a >= 0 ? '+' : ''}${(b - a).toFixed(1)} ms |`);
  }
}
await browser.close();
for (const s of Object.values(servers)) await s.close();
