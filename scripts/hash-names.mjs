#!/usr/bin/env node
// Gives every file of a built site that OWN_FILES (src/app/offline.rs) names with a
// "#" its content-hashed name ("boot.js" -> "boot-<16 hex>.js", the first digits of
// its SHA-256), and rewrites every reference to it. scripts/offline-files.mjs (the
// Trunk post_build hook) runs it first, on the staging directory; by hand:
//
//   node scripts/hash-names.mjs DIR
//
// Before that, on a site not yet hashed: the lines of index.html's <head> that hold
// only an HTML comment (and blank lines Trunk leaves where it removed its links) are
// dropped; the wasm modules' imports get short names, in the module and its glue
// alike (scripts/short-imports.mjs); the page's module is split into what its first
// load runs and the rest, jwtscope_later.wasm (scripts/split.mjs); every script is
// minified, its comments with it (scripts/minify.mjs, terser), and the style sheet
// loses its comments and indentation. Comments are for readers of the source, and every visitor would
// download them.
//
// A reference is a file's plain name in quotes, "./" in front or not ('./worker.js',
// "./style.css", 'jwtscope_bg.wasm'), in a text file of the site (.js, .css, .html,
// .webmanifest). Files are renamed leaves first: a file's hash is taken after its own
// references were rewritten, so it covers the hashes of what it names (the wasm
// modules, their glue, worker.js, boot.js; index.html, whose name never changes,
// last). A cycle, a plain name beside a hashed one, or a plain name left anywhere
// afterwards (in quotes or not: with a query, in a path) fails. A site already hashed is left as it is (only the check
// runs), so running it twice is harmless.
import { readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { escapeRegExp, hashOf, isHashed, isNamed, ownFiles, plainName, withHash } from './own-files.mjs';
import { minifyScripts, minifyStyles } from './minify.mjs';
import { withoutLinkerSections } from './linked-data.mjs';
import { shortImports } from './short-imports.mjs';
import { splitPage } from './split.mjs';

const TEXT = /\.(js|mjs|css|html|webmanifest)$/;
const quoted = (name) => new RegExp(`(['"\`])(\\./)?${escapeRegExp(name)}\\1`, 'g');

/** Drops the comment lines of index.html's <head> (and the blank lines Trunk leaves). */
function dropHeadComments(dir, files) {
  if (!files.includes('index.html')) return;
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const end = html.indexOf('</head>');
  if (end < 0) throw new Error('index.html has no </head>');
  const head = html.slice(0, end).replace(/^[ \t]*(<!--(?:(?!-->).)*-->[ \t]*)?\n/gm, '');
  writeFileSync(path.join(dir, 'index.html'), head + html.slice(end));
}

/** Renames and rewrites in `dir`; returns { plain: hashed } for the files it renamed. */
export function hashNames(dir) {
  const hashed = ownFiles.filter(isHashed);
  const plains = hashed.map(plainName);
  // The site's files, and those still under their plain names: the ones to rename.
  const survey = () => {
    const files = readdirSync(dir).filter((f) => !f.endsWith('.gz'));
    const todo = new Map();
    for (const p of hashed) {
      const plain = plainName(p);
      const already = files.filter((f) => isNamed(p, f));
      if (files.includes(plain)) {
        if (already.length) throw new Error(`${plain} beside ${already.join(', ')}: two builds in one directory`);
        todo.set(plain, p);
      }
    }
    return { files, todo };
  };
  let { files, todo } = survey();
  // Only on a site not yet hashed: once named, a file's bytes are final.
  if (todo.size) {
    dropHeadComments(dir, files);
    for (const f of files.filter((f) => f.endsWith('.wasm'))) {
      const p = path.join(dir, f);
      writeFileSync(p, withoutLinkerSections(readFileSync(p)));
    }
    shortImports(dir);
    // The page's module: what its first load runs, and the rest (a site without
    // it, as in this script's tests, has nothing to split). The rest is a new file.
    if (files.includes('jwtscope_bg.wasm')) {
      splitPage(dir);
      ({ files, todo } = survey());
    }
    // Only the scripts still under their plain names: a file already named keeps
    // its bytes (its hash is in its name).
    minifyScripts(dir, [...todo.keys()].filter((f) => f.endsWith('.js')));
    minifyStyles(dir, [...todo.keys()].filter((f) => f.endsWith('.css')));
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
