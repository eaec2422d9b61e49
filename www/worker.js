// The page's worker: glue only. It runs the page's second wasm module
// (jwtscope-worker_bg.wasm, the `jwtscope-worker` crate), compiled once by the page
// after its first paint and posted here, so heavy work such as RSA key generation
// never freezes the page. Protocol:
//   page -> worker  {type: 'init', module} | {type: 'init', error} | {type: 'keypair', id, kind}
//   worker -> page  {type: 'ready'} | {type: 'failed', message} | {type: 'keypair', id, json}
import init, { worker_keypair } from './jwtscope-worker.js';

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
    }
  } catch (err) {
    self.postMessage({ type: 'failed', message: String(err && err.message ? err.message : err) });
  }
};
