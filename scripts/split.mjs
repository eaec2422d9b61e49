#!/usr/bin/env node
// Splits the page's wasm module in a built site not yet hashed (run by
// scripts/hash-names.mjs after short-imports, before the scripts are minified):
// what the page's first load runs stays in jwtscope_bg.wasm; every other function
// worth moving goes to jwtscope_later.wasm, which boot.js fetches right after the
// page has started (ARCHITECTURE.md, "The first load and the rest").
//
// The split is by function name, from www/first-load.txt: the functions that opening
// the page, typing a token and verifying it with every algorithm ran, recorded in the
// page by scripts/split-profile.mjs (run it again when the page's code changes; the
// end-to-end suite fails when the list no longer covers those paths). The tool is
// tools/split (jwtscope-split, Rust, on the walrus crate). Both outputs then go
// through wasm-opt -Oz again, and the glue gets the loader:
//   laterSource(fetchSync)  how a stub gets the module if it runs before the module
//                           came: fetchSync() returns its bytes (boot.js: a
//                           synchronous request; it never runs on the paths above)
//   laterModule(module)     instantiates it once (async), with the first part's exports
//   laterLoaded()           whether it is in place
//
// With JWTSCOPE_SPLIT_PROFILE=FILE in the environment it writes the profiling build
// instead: every function reports itself to globalThis.__jwtscopeMarks, FILE gets
// the function names, and jwtscope_later.wasm is an empty module.
//
//   node scripts/split.mjs DIR
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { objectsFor } from './linked-data.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const KEEP_LIST = path.join(repo, 'www/first-load.txt');
const FEATURES = ['--enable-simd', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];
// The page's own wasm-opt flags (index.html) but -g, without --converge (a second
// -Oz over each part gains ~1 KB; converging would add minutes). The one-caller
// limit matters here too: inlining each kept function into its one caller made the
// first part 9.4 KB larger gzip. The functions are then ordered by name (the split
// tool keeps the names for this): −1.0 KB. Never add -g here: without it wasm-opt
// writes no name section, and the names must not ship (tests/e2e/size-check.mjs;
// docs/BENCHMARKS.md, "Finer functions for the split"). Functions that differ only in
// constants are merged first (--merge-similar-functions, before -Oz: after it, or in
// Trunk's pass, it finds nothing): −0.5 KB on the first part, speed unchanged
// (docs/BENCHMARKS.md, "The engine's own DER reader").
const OPT = ['--merge-similar-functions', '-Oz', '--one-caller-inline-max-function-size=30', '--low-memory-unused', '--ignore-implicit-traps', '--reorder-functions-by-name', '--strip-debug', '--strip-producers', '--strip-target-features'];
// The smallest valid module: the profiling build's later module.
const EMPTY_MODULE = Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

/** The split tool, built (cargo keeps it up to date) where cargo puts it. */
export function splitTool() {
  const out = execFileSync('cargo', ['build', '--quiet', '-p', 'jwtscope-split', '--message-format=json-render-diagnostics'],
    { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  const exe = out.split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .find((m) => m.reason === 'compiler-artifact' && m.target?.name === 'jwtscope-split' && m.executable)?.executable;
  if (!exe) throw new Error('cargo built no jwtscope-split executable');
  return exe;
}

// npm's binaryen (package.json), the version Trunk's wasm-opt is (scripts/env.sh).
export function wasmOpt(input, output) {
  execFileSync(path.join(repo, 'node_modules', '.bin', 'wasm-opt'), [...FEATURES, ...OPT, input, '-o', output], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Fails unless most of the keep list's names are this module's, as the split
 * tool's summary `out` counts them. A list made by another kind of build (legacy
 * symbol names: RUSTFLAGS set in the environment replace .cargo/config.toml's
 * flags, v0 names among them) names few of its functions, and nearly everything
 * would move. */
export function checkListed(out) {
  const [, found, listed] = out.match(/(\d+) of the list's (\d+) names found/) ?? [];
  if (found === undefined || Number(found) * 2 < Number(listed)) {
    throw new Error(`${out.trim()}: ${path.relative(repo, KEEP_LIST)} does not name this build's functions. Build with .cargo/config.toml's flags (RUSTFLAGS replaces them: keep -C symbol-mangling-version=v0 and -C target-feature=+simd128 in it), or, after a change to the code, run node scripts/split-profile.mjs and commit the list`);
  }
}

/** The page's linked module, with wasm-ld's symbol table and relocations (build.rs),
 * as cargo leaves it after a release build of the page; null for other builds. */
export function linkedModule() {
  if ((process.env.TRUNK_PROFILE ?? 'release') !== 'release') return null;
  const target = process.env.CARGO_TARGET_DIR ?? path.join(repo, 'target');
  const file = process.env.JWTSCOPE_LINKED_WASM ?? path.join(target, 'wasm32-unknown-unknown', 'release', 'jwtscope.wasm');
  return existsSync(file) ? file : null;
}

/** `glue` with `imports.split` given by `provider` (JS source of an object). */
function withSplitImports(glue, provider, loader) {
  const decl = 'function __wbg_get_imports() {';
  const count = glue.split(decl).length - 1;
  if (count !== 1) throw new Error(`jwtscope.js: expected one "${decl}", found ${count}`);
  return `${glue.replace(decl, 'function __wbg_get_imports_of_module() {')}
function __wbg_get_imports() {
    const imports = __wbg_get_imports_of_module();
    imports.split = ${provider};
    return imports;
}
${loader}`;
}

const LOADER = `
// The later module (scripts/split.mjs): instantiated once, with this module's exports.
let later_done = false;
let later_sync;
/** Instantiates the later module (a WebAssembly.Module) off the synchronous path
 * (Chromium before 114 refuses a synchronous instance of more than 4 KB on the
 * page's thread): the stubs forward to it from then on. */
export async function laterModule(module) {
    if (later_done) return;
    await WebAssembly.instantiate(module, { p: wasm });
    later_done = true;
}
/** Whether the later module is in place. */
export function laterLoaded() {
    return later_done;
}
/** How a stub gets the later module if it runs before the module came: \`fetchSync()\` returns its bytes. */
export function laterSource(fetchSync) {
    later_sync = fetchSync;
}
function later_load() {
    if (later_done) return;
    if (!later_sync) throw new Error("the page's later module is not available");
    new WebAssembly.Instance(new WebAssembly.Module(later_sync()), { p: wasm });
    later_done = true;
}
`;

/** Splits (or, with JWTSCOPE_SPLIT_PROFILE, instruments) DIR's page module in place. */
export function splitPage(dir, { profile = process.env.JWTSCOPE_SPLIT_PROFILE } = {}) {
  const wasm = path.join(dir, 'jwtscope_bg.wasm');
  const glue = path.join(dir, 'jwtscope.js');
  const later = path.join(dir, 'jwtscope_later.wasm');
  if (!existsSync(wasm) || !existsSync(glue)) throw new Error(`${dir} has no jwtscope_bg.wasm and jwtscope.js`);
  const bin = splitTool();
  const work = mkdtempSync(path.join(tmpdir(), 'jwtscope-split-'));
  try {
    if (profile) {
      console.error('split: JWTSCOPE_SPLIT_PROFILE is set: a profiling build, not for serving');
      const out = execFileSync(bin, ['instrument', wasm, wasm, profile], { encoding: 'utf8' });
      writeFileSync(later, EMPTY_MODULE);
      writeFileSync(glue, withSplitImports(readFileSync(glue, 'utf8'), '{ mark: (i) => (globalThis.__jwtscopeMarks ||= new Set()).add(i) }', ''));
      return out.trim();
    }
    const first = path.join(work, 'first.wasm');
    const rest = path.join(work, 'later.wasm');
    const args = ['split', wasm, KEEP_LIST, first, rest];
    const linked = linkedModule();
    const windows = path.join(work, 'windows.txt');
    if (linked) {
      const objects = path.join(work, 'objects.txt');
      writeFileSync(objects, objectsFor(readFileSync(wasm), linked).join('\n'));
      args.push(objects, windows);
    } else {
      console.error('split: no linked module with relocations (a release build leaves one in target/): functions move, their data stays');
    }
    const out = execFileSync(bin, args, { encoding: 'utf8' });
    checkListed(out);
    wasmOpt(first, wasm);
    wasmOpt(rest, later);
    // The split kept every object the first part's code names; this last pass could
    // still fold constants into a moved address: refuse the build if it did.
    if (linked) execFileSync(bin, ['check', wasm, windows], { stdio: ['ignore', 'ignore', 'inherit'] });
    writeFileSync(glue, withSplitImports(readFileSync(glue, 'utf8'), '{ load: later_load }', LOADER));
    return out.trim();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const dir = process.argv[2];
    if (!dir) throw new Error('usage: node scripts/split.mjs DIR');
    console.log(splitPage(dir));
  } catch (err) {
    console.error(`split: ${err.message}`);
    process.exit(1);
  }
}
