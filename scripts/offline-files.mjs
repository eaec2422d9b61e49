#!/usr/bin/env node
// Writes sw.js, the service worker (www/sw.js), into a built site with the list of
// the page's own files and their SHA-256, and fails when the site holds another file
// or lacks one. Run by Trunk after every build (a post_build hook, Trunk.toml), on
// the staging directory, so `trunk build --release` makes the whole of dist/; by
// hand on a built directory:
//
//   node scripts/offline-files.mjs [DIR]       (default: $TRUNK_STAGING_DIR)
//
// The list is src/app/offline.rs's OWN_FILES (the page counts a request to one of
// them as its own file, not as a network request): one list for the page, the
// worker and this check. "" (the directory) and sw.js are in it but not precached:
// the first is index.html, the second is the worker itself.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
const fail = (msg) => {
  console.error(`offline-files: ${msg}`);
  process.exit(1);
};
if (!dir) fail('no directory (give one, or run as a Trunk hook)');

const rust = readFileSync(path.join(repo, 'src/app/offline.rs'), 'utf8');
const block = rust.match(/pub const OWN_FILES: &\[&str\] = &\[([^\]]*)\];/);
if (!block) fail('OWN_FILES not found in src/app/offline.rs');
const own = [...block[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
const precached = own.filter((n) => n !== '' && n !== 'sw.js');

// Every file of the site (a .gz is scripts/precompress's copy of one of them).
const found = [];
(function walk(d, rel) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walk(path.join(d, e.name), r);
    else if (!e.name.endsWith('.gz')) found.push(r);
  }
})(dir, '');
const extra = found.filter((f) => !own.includes(f));
const missing = precached.filter((f) => !found.includes(f));
if (extra.length || missing.length) {
  fail(`the built files are not OWN_FILES (src/app/offline.rs): ${extra.length ? `not listed: ${extra.join(', ')}` : ''}${extra.length && missing.length ? '; ' : ''}${missing.length ? `missing: ${missing.join(', ')}` : ''}`);
}

const files = precached.map((name) => [name, createHash('sha256').update(readFileSync(path.join(dir, name))).digest('base64')]);
const version = createHash('sha256').update(files.map(([n, h]) => `${n} ${h}\n`).join('')).digest('hex').slice(0, 16);
const template = readFileSync(path.join(repo, 'www/sw.js'), 'utf8');
const out = `// Written by scripts/offline-files.mjs from www/sw.js: do not edit.\nconst VERSION = ${JSON.stringify(version)};\nconst FILES = ${JSON.stringify(files, null, 1).replace(/\n\s*/g, ' ')};\n\n${template}`;
writeFileSync(path.join(dir, 'sw.js'), out);
console.log(`offline-files: sw.js, version ${version}, ${files.length} files`);
