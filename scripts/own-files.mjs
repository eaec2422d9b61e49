// The page's own files, as the page (src/app/offline.rs: OWN_FILES, HASH_DIGITS,
// is_named), the service worker and the build know them: one rule, read from the
// Rust source, for the build (scripts/hash-names.mjs, scripts/offline-files.mjs,
// scripts/single-file.mjs), the tests and the benchmarks.
//
// A name of OWN_FILES with "#" carries its content hash there: HASH_DIGITS lowercase
// hex digits, the first of the file's SHA-256 ("boot-#.js" is built as
// "boot-0123456789abcdef.js" from Trunk's "boot.js"). The others keep their names.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rust = readFileSync(path.join(repo, 'src/app/offline.rs'), 'utf8');
const block = rust.match(/pub const OWN_FILES: &\[&str\] = &\[([^\]]*)\];/);
const digits = rust.match(/pub const HASH_DIGITS: usize = (\d+);/);
if (!block || !digits) throw new Error('OWN_FILES or HASH_DIGITS not found in src/app/offline.rs');

/** Names relative to the page's directory ("" is the directory: index.html); "#": a hash. */
export const ownFiles = [...block[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
/** How many hex digits a hash has. */
export const HASH_DIGITS = Number(digits[1]);

/** `s` as a RegExp source that matches it literally. */
export const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A RegExp source for the names `pattern` stands for (unanchored). */
export const patternSource = (pattern) => pattern.split('#').map(escapeRegExp).join(`[0-9a-f]{${HASH_DIGITS}}`);
/** Whether `name` is written as `pattern` (offline.rs is_named). */
export const isNamed = (pattern, name) => new RegExp(`^${patternSource(pattern)}$`).test(name);
/** The pattern of OWN_FILES that `name` is written as, or undefined. */
export const patternOf = (name) => ownFiles.find((p) => isNamed(p, name));
/** Whether a pattern carries a hash. */
export const isHashed = (pattern) => pattern.includes('#');
/** The name Trunk gives the file (the pattern without its hash: "boot-#.js" -> "boot.js"). */
export const plainName = (pattern) => pattern.replace('-#', '');
/** The hash of these bytes, as a name carries it. */
export const hashOf = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, HASH_DIGITS);
/** `pattern` with `hash` in it. */
export const withHash = (pattern, hash) => pattern.replace('#', hash);

/** Whether `url` is one of the page's own files for a page whose directory is `base`. */
export function isOwnFile(base, url) {
  const bare = url.split(/[?#]/)[0];
  return base.endsWith('/') && bare.startsWith(base) && patternOf(bare.slice(base.length)) !== undefined;
}

/** A RegExp for the URL of a file of the page by its plain name ("worker.js"): any directory. */
export function urlOf(plain) {
  const pattern = ownFiles.find((p) => p !== '' && plainName(p) === plain);
  if (!pattern) throw new Error(`${plain} is not one of OWN_FILES`);
  return new RegExp(`/${patternSource(pattern)}(?:[?#]|$)`);
}

/**
 * The files of a built site by their plain names: { "boot.js": "boot-<hash>.js", ... }
 * (the directory's own names; a .gz is a copy). Throws when a plain name has no file
 * or more than one.
 */
export function builtNames(dir) {
  const files = readdirSync(dir).filter((f) => !f.endsWith('.gz'));
  const out = {};
  for (const p of ownFiles) {
    if (p === '') continue;
    const found = files.filter((f) => isNamed(p, f));
    if (found.length !== 1) throw new Error(`${dir}: ${found.length} files named as ${p} (${found.join(', ')})`);
    out[plainName(p)] = found[0];
  }
  return out;
}
