#!/usr/bin/env node
// Gives every file of a built site that OWN_FILES (src/app/offline.rs) names with a
// "#" its content-hashed name ("boot.js" -> "boot-<16 hex>.js", the first digits of
// its SHA-256), and rewrites every reference to it. scripts/offline-files.mjs (the
// Trunk post_build hook) runs it first, on the staging directory; by hand:
//
//   node scripts/hash-names.mjs DIR
//
// Before that, the comment lines of the page's own scripts (boot.js, worker.js,
// offline.js: lines that hold only a // comment) and of index.html's <head> (lines
// that hold only an HTML comment, and blank lines Trunk leaves where it removed its
// links) are dropped: they are for readers of the source, and every visitor would
// download them (boot.js and index.html are in the first load). Each script must
// still parse (node --check). And the wasm modules' imports get short names, in the
// module and its glue alike (scripts/short-imports.mjs).
//
// A reference is a file's plain name in quotes, "./" in front or not ('./worker.js',
// "./style.css", 'jwtscope_bg.wasm'), in a text file of the site (.js, .css, .html,
// .webmanifest). Files are renamed leaves first: a file's hash is taken after its own
// references were rewritten, so it covers the hashes of what it names (the wasm
// modules, their glue, worker.js, boot.js; index.html, whose name never changes,
// last). A cycle, a plain name beside a hashed one, or a plain name left anywhere
// afterwards (in quotes or not: with a query, in a path) fails. A site already hashed is left as it is (only the check
// runs), so running it twice is harmless.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { escapeRegExp, hashOf, isHashed, isNamed, ownFiles, plainName, withHash } from './own-files.mjs';
import { shortImports } from './short-imports.mjs';

const TEXT = /\.(js|mjs|css|html|webmanifest)$/;
const quoted = (name) => new RegExp(`(['"\`])(\\./)?${escapeRegExp(name)}\\1`, 'g');

const SCRIPTS = ['boot.js', 'worker.js', 'offline.js'];

/**
 * `source` without the lines that hold only a `//` comment: lines that start in
 * code, not inside a string, a template literal (its `${…}` is code again) or a
 * block comment, which a scan from the top tells apart. (A `/` regex literal that
 * holds a quote would mislead it: the shipped scripts have none, and each must
 * still parse.)
 */
export function withoutCommentLines(source) {
  const stack = ['code']; // 'code' | "'" | '"' | '`' | '/*' | '${'
  const braces = [];
  const out = [];
  for (const line of source.split(/(?<=\n)/)) {
    const top = stack[stack.length - 1];
    if ((top === 'code' || top === '${') && /^[ \t]*\/\//.test(line)) continue;
    for (let i = 0; i < line.length; i += 1) {
      const c = line[i];
      const at = stack[stack.length - 1];
      if (at === 'code' || at === '${') {
        if (c === '/' && line[i + 1] === '/') break;
        if (c === '/' && line[i + 1] === '*') { stack.push('/*'); i += 1; }
        else if (c === "'" || c === '"' || c === '`') stack.push(c);
        else if (c === '{') braces.push(stack.length);
        else if (c === '}') {
          if (at === '${' && braces[braces.length - 1] !== stack.length) stack.pop();
          else braces.pop();
        }
      } else if (at === '/*') {
        if (c === '*' && line[i + 1] === '/') { stack.pop(); i += 1; }
      } else if (c === '\\') {
        i += 1;
      } else if (c === at) {
        stack.pop();
      } else if (at === '`' && c === '$' && line[i + 1] === '{') {
        stack.push('${');
        i += 1;
      }
    }
    out.push(line);
  }
  return out.join('');
}

/** Drops comment lines (above) from the files of `dir` still under these plain names. */
function dropComments(dir, files) {
  const check = mkdtempSync(path.join(tmpdir(), 'jwtscope-hash-names-'));
  try {
    for (const f of SCRIPTS.filter((s) => files.includes(s))) {
      const text = withoutCommentLines(readFileSync(path.join(dir, f), 'utf8'));
      writeFileSync(path.join(check, `${f}.mjs`), text);
      try {
        execFileSync(process.execPath, ['--check', path.join(check, `${f}.mjs`)], { stdio: 'pipe' });
      } catch (err) {
        throw new Error(`${f} does not parse without its comment lines:\n${err.stderr}`);
      }
      writeFileSync(path.join(dir, f), text);
    }
  } finally {
    rmSync(check, { recursive: true, force: true });
  }
  if (files.includes('index.html')) {
    const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
    const end = html.indexOf('</head>');
    if (end < 0) throw new Error('index.html has no </head>');
    const head = html.slice(0, end).replace(/^[ \t]*(<!--(?:(?!-->).)*-->[ \t]*)?\n/gm, '');
    writeFileSync(path.join(dir, 'index.html'), head + html.slice(end));
  }
}

/** Renames and rewrites in `dir`; returns { plain: hashed } for the files it renamed. */
export function hashNames(dir) {
  const files = readdirSync(dir).filter((f) => !f.endsWith('.gz'));
  const hashed = ownFiles.filter(isHashed);
  const plains = hashed.map(plainName);
  // The files still under their plain names: the ones to rename.
  const todo = new Map();
  for (const p of hashed) {
    const plain = plainName(p);
    const already = files.filter((f) => isNamed(p, f));
    if (files.includes(plain)) {
      if (already.length) throw new Error(`${plain} beside ${already.join(', ')}: two builds in one directory`);
      todo.set(plain, p);
    }
  }
  // Only on a site not yet hashed: once named, a file's bytes are final.
  if (todo.size) {
    dropComments(dir, files);
    shortImports(dir);
  }
  const texts = new Map(files.filter((f) => TEXT.test(f)).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
  const refs = (f) => (texts.has(f) ? plains.filter((n) => n !== f && quoted(n).test(texts.get(f))) : []);

  // Leaves first (a depth-first walk; a file met again while on the path is a cycle).
  const order = [];
  const state = new Map();
  const visit = (f, trail) => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'on') throw new Error(`references go round: ${[...trail, f].join(' -> ')}`);
    state.set(f, 'on');
    for (const r of refs(f)) if (todo.has(r)) visit(r, [...trail, f]);
    state.set(f, 'done');
    order.push(f);
  };
  for (const f of todo.keys()) visit(f, []);

  const renamed = {};
  const rewrite = (f) => {
    let text = texts.get(f);
    for (const [plain, name] of Object.entries(renamed)) text = text.replace(quoted(plain), (_, q, dot) => `${q}${dot || ''}${name}${q}`);
    texts.set(f, text);
    return text;
  };
  for (const plain of order) {
    const body = texts.has(plain) ? Buffer.from(rewrite(plain), 'utf8') : readFileSync(path.join(dir, plain));
    const name = withHash(todo.get(plain), hashOf(body));
    writeFileSync(path.join(dir, plain), body);
    renameSync(path.join(dir, plain), path.join(dir, name));
    texts.delete(plain);
    if (TEXT.test(name)) texts.set(name, body.toString('utf8'));
    renamed[plain] = name;
  }
  // The files that keep their names (index.html, the manifest...).
  for (const f of texts.keys()) {
    if (Object.values(renamed).includes(f)) continue;
    const before = texts.get(f);
    if (rewrite(f) !== before) writeFileSync(path.join(dir, f), texts.get(f));
  }
  // Anywhere, not only in quotes: a name with a query, a path or in a url(…) was
  // not rewritten, and would load a file the site no longer has.
  const named = (n) => new RegExp(`(?<![\\w.-])${escapeRegExp(n)}(?![\\w-])`);
  for (const [f, text] of texts) {
    const left = plains.filter((n) => named(n).test(text));
    if (left.length) throw new Error(`${f} still names ${left.join(', ')} (no such file once hashed)`);
  }
  return renamed;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const dir = process.argv[2];
    if (!dir) throw new Error('usage: node scripts/hash-names.mjs DIR');
    const renamed = hashNames(dir);
    console.log(`hash-names: ${Object.keys(renamed).length} files renamed`);
  } catch (err) {
    console.error(`hash-names: ${err.message}`);
    process.exit(1);
  }
}
