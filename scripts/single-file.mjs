#!/usr/bin/env node
// Makes the single-file build from a built site: one HTML file with the wasm, the
// JavaScript and the CSS inside, that works opened from disk (file://) with the
// network off. scripts/build-single runs it after `trunk build --release`.
//
//   node scripts/single-file.mjs [--dist dist] [--out dist-single/jwtscope.html]
//
// From dist/'s index.html it removes every reference to another file (dist/'s names
// carry content hashes: src/app/offline.rs OWN_FILES, read by scripts/own-files.mjs)
// and adds:
// - one module script: jwtscope.js (the page's wasm-bindgen glue) then
//   www/boot-single.js (the start, boot.js's counterpart);
// - the stylesheet as a <style>;
// - data blocks (never run): the wasm modules (the page's two parts, the workers')
//   gzip-compressed then base64 (gzip -9
//   survives base64 at 6 bits a character, so the file gzips to about dist/'s size:
//   raw base64 would add a third), and the workers' script, jwtscope-worker.js's glue
//   and worker.js joined into one classic script (see below);
// - its CSP: the script and the style by SHA-256, wasm compilation, workers only
//   from blob: (the page's own Blob), images only data: (the icon), and
//   connect-src 'none': the page cannot make a request at all.
// Every text replaced must be found exactly once, the two scripts must parse
// (node --check), and the result may name no other file: any change in Trunk's
// output that this does not expect fails the build instead of giving a broken file.
// Writes the file and `jwtscope.html.sha256` (for sha256sum -c) beside it, and
// prints sizes.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { builtNames, escapeRegExp } from './own-files.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return path.resolve(repo, i > 0 ? process.argv[i + 1] : fallback);
};
const dist = arg('--dist', 'dist');
const out = arg('--out', 'dist-single/jwtscope.html');
const fail = (msg) => {
  console.error(`single-file: ${msg}`);
  process.exit(1);
};
const read = (name) => {
  try {
    return readFileSync(path.join(dist, name));
  } catch (err) {
    return fail(`cannot read ${name} in ${dist}: ${err.message} (run trunk build --release first)`);
  }
};
const text = (name) => read(name).toString('utf8');
// dist/'s file for a plain name ("boot.js" -> "boot-<hash>.js").
let built;
try {
  built = builtNames(dist);
} catch (err) {
  fail(`${err.message} (run trunk build --release first)`);
}

// Replace `pattern` (a string or a RegExp) found exactly once.
function once(html, pattern, replacement, what) {
  const re = typeof pattern === 'string' ? new RegExp(escapeRegExp(pattern), 'g') : new RegExp(pattern.source, 'g');
  const n = (html.match(re) || []).length;
  if (n !== 1) fail(`${what}: expected once in index.html, found ${n} times`);
  return html.replace(re, () => replacement);
}

// Text put inside a <script> or <style> element must not end it early or open an
// HTML comment (which changes how the parser reads the rest of a script).
function inert(body, tag, what) {
  if (new RegExp(`</${tag}`, 'i').test(body) || body.includes('<!--')) fail(`${what} holds "</${tag}" or "<!--"`);
  return body;
}
const sha256 = (s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
const packed = (bytes) => gzipSync(bytes, { level: 9 }).toString('base64');

// --- the scripts -----------------------------------------------------------------
// dist/'s scripts are minified ES modules (scripts/minify.mjs): an export keeps its
// name, every other top-level name is short. Here each glue becomes plain
// declarations: `export function f` is `function f`, and its export list
// (`export{j as initSync,W as default}`) binds the exported names (`const
// initSync=j,__wbg_init=W;`: the default export, the init function, under the name
// wasm-bindgen gives it and boot-single.js calls).
function exactly(body, re, n, replacement, what) {
  const found = (body.match(new RegExp(re.source, 'g')) || []).length;
  if (n === 'some' ? found < 1 : found !== n) fail(`${what}: expected ${n === 'some' ? 'at least one' : n}, found ${found}`);
  return body.replace(new RegExp(re.source, 'g'), replacement);
}
const exported = (name) => (name === 'default' ? '__wbg_init' : name);
// `const t=s,…;` for each [target, source] pair whose names differ ('' when none
// does): a name bound to itself would be read before its initialisation.
const bindings = (pairs) => {
  const left = pairs.filter(([target, source]) => target !== source);
  return left.length ? `const ${left.map(([target, source]) => `${target}=${source}`).join(',')};` : '';
};
// `a as b, c` -> [['a', 'b'], ['c', 'c']].
const specifiers = (list) => list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
  const m = /^([\w$]+)(?:\s+as\s+([\w$]+))?$/.exec(s);
  if (!m) fail(`an export or import specifier this script does not know: ${s}`);
  return [m[1], m[2] || m[1]];
});
function declarations(glue, what) {
  let body = exactly(glue, /(^|[;}\s])export (function|const|let|class) /, 'some', '$1$2 ', `${what}: export declarations`);
  body = exactly(body, /export\s*\{([^}]*)\};?/, 1,
    (_, list) => bindings(specifiers(list).map(([local, name]) => [exported(name), local])), `${what}: the export list`);
  return body;
}
const pageScript = inert(`${declarations(text(built['jwtscope.js']), 'jwtscope.js')}\n${readFileSync(path.join(repo, 'www/boot-single.js'), 'utf8')}`, 'script', 'the page script');
// The workers' script is a classic script: Chromium does not start a module worker
// from a blob: URL in a file:// page (its origin is opaque), a classic one it does.
// So the glue's exports become declarations (above), its one `import.meta.url` (the
// default wasm path, never taken: the module is posted) becomes the worker's own
// URL, and worker.js's import of the glue binds the same names to the glue's own.
let workerGlue = declarations(text(built['jwtscope-worker.js']), 'jwtscope-worker.js');
workerGlue = exactly(workerGlue, /import\.meta\.url/, 1, 'self.location.href', 'jwtscope-worker.js: import.meta.url');
const gluePath = escapeRegExp(built['jwtscope-worker.js']);
const workerJs = exactly(text(built['worker.js']),
  new RegExp(`import\\s*([\\w$]+)\\s*,\\s*\\{([^}]*)\\}\\s*from\\s*(["'])\\./${gluePath}\\3;?`), 1,
  (_, init, list) => bindings([[init, exported('default')], ...specifiers(list).map(([name, local]) => [local, name])]),
  'worker.js: its import of ./jwtscope-worker.js');
// worker.js in a function of its own: its short top-level names and the glue's were
// chosen apart, and may be the same.
const workerScript = inert(`${workerGlue}\n(() => {\n${workerJs}\n})();`, 'script', 'the workers\' script');
if (/(^|[;}\s])(import\s*[\w${"']|export\b)/m.test(workerScript)) fail('the workers\' script still imports or exports');
const check = mkdtempSync(path.join(tmpdir(), 'jwtscope-single-'));
try {
  for (const [name, body] of [['page.mjs', pageScript], ['worker.cjs', workerScript]]) {
    writeFileSync(path.join(check, name), body);
    try {
      execFileSync(process.execPath, ['--check', path.join(check, name)], { stdio: 'pipe' });
    } catch (err) {
      fail(`${name === 'page.mjs' ? 'the page script' : 'the workers\' script'} does not parse:\n${err.stderr}`);
    }
  }
} finally {
  rmSync(check, { recursive: true, force: true });
}
const css = inert(text(built['style.css']), 'style', 'style.css');

const CSP = [
  "default-src 'none'",
  `script-src ${sha256(pageScript)} 'wasm-unsafe-eval'`,
  `style-src ${sha256(css)}`,
  'img-src data:',
  "connect-src 'none'",
  'worker-src blob:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// --- the page --------------------------------------------------------------------
let html = text('index.html');
html = once(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*">/,
  `<!-- Single file (scripts/build-single): nothing can be fetched (connect-src 'none'); the one script and the style only by their hashes; workers only from the Blob this page makes. -->\n  <meta http-equiv="Content-Security-Policy" content="${CSP}">`, 'the CSP meta');
html = once(html, /<link rel="manifest" href="manifest\.webmanifest">/, '', 'the manifest link');
html = once(html, `<script type="module" src="./${built['boot.js']}"></script>`, `<script type="module">${pageScript}</script>`, 'boot.js');
html = once(html, new RegExp(`<link rel="stylesheet" href="\\./${escapeRegExp(built['style.css'])}"[^>]*>`), `<style>${css}</style>`, 'the stylesheet');
html = once(html, new RegExp(`<link rel="modulepreload" href="\\./${escapeRegExp(built['jwtscope.js'])}">`), '', 'the preload');
html = once(html, '</body>', [
  '<script type="application/octet-stream" id="wasm-page">', packed(read(built['jwtscope_bg.wasm'])), '</script>\n',
  '<script type="application/octet-stream" id="wasm-later">', packed(read(built['jwtscope_later.wasm'])), '</script>\n',
  '<script type="application/octet-stream" id="wasm-worker">', packed(read(built['jwtscope-worker_bg.wasm'])), '</script>\n',
  '<script type="text/plain" id="worker-source">', workerScript, '</script>\n',
  '</body>',
].join(''), '</body>');

// Nothing may name another file (only the skip link's #fragment and data: URLs).
const outside = [...html.matchAll(/\s(?:src|href|srcset|poster|data|action)="([^"]*)"/g)]
  .map((m) => m[1])
  .filter((u) => !u.startsWith('#') && !u.startsWith('data:'));
if (outside.length) fail(`the file still names other files: ${outside.join(', ')}`);

mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, html);
const bytes = Buffer.from(html, 'utf8');
const digest = createHash('sha256').update(bytes).digest('hex');
writeFileSync(`${out}.sha256`, `${digest}  ${path.basename(out)}\n`);
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
console.log(`single-file: ${path.relative(repo, out)}: ${kb(bytes.length)} raw, ${kb(gzipSync(bytes, { level: 9 }).length)} gzip -9; sha256 ${digest}`);
