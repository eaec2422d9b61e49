// The page's data objects and who names them, from the linked module cargo leaves in
// target/ (wasm-ld's symbol table and relocations, kept by build.rs's
// `--emit-relocs`): for scripts/split.mjs, so the split can move the data that only
// moved functions read (ARCHITECTURE.md, "The first load and the rest").
//
// Each read-only object (a symbol of the `.rodata` segment) becomes one line for
// tools/split, tab-separated:
//   start  end  lo  hi  points-to  name…
// start..end is its address range; lo..hi the range of every address constant a
// relocation makes for it (an addend can point before or past it); points-to the
// objects (by line number) whose addresses it holds; then the names of the functions
// whose code names it, as the linked module's `name` section has them (the split
// tool demangles them as wasm-bindgen does). The linked module must hold the same read-only
// bytes as the module being split (checked here): the split moves bytes by address.
import { readFileSync } from 'node:fs';
import { readLeb } from './short-imports.mjs';

function reader(bytes) {
  let at = 0;
  const r = {
    get at() { return at; },
    set at(v) { at = v; },
    byte: () => bytes[at++],
    leb: (signed = false) => {
      const [value, next] = readLeb(bytes, at, signed);
      at = next;
      return value;
    },
    // Signed: relocation addends and i32.const data offsets.
    sleb: () => r.leb(true),
    str() {
      const len = r.leb();
      const s = bytes.subarray(at, at + len).toString();
      at += len;
      return s;
    },
  };
  return r;
}

/** The data segments of a data section whose content starts at `r.at` (and `start`):
 * [{ addr, bytes, at }], `addr` null for a passive one, `at` relative to `start`. */
function dataSection(r, bytes, start) {
  const segments = [];
  const n = r.leb();
  for (let i = 0; i < n; i++) {
    const flag = r.leb();
    let addr = null;
    if (flag === 0 || flag === 2) {
      if (flag === 2) r.leb();
      if (r.byte() !== 0x41) throw new Error('a data segment whose offset is not i32.const');
      addr = r.sleb();
      if (r.byte() !== 0x0b) throw new Error('a data segment offset of more than one instruction');
    }
    const len = r.leb();
    segments.push({ addr, bytes: bytes.subarray(r.at, r.at + len), at: r.at - start });
    r.at += len;
  }
  return segments;
}

/** The active data segments of a module: [{ addr, bytes, at }], `at` relative to the data section. */
export function dataSegments(bytes) {
  const r = reader(bytes);
  r.at = 8;
  let segments = [];
  while (r.at < bytes.length) {
    const id = r.byte();
    const size = r.leb();
    const start = r.at;
    if (id === 11) segments = dataSection(r, bytes, start);
    r.at = start + size;
  }
  return segments;
}

/** Calls `each(kind)` with `r.at` at the content of each subsection up to `end` (the
 * `linking` and `name` sections' layout: an id, a length, the content). */
function subsections(r, end, each) {
  while (r.at < end) {
    const kind = r.byte();
    const len = r.leb();
    const next = r.at + len;
    each(kind);
    r.at = next;
  }
}

// Relocation types that make a memory address (the tool conventions' R_WASM_MEMORY_ADDR_*).
const MEMORY_ADDR = new Set([3, 4, 5, 11, 14, 15, 16, 17, 21, 23, 25]);
const WITH_ADDEND = new Set([3, 4, 5, 8, 9, 11, 14, 15, 16, 17, 21, 22, 23, 25]);

/** The read-only data objects of `linked` (a module with wasm-ld's `linking` and
 * `reloc.*` sections), as the lines described above. */
export function linkedObjects(linked) {
  const r = reader(linked);
  r.at = 8;
  let section = -1;
  let codeSection = -1;
  let dataSectionIndex = -1;
  let importedFuncs = 0;
  const bodies = [];
  const names = new Map();
  const segmentNames = [];
  const symbols = [];
  const relocs = [];
  let segments = [];
  while (r.at < linked.length) {
    const id = r.byte();
    const size = r.leb();
    const start = r.at;
    const end = start + size;
    section++;
    if (id === 2) {
      const n = r.leb();
      for (let i = 0; i < n; i++) {
        r.str();
        r.str();
        const kind = r.byte();
        if (kind === 0) { r.leb(); importedFuncs++; }
        else if (kind === 1) { r.byte(); const f = r.leb(); r.leb(); if (f & 1) r.leb(); }
        else if (kind === 2) { const f = r.leb(); r.leb(); if (f & 1) r.leb(); }
        else if (kind === 3) { r.byte(); r.byte(); }
        else { r.byte(); r.leb(); }
      }
    } else if (id === 10) {
      codeSection = section;
      const n = r.leb();
      for (let i = 0; i < n; i++) {
        const len = r.leb();
        bodies.push([r.at - start, r.at - start + len, importedFuncs + i]);
        r.at += len;
      }
    } else if (id === 11) {
      dataSectionIndex = section;
      segments = dataSection(r, linked, start);
    } else if (id === 0) {
      const name = r.str();
      if (name === 'linking') {
        r.leb();
        subsections(r, end, (kind) => {
          if (kind === 5) {
            const n = r.leb();
            for (let i = 0; i < n; i++) { segmentNames.push(r.str()); r.leb(); r.leb(); }
          } else if (kind === 8) {
            const n = r.leb();
            for (let i = 0; i < n; i++) {
              const sym = { kind: r.byte(), flags: r.leb() };
              if (sym.kind === 0 || sym.kind === 2 || sym.kind === 4 || sym.kind === 5) {
                sym.index = r.leb();
                if (!(sym.flags & 0x10) || sym.flags & 0x40) sym.name = r.str();
              } else if (sym.kind === 1) {
                sym.name = r.str();
                if (!(sym.flags & 0x10)) { sym.segment = r.leb(); sym.offset = r.leb(); sym.size = r.leb(); }
              } else if (sym.kind === 3) {
                sym.index = r.leb();
              }
              symbols.push(sym);
            }
          }
        });
      } else if (name.startsWith('reloc.')) {
        const target = r.leb();
        const n = r.leb();
        for (let i = 0; i < n; i++) {
          const type = r.byte();
          const offset = r.leb();
          const index = r.leb();
          const addend = WITH_ADDEND.has(type) ? r.sleb() : 0;
          relocs.push({ target, type, offset, index, addend });
        }
      } else if (name === 'name') {
        subsections(r, end, (kind) => {
          if (kind !== 1) return;
          const n = r.leb();
          for (let i = 0; i < n; i++) { const f = r.leb(); names.set(f, r.str()); }
        });
      }
    }
    r.at = end;
  }
  if (!symbols.length || !relocs.length) throw new Error('the linked module has no symbol table or relocations (built without --emit-relocs?)');
  const rodata = segmentNames.indexOf('.rodata');
  if (rodata < 0 || !segments[rodata]) throw new Error('the linked module has no .rodata segment');
  const base = segments[rodata].addr;

  // Objects: the defined data symbols of .rodata with a size, by address.
  const bySymbol = new Map();
  const objects = [];
  symbols.forEach((s, i) => {
    if (s.kind !== 1 || s.segment !== rodata || !s.size) return;
    const start = base + s.offset;
    const o = { start, end: start + s.size, lo: start, hi: start + s.size, to: new Set(), funcs: new Set() };
    bySymbol.set(i, o);
    objects.push(o);
  });
  objects.sort((a, b) => a.start - b.start);
  objects.forEach((o, i) => { o.line = i; });
  // Every object holding `addr`: objects overlap (merged strings and tails), and a
  // pointer in shared bytes is held by each.
  const longest = objects.reduce((m, o) => Math.max(m, o.end - o.start), 0);
  const objectsAt = (addr) => {
    let lo = 0;
    let hi = objects.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (objects[m].start <= addr) lo = m + 1; else hi = m;
    }
    const out = [];
    for (let i = lo - 1; i >= 0 && objects[i].start > addr - longest; i--) {
      if (addr < objects[i].end) out.push(objects[i]);
    }
    return out;
  };
  const bodyAt = (offset) => {
    let lo = 0;
    let hi = bodies.length - 1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1;
      if (offset < bodies[m][0]) hi = m - 1;
      else if (offset >= bodies[m][1]) lo = m + 1;
      else return bodies[m][2];
    }
    return -1;
  };
  const dataAt = (offset) => segments.find((s) => offset >= s.at && offset < s.at + s.bytes.length);
  for (const rel of relocs) {
    if (!MEMORY_ADDR.has(rel.type)) continue;
    const o = bySymbol.get(rel.index);
    if (!o) continue;
    const addr = o.start + rel.addend;
    o.lo = Math.min(o.lo, addr);
    o.hi = Math.max(o.hi, addr + 1);
    if (rel.target === codeSection) {
      const f = bodyAt(rel.offset);
      if (f < 0) throw new Error(`a relocation at ${rel.offset} outside every function`);
      o.funcs.add(names.get(f) ?? `#${f}`);
    } else if (rel.target === dataSectionIndex) {
      const seg = dataAt(rel.offset);
      const holders = seg && seg.addr !== null ? objectsAt(seg.addr + rel.offset - seg.at) : [];
      // Held by mutable data, or by data outside the objects: never moved.
      for (const holder of holders) holder.to.add(o);
      if (!holders.length) o.pinned = true;
    }
  }
  return {
    base,
    bytes: segments[rodata].bytes,
    lines: objects.map((o) => [o.start, o.end, o.lo, o.hi, [...o.to].map((t) => t.line).join(','), o.pinned ? '!' : '', ...o.funcs].join('\t')),
  };
}

/** Fails unless `module` (the module being split) holds the linked module's read-only
 * bytes at the same addresses (zeros where `wasm-opt` dropped them). */
export function checkSameData(module, linked) {
  const segments = dataSegments(module);
  const want = linked.bytes;
  const have = new Uint8Array(want.length);
  for (const s of segments) {
    if (s.addr === null) throw new Error('the module being split has a passive data segment');
    for (let i = 0; i < s.bytes.length; i++) {
      const at = s.addr + i - linked.base;
      if (at >= 0 && at < have.length) have[at] = s.bytes[i];
    }
  }
  for (let i = 0; i < want.length; i++) {
    if (have[i] !== want[i]) throw new Error(`the linked module's read-only data differs from the module being split at address ${linked.base + i}: not the same build`);
  }
}

/** `wasm` without the linker's sections (`linking`, `reloc.*`), which build.rs's
 * `--emit-relocs` leaves in every module wasm-bindgen and wasm-opt pass on, stale:
 * only the linked module's are read, by `linkedObjects`. Every other section is
 * copied byte for byte. */
export function withoutLinkerSections(wasm) {
  const r = reader(wasm);
  r.at = 8;
  const parts = [wasm.subarray(0, 8)];
  while (r.at < wasm.length) {
    const from = r.at;
    const id = r.byte();
    const size = r.leb();
    const start = r.at;
    let drop = false;
    if (id === 0) {
      const name = r.str();
      drop = name === 'linking' || name.startsWith('reloc.');
    }
    if (!drop) parts.push(wasm.subarray(from, start + size));
    r.at = start + size;
  }
  return Buffer.concat(parts);
}

/** The lines for `module` from the linked module at `linkedPath`. */
export function objectsFor(module, linkedPath) {
  const linked = linkedObjects(readFileSync(linkedPath));
  checkSameData(module, linked);
  return linked.lines;
}
