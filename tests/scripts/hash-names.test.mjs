// scripts/hash-names.mjs (from a review of its first version): its
// comment-line stripper and its safety net, on small made-up sites.
//
//   node --test tests/scripts/hash-names.test.mjs
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { hashNames, withoutCommentLines } from '../../scripts/hash-names.mjs';

function site(files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'review-hash-names-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
  return dir;
}
const INDEX = '<!doctype html>\n<html><head>\n<script type="module" src="./boot.js"></script>\n</head><body></body></html>\n';

test('a line of a template literal that starts with // is text, not a comment: kept', () => {
  const boot = "const help = `usage:\n// this line is part of the string\n`;\nconsole.log(help);\n";
  const dir = site({ 'index.html': INDEX, 'boot.js': boot });
  try {
    hashNames(dir);
    const built = readdirSync(dir).find((f) => /^boot-[0-9a-f]{12}\.js$/.test(f));
    assert.equal(readFileSync(path.join(dir, built), 'utf8'), boot, 'the string lost a line (node --check still passes)');
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

test('comment lines go; strings, template literals with ${} and block comments keep theirs', () => {
  // [line, kept]
  const lines = [
    ['// a comment line', false],
    ["const url = 'http://example.test/'; // a trailing comment stays (not a whole line)", true],
    ['  // an indented comment line', false],
    ['const t = `a ${x ? `inner ${y}` : "}"}', true],
    ['// still the template: kept', true],
    ['`;', true],
    ['/* a block', true],
    ['// inside the block: kept', true],
    ['*/', true],
    ["const s = 'it\\'s // not a comment';", true],
    ['// gone', false],
    ['', true],
  ];
  const src = lines.map(([l]) => l).join('\n');
  const want = lines.filter(([, kept]) => kept).map(([l]) => l).join('\n');
  assert.equal(withoutCommentLines(src), want);
});
