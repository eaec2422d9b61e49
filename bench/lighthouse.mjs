#!/usr/bin/env node
// Lighthouse on the built page (issue 13), as a mobile user meets it: dist/ copied to
// a temporary directory, precompressed (scripts/precompress) and served gzipped like
// deploy/nginx.conf serves it (scripts/static-server.mjs --gzip: the .gz of each file
// to a client that accepts gzip), then Lighthouse 12.2.3 (bench/lighthouse/, pinned
// with its lockfile; scripts/bench installs it on first use) with its default
// settings: the mobile form factor (Moto G Power, 412×823), simulated throttling
// (150 ms RTT, 1.6 Mbit/s down, 4× CPU slowdown), every category. Debian's Chromium,
// headless. The median run by performance score is reported with its metrics.
//
//   node bench/lighthouse.mjs [--dist dist] [--runs 3] [--out NAME]
// Writes bench/output/NAME.json (default lighthouse.json) and prints a table.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../scripts/static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const dist = path.resolve(opt('--dist', path.join(repo, 'dist')));
const runs = Number(opt('--runs', '3'));
const out = opt('--out', 'lighthouse');
const bin = path.join(here, 'lighthouse/node_modules/.bin/lighthouse');
if (!existsSync(bin)) {
  console.error('lighthouse: not installed: run `npm ci --prefix bench/lighthouse` (scripts/bench does)');
  process.exit(2);
}

const site = mkdtempSync(path.join(tmpdir(), 'jwtscope-lighthouse-'));
cpSync(dist, site, { recursive: true });
execFileSync(path.join(repo, 'scripts/precompress'), [site], { stdio: 'ignore' });
const server = await startServer({ root: site, port: 0, gzip: true });
const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
const results = [];
try {
  for (let i = 0; i < runs; i++) {
    const file = path.join(site, `report-${i}.json`);
    // Asynchronously: the server runs in this process's event loop.
    await promisify(execFile)(bin, [
      server.url,
      '--quiet',
      '--output=json',
      `--output-path=${file}`,
      `--chrome-path=${process.env.CHROME_BIN || '/usr/bin/chromium'}`,
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
    ], { timeout: 400_000 });
    const lhr = JSON.parse(readFileSync(file, 'utf8'));
    const a = (id) => lhr.audits[id];
    results.push({
      performance: Math.round(lhr.categories.performance.score * 100),
      accessibility: Math.round(lhr.categories.accessibility.score * 100),
      best_practices: Math.round(lhr.categories['best-practices'].score * 100),
      seo: Math.round(lhr.categories.seo.score * 100),
      fcp_ms: Math.round(a('first-contentful-paint').numericValue),
      lcp_ms: Math.round(a('largest-contentful-paint').numericValue),
      tbt_ms: Math.round(a('total-blocking-time').numericValue),
      cls: Number(a('cumulative-layout-shift').numericValue.toFixed(3)),
      speed_index_ms: Math.round(a('speed-index').numericValue),
      total_kib: Math.round(a('total-byte-weight').numericValue / 1024),
      failed_audits: Object.values(lhr.audits)
        .filter((x) => x.score !== null && x.score < 1 && ['binary', 'numeric'].includes(x.scoreDisplayMode)
          && !['first-contentful-paint', 'largest-contentful-paint', 'speed-index', 'interactive',
            'total-blocking-time', 'max-potential-fid', 'cumulative-layout-shift'].includes(x.id))
        .map((x) => x.id),
      settings: {
        form_factor: lhr.configSettings.formFactor,
        throttling_method: lhr.configSettings.throttlingMethod,
        throttling: lhr.configSettings.throttling,
      },
    });
    console.error(`lighthouse: run ${i + 1}/${runs}: performance ${results.at(-1).performance}`);
  }
} finally {
  await server.close();
  rmSync(site, { recursive: true, force: true });
}
const sorted = [...results].sort((x, y) => x.performance - y.performance);
const median = sorted[Math.floor(sorted.length / 2)];
const report = { generated_at: new Date().toISOString(), lighthouse: version, runs: results, median };
mkdirSync(path.join(here, 'output'), { recursive: true });
writeFileSync(path.join(here, 'output', `${out}.json`), `${JSON.stringify(report, null, 1)}\n`);
const goals = [
  ['performance', median.performance, '≥ 95', median.performance >= 95],
  ['largest contentful paint', `${median.lcp_ms} ms`, '≤ 1200 ms', median.lcp_ms <= 1200],
  ['cumulative layout shift', median.cls, '≤ 0.02', median.cls <= 0.02],
  ['total blocking time', `${median.tbt_ms} ms`, '≤ 50 ms', median.tbt_ms <= 50],
  ['accessibility', median.accessibility, '100', median.accessibility === 100],
  ['best practices', median.best_practices, '100', median.best_practices === 100],
  ['SEO', median.seo, '100', median.seo === 100],
];
console.log(`Lighthouse ${version}, median of ${runs} by performance (all: ${results.map((r) => r.performance).join(', ')})`);
for (const [what, got, goal, ok] of goals) console.log(`${ok ? 'met    ' : 'NOT MET'} ${what}: ${got} (goal ${goal})`);
console.log(`first contentful paint ${median.fcp_ms} ms, speed index ${median.speed_index_ms} ms, total ${median.total_kib} KiB`);
if (median.failed_audits.length) console.log(`audits not passed: ${median.failed_audits.join(', ')}`);
