// The page's worker: glue only. It runs the page's second wasm module
// (jwtscope-worker_bg.wasm, the `jwtscope-worker` crate), compiled once after the
// page's start by its first worker (off the page's thread) and passed on to the
// others, so heavy work (private-key signatures, RSA key generation, the keys
// workshop's private forms, the weak-secret check) never freezes the page. Jobs that
// arrive before the module is ready wait for it. Signatures and key pairs are
// answered in the order they came; a wordlist window first reads its slice of the
// file, so other jobs may be answered before it (every reply carries its job's id).
// Protocol:
//   page -> worker  {type: 'load', url} (the first worker: it fetches and compiles
//                   the module, answers {type: 'module', module} or {type: 'module',
//                   error}, which the page passes on to the others, then starts)
//                 | {type: 'init', module} | {type: 'init', error}
//                 | {type: 'sign', id, alg, input, kind, numbers}
//                 | {type: 'keypair', id, kind}
//                 | {type: 'private', id, index, kind, numbers, kid, use, alg}
//                 | {type: 'crack', id, alg, input, tag, kind: 'builtin'}
//                 | {type: 'crack', id, alg, input, tag, kind: 'window', file, partFrom, partTo, lo, hi, from, to, atEnd}
//   worker -> page  {type: 'module', module} | {type: 'module', error}
//                 | {type: 'ready'} | {type: 'failed', job, id, message}
//                 | {type: 'sign', id, json} | {type: 'keypair', id, json}
//                 | {type: 'private', id, index, json}
//                 | {type: 'crack', id, kind, partFrom, partTo, json}
// A window's byte range (lo..hi of the file, the part's own from..to inside it) is
// computed by the page's state machine; the engine reads the lines.
import init, { worker_sign, worker_keypair, worker_private_forms, worker_crack_builtin, worker_crack_window } from './jwtscope-worker.js';

let started;
let failedToStart;
const ready = new Promise((resolve, reject) => {
  started = resolve;
  failedToStart = reject;
});
ready.catch(() => {}); // reported once, below; each job then fails with the reason

const text = (err) => String(err && err.message ? err.message : err);

self.onmessage = async (event) => {
  const msg = event.data || {};
  if (msg.type === 'load') {
    try {
      msg.module = await WebAssembly.compileStreaming(fetch(msg.url));
      self.postMessage({ type: 'module', module: msg.module });
    } catch (err) {
      msg.error = text(err);
      self.postMessage({ type: 'module', error: msg.error });
    }
  }
  if (msg.type === 'init' || msg.type === 'load') {
    try {
      if (!msg.module) throw new Error(msg.error || 'the worker module did not load');
      await init({ module_or_path: msg.module });
      started();
      self.postMessage({ type: 'ready' });
    } catch (err) {
      failedToStart(err);
      self.postMessage({ type: 'failed', message: text(err) });
    }
    return;
  }
  try {
    await ready;
    if (msg.type === 'sign') {
      self.postMessage({ type: 'sign', id: msg.id, json: worker_sign(String(msg.alg), String(msg.input), String(msg.kind), msg.numbers) });
    } else if (msg.type === 'keypair') {
      self.postMessage({ type: 'keypair', id: msg.id, json: worker_keypair(String(msg.kind)) });
    } else if (msg.type === 'private') {
      const json = worker_private_forms(String(msg.kind), msg.numbers, String(msg.kid || ''), String(msg.use || ''), String(msg.alg || ''));
      self.postMessage({ type: 'private', id: msg.id, index: msg.index, json });
    } else if (msg.type === 'crack') {
      let json;
      if (msg.kind === 'window') {
        const bytes = new Uint8Array(await msg.file.slice(msg.lo, msg.hi).arrayBuffer());
        json = worker_crack_window(String(msg.alg), msg.input, msg.tag, bytes, msg.from, msg.to, Boolean(msg.atEnd));
      } else {
        json = worker_crack_builtin(String(msg.alg), msg.input, msg.tag);
      }
      self.postMessage({ type: 'crack', id: msg.id, kind: msg.kind, partFrom: msg.partFrom, partTo: msg.partTo, json });
    }
  } catch (err) {
    self.postMessage({ type: 'failed', job: msg.type, id: msg.id, message: text(err) });
  }
};
