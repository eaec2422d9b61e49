// scripts/short-imports.mjs: a made-up module and glue in wasm-bindgen's shape,
// renamed, then instantiated with the imports the rewritten glue provides.
//
//   node --test tests/scripts/short-imports.test.mjs
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readExports, readImports, shortenImports, shortImports } from '../../scripts/short-imports.mjs';

const leb = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const str = (s) => [...leb(Buffer.byteLength(s)), ...Buffer.from(s)];
const section = (id, bytes) => [id, ...leb(bytes.length), ...bytes];
const vec = (items) => [...leb(items.length), ...items.flat()];

const MOD = './made_bg.js';
const ADD = '__wbg_add_0123456789abcdef';
const TWICE = '__wbg_twice_fedcba9876543210';
const GLOBAL = '__wbg_g_00000000000000aa';
const LONG = 'run_twice_and_add';

/** run(x) = twice(add(x)) + g, over imports of every kind the page's modules use and more; exported as `run` and `run_twice_and_add`. */
function module() {
  const i32 = 0x7f;
  return Buffer.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, 1, i32, 1, i32]])),
    ...section(2, vec([
      [...str(MOD), ...str(ADD), 0x00, 0x00],
      [...str(MOD), ...str(TWICE), 0x00, 0x00],
      [...str(MOD), ...str('mem'), 0x02, 0x01, 0x01, 0x02],
      [...str(MOD), ...str(GLOBAL), 0x03, i32, 0x00],
    ])),
    ...section(3, vec([[0x00]])),
    ...section(7, vec([[...str('run'), 0x00, 0x02], [...str(LONG), 0x00, 0x02]])),
    ...section(10, vec([[11, 0x00, 0x20, 0x00, 0x10, 0x00, 0x10, 0x01, 0x23, 0x00, 0x6a, 0x0b]])),
  ]);
}

// TWICE is named twice (a key and a comment): it must keep its name. The glue's
// `call` uses the instance's exports as wasm-bindgen's glue does (`wasm.<name>`).
const GLUE = `function getImports() {
    const import0 = {
        __proto__: null,
        ${ADD}: function(a) { return a + 1; },
        ${TWICE}: function(a) { return a * 2; },
        mem: new WebAssembly.Memory({ initial: 1, maximum: 2 }),
        ${GLOBAL}: new WebAssembly.Global({ value: 'i32', mutable: false }, 5),
    };
    // ${TWICE} doubles.
    return { ${JSON.stringify(MOD)}: import0 };
}
return { imports: getImports(), call: (wasm, x) => wasm.${LONG}(x) };
`;

async function run(wasm, glue, x) {
  const { imports, call } = new Function(glue)();
  const { instance } = await WebAssembly.instantiate(wasm, imports);
  assert.equal(instance.exports.run(x), call(instance.exports, x));
  return call(instance.exports, x);
}

test('the made-up module runs as written', async () => {
  assert.equal(await run(module(), GLUE, 10), 27);
});

test('imports named once as a key, the import module named once as a key, exports named only as wasm.<name>: short in the module and the glue; it still runs', async () => {
  const out = shortenImports(module(), GLUE);
  assert.deepEqual([out.renamed, out.modules, out.exports], [2, 1, 1]);
  const { imports } = readImports(out.wasm);
  assert.deepEqual(imports.map((i) => i.field), ['i0', TWICE, 'mem', 'i1']);
  assert.deepEqual([...new Set(imports.map((i) => i.module))], ['m0']);
  assert.deepEqual(readExports(out.wasm).map((e) => e.field), ['run', 'e0'], 'run is short already');
  for (const gone of [ADD, GLOBAL, MOD, LONG]) assert.ok(!out.glue.includes(gone), gone);
  assert.ok(out.glue.includes(`${TWICE}: function`), 'the import named twice kept its name');
  assert.ok(out.wasm.length < module().length);
  assert.equal(await run(out.wasm, out.glue, 10), 27);
});

test('an export another script of the site names keeps its name', async () => {
  const out = shortenImports(module(), GLUE, [`instance.exports.${LONG}(1);`]);
  assert.equal(out.exports, 0);
  assert.ok(readExports(out.wasm).some((e) => e.field === LONG));
  assert.equal(await run(out.wasm, out.glue, 10), 27);
});

test('a short name already in the glue is not reused', async () => {
  const glue = `const i0 = 1;\n${GLUE}`;
  const out = shortenImports(module(), glue);
  assert.deepEqual(readImports(out.wasm).imports.map((i) => i.field), ['i1', TWICE, 'mem', 'i2']);
  assert.deepEqual(readExports(out.wasm).map((e) => e.field), ['run', 'e0']);
  assert.equal(await run(out.wasm, out.glue, 10), 27);
});

test('an export: a glue function of the same name is not the export (renamed all the same); a quoted name or another object\'s property is (kept)', async () => {
  // wasm-bindgen's glue wraps a closure's export in a function of the same name.
  const wrapped = GLUE.replace(`call: (wasm, x) => wasm.${LONG}(x)`, `call: (wasm, x) => { function ${LONG}(y) { return wasm.${LONG}(y); } return ${LONG}(x); }`);
  const out = shortenImports(module(), wrapped);
  assert.equal(out.exports, 1);
  assert.ok(out.glue.includes(`function ${LONG}(y) { return wasm.e0(y); }`), out.glue);
  assert.equal(await run(out.wasm, out.glue, 10), 27);
  for (const other of [`const n = "${LONG}";`, `other.${LONG}();`]) {
    const kept = shortenImports(module(), `${GLUE}\n${other}`);
    assert.equal(kept.exports, 0, other);
  }
});

test('nothing to rename: both come back untouched', () => {
  // Imports as quoted keys, the module named twice, the export through another object.
  const glue = GLUE.replaceAll(`${ADD}:`, `"${ADD}":`).replaceAll(`${GLOBAL}:`, `"${GLOBAL}":`)
    .replace('// ', `// ${JSON.stringify(MOD)} `).replace(`wasm.${LONG}`, `wasm["${LONG}"]`);
  const out = shortenImports(module(), glue);
  assert.deepEqual([out.renamed, out.modules, out.exports], [0, 0, 0]);
  assert.equal(out.glue, glue);
  assert.deepEqual(out.wasm, module());
});

test('a site: each <name>_bg.wasm beside its <name>.js, files rewritten in place', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'short-imports-'));
  try {
    writeFileSync(path.join(dir, 'made_bg.wasm'), module());
    writeFileSync(path.join(dir, 'made.js'), GLUE);
    writeFileSync(path.join(dir, 'alone_bg.wasm'), module());
    assert.deepEqual(shortImports(dir), { 'made_bg.wasm': { imports: 2, modules: 1, exports: 1 } });
    const wasm = readFileSync(path.join(dir, 'made_bg.wasm'));
    assert.equal(await run(wasm, readFileSync(path.join(dir, 'made.js'), 'utf8'), 1), 9);
    assert.deepEqual(readFileSync(path.join(dir, 'alone_bg.wasm')), module(), 'a module without glue is left alone');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a damaged module is refused, not half rewritten', () => {
  const cut = module().subarray(0, 40);
  assert.throws(() => shortenImports(cut, GLUE), /truncated|section/);
  assert.throws(() => shortenImports(Buffer.from('not wasm at all'), GLUE), /not a wasm module/);
});

/** A module importing `imports` ([module, field] pairs, each a function i32 -> i32) whose one function, exported as each of `exports`, returns import 0 of its argument. */
function moduleWith(imports, exports) {
  const i32 = 0x7f;
  const fn = imports.length;
  return Buffer.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, 1, i32, 1, i32]])),
    ...section(2, vec(imports.map(([m, f]) => [...str(m), ...str(f), 0x00, 0x00]))),
    ...section(3, vec([[0x00]])),
    ...section(7, vec(exports.map((e) => [...str(e), 0x00, fn]))),
    ...section(10, vec([[6, 0x00, 0x20, 0x00, 0x10, 0x00, 0x0b]])),
  ]);
}

async function runWith(wasm, glue, x) {
  const { imports, call } = new Function(glue)();
  const { instance } = await WebAssembly.instantiate(wasm, imports);
  return call(instance.exports, x);
}

test('an export also read by destructuring keeps its name (a renamed one would read undefined)', async () => {
  const wasm = moduleWith([[MOD, ADD]], ['compute_thing']);
  const glue = `const import0 = { ${ADD}: (a) => a + 1 };
return { imports: { ${JSON.stringify(MOD)}: import0 }, call: (wasm, x) => { const { compute_thing } = wasm; return wasm.compute_thing(x) + compute_thing(x); } };`;
  const out = shortenImports(wasm, glue);
  assert.equal(out.exports, 0);
  assert.equal(out.renamed, 1);
  assert.equal(await runWith(out.wasm, out.glue, 1), 4);
});

test('one (module, field) imported twice: both entries get the one short name', async () => {
  const wasm = moduleWith([[MOD, ADD], [MOD, ADD]], ['run']);
  const glue = `const import0 = { ${ADD}: (a) => a + 1 };
return { imports: { ${JSON.stringify(MOD)}: import0 }, call: (wasm, x) => wasm.run(x) };`;
  const out = shortenImports(wasm, glue);
  assert.equal(out.renamed, 1);
  assert.deepEqual(readImports(out.wasm).imports.map((i) => i.field), ['i0', 'i0']);
  assert.equal(await runWith(out.wasm, out.glue, 1), 2);
});

test('an import whose module is not provided by an object literal of the glue keeps its name, even when another object has a key of that name', async () => {
  // A wasm-bindgen snippet is provided by `import * as import1 from "./snippets/…"`.
  const SNIPPET = './snippets/made/inline0.js';
  const wasm = moduleWith([[SNIPPET, 'parse_number']], ['run']);
  const glue = `const import1 = Object.fromEntries([['parse_' + 'number', (a) => a * 3]]);
const options = { parse_number: false };
return { imports: { ${JSON.stringify(SNIPPET)}: import1 }, call: (wasm, x) => wasm.run(x) };`;
  const out = shortenImports(wasm, glue);
  assert.equal(out.renamed, 0);
  assert.ok(out.glue.includes('{ parse_number: false }'), 'the other object is untouched');
  assert.equal(await runWith(out.wasm, out.glue, 2), 6);
});
