// The page's worker: glue only. It runs the page's second wasm module
// (jwtscope-worker_bg.wasm, the `jwtscope-worker` crate), compiled once by the page
// after its first paint and posted here, so heavy work such as RSA key generation
// never freezes the page. Protocol:
//   page -> worker  {type: 'init', module} | {type: 'init', error}
//                 | {type: 'keypair', id, kind}
//                 | {type: 'crack', id, alg, input, tag, kind: 'builtin'}
//                 | {type: 'crack', id, alg, input, tag, kind: 'window', file, partFrom, partTo, lo, hi, from, to, atEnd}
//   worker -> page  {type: 'ready'} | {type: 'failed', job, message}
//                 | {type: 'keypair', id, json} | {type: 'crack', id, kind, partFrom, partTo, json}
// A window's byte range (lo..hi of the file, the part's own from..to inside it) is
// computed by the page's state machine; the engine reads the lines.
import init, { worker_keypair, worker_crack_builtin, worker_crack_window } from './jwtscope-worker.js';

let ready = null;

self.onmessage = async (event) => {
  const msg = event.data || {};
  try {
    if (msg.type === 'init') {
      if (!msg.module) throw new Error(msg.error || 'the worker module did not load');
      ready = init({ module_or_path: msg.module });
      await ready;
      self.postMessage({ type: 'ready' });
    } else if (msg.type === 'keypair') {
      if (!ready) throw new Error('the worker was not initialised');
      await ready;
      self.postMessage({ type: 'keypair', id: msg.id, json: worker_keypair(String(msg.kind)) });
    } else if (msg.type === 'crack') {
      if (!ready) throw new Error('the worker was not initialised');
      await ready;
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
    const job = msg.type === 'init' ? undefined : msg.type;
    self.postMessage({ type: 'failed', job, message: String(err && err.message ? err.message : err) });
  }
};
