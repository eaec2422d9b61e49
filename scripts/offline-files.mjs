#!/usr/bin/env node
// Names the page's files and writes sw.js, the service worker (www/sw.js), into a
// built site with the list of the page's own files and their SHA-256; fails when the
// site holds another file, lacks one, or holds a hashed name that is not its
// content's. Run by Trunk after every build (a post_build hook, Trunk.toml), on the
// staging directory, so `trunk build --release` makes the whole of dist/; by hand on
// a built directory:
//
//   node scripts/offline-files.mjs [DIR]       (default: $TRUNK_STAGING_DIR)
//
// First scripts/hash-names.mjs gives the files OWN_FILES names with a "#" their
// content-hashed names (a site already hashed is left as it is). The list is
// src/app/offline.rs's OWN_FILES (the page counts a request to one of them as its
// own file, not as a network request), read by scripts/own-files.mjs: one rule for
// the page, the worker and this check. "" (the directory) and sw.js are in it but
// not precached: the first is index.html, the second is the worker itself.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashNames } from './hash-names.mjs';
import { HASH_DIGITS, hashOf, isNamed, ownFiles } from './own-files.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
const fail = (msg) => {
  console.error(`offline-files: ${msg}`);
  process.exit(1);
};
if (!dir) fail('no directory (give one, or run as a Trunk hook)');

try {
  hashNames(dir);
} catch (err) {
  fail(`hash-names: ${err.message}`);
}
const own = ownFiles;
const patterns = own.filter((n) => n !== '' && n !== 'sw.js');

// Every file of the site (a .gz is scripts/precompress's copy of one of them).
const found = [];
(function walk(d, rel) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walk(path.join(d, e.name), r);
    else if (!e.name.endsWith('.gz')) found.push(r);
  }
})(dir, '');
const extra = found.filter((f) => !own.some((p) => isNamed(p, f)));
const missing = patterns.filter((p) => !found.some((f) => isNamed(p, f)));
const twice = patterns.filter((p) => found.filter((f) => isNamed(p, f)).length > 1);
if (extra.length || missing.length || twice.length) {
  fail(`the built files are not OWN_FILES (src/app/offline.rs): ${[
    extra.length ? `not listed: ${extra.join(', ')}` : '',
    missing.length ? `missing: ${missing.join(', ')}` : '',
    twice.length ? `more than one file named as ${twice.join(', ')}` : '',
  ].filter(Boolean).join('; ')}`);
}
const precached = patterns.map((p) => found.find((f) => isNamed(p, f)));
patterns.forEach((p, i) => {
  const at = p.indexOf('#');
  const name = precached[i];
  const hash = hashOf(readFileSync(path.join(dir, name)));
  if (at >= 0 && name.slice(at, at + HASH_DIGITS) !== hash) fail(`${name}: the hash in its name is not its content's (${hash})`);
});

const files = precached.map((name) => [name, createHash('sha256').update(readFileSync(path.join(dir, name))).digest('base64')]);
const version = createHash('sha256').update(files.map(([n, h]) => `${n} ${h}\n`).join('')).digest('hex').slice(0, 16);
const template = readFileSync(path.join(repo, 'www/sw.js'), 'utf8');
const out = `// Written by scripts/offline-files.mjs from www/sw.js: do not edit.\nconst VERSION = ${JSON.stringify(version)};\nconst FILES = ${JSON.stringify(files, null, 1).replace(/\n\s*/g, ' ')};\n\n${template}`;
writeFileSync(path.join(dir, 'sw.js'), out);
console.log(`offline-files: sw.js, version ${version}, ${files.length} files`);
