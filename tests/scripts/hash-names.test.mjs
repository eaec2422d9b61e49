// scripts/hash-names.mjs (from a review of its first version): its safety net, and
// what the scripts become (minified by scripts/minify.mjs), on small made-up sites.
//
//   node --test tests/scripts/hash-names.test.mjs
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { hashNames } from '../../scripts/hash-names.mjs';

function site(files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'review-hash-names-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
  return dir;
}
const INDEX = '<!doctype html>\n<html><head>\n<script type="module" src="./boot.js"></script>\n</head><body></body></html>\n';

test('a script loses its comments but not its strings: a line of a template literal that starts with // is text', () => {
  const boot = "// a comment line\nconst help = `usage:\n// this line is part of the string\n`; /* a block */\nconsole.log(help); // trailing\n";
  const dir = site({ 'index.html': INDEX, 'boot.js': boot });
  try {
    hashNames(dir);
    const built = path.join(dir, readdirSync(dir).find((f) => /^boot-[0-9a-f]{12}\.js$/.test(f)));
    const text = readFileSync(built, 'utf8');
    assert.ok(!/a comment line|a block|trailing/.test(text), `comments left: ${text}`);
    assert.equal(execFileSync(process.execPath, [built], { encoding: 'utf8' }), 'usage:\n// this line is part of the string\n\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a plain name left behind with a query is caught (the file is gone once hashed)', () => {
  const boot = "new Worker('./worker.js?v=2', { type: 'module' });\n";
  const dir = site({ 'index.html': INDEX, 'boot.js': boot, 'worker.js': 'self.onmessage = () => {};\n' });
  try {
    assert.throws(() => hashNames(dir), /still names|worker\.js/, 'boot.js still loads ./worker.js?v=2, a name dist/ no longer has');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('index.html: comment lines of the head go, the body is untouched', () => {
  const index = '<!doctype html>\n<html><head>\n  <!-- a note for readers -->\n<script type="module" src="./boot.js"></script>\n</head><body>\n<!-- kept: in the body -->\n</body></html>\n';
  const dir = site({ 'index.html': index, 'boot.js': 'console.log(1);\n' });
  try {
    hashNames(dir);
    const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
    assert.ok(!html.includes('a note for readers'));
    assert.ok(html.includes('<!-- kept: in the body -->'));
    assert.match(html, /src="\.\/boot-[0-9a-f]{12}\.js"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a script that does not parse fails the build, and says which', () => {
  const dir = site({ 'index.html': INDEX, 'boot.js': 'const = ;\n' });
  try {
    assert.throws(() => hashNames(dir), /terser failed on boot\.js/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
