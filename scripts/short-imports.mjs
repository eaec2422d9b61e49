#!/usr/bin/env node
// Gives the imports of the site's wasm modules short names, in the module and in its
// wasm-bindgen glue alike, and their import module and the exports only the glue
// uses too. wasm-bindgen names each import after the JavaScript it calls with a
// 16-digit hash ("__wbg_instanceof_Window_5cf453f5639aa1a2"): the page's module has
// ~100 of them, written twice (its import section, and the glue's object that
// provides them), and the hex compresses poorly: 3.9 KB of the first load's gzip
// with the module and export names (docs/BENCHMARKS.md, "Session 10").
// scripts/hash-names.mjs runs it on a site not yet hashed (the Trunk post_build
// hook); by hand:
//
//   node scripts/short-imports.mjs DIR
//
// A name is changed only where the change is certain (shortenImports says where):
// for each `<name>_bg.wasm` beside its glue `<name>.js`, an import whose name occurs
// in the glue exactly once, as a key of the object literal that provides its module
// (`name: function(`...); the module, when the glue names it once, as that key; an
// export the glue reaches only as `wasm.<name>`. The new names ("i0", "m0", "e0"...
// in base 36) are new to the glue and the module. Anything else keeps its name, and
// a result that would link less than the input fails. The module's other sections
// are copied byte for byte; only the import and export sections are written again.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const IMPORT_SECTION = 2;
const EXPORT_SECTION = 7;

/** A LEB128 at `at` in `bytes`, unsigned or `signed`: [value, next offset]. */
export function readLeb(bytes, at, signed = false) {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (at >= bytes.length) throw new Error('truncated LEB128');
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [signed && b & 0x40 ? value - 2 ** shift : value, at];
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

/** The imports of `wasm`: { imports: [{ module, field, desc (its bytes) }] }. */
export function readImports(wasm) {
  if (wasm.length < 8 || wasm.readUInt32BE(0) !== 0x0061736d || wasm.readUInt32LE(4) !== 1) throw new Error('not a wasm module (version 1)');
  const { body, end } = findSection(wasm, IMPORT_SECTION);
  if (body < 0) return { imports: [] };
  const imports = [];
  let [count, p] = readLeb(wasm, body);
  for (; count > 0; count -= 1) {
    const text = () => {
      const [len, at] = readLeb(wasm, p);
      p = at + len;
      return wasm.toString('utf8', at, p);
    };
    const module = text();
    const field = text();
    const descEnd = skipDesc(wasm, p);
    imports.push({ module, field, desc: wasm.subarray(p, descEnd) });
    p = descEnd;
  }
  if (p !== end) throw new Error('the import section does not end where its size says');
  return { imports };
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where section `id` of `wasm` is: { start, body, end } (-1s when it has none). */
function findSection(wasm, id) {
  let at = 8;
  while (at < wasm.length) {
    const [size, body] = readLeb(wasm, at + 1);
    if (body + size > wasm.length) throw new Error(`section ${wasm[at]} runs past the end of the module (truncated)`);
    if (wasm[at] === id) return { start: at, body, end: body + size };
    at = body + size;
  }
  return { start: -1, body: -1, end: -1 };
}

/** `wasm` with section `id` (which it has) holding `body` instead. */
function withSection(wasm, id, body) {
  const { start, end } = findSection(wasm, id);
  return Buffer.concat([wasm.subarray(0, start), Buffer.from([id]), leb(body.length), body, wasm.subarray(end)]);
}

/** The exports of `wasm`: [{ field, desc (kind and index bytes) }] (core spec §5.5.10). */
export function readExports(wasm) {
  const { body, end } = findSection(wasm, EXPORT_SECTION);
  if (body < 0) return [];
  const exports = [];
  let [count, p] = readLeb(wasm, body);
  for (; count > 0; count -= 1) {
    const [len, start] = readLeb(wasm, p);
    const field = wasm.toString('utf8', start, start + len);
    const descEnd = readLeb(wasm, start + len + 1)[1];
    exports.push({ field, desc: wasm.subarray(start + len, descEnd) });
    p = descEnd;
  }
  if (p !== end) throw new Error('the export section does not end where its size says');
  return exports;
}

const word = (s) => `(?<![\\w$])${escape(s)}(?![\\w$])`;
const count = (text, re) => (text.match(new RegExp(re, 'g')) || []).length;

/**
 * Short names in `wasm` (a Buffer) and its wasm-bindgen `glue`, each only where the
 * glue names it in one known way:
 * - an import that the glue names exactly once, as a key inside the object literal
 *   that provides its module (`__wbg_…: function(`): `i0`, `i1`…;
 * - an import module the glue names exactly once, as a quoted key
 *   (`"./jwtscope_bg.js": import0`): `m0`, `m1`…;
 * - an export whose every property access in the glue is `wasm.<name>` (its
 *   instance's exports), never quoted, and that no script of `others` (the site's
 *   scripts but the glues) names at all: `e0`, `e1`…
 * New names are new to the glue and the module. Returns { wasm, glue, renamed,
 * modules, exports } (counts; the inputs untouched when all three are 0).
 */
export function shortenImports(wasm, glue, others = []) {
  const { imports } = readImports(wasm);
  const exportList = readExports(wasm);
  const inUse = new Set([...imports.map((i) => i.field), ...exportList.map((e) => e.field)]);
  const taken = (n) => inUse.has(n) || new RegExp(word(n)).test(glue);
  const fresh = (prefix) => {
    for (let next = 0; ; next += 1) {
      const candidate = `${prefix}${next.toString(36)}`;
      if (!taken(candidate)) {
        inUse.add(candidate);
        return candidate;
      }
    }
  };
  const moduleKey = (module) => `(["'])${escape(module)}\\1\\s*:`;
  // Where the glue writes the object that provides `module`: from `const <obj> = {`
  // to the key `"<module>": <obj>` of the object it returns (wasm-bindgen's shape).
  const spans = new Map([...new Set(imports.map((i) => i.module))].map((module) => {
    const at = new RegExp(`${moduleKey(module)}\\s*([\\w$]+)`).exec(glue);
    if (!at || count(glue, moduleKey(module)) !== 1) return [module, null];
    const from = new RegExp(`(?<![\\w$])(?:const|let|var)\\s+${escape(at[2])}\\s*=\\s*\\{`).exec(glue);
    return [module, from && from.index < at.index ? [from.index, at.index] : null];
  }));
  let text = glue;
  // Imports: a field the glue names once, as a key inside the object literal that
  // provides its module (not, say, a snippet's `import * as`, or another object's
  // key). The same (module, field) imported twice is renamed once, for all.
  const fields = new Map();
  for (const imp of imports) {
    const key = JSON.stringify([imp.module, imp.field]);
    if (fields.has(key)) continue;
    const asKey = `(?<![\\w$])${escape(imp.field)}:`;
    const within = spans.get(imp.module);
    const at = new RegExp(asKey).exec(glue);
    const inside = within && at && at.index > within[0] && at.index < within[1];
    if (!inside || imp.field.length <= 4 || count(text, word(imp.field)) !== 1 || count(text, asKey) !== 1) {
      fields.set(key, imp.field);
      continue;
    }
    const short = fresh('i');
    text = text.replace(new RegExp(asKey), `${short}:`);
    fields.set(key, short);
  }
  let entries = imports.map((imp) => ({ ...imp, field: fields.get(JSON.stringify([imp.module, imp.field])) }));
  const renamed = [...fields].filter(([key, short]) => JSON.parse(key)[1] !== short).length;
  let modules = 0;
  for (const module of new Set(entries.map((e) => e.module))) {
    const quoted = `(["'\`])${escape(module)}\\1`;
    if (module.length <= 2 || count(text, quoted) !== 1 || count(text, moduleKey(module)) !== 1) continue;
    const short = fresh('m');
    text = text.replace(new RegExp(moduleKey(module)), `${short}:`);
    entries = entries.map((e) => (e.module === module ? { ...e, module: short } : e));
    modules += 1;
  }
  // Exports: every use of the name in the glue is a property access on `wasm` or
  // the declaration of the glue's own function of that name (wasm-bindgen wraps a
  // closure's export so); not a string, not destructured, not another object's.
  let exported = 0;
  const viaWasm = (n) => `(?<![\\w$.])wasm\\.${escape(n)}(?![\\w$])`;
  const exportEntries = exportList.map((exp) => {
    const n = exp.field;
    const inGlue = count(text, viaWasm(n));
    const dotted = count(text, `\\.${escape(n)}(?![\\w$])`);
    const quoted = count(text, `["'\`]${escape(n)}["'\`]`);
    const own = count(text, `(?<![\\w$.])function\\s+${escape(n)}\\s*\\(`);
    // Without a glue function of that name, every use must be `wasm.<name>`.
    const bareUses = count(text, word(n)) - dotted;
    if (n.length <= 6 || inGlue < 1 || dotted !== inGlue || quoted || (!own && bareUses)) return exp;
    if (others.some((o) => new RegExp(word(n)).test(o))) return exp;
    const short = fresh('e');
    text = text.replace(new RegExp(viaWasm(n), 'g'), `wasm.${short}`);
    exported += 1;
    return { ...exp, field: short };
  });
  if (!renamed && !modules && !exported) return { wasm, glue, renamed, modules, exports: exported };
  let out = wasm;
  if (renamed || modules) {
    const body = Buffer.concat([leb(entries.length), ...entries.flatMap((e) => [name(e.module), name(e.field), e.desc])]);
    out = withSection(out, IMPORT_SECTION, body);
  }
  if (exported) {
    out = withSection(out, EXPORT_SECTION, Buffer.concat([leb(exportEntries.length), ...exportEntries.flatMap((e) => [name(e.field), e.desc])]));
  }
  // The rewrite must leave the module exactly as linkable as it was: no import the
  // glue provided before and does not now, no `wasm.<name>` that stopped being an export.
  const isKey = (g, k) => new RegExp(`(?<![\\w$])${escape(k)}\\s*:|(["'])${escape(k)}\\1\\s*:`).test(g);
  const unprovided = (list, g) => list.filter((i) => !isKey(g, i.module) || !isKey(g, i.field)).length;
  const unexported = (list, g) => [...new Set([...g.matchAll(/(?<![\w$.])wasm\.([\w$]+)/g)].map((m) => m[1]))]
    .filter((n) => !list.some((e) => e.field === n)).length;
  if (unprovided(entries, text) > unprovided(imports, glue) || unexported(exportEntries, text) > unexported(exportList, glue)) {
    throw new Error('renaming would leave an import unprovided or a wasm.<name> unexported (the glue is not in the shape this script knows)');
  }
  return { wasm: out, glue: text, renamed, modules, exports: exported };
}

/**
 * Every `<name>_bg.wasm` in `dir` with its glue `<name>.js` (plain names, not yet
 * hashed), rewritten in place; the site's other scripts are `others` for its
 * exports. Returns { module file: { imports, modules, exports } } (counts renamed).
 */
export function shortImports(dir) {
  const done = {};
  const scripts = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const modules = readdirSync(dir).map((f) => /^(.*)_bg\.wasm$/.exec(f)).filter((m) => m && scripts.includes(`${m[1]}.js`));
  // The scripts that are no module's glue: boot.js, worker.js…
  const others = scripts.filter((s) => !modules.some((m) => s === `${m[1]}.js`)).map((s) => readFileSync(path.join(dir, s), 'utf8'));
  for (const m of modules) {
    const f = m[0];
    const gluePath = path.join(dir, `${m[1]}.js`);
    const out = shortenImports(readFileSync(path.join(dir, f)), readFileSync(gluePath, 'utf8'), others);
    if (out.renamed || out.modules || out.exports) {
      writeFileSync(path.join(dir, f), out.wasm);
      writeFileSync(gluePath, out.glue);
    }
    done[f] = { imports: out.renamed, modules: out.modules, exports: out.exports };
  }
  return done;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const dir = process.argv[2];
    if (!dir) throw new Error('usage: node scripts/short-imports.mjs DIR');
    for (const [f, n] of Object.entries(shortImports(dir))) {
      console.log(`short-imports: ${f}: ${n.imports} imports, ${n.modules} import modules, ${n.exports} exports renamed`);
    }
  } catch (err) {
    console.error(`short-imports: ${err.message}`);
    process.exit(1);
  }
}
