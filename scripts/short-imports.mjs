#!/usr/bin/env node
// Gives the imports of the site's wasm modules short names, in the module and in its
// wasm-bindgen glue alike. wasm-bindgen names each import after the JavaScript it
// calls with a 16-digit hash ("__wbg_instanceof_Window_5cf453f5639aa1a2"): the page's
// module has ~100 of them, written twice (its import section, and the glue's object
// that provides them), and the hex compresses poorly: 3.6 KB of the first load's
// gzip (docs/BENCHMARKS.md, "Bytes found in session 10"). scripts/hash-names.mjs
// runs it on a site not yet hashed (the Trunk post_build hook); by hand:
//
//   node scripts/short-imports.mjs DIR
//
// A module is renamed only where the rename is certain: for each `<name>_bg.wasm`
// beside its glue `<name>.js`, an import is renamed when its name occurs in the glue
// exactly once, as the key of the imports object (`name: function(`...). The new
// names ("i0", "i1"... in base 36) must be new to the glue. Anything else (an import
// named twice, or not as a key) keeps its name. The module's other sections are
// copied byte for byte; only the import section is written again.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const IMPORT_SECTION = 2;

/** An unsigned LEB128 at `at` in `bytes`: [value, next offset]. */
function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (at >= bytes.length) throw new Error('truncated LEB128');
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
    if (shift > 35) throw new Error('LEB128 over 32 bits');
  }
}

function leb(value) {
  const out = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) b |= 0x80;
    out.push(b);
  } while (value);
  return Buffer.from(out);
}

const name = (s) => Buffer.concat([leb(Buffer.byteLength(s)), Buffer.from(s, 'utf8')]);

/** Where an import's description ends (WebAssembly core spec §5.5.5: func, table, memory, global, tag). */
function skipDesc(bytes, at) {
  const kind = bytes[at++];
  const limits = (p) => {
    const flags = bytes[p++];
    [, p] = readLeb(bytes, p);
    if (flags & 1) [, p] = readLeb(bytes, p);
    return p;
  };
  switch (kind) {
    case 0x00: return readLeb(bytes, at)[1]; // a function: its type index
    case 0x01: return limits(at + 1); // a table: its element type, its limits
    case 0x02: return limits(at); // a memory: its limits
    case 0x03: return at + 2; // a global: its value type and mutability
    case 0x04: return readLeb(bytes, at + 1)[1]; // a tag: attribute, type index
    default: throw new Error(`import kind ${kind} is not one this script knows`);
  }
}

/** The imports of `wasm`: [{ module, field, desc (its bytes) }], and the section's place. */
export function readImports(wasm) {
  if (wasm.readUInt32BE(0) !== 0x0061736d || wasm.readUInt32LE(4) !== 1) throw new Error('not a wasm module (version 1)');
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, body] = readLeb(wasm, at + 1);
    if (body + size > wasm.length) throw new Error(`section ${id} runs past the end of the module (truncated)`);
    if (id === IMPORT_SECTION) {
      const imports = [];
      let [count, p] = readLeb(wasm, body);
      for (; count > 0; count -= 1) {
        const text = () => {
          const [len, start] = readLeb(wasm, p);
          p = start + len;
          return wasm.toString('utf8', start, p);
        };
        const module = text();
        const field = text();
        const end = skipDesc(wasm, p);
        imports.push({ module, field, desc: wasm.subarray(p, end) });
        p = end;
      }
      if (p !== body + size) throw new Error('the import section does not end where its size says');
      return { imports, start: at, end: body + size };
    }
    at = body + size;
  }
  return { imports: [], start: -1, end: -1 };
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Short names for the imports of `wasm` (a Buffer) that `glue` provides as keys:
 * returns { wasm, glue, renamed } with both rewritten (or the inputs, untouched,
 * when nothing is renamed).
 */
export function shortenImports(wasm, glue) {
  const { imports, start, end } = readImports(wasm);
  const taken = (n) => new RegExp(`(?<![\\w$])${escape(n)}(?![\\w$])`).test(glue);
  let next = 0;
  const fresh = () => {
    for (;;) {
      const candidate = `i${(next++).toString(36)}`;
      if (!taken(candidate)) return candidate;
    }
  };
  let text = glue;
  let renamed = 0;
  const entries = imports.map((imp) => {
    const anywhere = new RegExp(`(?<![\\w$])${escape(imp.field)}(?![\\w$])`, 'g');
    const asKey = new RegExp(`(?<![\\w$])${escape(imp.field)}:`, 'g');
    const uses = (text.match(anywhere) || []).length;
    if (imp.field.length <= 4 || uses !== 1 || (text.match(asKey) || []).length !== 1) return imp;
    const short = fresh();
    text = text.replace(asKey, `${short}:`);
    renamed += 1;
    return { ...imp, field: short };
  });
  if (!renamed) return { wasm, glue, renamed };
  const body = Buffer.concat([
    leb(entries.length),
    ...entries.flatMap((e) => [name(e.module), name(e.field), e.desc]),
  ]);
  const section = Buffer.concat([Buffer.from([IMPORT_SECTION]), leb(body.length), body]);
  return { wasm: Buffer.concat([wasm.subarray(0, start), section, wasm.subarray(end)]), glue: text, renamed };
}

/** Every `<name>_bg.wasm` in `dir` with its glue `<name>.js` (plain names, not yet hashed). */
export function shortImports(dir) {
  const done = {};
  for (const f of readdirSync(dir)) {
    const m = /^(.*)_bg\.wasm$/.exec(f);
    if (!m) continue;
    const gluePath = path.join(dir, `${m[1]}.js`);
    let glue;
    try {
      glue = readFileSync(gluePath, 'utf8');
    } catch {
      continue;
    }
    const out = shortenImports(readFileSync(path.join(dir, f)), glue);
    if (out.renamed) {
      writeFileSync(path.join(dir, f), out.wasm);
      writeFileSync(gluePath, out.glue);
    }
    done[f] = out.renamed;
  }
  return done;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const dir = process.argv[2];
    if (!dir) throw new Error('usage: node scripts/short-imports.mjs DIR');
    for (const [f, n] of Object.entries(shortImports(dir))) console.log(`short-imports: ${f}: ${n} imports renamed`);
  } catch (err) {
    console.error(`short-imports: ${err.message}`);
    process.exit(1);
  }
}
