//! The split itself. The input is parsed twice, once for each output; the two parses
//! list the same items in the same order, so an item is matched by its position.
//!
//! FIRST keeps everything, but each moved function's body becomes a stub:
//!
//! ```text
//! (if (ref.is_null (table.get $later (i32.const k))) (then (call $split.load)))
//! (call_indirect $later (type f) (local.get 0) … (i32.const k))
//! ```
//!
//! Every call, export and table entry that named the function still does, and the
//! stub forwards. LATER holds the moved bodies and imports everything else they use
//! from FIRST (`p` in the import object): the memory, the tables, the globals and
//! each other function they call, which FIRST exports for it under short names. Its
//! one active element segment fills the table `$later`, so instantiating LATER is
//! all it takes to make the stubs forward. LATER has no exports and no start, and
//! its only data is the read-only bytes that moved with its functions ([`data`]):
//! FIRST owns every other byte of the memory and every entry point.

use std::collections::HashSet;

use walrus::ir::{dfs_in_order, Instr, InstrLocId, Value, Visitor};
use walrus::{
    ConstExpr, ElementItems, ElementKind, ExportItem, FunctionBuilder, FunctionId, FunctionKind,
    GlobalKind, ImportKind, ImportedFunction, LocalFunction, Module, RefType,
};

use crate::names::normal;
use crate::{data, parse, Error};

/// A function this small (in instructions) stays: its stub would weigh as much.
const MIN_MOVED_SIZE: u64 = 16;

/// The module LATER imports FIRST's items from.
const FROM: &str = "p";

/// The table of the moved functions, as FIRST exports it and LATER imports it.
const LATER_TABLE: &str = "~later";

/// FIRST's export names for LATER: `~` then a kind and a number, which no export of
/// wasm-bindgen's starts with.
fn func_name(i: usize) -> String {
    format!("~{i}")
}

pub struct Split {
    pub first: Vec<u8>,
    pub later: Vec<u8>,
    pub moved: usize,
    pub kept: usize,
    pub exported: usize,
    /// How many names of the keep list name a function of the module, of how many.
    pub listed: (usize, usize),
    /// The data moved with the functions: bytes, and the windows for [`data::check`].
    pub data_bytes: u32,
    pub windows: String,
}

impl Split {
    pub fn summary(&self) -> String {
        format!(
            "{} functions and {} bytes of data moved to the later module, {} kept, {} exported for it; {} + {} bytes; {} of the list's {} names found",
            self.moved,
            self.data_bytes,
            self.kept,
            self.exported,
            self.first.len(),
            self.later.len(),
            self.listed.0,
            self.listed.1
        )
    }
}

/// Splits `wasm`: every local function whose normal name is not in `keep` and that
/// is neither exported, the start function, nor tiny moves to LATER, and with
/// `objects` (the linked module's data, [`data::objects`]) the read-only data only
/// moved functions name.
pub fn split(
    wasm: &[u8],
    keep: &HashSet<String>,
    objects: Option<&[data::Object]>,
) -> Result<Split, Error> {
    let mut first = parse(wasm, true)?;
    let mut later = parse(wasm, true)?;
    let f_ids: Vec<FunctionId> = first.funcs.iter().map(|f| f.id()).collect();
    let l_ids: Vec<FunctionId> = later.funcs.iter().map(|f| f.id()).collect();
    if f_ids.len() != l_ids.len() {
        return Err(Error::new("the two parses disagree"));
    }
    if first.tags.iter().next().is_some() {
        return Err(Error::new(
            "the module has exception tags: LATER would need them imported (not done)",
        ));
    }
    if !first.funcs.iter().any(|f| f.name.is_some()) {
        return Err(Error::new(
            "the module has no function names (a `name` section): nothing to split by",
        ));
    }
    // Each function's name as the keep list spells it, by position in `f_ids`.
    let normals: Vec<Option<String>> = f_ids
        .iter()
        .map(|id| first.funcs.get(*id).name.as_deref().map(normal))
        .collect();
    let moved = to_move(&first, &f_ids, &normals, keep);
    let kept = first.funcs.iter_local().count() - moved.len();
    let names: HashSet<&String> = normals.iter().flatten().collect();
    let listed = (
        keep.iter().filter(|n| names.contains(n)).count(),
        keep.len(),
    );
    let slots = u64::try_from(moved.len()).map_err(|_| Error::new("too many functions"))?;
    let (ranges, windows) = match objects {
        Some(objects) => {
            let is_moved: HashSet<usize> = moved.iter().copied().collect();
            let (mut moved_names, mut kept_names) = (HashSet::new(), HashSet::new());
            for (i, id) in f_ids.iter().enumerate() {
                let Some(name) = first.funcs.get(*id).name.as_deref() else {
                    continue;
                };
                let name = data::normal_name(name);
                if is_moved.contains(&i) {
                    moved_names.insert(name);
                } else {
                    kept_names.insert(name);
                }
            }
            // What stays in FIRST must not name what moves: a kept function can hold
            // a moved one that Trunk's wasm-opt inlined or merged into it, or have no
            // name to match. Each object such code names stays, until none is named.
            let skip: HashSet<FunctionId> = moved.iter().map(|&i| f_ids[i]).collect();
            let mut stay = HashSet::new();
            loop {
                let moving = data::movable(objects, &moved_names, &kept_names, &stay);
                let (ranges, windows) = data::plan(objects, &moving);
                let hits = data::named(&first, &skip, &windows);
                if hits.is_empty() {
                    break (ranges, data::window_lines(&windows));
                }
                for (_, v) in hits {
                    stay.extend(data::owners(objects, &moving, v));
                }
            }
        }
        None => (Vec::new(), String::new()),
    };
    let needed = make_later(&mut later, &l_ids, &moved, slots);
    data::add(&mut later, &first, &ranges)?;
    make_first(&mut first, &f_ids, &moved, slots, &needed)?;
    data::cut(&mut first, &ranges)?;
    Ok(Split {
        first: first.emit_wasm(),
        later: later.emit_wasm(),
        moved: moved.len(),
        kept,
        exported: needed.len(),
        listed,
        data_bytes: ranges.iter().map(|(s, e)| e - s).sum(),
        windows,
    })
}

/// The positions (in `ids`) of the functions to move; `normals` holds their names
/// as the keep list spells them.
fn to_move(
    m: &Module,
    ids: &[FunctionId],
    normals: &[Option<String>],
    keep: &HashSet<String>,
) -> Vec<usize> {
    let exported: HashSet<FunctionId> = m
        .exports
        .iter()
        .filter_map(|e| match e.item {
            ExportItem::Function(f) => Some(f),
            _ => None,
        })
        .collect();
    let mut moved = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let f = m.funcs.get(*id);
        let FunctionKind::Local(local) = &f.kind else {
            continue;
        };
        let Some(name) = &normals[i] else {
            continue;
        };
        if keep.contains(name)
            || exported.contains(id)
            || m.start == Some(*id)
            || local.size() < MIN_MOVED_SIZE
            || !local.used_data_segments().is_empty()
            || !movable(local)
        {
            continue;
        }
        moved.push(i);
    }
    moved
}

/// Whether a body can run from LATER as it is: not with element segments (LATER has
/// none of FIRST's), nor tail calls (the stub's `call_indirect` would add a frame
/// to each).
fn movable(f: &LocalFunction) -> bool {
    struct Finds(bool);
    impl<'i> Visitor<'i> for Finds {
        fn visit_instr(&mut self, instr: &'i Instr, _: &'i InstrLocId) {
            if matches!(
                instr,
                Instr::TableInit(_)
                    | Instr::ElemDrop(_)
                    | Instr::ReturnCall(_)
                    | Instr::ReturnCallIndirect(_)
            ) {
                self.0 = true;
            }
        }
    }
    let mut found = Finds(false);
    dfs_in_order(&mut found, f, f.entry_block());
    !found.0
}

/// Makes `m` LATER: the moved bodies, everything else imported from FIRST, its one
/// element segment filling the slot table. Returns the names it imports.
fn make_later(m: &mut Module, ids: &[FunctionId], moved: &[usize], slots: u64) -> Vec<String> {
    for d in m.data.iter().map(|d| d.id()).collect::<Vec<_>>() {
        m.data.delete(d);
    }
    let mems: Vec<_> = m.memories.iter().map(|x| x.id()).collect();
    for (i, id) in mems.into_iter().enumerate() {
        let imp = m
            .imports
            .add(FROM, &format!("~m{i}"), ImportKind::Memory(id));
        let mem = m.memories.get_mut(id);
        mem.data_segments.clear();
        mem.import = Some(imp);
    }
    for e in m.elements.iter().map(|e| e.id()).collect::<Vec<_>>() {
        m.elements.delete(e);
    }
    let tables: Vec<_> = m.tables.iter().map(|t| t.id()).collect();
    for (i, id) in tables.into_iter().enumerate() {
        let imp = m
            .imports
            .add(FROM, &format!("~t{i}"), ImportKind::Table(id));
        let t = m.tables.get_mut(id);
        t.elem_segments.clear();
        t.init = None;
        t.import = Some(imp);
    }
    let globals: Vec<_> = m.globals.iter().map(|g| g.id()).collect();
    for (i, id) in globals.into_iter().enumerate() {
        let name = format!("~g{i}");
        match m.globals.get(id).kind {
            GlobalKind::Local(_) => {
                let imp = m.imports.add(FROM, &name, ImportKind::Global(id));
                m.globals.get_mut(id).kind = GlobalKind::Import(imp);
            }
            GlobalKind::Import(imp) => {
                let imp = m.imports.get_mut(imp);
                imp.module = FROM.to_owned();
                imp.name = name;
            }
        }
    }
    let is_moved: HashSet<usize> = moved.iter().copied().collect();
    for (i, id) in ids.iter().enumerate() {
        if is_moved.contains(&i) {
            continue;
        }
        let ty = m.funcs.get(*id).ty();
        let name = func_name(i);
        if let FunctionKind::Import(ImportedFunction { import, .. }) = m.funcs.get(*id).kind {
            let imp = m.imports.get_mut(import);
            imp.module = FROM.to_owned();
            imp.name = name;
        } else {
            let import = m.imports.add(FROM, &name, ImportKind::Function(*id));
            m.funcs.get_mut(*id).kind = FunctionKind::Import(ImportedFunction { import, ty });
        }
    }
    for e in m.exports.iter().map(|e| e.id()).collect::<Vec<_>>() {
        m.exports.delete(e);
    }
    m.start = None;
    let slot_table = m
        .tables
        .add_local(false, slots, Some(slots), RefType::FUNCREF);
    let imp = m
        .imports
        .add(FROM, LATER_TABLE, ImportKind::Table(slot_table));
    m.tables.get_mut(slot_table).import = Some(imp);
    m.elements.add(
        ElementKind::Active {
            table: slot_table,
            offset: ConstExpr::Value(Value::I32(0)),
        },
        ElementItems::Functions(moved.iter().map(|&i| ids[i]).collect()),
    );
    walrus::passes::gc::run(m);
    m.imports
        .iter()
        .filter(|imp| imp.module == FROM && imp.name != LATER_TABLE)
        .map(|imp| imp.name.clone())
        .collect()
}

/// Makes `m` FIRST: the slot table, the `split.load` import, a stub for each moved
/// function, and the exports LATER imports (`needed`).
fn make_first(
    m: &mut Module,
    ids: &[FunctionId],
    moved: &[usize],
    slots: u64,
    needed: &[String],
) -> Result<(), Error> {
    // Listed before the slot table is added: the same as LATER's `~t` numbering.
    let mems: Vec<_> = m.memories.iter().map(|x| x.id()).collect();
    let tables: Vec<_> = m.tables.iter().map(|t| t.id()).collect();
    let globals: Vec<_> = m.globals.iter().map(|g| g.id()).collect();
    let slot_table = m
        .tables
        .add_local(false, slots, Some(slots), RefType::FUNCREF);
    m.exports.add(LATER_TABLE, slot_table);
    let load_ty = m.types.add(&[], &[]);
    let (load, _) = m.add_import_func("split", "load", load_ty);
    for (k, &i) in moved.iter().enumerate() {
        let id = ids[i];
        let ty = m.funcs.get(id).ty();
        let (params, results) = {
            let (p, r) = m.types.params_results(ty);
            (p.to_vec(), r.to_vec())
        };
        let slot = i32::try_from(k).map_err(|_| Error::new("too many functions"))?;
        let mut b = FunctionBuilder::new(&mut m.types, &params, &results);
        let args: Vec<_> = params.iter().map(|t| m.locals.add(*t)).collect();
        {
            let mut body = b.func_body();
            body.i32_const(slot)
                .table_get(slot_table)
                .ref_is_null()
                .if_else(
                    None,
                    |then| {
                        then.call(load);
                    },
                    |_| {},
                );
            for a in &args {
                body.local_get(*a);
            }
            body.i32_const(slot).call_indirect(ty, slot_table);
        }
        m.funcs.get_mut(id).kind = FunctionKind::Local(b.local_func(args));
    }
    for name in needed {
        let item: ExportItem = if let Some(n) = name.strip_prefix("~m") {
            ExportItem::Memory(pick(&mems, n, name)?)
        } else if let Some(n) = name.strip_prefix("~t") {
            ExportItem::Table(pick(&tables, n, name)?)
        } else if let Some(n) = name.strip_prefix("~g") {
            ExportItem::Global(pick(&globals, n, name)?)
        } else if let Some(n) = name.strip_prefix('~') {
            ExportItem::Function(pick(ids, n, name)?)
        } else {
            return Err(Error::new(format!(
                "LATER imports {name}, which FIRST cannot give"
            )));
        };
        m.exports.add(name, item);
    }
    walrus::passes::gc::run(m);
    Ok(())
}

fn pick<T: Copy>(items: &[T], index: &str, name: &str) -> Result<T, Error> {
    index
        .parse::<usize>()
        .ok()
        .and_then(|i| items.get(i).copied())
        .ok_or_else(|| Error::new(format!("LATER imports {name}, which FIRST does not have")))
}
