#!/usr/bin/env node
// Writes www/first-load.txt, the functions the page's first load keeps in its first
// module (scripts/split.mjs): builds the page with every function reporting itself
// (JWTSCOPE_SPLIT_PROFILE, into a temporary directory), opens it in Chromium, runs
// tests/e2e/first-load-cases.mjs (every algorithm verified, each key form, typing,
// share links opened) and lists the functions that ran. Run it when the end-to-end
// suite's "first load" test says the list no longer covers the first load; commit
// the list it writes.
//
//   node scripts/split-profile.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './static-server.mjs';
import { KEEP_LIST } from './split.mjs';
import { firstLoadCases, firstLoadLinks } from '../tests/e2e/first-load-cases.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(tmpdir(), 'jwtscope-profile-'));
const names = path.join(work, 'names.txt');
const dist = path.join(work, 'dist');
const $ = (id) => `[data-testid="${id}"]`;

try {
  execFileSync('trunk', ['build', '--release', '--dist', dist], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, JWTSCOPE_SPLIT_PROFILE: names },
  });
  const server = await startServer({ root: dist, port: 0 });
  const browser = await chromium.launch({ executablePath: process.env.CHROME_BIN || '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    const verdict = async (signature, claims, what) => {
      try {
        await page.waitForFunction(([s, c]) => {
          const v = document.querySelector('[data-testid="verdict"]');
          return v && v.dataset.signature === s && (!c || v.dataset.claims === c);
        }, [signature, claims], { timeout: 10000 });
      } catch {
        const v = await page.$eval($('verdict'), (e) => `${e.dataset.signature}/${e.dataset.claims}: ${e.textContent.replace(/\s+/g, ' ').trim()}`);
        throw new Error(`${what}: the verdict is not ${signature}${claims ? `/${claims}` : ''} but ${v}`);
      }
    };
    await verdict('valid', undefined, 'the example');
    // As a visitor meets it once it has loaded, and as the end-to-end suite tests it:
    // the workers ready (a secret pasted then gets the known-secret check's answer).
    await page.waitForSelector('html[data-app="ready"][data-worker="ready"]', { timeout: 20000 });
    for (const c of firstLoadCases()) {
      await page.fill($('key'), '');
      await page.fill($('token'), c.token);
      await page.selectOption($('secret-encoding'), 'utf8');
      await page.fill($('key'), c.key);
      await verdict(c.signature, c.claims, c.name);
    }
    // Typing: a character at a time at the end of the token, then removed.
    await page.focus($('token'));
    await page.keyboard.press('End');
    await page.keyboard.type('abc');
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('Backspace');
    await page.fill($('token'), 'not a token');
    await page.waitForFunction(() => document.querySelector('[data-testid="verdict"]')?.dataset.signature !== 'valid');
    const hits = new Set(await page.evaluate(() => [...(globalThis.__jwtscopeMarks || [])]));
    // Share links, each opened in a tab of its own (the page reads them as it starts).
    for (const link of firstLoadLinks(server.url)) {
      const tab = await browser.newPage();
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(link.url);
      await tab.waitForFunction((s) => document.querySelector('[data-testid="verdict"]')?.dataset.signature === s
        && document.documentElement.dataset.app === 'ready', link.signature, { timeout: 10000 });
      for (const i of await tab.evaluate(() => [...(globalThis.__jwtscopeMarks || [])])) hits.add(i);
      await tab.close();
    }
    if (errors.length) throw new Error(`the page failed: ${errors.join('; ')}`);
    const all = readFileSync(names, 'utf8').split('\n');
    const kept = [...new Set([...hits].map((i) => all[i]).filter(Boolean))].sort();
    writeFileSync(KEEP_LIST, `# The page's first load: the functions that opening the page, every algorithm's
# verification, typing and share links ran (tests/e2e/first-load-cases.mjs), by name without
# hashes. Written by scripts/split-profile.mjs; read by scripts/split.mjs.
${kept.join('\n')}
`);
    console.log(`split-profile: ${kept.length} names (${hits.size} of ${all.length} functions ran) -> ${path.relative(repo, KEEP_LIST)}`);
  } finally {
    await browser.close();
    server.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
