// tools/split (jwtscope-split) through scripts/split.mjs's build of it: a module
// written in the text format (assembled by npm's binaryen, names kept) with what the
// page's module has (memory and its data, a mutable global, a function table and
// call_indirect, an externref table, a JavaScript import), split by a keep list, then
// run in two parts against the same module whole.
//
//   node --test tests/scripts/split.test.mjs
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { checkListed, splitTool, wasmOpt } from '../../scripts/split.mjs';
import { linkedObjects, objectsFor, withoutLinkerSections } from '../../scripts/linked-data.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FEATURES = ['--enable-reference-types', '--enable-bulk-memory', '--enable-mutable-globals'];

// `cold` and `colder` are long enough to move (16 instructions or more); `tiny` is not.
const WAT = `(module
  (type $ii (func (param i32) (result i32)))
  (import "env" "log" (func $log (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "\\2a\\00\\00\\00")
  (global $sp (mut i32) (i32.const 1024))
  (table $fns 2 funcref)
  (elem (table $fns) (i32.const 0) func $double $cold)
  (table $refs 1 externref)
  (func $hot (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $double (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
  (func $tiny (param i32) (result i32) (i32.sub (local.get 0) (i32.const 1)))
  (func $cold (param $x i32) (result i32)
    (global.set $sp (i32.sub (global.get $sp) (i32.const 16)))
    (call $log (local.get $x))
    (local.set $x (i32.add (local.get $x) (i32.load (i32.const 16))))
    (local.set $x (call $hot (local.get $x)))
    (local.set $x (call_indirect $fns (type $ii) (local.get $x) (i32.const 0)))
    (local.set $x (i32.add (local.get $x) (ref.is_null (table.get $refs (i32.const 0)))))
    (local.set $x (call $colder (local.get $x)))
    (global.set $sp (i32.add (global.get $sp) (i32.const 16)))
    (i32.add (local.get $x) (call $tiny (global.get $sp))))
  (func $colder (param $x i32) (result i32)
    (i32.store (i32.const 32) (i32.mul (local.get $x) (i32.const 3)))
    (call $log (i32.load (i32.const 32)))
    (i32.add (i32.add (i32.load (i32.const 32)) (i32.const 7))
      (i32.add (i32.mul (local.get $x) (i32.const 0)) (i32.const 0))))
  (func $main (export "main") (param i32) (result i32) (call $cold (local.get 0)))
  (func $warm (export "warm") (param i32) (result i32) (call $hot (local.get 0)))
  (func $indirect (export "indirect") (param i32) (result i32) (call_indirect $fns (type $ii) (local.get 0) (i32.const 1)))
  (func $sp_now (export "sp") (result i32) (global.get $sp))
)`;

// Runs `fn` with a new temporary directory, removed afterwards.
function inTmp(fn) {
  const dir = mkdtempSync(path.join(tmpdir(), 'split-test-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function build(dir, wat = WAT, names = true) {
  writeFileSync(path.join(dir, 'm.wat'), wat);
  const out = path.join(dir, 'm.wasm');
  execFileSync(path.join(repo, 'node_modules/.bin/wasm-as'), [...FEATURES, ...(names ? ['-g'] : []), path.join(dir, 'm.wat'), '-o', out]);
  return out;
}

// Instantiates FIRST; its `split.load` instantiates LATER once asked, and counts.
function twoParts(first, later) {
  const logs = [];
  const state = { loads: 0, logs };
  const laterModule = new WebAssembly.Module(readFileSync(later));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(first)), {
    env: { log: (v) => logs.push(v) },
    split: { load: () => { state.loads += 1; new WebAssembly.Instance(laterModule, { p: instance.exports }); } },
  });
  return { exports: instance.exports, state };
}

function whole(file) {
  const logs = [];
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), { env: { log: (v) => logs.push(v) } });
  return { exports: instance.exports, logs };
}

test('split: the moved functions run from the later part, loaded once, with the same results', () => inTmp((dir) => {
  const input = build(dir);
  writeFileSync(path.join(dir, 'keep.txt'), '# kept\nhot\ndouble\n');
  const first = path.join(dir, 'first.wasm');
  const later = path.join(dir, 'later.wasm');
  const out = execFileSync(splitTool(), ['split', input, path.join(dir, 'keep.txt'), first, later], { encoding: 'utf8' });
  assert.match(out, /2 functions and 0 bytes of data moved/, out);

  const ref = whole(input);
  const split = twoParts(first, later);
  assert.equal(split.exports.warm(5), ref.exports.warm(5));
  assert.equal(split.state.loads, 0, 'a kept function needs nothing more');
  assert.equal(split.exports.main(5), ref.exports.main(5));
  assert.equal(split.state.loads, 1, 'the first moved function loads the later part');
  assert.equal(split.exports.indirect(9), ref.exports.indirect(9), 'through the function table');
  assert.equal(split.exports.main(-3), ref.exports.main(-3));
  assert.equal(split.state.loads, 1, 'once');
  assert.deepEqual(split.state.logs, ref.logs, 'the import, called from the later part');
  assert.equal(split.exports.sp(), ref.exports.sp(), 'the shared global');

  const laterMod = new WebAssembly.Module(readFileSync(later));
  assert.deepEqual(WebAssembly.Module.exports(laterMod), [], 'the later part exports nothing');
  assert.ok(WebAssembly.Module.imports(laterMod).every((i) => i.module === 'p'), 'and imports only from the first');
  // Both keep the names, for scripts/split.mjs's wasm-opt (it orders the functions
  // by name, then strips them; tests/e2e/size-check.mjs holds dist/ to none).
  assert.equal(WebAssembly.Module.customSections(laterMod, 'name').length, 1, 'names kept');
  const firstMod = new WebAssembly.Module(readFileSync(first));
  assert.equal(WebAssembly.Module.customSections(firstMod, 'name').length, 1, 'names kept');
  for (const part of [first, later]) {
    const shipped = path.join(dir, `shipped-${path.basename(part)}`);
    wasmOpt(part, shipped);
    const mod = new WebAssembly.Module(readFileSync(shipped));
    assert.equal(WebAssembly.Module.customSections(mod, 'name').length, 0, `${path.basename(part)}: the build's last pass drops the names`);
  }
  const after = twoParts(path.join(dir, 'shipped-first.wasm'), path.join(dir, 'shipped-later.wasm'));
  assert.equal(after.exports.main(5), ref.exports.main(5), 'and the parts still run');
}));

test('split: everything kept moves nothing; a module without names is refused', () => inTmp((dir) => {
  const input = build(dir);
  writeFileSync(path.join(dir, 'keep.txt'), 'hot\ndouble\ntiny\ncold\ncolder\n');
  const [first, later] = [path.join(dir, 'a.wasm'), path.join(dir, 'b.wasm')];
  const out = execFileSync(splitTool(), ['split', input, path.join(dir, 'keep.txt'), first, later], { encoding: 'utf8' });
  assert.match(out, /0 functions and 0 bytes of data moved/);
  const split = twoParts(first, later);
  assert.equal(split.exports.main(5), whole(input).exports.main(5));
  assert.equal(split.state.loads, 0);

  const bare = build(dir, WAT, false);
  assert.throws(() => execFileSync(splitTool(), ['split', bare, path.join(dir, 'keep.txt'), first, later], { stdio: 'pipe' }),
    (err) => /no function names/.test(String(err.stderr)));
}));

test('split: the list names the module\'s functions, or the build stops', () => inTmp((dir) => {
  const input = build(dir);
  const [first, later] = [path.join(dir, 'a.wasm'), path.join(dir, 'b.wasm')];
  const run = (names) => {
    writeFileSync(path.join(dir, 'keep.txt'), `${names.join('\n')}\n`);
    return execFileSync(splitTool(), ['split', input, path.join(dir, 'keep.txt'), first, later], { encoding: 'utf8' });
  };
  const all = run(['hot', 'double', 'gone', 'renamed']);
  assert.match(all, /2 of the list's 4 names found/, all);
  checkListed(all);
  // A list of another build's names (legacy symbols against v0 ones, say).
  const other = run(['hot', 'lib::hot::h0123456789abcdef', '<T as x>::y', 'z::{{closure}}']);
  assert.match(other, /1 of the list's 4 names found/, other);
  assert.throws(() => checkListed(other), /does not name this build's functions.*symbol-mangling-version=v0/);
}));

test('instrument: each function that runs reports its name', () => inTmp((dir) => {
  const input = build(dir);
  const [out, names] = [path.join(dir, 'i.wasm'), path.join(dir, 'names.txt')];
  execFileSync(splitTool(), ['instrument', input, out, names]);
  assert.equal(WebAssembly.Module.customSections(new WebAssembly.Module(readFileSync(out)), 'name').length, 0, 'no names');
  const list = readFileSync(names, 'utf8').split('\n');
  const marks = new Set();
  const i = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(out)), {
    env: { log: () => {} },
    split: { mark: (n) => marks.add(list[n]) },
  });
  i.exports.warm(1);
  assert.deepEqual([...marks].sort(), ['hot', 'warm']);
  marks.clear();
  assert.equal(i.exports.main(5), whole(input).exports.main(5));
  assert.deepEqual([...marks].sort(), ['cold', 'colder', 'double', 'hot', 'main', 'tiny']);
}));

// A Rust library linked by rustc's wasm-ld with its relocations kept, as build.rs
// keeps the page's: `cold_sum` alone reads COLD and PIECES (a table that points at
// two strings of its own), `hot` reads HOT, both read SHARED.
const RUST = `#![no_std]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! { loop {} }
static HOT: &[u8] = b"hot text the first load reads";
static COLD: &[u8] = b"cold text that only the moved function reads, long enough to see";
static PIECES: [&str; 2] = ["a cold piece", "another cold piece"];
static SHARED: &[u8] = b"shared text that both functions read";
#[inline(never)]
fn cold_sum(i: usize) -> u32 {
    let mut s = 0u32;
    for (k, b) in COLD.iter().enumerate() {
        s = s.wrapping_mul(31).wrapping_add(u32::from(*b) ^ (k + i) as u32);
    }
    for b in PIECES[i % 2].bytes() { s = s.wrapping_mul(7).wrapping_add(u32::from(b)); }
    s ^ u32::from(SHARED[i % SHARED.len()])
}
#[no_mangle]
pub extern "C" fn hot(i: usize) -> u32 { u32::from(HOT[i % HOT.len()]) + u32::from(SHARED[i % SHARED.len()]) }
#[no_mangle]
pub extern "C" fn cold(i: usize) -> u32 { cold_sum(i) }
`;

test('split with the linker\'s relocations: the data only moved functions name moves with them', () => inTmp((dir) => {
  writeFileSync(path.join(dir, 'lib.rs'), RUST);
  const linked = path.join(dir, 'linked.wasm');
  execFileSync('rustc', ['--edition', '2021', '--target', 'wasm32-unknown-unknown', '--crate-type', 'cdylib', '-O', '-C', 'panic=abort',
    '-C', 'link-arg=--emit-relocs', '-C', 'symbol-mangling-version=v0', path.join(dir, 'lib.rs'), '-o', linked], { stdio: ['ignore', 'ignore', 'inherit'] });
  const bytes = readFileSync(linked);
  const { lines } = linkedObjects(bytes);
  const cold = lines.filter((l) => l.includes('cold_sum'));
  assert.ok(cold.length >= 1, 'the objects cold_sum names are listed with it');
  // As if `hot` had no name to match (or had a moved function inlined): the
  // relocations give SHARED to `cold_sum` alone, but `hot`'s code still names it.
  const shared = lines.findIndex((l) => l.split('\t').slice(6).includes('hot') && /cold_sum/.test(l));
  assert.ok(shared >= 0, 'SHARED is named by both');
  lines[shared] = lines[shared].split('\t').filter((f, k) => k < 6 || f !== 'hot').join('\t');
  writeFileSync(path.join(dir, 'objects.txt'), lines.join('\n'));
  writeFileSync(path.join(dir, 'keep.txt'), 'hot\ncold\n');
  const [first, later, windows] = ['first.wasm', 'later.wasm', 'windows.txt'].map((f) => path.join(dir, f));
  const out = execFileSync(splitTool(), ['split', linked, path.join(dir, 'keep.txt'), first, later, path.join(dir, 'objects.txt'), windows], { encoding: 'utf8' });
  assert.match(out, /1 functions and \d+ bytes of data moved/, out);
  const moved = Number(/and (\d+) bytes of data/.exec(out)[1]);
  assert.ok(moved >= 'cold text that only the moved function reads, long enough to see'.length, out);

  const text = (file) => readFileSync(file).toString('latin1');
  assert.ok(!text(first).includes('only the moved function'), 'the cold text left the first part');
  assert.ok(text(later).includes('only the moved function'), 'and is in the later part');
  assert.ok(text(later).includes('another cold piece'), 'with what its table points at');
  assert.ok(text(first).includes('hot text the first load reads'), 'the hot text stays');
  assert.ok(text(first).includes('shared text that both functions read'), 'and what code that stays names, whatever the relocations say');
  assert.ok(!text(later).includes('shared text that both functions read'));

  const shipped = (f) => { const o = path.join(dir, `shipped-${path.basename(f)}`); writeFileSync(f, withoutLinkerSections(readFileSync(f))); wasmOpt(f, o); return o; };
  const [sFirst, sLater] = [shipped(first), shipped(later)];
  execFileSync(splitTool(), ['check', sFirst, windows]);
  const ref = whole(linked);
  const split = twoParts(sFirst, sLater);
  assert.equal(split.exports.hot(3), ref.exports.hot(3));
  assert.equal(split.state.loads, 0, 'the first part reads its own data');
  assert.equal(split.exports.cold(3), ref.exports.cold(3), 'the moved function reads the moved data, once the later part wrote it');
  assert.equal(split.state.loads, 1);
  for (const m of [sFirst, sLater]) {
    assert.equal(WebAssembly.Module.customSections(new WebAssembly.Module(readFileSync(m)), 'linking').length, 0, 'no linker sections ship');
  }

  // The linked module must be the build being split: another module's data differs.
  assert.throws(() => objectsFor(readFileSync(build(dir)), linked), /differs from the module being split/);

  // The guard: the whole module still names the moved data, so `check` refuses it.
  assert.throws(() => execFileSync(splitTool(), ['check', linked, windows], { stdio: 'pipe' }),
    (err) => /inside data moved to LATER/.test(String(err.stderr)));
}));
