#!/usr/bin/env node
// Fails when the gzip size of dist/ exceeds the budget in tests/e2e/size-budget.json.
// Each file is gzipped at zlib level 9 and the sizes are summed (what a static
// server with gzip would send for a cold load of every file).
//
//   node tests/e2e/size-check.mjs [--dist dist]
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const argDist = process.argv.indexOf('--dist');
const dist = path.resolve(repo, argDist > 0 ? process.argv[argDist + 1] : 'dist');

async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(p)));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

const budget = JSON.parse(await readFile(path.join(here, 'size-budget.json'), 'utf8'));
const limit = budget.gzip_bytes;
let list;
try {
  list = (await files(dist)).sort();
} catch (err) {
  console.error(`size-check: cannot read ${dist}: ${err.message} (run trunk build --release first)`);
  process.exit(1);
}
let raw = 0;
let gz = 0;
const rows = [];
for (const f of list) {
  const data = await readFile(f);
  const z = gzipSync(data, { level: 9 }).length;
  raw += data.length;
  gz += z;
  rows.push([path.relative(dist, f), data.length, z]);
}
const kb = (n) => (n / 1000).toFixed(1).padStart(7) + ' KB';
for (const [name, r, z] of rows) console.log(`${kb(r)} raw ${kb(z)} gzip  ${name}`);
console.log(`${kb(raw)} raw ${kb(gz)} gzip  total (${rows.length} files)`);
console.log(`budget: ${kb(limit)} gzip (tests/e2e/size-budget.json)`);
if (gz > limit) {
  console.error(`size-check: FAILED: ${gz} bytes gzip > budget ${limit} bytes`);
  process.exit(1);
}
console.log(`size-check: ok (${((100 * gz) / limit).toFixed(0)}% of budget)`);
