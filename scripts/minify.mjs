#!/usr/bin/env node
// Minifies the scripts of a built site with terser (npm, pinned in package.json):
// the page's own (boot.js, worker.js, offline.js) and wasm-bindgen's glue for each
// module (jwtscope.js, jwtscope-worker.js), which wasm-bindgen writes readable, with
// its indentation and long local names. All of them are ES modules (`--module`:
// names that are not exported may be shortened). And the style sheet loses its
// comments and indentation (minifyCss, a scan of its own). Measured on the first
// load: -1.6 KB gzip; on the second module -1.6 KB (docs/BENCHMARKS.md, "Session 10").
// scripts/hash-names.mjs runs it on a site not yet hashed (the Trunk post_build
// hook); by hand (the scripts only):
//
//   node scripts/minify.mjs DIR
//
// A script terser cannot parse fails the build, with terser's message. sw.js is not
// here yet at that point (scripts/offline-files.mjs writes it after the names).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HASH_DIGITS } from './own-files.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TERSER = path.join(repo, 'node_modules', 'terser', 'bin', 'terser');
const HASHED = new RegExp(`-[0-9a-f]{${HASH_DIGITS}}\\.js$`);

/** The options, one list for every script: an ES module, compressed twice over, names mangled, no comments. */
const TERSER_ARGS = ['--module', '--compress', 'passes=2', '--mangle', '--comments', 'false'];

/**
 * Minifies `files` of `dir` in place (by default every .js file directly in it that
 * has no content-hashed name: a named file's bytes are final, its hash is in its
 * name and in sw.js); returns { file: [bytes before, bytes after] }.
 */
export function minifyScripts(dir, files = readdirSync(dir).filter((n) => n.endsWith('.js') && !HASHED.test(n))) {
  if (!existsSync(TERSER)) throw new Error(`no terser at ${TERSER}: run scripts/setup (npm ci)`);
  const done = {};
  for (const f of [...files].sort()) {
    const file = path.join(dir, f);
    const before = statSync(file).size;
    try {
      execFileSync(process.execPath, [TERSER, file, ...TERSER_ARGS, '--output', file], { stdio: 'pipe' });
    } catch (err) {
      throw new Error(`terser failed on ${f}:\n${err.stderr}`);
    }
    if (!readFileSync(file, 'utf8').trim()) throw new Error(`terser left ${f} empty`);
    done[f] = [before, statSync(file).size];
  }
  return done;
}

/**
 * A style sheet without its comments, the indentation of its lines and its blank
 * lines. Comments are found by a scan that skips strings ('…', "…", with their
 * escapes), so a string holding "/*" is kept; a line's leading whitespace is never
 * inside a string (a CSS string cannot hold a raw line break), and a line break
 * still separates what it separated. Nothing else is touched.
 */
export function minifyCss(css) {
  let out = '';
  for (let i = 0; i < css.length; i += 1) {
    const c = css[i];
    if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      if (end < 0) throw new Error('a comment is not closed');
      i = end + 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < css.length && css[j] !== c) j += css[j] === '\\' ? 2 : 1;
      out += css.slice(i, j + 1);
      i = j;
    } else {
      out += c;
    }
  }
  return out.replace(/^[ \t]+/gm, '').replace(/\n{2,}/g, '\n').replace(/^\n/, '');
}

const sri = (text) => `sha384-${createHash('sha384').update(text, 'utf8').digest('base64')}`;

/**
 * Minifies the style sheets `files` of `dir` in place (minifyCss), and updates the
 * Subresource Integrity digest (sha384, as Trunk writes it) that the site's HTML
 * files give for each: the old digest is replaced wherever it is found, so a page
 * that named the sheet with it names the new bytes. Returns { file: [bytes before,
 * bytes after] }.
 */
export function minifyStyles(dir, files) {
  const done = {};
  const pages = readdirSync(dir).filter((n) => n.endsWith('.html'));
  for (const f of files) {
    const file = path.join(dir, f);
    const before = readFileSync(file, 'utf8');
    const after = minifyCss(before);
    writeFileSync(file, after);
    const [was, is] = [sri(before), sri(after)];
    for (const page of pages) {
      const html = readFileSync(path.join(dir, page), 'utf8');
      if (html.includes(was)) writeFileSync(path.join(dir, page), html.split(was).join(is));
    }
    done[f] = [Buffer.byteLength(before), Buffer.byteLength(after)];
  }
  return done;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const dir = process.argv[2];
    if (!dir) throw new Error('usage: node scripts/minify.mjs DIR');
    for (const [f, [a, b]] of Object.entries(minifyScripts(dir))) console.log(`minify: ${f} ${a} -> ${b} bytes`);
  } catch (err) {
    console.error(`minify: ${err.message}`);
    process.exit(1);
  }
}
