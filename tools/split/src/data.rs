//! The read-only data that only moved functions read, moved with them.
//!
//! The split moves functions; their strings and tables would stay in FIRST. The
//! linker knows which function names which data object (scripts/linked-data.mjs reads
//! its relocations into [`Object`] lines). An object moves when every function that
//! names it moved, no object that stays holds its address, and nothing else pins it:
//! its bytes leave FIRST's data segments and become an active data segment of LATER
//! at the same address. Instantiating LATER writes them, and a moved function only
//! ever runs once LATER is instantiated (its stub loads it first), so no code that
//! can run before sees the bytes missing. Code that stays can still name an object
//! the relocations give only to moved functions (Trunk's `wasm-opt` inlined a moved
//! function into it, or merged it with one, or it has no name to match): the split
//! looks at every constant and memory offset that stays ([`named`]) and keeps each
//! object named so. [`check`] looks again after the build's last `wasm-opt` pass,
//! in case it folded constants into a new address, and fails the build if one is
//! named. Only read-only data (`.rodata`) moves: Rust never writes it.

use std::collections::HashSet;

use walrus::ir::{dfs_in_order, Instr, InstrLocId, Value, Visitor};
use walrus::{ConstExpr, DataKind, Module};

use crate::names::normal;
use crate::Error;

/// One read-only data object of the linked module.
pub struct Object {
    start: u32,
    end: u32,
    /// Every address a relocation makes for it (an addend can point outside it).
    lo: u32,
    hi: u32,
    /// The objects (by position) whose addresses it holds.
    points_to: Vec<usize>,
    /// Held by data that is not an object of the list: never moved.
    pinned: bool,
    /// The normal names of the functions whose code names it.
    funcs: Vec<String>,
}

/// A function name as the keep list holds it, from a mangled or demangled name.
pub fn normal_name(name: &str) -> String {
    normal(&rustc_demangle::demangle(name).to_string())
}

fn number(field: Option<&str>, line: usize) -> Result<u32, Error> {
    field
        .and_then(|f| f.parse().ok())
        .ok_or_else(|| Error::new(format!("objects line {line}: a number is missing")))
}

/// Reads scripts/linked-data.mjs's lines.
pub fn objects(text: &str) -> Result<Vec<Object>, Error> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
        let mut f = line.split('\t');
        let (start, end, lo, hi) = (
            number(f.next(), i)?,
            number(f.next(), i)?,
            number(f.next(), i)?,
            number(f.next(), i)?,
        );
        let points_to = f
            .next()
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse()
                    .map_err(|_| Error::new(format!("objects line {i}: bad index")))
            })
            .collect::<Result<_, _>>()?;
        let pinned = f.next() == Some("!");
        let funcs = f.map(normal_name).collect();
        out.push(Object {
            start,
            end,
            lo,
            hi,
            points_to,
            pinned,
            funcs,
        });
    }
    Ok(out)
}

/// The objects that move: named only by moved functions (`moved`, and by no function
/// that stays, `kept`), held only by objects that move, not pinned, not in `stay`.
pub fn movable(
    objects: &[Object],
    moved: &HashSet<String>,
    kept: &HashSet<String>,
    stay: &HashSet<usize>,
) -> Vec<usize> {
    let mut stays: Vec<bool> = objects
        .iter()
        .enumerate()
        .map(|(i, o)| {
            o.pinned
                || stay.contains(&i)
                || o.funcs.is_empty()
                || o.funcs
                    .iter()
                    .any(|f| !moved.contains(f) || kept.contains(f))
        })
        .collect();
    // An object named by no code moves only with the objects that hold it.
    let held: HashSet<usize> = objects
        .iter()
        .flat_map(|o| o.points_to.iter().copied())
        .collect();
    for (i, o) in objects.iter().enumerate() {
        if o.funcs.is_empty() && !o.pinned && !stay.contains(&i) && held.contains(&i) {
            stays[i] = false;
        }
    }
    let mut queue: Vec<usize> = (0..objects.len()).filter(|&i| stays[i]).collect();
    while let Some(i) = queue.pop() {
        for &j in &objects[i].points_to {
            if j < stays.len() && !stays[j] {
                stays[j] = true;
                queue.push(j);
            }
        }
    }
    (0..objects.len()).filter(|&i| !stays[i]).collect()
}

/// Address ranges, [start, end).
pub type Ranges = Vec<(u32, u32)>;

/// Ranges sorted and joined.
fn union(mut r: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    r.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::new();
    for (s, e) in r {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// `[s, e)` without the parts in `minus` (sorted, joined).
fn without(s: u32, e: u32, minus: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut from = s;
    for &(ks, ke) in minus.iter().filter(|&&(ks, ke)| ks < e && ke > s) {
        if ks > from {
            out.push((from, ks));
        }
        from = from.max(ke);
    }
    if from < e {
        out.push((from, e));
    }
    out
}

/// What moves: the address ranges, [start, end), of the moving objects' bytes that
/// no staying object shares (the linker merges equal strings, and a string with the
/// tail of a longer one: objects overlap), sorted and joined; and the windows the
/// first part's code must not name: every address a relocation makes for a moving
/// object (its addend can point outside it, even into a staying neighbour). An
/// address a staying object shares is ambiguous: named, it keeps the moving object.
pub fn plan(objects: &[Object], moving: &[usize]) -> (Ranges, Ranges) {
    let moves: HashSet<usize> = moving.iter().copied().collect();
    let staying = union(
        (0..objects.len())
            .filter(|i| !moves.contains(i))
            .map(|i| (objects[i].start, objects[i].end))
            .collect(),
    );
    let ranges = union(
        moving
            .iter()
            .flat_map(|&i| without(objects[i].start, objects[i].end, &staying))
            .collect(),
    );
    let windows = union(
        moving
            .iter()
            .map(|&i| (objects[i].lo, objects[i].hi))
            .collect(),
    );
    (ranges, windows)
}

/// The moving objects whose window holds `value`.
pub fn owners(objects: &[Object], moving: &[usize], value: u64) -> Vec<usize> {
    moving
        .iter()
        .copied()
        .filter(|&i| value >= u64::from(objects[i].lo) && value < u64::from(objects[i].hi))
        .collect()
}

/// Windows as [`check`] reads them, one "lo hi" line each.
pub fn window_lines(windows: &[(u32, u32)]) -> String {
    windows
        .iter()
        .map(|(lo, hi)| format!("{lo} {hi}\n"))
        .collect()
}

/// Every constant (i32, i64, each lane of a v128) and memory offset (of every load,
/// store and atomic) inside `windows`, in the code of each local function of `m`
/// not in `skip`, and every global initialised inside them: (function, value), the
/// function `None` for a global.
pub fn named(
    m: &Module,
    skip: &HashSet<walrus::FunctionId>,
    windows: &[(u32, u32)],
) -> Vec<(Option<walrus::FunctionId>, u64)> {
    let inside = |v: u64| {
        windows
            .iter()
            .any(|&(lo, hi)| v >= u64::from(lo) && v < u64::from(hi))
    };
    struct Finds<'a> {
        inside: &'a dyn Fn(u64) -> bool,
        found: Vec<u64>,
    }
    impl<'i> Visitor<'i> for Finds<'_> {
        fn visit_instr(&mut self, instr: &'i Instr, _: &'i InstrLocId) {
            let values: Vec<u64> = match instr {
                Instr::Const(c) => match c.value {
                    Value::I32(v) => vec![u64::from(v as u32)],
                    Value::I64(v) => vec![v as u64],
                    // Each 32-bit lane: a vector of addresses.
                    Value::V128(v) => (0..4).map(|k| u64::from((v >> (32 * k)) as u32)).collect(),
                    _ => vec![],
                },
                Instr::Load(l) => vec![l.arg.offset],
                Instr::Store(s) => vec![s.arg.offset],
                Instr::LoadSimd(l) => vec![l.arg.offset],
                Instr::AtomicRmw(a) => vec![a.arg.offset],
                Instr::Cmpxchg(a) => vec![a.arg.offset],
                Instr::AtomicNotify(a) => vec![a.arg.offset],
                Instr::AtomicWait(a) => vec![a.arg.offset],
                _ => vec![],
            };
            self.found
                .extend(values.into_iter().filter(|&v| (self.inside)(v)));
        }
    }
    let mut out = Vec::new();
    for (id, local) in m.funcs.iter_local() {
        if skip.contains(&id) {
            continue;
        }
        let mut finds = Finds {
            inside: &inside,
            found: Vec::new(),
        };
        dfs_in_order(&mut finds, local, local.entry_block());
        out.extend(finds.found.into_iter().map(|v| (Some(id), v)));
    }
    for g in m.globals.iter() {
        if let walrus::GlobalKind::Local(ConstExpr::Value(Value::I32(v))) = g.kind {
            if inside(u64::from(v as u32)) {
                out.push((None, u64::from(v as u32)));
            }
        }
    }
    out
}

fn segment_offset(kind: &DataKind) -> Option<u32> {
    match kind {
        DataKind::Active {
            offset: ConstExpr::Value(Value::I32(o)),
            ..
        } => u32::try_from(*o).ok(),
        _ => None,
    }
}

/// The bytes at `[start, end)` of `m`'s active data (zeros where no segment is).
fn bytes_at(m: &Module, start: u32, end: u32) -> Vec<u8> {
    let mut out = vec![0u8; (end - start) as usize];
    for d in m.data.iter() {
        let Some(at) = segment_offset(&d.kind) else {
            continue;
        };
        for (i, b) in d.value.iter().enumerate() {
            let addr = at as usize + i;
            if addr >= start as usize && addr < end as usize {
                out[addr - start as usize] = *b;
            }
        }
    }
    out
}

/// FIRST without the moving bytes: each active segment cut around them.
pub fn cut(m: &mut Module, ranges: &[(u32, u32)]) -> Result<(), Error> {
    let ids: Vec<_> = m.data.iter().map(|d| d.id()).collect();
    for id in ids {
        let d = m.data.get(id);
        let Some(at) = segment_offset(&d.kind) else {
            if ranges.is_empty() {
                continue;
            }
            return Err(Error::new(
                "a passive data segment: its bytes cannot be cut by address",
            ));
        };
        let end =
            at + u32::try_from(d.value.len()).map_err(|_| Error::new("a huge data segment"))?;
        if !ranges.iter().any(|&(s, e)| s < end && e > at) {
            continue;
        }
        let DataKind::Active { memory, .. } = d.kind else {
            continue;
        };
        let value = d.value.clone();
        let pieces = without(at, end, ranges);
        m.data.delete(id);
        m.memories.get_mut(memory).data_segments.remove(&id);
        for (s, e) in pieces {
            let bytes = value[(s - at) as usize..(e - at) as usize].to_vec();
            let offset = i32::try_from(s).map_err(|_| Error::new("an address over 2 GiB"))?;
            m.data.add(
                DataKind::Active {
                    memory,
                    offset: ConstExpr::Value(Value::I32(offset)),
                },
                bytes,
            );
        }
    }
    Ok(())
}

/// LATER's data: the moving bytes, read from `source` (the input), at their addresses.
pub fn add(m: &mut Module, source: &Module, ranges: &[(u32, u32)]) -> Result<(), Error> {
    if ranges.is_empty() {
        return Ok(());
    }
    let Some(memory) = m.memories.iter().next().map(|x| x.id()) else {
        return Err(Error::new(
            "LATER has no memory to write the moved data into",
        ));
    };
    for &(s, e) in ranges {
        let offset = i32::try_from(s).map_err(|_| Error::new("an address over 2 GiB"))?;
        let id = m.data.add(
            DataKind::Active {
                memory,
                offset: ConstExpr::Value(Value::I32(offset)),
            },
            bytes_at(source, s, e),
        );
        m.memories.get_mut(memory).data_segments.insert(id);
    }
    Ok(())
}

/// Fails if FIRST's code still names a moved object: an `i32.const`, or a load or
/// store offset, inside one of `windows` (after the build's last `wasm-opt`).
pub fn check(m: &Module, windows: &str) -> Result<String, Error> {
    let mut w: Vec<(u32, u32)> = Vec::new();
    for line in windows.lines().filter(|l| !l.is_empty()) {
        let mut f = line.split(' ').map(str::parse::<u32>);
        match (f.next(), f.next()) {
            (Some(Ok(lo)), Some(Ok(hi))) => w.push((lo, hi)),
            _ => return Err(Error::new(format!("a bad window line: {line}"))),
        }
    }
    if let Some((id, v)) = named(m, &HashSet::new(), &w).first() {
        let name = match id {
            Some(id) => m
                .funcs
                .get(*id)
                .name
                .clone()
                .unwrap_or_else(|| format!("#{}", id.index())),
            None => "a global".to_owned(),
        };
        return Err(Error::new(format!(
            "FIRST's {name} names address {v}, inside data moved to LATER: the split would break it"
        )));
    }
    Ok(format!(
        "{} moved data windows: none named by FIRST",
        w.len()
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> HashSet<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    /// Objects from lines as scripts/linked-data.mjs writes them.
    fn lines() -> Vec<Object> {
        objects(
            "100\t110\t100\t110\t\t\tcold\n\
             110\t120\t108\t121\t\t\thot\n\
             120\t124\t120\t124\t\t\tcold\ttiny\n\
             124\t130\t124\t130\t4\t\tcold\n\
             130\t134\t130\t134\t\t\n\
             140\t150\t140\t150\t\t!\tcold\n\
             200\t210\t200\t210\t\t\tcold\n\
             205\t210\t205\t210\t\t\thot\n",
        )
        .unwrap()
    }

    #[test]
    fn an_object_moves_only_when_every_function_naming_it_moved() {
        let o = lines();
        let moving = movable(
            &o,
            &names(&["cold"]),
            &names(&["hot", "tiny"]),
            &HashSet::new(),
        );
        // 0: cold only. 1: hot. 2: tiny stays. 3: cold, and holds 4 (named by no code),
        // which moves with it. 5: pinned. 6: cold, but 7 (hot) shares its tail.
        assert_eq!(moving, vec![0, 3, 4, 6]);
        let (ranges, windows) = plan(&o, &moving);
        // 6's bytes that 7 shares stay. The windows are every address made for a
        // moving object, 1's too (108..110, its addend) and 7's (205..210): code
        // naming those keeps the moving object (`owners`).
        assert_eq!(ranges, vec![(100, 110), (124, 134), (200, 205)]);
        assert_eq!(windows, vec![(100, 110), (124, 134), (200, 210)]);
        assert_eq!(owners(&o, &moving, 109), vec![0]);
        assert_eq!(owners(&o, &moving, 207), vec![6]);
        // A name both moved and kept (two copies of a generic function): it stays.
        let moving = movable(
            &o,
            &names(&["cold", "hot"]),
            &names(&["cold"]),
            &HashSet::new(),
        );
        assert_eq!(moving, vec![1, 7]);
        // An object held by one that stays, stays.
        let moving = movable(&o, &names(&["cold"]), &names(&["hot"]), &[3].into());
        assert!(!moving.contains(&4));
        assert_eq!(owners(&o, &[0, 3, 4, 6], 125), vec![3]);
        assert_eq!(owners(&o, &[0, 3, 4, 6], 109), vec![0]);
    }

    #[test]
    fn bytes_leave_first_and_come_with_later() {
        let wat_free = |data: &[(i32, &[u8])]| {
            let mut m = Module::default();
            let memory = m.memories.add_local(false, false, 1, None, None);
            for &(at, bytes) in data {
                m.data.add(
                    DataKind::Active {
                        memory,
                        offset: ConstExpr::Value(Value::I32(at)),
                    },
                    bytes.to_vec(),
                );
            }
            m
        };
        let source = wat_free(&[(100, b"abcdefghij"), (120, b"XYZ")]);
        let mut first = wat_free(&[(100, b"abcdefghij"), (120, b"XYZ")]);
        let ranges = [(102, 105), (108, 110)];
        cut(&mut first, &ranges).unwrap();
        // A module's active segments, (address, bytes), by address.
        let segments = |m: &Module| {
            let mut all: Vec<(u32, Vec<u8>)> = m
                .data
                .iter()
                .map(|d| (segment_offset(&d.kind).unwrap(), d.value.clone()))
                .collect();
            all.sort();
            all
        };
        assert_eq!(
            segments(&first),
            vec![
                (100, b"ab".to_vec()),
                (105, b"fgh".to_vec()),
                (120, b"XYZ".to_vec())
            ]
        );
        let mut later = wat_free(&[]);
        add(&mut later, &source, &ranges).unwrap();
        assert_eq!(
            segments(&later),
            vec![(102, b"cde".to_vec()), (108, b"ij".to_vec())]
        );
    }

    #[test]
    fn check_finds_a_constant_or_an_offset_in_a_window() {
        let mut m = Module::default();
        let memory = m.memories.add_local(false, false, 1, None, None);
        let mut f = walrus::FunctionBuilder::new(&mut m.types, &[], &[walrus::ValType::I32]);
        f.func_body().i32_const(7).load(
            memory,
            walrus::ir::LoadKind::I32 { atomic: false },
            walrus::ir::MemArg {
                align: 4,
                offset: 1_000,
            },
        );
        let id = f.finish(vec![], &mut m.funcs);
        m.funcs.get_mut(id).name = Some("reader".into());
        assert!(check(&m, "2000 2100\n").is_ok());
        let e = check(&m, "990 1001\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("reader names address 1000"), "{e}");
        assert!(check(&m, "7 8\n").is_err());
        assert!(check(&m, "seven\n").is_err());
        // A SIMD load's offset (LLVM puts a fixed address there), and a v128 lane.
        let mut g = walrus::FunctionBuilder::new(&mut m.types, &[], &[]);
        g.func_body()
            .i32_const(0)
            .load_simd(
                memory,
                walrus::ir::LoadSimdKind::V128Load64Zero,
                walrus::ir::MemArg {
                    align: 8,
                    offset: 5_000,
                },
            )
            .drop()
            .const_(Value::V128(6_000u128 << 64))
            .drop();
        g.finish(vec![], &mut m.funcs);
        assert!(check(&m, "5000 5001\n").is_err());
        assert!(check(&m, "6000 6001\n").is_err());
        assert!(check(&m, "5001 6000\n").is_ok());
    }

    #[test]
    fn names_are_normal_whether_mangled_or_not() {
        let mangled = "_ZN8jwtscope4jose3b6410decode_any17h21627a3008a7997eE";
        assert_eq!(normal_name(mangled), "jwtscope::jose::b64::decode_any");
        assert_eq!(
            normal_name("jwtscope::jose::b64::decode_any::h21627a3008a7997e"),
            "jwtscope::jose::b64::decode_any"
        );
        // v0 (the wasm builds' names): type arguments kept, crate hashes dropped, as
        // in the `name` section wasm-bindgen writes.
        let v0 = "_RINvNtCsgXGp5Oqx2Ny_4core3ptr13drop_in_placeINtNtCs5cOc02OMXlo_5alloc3vec3VecNtNtNtCsccVRY0dceb9_8jwtscope3app4view4LineEEB1j_";
        assert_eq!(
            normal_name(v0),
            "core::ptr::drop_in_place::<alloc::vec::Vec<jwtscope::app::view::Line>>"
        );
        let closure = "_RNvXs3_NtNtCsgXGp5Oqx2Ny_4core3str7patternNCNvNtNtNtCsccVRY0dceb9_8jwtscope4jose3key3ssh9bare_word0NtB5_11MultiCharEq7matchesBO_";
        assert_eq!(
            normal_name(closure),
            "<jwtscope::jose::key::ssh::bare_word::{closure#0} as core::str::pattern::MultiCharEq>::matches"
        );
    }
}
