//! The profiling build: every local function first calls `split.mark(i)`, `i` its
//! place among the module's local functions, so a page run records which ran.

use walrus::ir::{Call, Const, Value};
use walrus::{FunctionKind, ValType};

use crate::{parse, Error};

/// The instrumented module and the (normalised) name of each local function, in
/// `mark`'s numbering; a function without a name gets an empty line.
pub fn instrument(wasm: &[u8]) -> Result<(Vec<u8>, Vec<String>), Error> {
    let mut m = parse(wasm, false)?;
    let ty = m.types.add(&[ValType::I32], &[]);
    let (mark, _) = m.add_import_func("split", "mark", ty);
    let ids: Vec<_> = m.funcs.iter_local().map(|(id, _)| id).collect();
    let mut names = Vec::with_capacity(ids.len());
    for (i, id) in ids.into_iter().enumerate() {
        let f = m.funcs.get_mut(id);
        names.push(
            f.name
                .as_deref()
                .map(crate::names::normal)
                .unwrap_or_default(),
        );
        let index = i32::try_from(i).map_err(|_| Error::new("too many functions"))?;
        if let FunctionKind::Local(local) = &mut f.kind {
            local
                .builder_mut()
                .func_body()
                .instr_at(0, Call { func: mark })
                .instr_at(
                    0,
                    Const {
                        value: Value::I32(index),
                    },
                );
        }
    }
    Ok((m.emit_wasm(), names))
}
