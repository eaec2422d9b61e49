// scripts/minify.mjs: the style sheet's comments and indentation go, strings stay.
//
//   node --test tests/scripts/minify.test.mjs
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { minifyCss } from '../../scripts/minify.mjs';

test('comments, indentation and blank lines go; rules, strings and line breaks between them stay', () => {
  const css = [
    '/* a header comment */',
    ':root {',
    '  --fg: #111; /* trailing */',
    '}',
    '',
    '   ',
    'a[title="/* not a comment */"] b {',
    "  content: '\\'/*'; /* a comment after an escaped quote */",
    '}',
    '/* several',
    '   lines */',
    '@media (max-width: 600px) {',
    '  p { margin: 0 }',
    '}',
    '',
  ].join('\n');
  assert.equal(minifyCss(css), [
    ':root {',
    '--fg: #111; ',
    '}',
    'a[title="/* not a comment */"] b {',
    "content: '\\'/*'; ",
    '}',
    '@media (max-width: 600px) {',
    'p { margin: 0 }',
    '}',
    '',
  ].join('\n'));
});

test('an unclosed comment is an error, not a truncated sheet', () => {
  assert.throws(() => minifyCss('a { color: red } /* open'), /not closed/);
});

test('the page\'s own style sheet: smaller, and every rule\'s text is still there', () => {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const css = readFileSync(path.join(repo, 'www/style.css'), 'utf8');
  const out = minifyCss(css);
  assert.ok(out.length < css.length && !out.includes('/*'));
  // Without comments and whitespace, the two are the same text.
  const squash = (s) => s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, '');
  assert.equal(squash(out), squash(css));
});

test('a sheet named with its integrity digest is named with the new one', async () => {
  const { createHash } = await import('node:crypto');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { minifyStyles } = await import('../../scripts/minify.mjs');
  const sri = (t) => `sha384-${createHash('sha384').update(t).digest('base64')}`;
  const css = '/* note */\np {\n  margin: 0;\n}\n';
  const dir = mkdtempSync(path.join(tmpdir(), 'minify-styles-'));
  try {
    writeFileSync(path.join(dir, 'style.css'), css);
    writeFileSync(path.join(dir, 'index.html'), `<link rel="stylesheet" href="./style.css" integrity="${sri(css)}"/>`);
    minifyStyles(dir, ['style.css']);
    const out = readFileSync(path.join(dir, 'style.css'), 'utf8');
    assert.equal(out, 'p {\nmargin: 0;\n}\n');
    assert.equal(readFileSync(path.join(dir, 'index.html'), 'utf8'), `<link rel="stylesheet" href="./style.css" integrity="${sri(out)}"/>`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
