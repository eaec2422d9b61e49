#!/usr/bin/env node
// What the single file's embedding (scripts/single-file.mjs: each wasm module gzip -9
// then base64, in the page; no fetch, so the CSP can say connect-src 'none') would
// cost the served site, to decide issue 12's rule: serve the site with
// connect-src 'none' only if it costs <= 5% gzip and <= 10 ms at load.
//
//   node bench/embed-cost.mjs [--rounds 15]
//
// Sizes: each module as served (gzip -9 of the .wasm) against embedded (gzip -9 of
// the base64 of its gzip -9), and the whole single file against all of dist/.
// Load: dist/ and dist-single/jwtscope.html, both served from 127.0.0.1 (the
// single file is exactly the embedding, served), opened alternately in fresh
// browser contexts; the time from navigation start to the page started
// (html[data-app="ready"]: the example verified and painted) and to the workers
// ready (data-worker="ready"), median of the rounds. Not a test: CI times nothing.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/static-server.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(repo, 'dist');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 15;
const gz = (b) => gzipSync(b, { level: 9 }).length;
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const pct = (a, b) => `${a >= b ? '+' : ''}${((100 * (a - b)) / b).toFixed(1)}%`;

console.log('| module | served (gzip -9) | embedded (gzip -9 of base64 of gzip -9) | cost |\n|---|--:|--:|--:|');
for (const f of ['jwtscope_bg.wasm', 'jwtscope-worker_bg.wasm']) {
  const bytes = readFileSync(path.join(dist, f));
  const served = gz(bytes);
  const embedded = gz(Buffer.from(gzipSync(bytes, { level: 9 }).toString('base64')));
  console.log(`| ${f} | ${kb(served)} | ${kb(embedded)} | ${pct(embedded, served)} |`);
}
const site = readdirSync(dist).filter((f) => !f.endsWith('.gz')).reduce((n, f) => n + gz(readFileSync(path.join(dist, f))), 0);
const single = gz(readFileSync(path.join(repo, 'dist-single/jwtscope.html')));
console.log(`\nall of dist/ ${kb(site)} gzip; the single file ${kb(single)} gzip (${pct(single, site)})`);

const servers = {
  site: await startServer({ root: dist, port: 0 }),
  single: await startServer({ root: path.join(repo, 'dist-single'), port: 0 }),
};
const urls = { site: servers.site.url, single: `${servers.single.url}jwtscope.html` };
const browser = await chromium.launch({
  executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
});
const times = { site: { app: [], worker: [] }, single: { app: [], worker: [] } };
for (let i = 0; i < rounds + 2; i++) {
  for (const which of i % 2 ? ['single', 'site'] : ['site', 'single']) {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__at = {};
      new MutationObserver(() => {
        const d = document.documentElement.dataset;
        if (d.app === 'ready' && !window.__at.app) window.__at.app = performance.now();
        if (d.worker === 'ready' && !window.__at.worker) window.__at.worker = performance.now();
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-app', 'data-worker'] });
    });
    await page.goto(urls[which], { waitUntil: 'load' });
    await page.waitForSelector('html[data-app="ready"][data-worker="ready"]', { timeout: 30000 });
    const at = await page.evaluate(() => window.__at);
    if (i >= 2) { // two warm-up rounds
      times[which].app.push(at.app);
      times[which].worker.push(at.worker);
    }
    await context.close();
  }
}
await browser.close();
await servers.site.close();
await servers.single.close();
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`\nload, median of ${rounds} rounds each, interleaved (ms from navigation start):`);
console.log('| | dist/ (fetch) | single file (embedded) | cost |\n|---|--:|--:|--:|');
for (const k of ['app', 'worker']) {
  const a = median(times.site[k]);
  const b = median(times.single[k]);
  console.log(`| ${k === 'app' ? 'page started (example verified, painted)' : 'workers ready'} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b - a) >= 0 ? '+' : ''}${(b - a).toFixed(1)} ms |`);
}
