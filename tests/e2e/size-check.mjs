#!/usr/bin/env node
// Fails when the page's first load, the rest of its module, its workers' module or
// its offline files exceed their gzip budgets in tests/e2e/size-budget.json, or when
// a wasm module of dist/ still carries its function names. Each
// file of dist/ is gzipped at zlib level 9 (what a static server with gzip sends);
// the files the budget names as the later module, the second module and the offline
// files (all fetched after the first paint) are summed apart from the rest (the
// first load). The budget names files by their
// plain names ("worker.js" for dist/'s "worker-<hash>.js": src/app/offline.rs
// OWN_FILES, read by scripts/own-files.mjs).
//
//   node tests/e2e/size-check.mjs [--dist dist]
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { patternOf, plainName } from '../../scripts/own-files.mjs';
import { apart, budget, groupOf } from './size-groups.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const argDist = process.argv.indexOf('--dist');
const dist = path.resolve(repo, argDist > 0 ? process.argv[argDist + 1] : 'dist');

async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(p)));
    // (A .gz is scripts/precompress's copy of a file counted already.)
    else if (entry.isFile() && !entry.name.endsWith('.gz')) out.push(p);
  }
  return out;
}

let list;
try {
  list = (await files(dist)).sort();
} catch (err) {
  console.error(`size-check: cannot read ${dist}: ${err.message} (run trunk build --release first)`);
  process.exit(1);
}
const groups = { 'first load': { limit: budget.gzip_bytes, raw: 0, gz: 0, n: 0 } };
for (const [label, b] of apart) groups[label] = { limit: b.gzip_bytes, raw: 0, gz: 0, n: 0 };
const plain = (name) => {
  const p = patternOf(name);
  return p ? plainName(p) : name;
};
const kb = (n) => (n / 1000).toFixed(1).padStart(7) + ' KB';
const seen = new Set();
// No wasm module ships its function names (the builds keep them only for the split
// and for ordering functions; scripts/split.mjs's last wasm-opt, run without -g,
// writes none).
const wasmProblems = [];
for (const f of list) {
  const name = path.relative(dist, f);
  const data = await readFile(f);
  if (name.endsWith('.wasm')) {
    try {
      const module = new WebAssembly.Module(data);
      if (WebAssembly.Module.customSections(module, 'name').length) wasmProblems.push(`${name} carries a name section (function names are not shipped)`);
      for (const linker of ['linking', 'reloc.CODE', 'reloc.DATA']) {
        if (WebAssembly.Module.customSections(module, linker).length) wasmProblems.push(`${name} carries the linker's ${linker} section (build.rs's --emit-relocs is for the split, not shipped)`);
      }
    } catch (err) {
      wasmProblems.push(`${name} is not a module this Node compiles (${err.message})`);
    }
  }
  const z = gzipSync(data, { level: 9 }).length;
  const group = groupOf(plain(name));
  const g = groups[group];
  if (group !== 'first load') seen.add(plain(name));
  g.raw += data.length;
  g.gz += z;
  g.n += 1;
  const label = group === 'first load' ? '' : `  (${group})`;
  console.log(`${kb(data.length)} raw ${kb(z)} gzip  ${name}${label}`);
}
let failed = false;
for (const what of wasmProblems) {
  console.error(`size-check: FAILED: ${what}`);
  failed = true;
}
for (const name of apart.flatMap(([, b]) => b.files)) {
  if (!seen.has(name)) {
    console.error(`size-check: FAILED: ${name}, listed in a budget of its own, is not in ${dist}`);
    failed = true;
  }
}
for (const [label, g] of Object.entries(groups)) {
  const pct = ((100 * g.gz) / g.limit).toFixed(0);
  console.log(`${kb(g.raw)} raw ${kb(g.gz)} gzip  ${label} (${g.n} files), budget ${kb(g.limit).trim()} (${pct}%)`);
  if (g.gz > g.limit) {
    console.error(`size-check: FAILED: ${label}: ${g.gz} bytes gzip > budget ${g.limit} bytes`);
    failed = true;
  }
}
if (failed) process.exit(1);
console.log('size-check: ok (tests/e2e/size-budget.json)');
