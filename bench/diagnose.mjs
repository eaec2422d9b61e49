#!/usr/bin/env node
// Where the page's time goes (a helper for the Experiments in docs/BENCHMARKS.md,
// not part of scripts/bench). Serves dist/ and, in headless Chromium:
//
//   node bench/diagnose.mjs keystroke [8k|1k] [HS256|RS256|ES256]
//       a V8 CPU profile (100 µs sampling) of 200 typed keystrokes: top self time
//   node bench/diagnose.mjs load
//       a Chrome trace of one cold load: main-thread tasks over 5 ms, and the
//       wasm/script events inside them
//
// Function names inside the shipped wasm are stripped; build with names
// (`--dist` pointing at a build with a name section) to see Rust functions.
//   [--dist DIR]
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const args = process.argv.slice(2);
const distAt = args.indexOf('--dist');
const dist = distAt >= 0 ? path.resolve(args.splice(distAt, 2)[1]) : path.join(repo, 'dist');
const [what = 'keystroke', size = '8k', alg = 'HS256'] = args;
const inputs = JSON.parse(await readFile(path.join(here, 'fixtures/inputs.json'), 'utf8'));
const LAUNCH_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const server = await startServer({ root: dist, port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS, headless: true });
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (what === 'load') {
    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading'],
    });
    await page.goto(server.url);
    await page.waitForFunction(() => document.documentElement.getAttribute('data-app') === 'ready');
    await page.waitForTimeout(500);
    const trace = JSON.parse((await browser.stopTracing()).toString());
    const events = trace.traceEvents || trace;
    const nav = events.find((e) => e.name === 'navigationStart' || e.name === 'NavigationStartToLargestContentfulPaint::AllFrames::UMA');
    const t0 = Math.min(...events.filter((e) => e.name === 'navigationStart').map((e) => e.ts), nav ? nav.ts : Infinity);
    // The renderer main thread: the one with the most RunTask time from the page.
    const byThread = new Map();
    for (const e of events) {
      if (e.ph === 'X' && e.name === 'RunTask') {
        const k = `${e.pid}:${e.tid}`;
        byThread.set(k, (byThread.get(k) || 0) + e.dur);
      }
    }
    const names = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
    const mains = [...byThread.keys()].filter((k) => names.get(k) === 'CrRendererMain');
    for (const main of mains) {
      const [pid, tid] = main.split(':').map(Number);
      const mine = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X');
      const tasks = mine.filter((e) => e.name === 'RunTask' && e.dur > 5000);
      if (!tasks.length) continue;
      console.log(`renderer main thread ${main}: tasks over 5 ms (ms since navigation start)`);
      for (const t of tasks) {
        console.log(`  task at ${((t.ts - t0) / 1000).toFixed(1)} ms: ${(t.dur / 1000).toFixed(1)} ms`);
        const inside = mine
          .filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.dur > 1000)
          .sort((a, b) => a.ts - b.ts);
        for (const e of inside.slice(0, 25)) {
          const detail = e.args?.data?.url || e.args?.data?.functionName || e.args?.data?.type || '';
          console.log(`    +${((e.ts - t.ts) / 1000).toFixed(1)} ${e.name} ${(e.dur / 1000).toFixed(1)} ms ${String(detail).slice(0, 80)}`);
        }
      }
    }
    const marks = await page.evaluate(() => ({
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      resources: performance.getEntriesByType('resource').map((r) => [r.name.split('/').pop(), Math.round(r.startTime), Math.round(r.responseEnd)]),
      nav: (({ responseEnd, domInteractive, domContentLoadedEventEnd, loadEventEnd }) => ({ responseEnd, domInteractive, domContentLoadedEventEnd, loadEventEnd }))(performance.getEntriesByType('navigation')[0]),
    }));
    console.log(JSON.stringify(marks, null, 1));
  } else {
    await page.goto(server.url);
    await page.waitForFunction(() => document.documentElement.getAttribute('data-app') === 'ready');
    const key = alg.startsWith('HS') ? inputs.secrets[alg] : inputs.keys[{ RS256: 'rsa2048', ES256: 'p256' }[alg]].public_pem;
    await page.selectOption('#secret-encoding', 'utf8');
    await page.fill('[data-testid=key]', key);
    await page.fill('[data-testid=token]', inputs.tokens[size][alg]);
    await page.selectOption('[data-testid=alg]', alg);
    await page.focus('[data-testid=token]');
    await page.evaluate(() => {
      const t = document.querySelector('[data-testid=token]');
      t.setSelectionRange(t.value.length, t.value.length);
    });
    if (what === 'keystroke-trace') {
      await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'] });
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press('A');
        await page.keyboard.press('Backspace');
      }
      const trace = JSON.parse((await browser.stopTracing()).toString());
      const events = (trace.traceEvents || trace).filter((e) => e.ph === 'X');
      const names = new Map((trace.traceEvents || trace).filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
      const tasks = events.filter((e) => e.name === 'RunTask' && names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain' && e.dur > 500);
      const agg = new Map();
      for (const t of tasks) {
        const inside = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur);
        const line = inside.filter((e) => e.dur > 300).map((e) => `${e.name}${e.args?.data?.type ? '(' + e.args.data.type + ')' : ''} ${(e.dur / 1000).toFixed(2)}`).join(', ');
        console.log(`task ${(t.dur / 1000).toFixed(2)} ms: ${line.slice(0, 400)}`);
        for (const e of inside) {
          const k = e.name + (e.args?.data?.type ? '(' + e.args.data.type + ')' : '');
          agg.set(k, (agg.get(k) || 0) + e.dur);
        }
      }
      console.log('--- totals (inclusive, ms) over 40 keystrokes');
      for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(v / 1000).toFixed(1).padStart(8)} ${k}`);
      await context.close();
      process.exit(0);
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    for (let i = 0; i < 100; i++) {
      await page.keyboard.press('A');
      await page.keyboard.press('Backspace');
    }
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const dt = profile.timeDeltas;
    profile.samples.forEach((id, i) => {
      const n = byId.get(id);
      const f = n.callFrame;
      const name = `${f.functionName || '(anonymous)'} ${f.url ? f.url.split('/').pop() : ''}${f.lineNumber >= 0 ? ':' + f.lineNumber : ''}`;
      self.set(name, (self.get(name) || 0) + (dt[i + 1] || 0));
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    const idle = ['(idle)', '(program)', '(garbage collector)'].reduce((a, k) => a + (self.get(`${k} `) || 0), 0);
    console.log(`CPU profile of 200 keystrokes (${size} ${alg}): ${(total / 1000).toFixed(0)} ms sampled, ${((total - (self.get('(idle) ') || 0)) / 1000).toFixed(0)} ms busy`);
    for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
      console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`);
    }
    void idle;
  }
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
