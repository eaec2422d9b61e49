// The in-page half of scripts/bench: our wasm (the `bench` build, in pkg/) and
// crypto.subtle, measured side by side in one page and one run.
//
// bench/run.mjs loads bench.html and calls
//   await window.runBench({ inputs, quick, filters })
// which returns { environment, ops: [...] } (see docs/BENCHMARKS.md for the method).
// Before any timing, both sides check each other's output: WebCrypto verifies our
// signatures and we verify WebCrypto's (and both verify the OpenSSL-made fixtures).
import init, * as w from './pkg/jwtscope.js';

const subtle = globalThis.crypto.subtle;
const te = new TextEncoder();

function log(line) {
  const el = document.getElementById('log');
  if (el) el.textContent += line + '\n';
  console.log(line);
}

// --- encodings ---------------------------------------------------------------
function b64urlDecode(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}
function pemToDer(pem) {
  const body = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
}
function derToPem(der, label) {
  const bytes = new Uint8Array(der);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  const lines = btoa(bin).match(/.{1,64}/g).join('\n');
  return `-----BEGIN ${label}-----\n${lines}\n-----END ${label}-----\n`;
}

// --- the algorithms, as WebCrypto names them ------------------------------------
const HMAC = (hash) => ({ hmac: true, imp: { name: 'HMAC', hash }, sign: { name: 'HMAC' } });
const ALGS = {
  HS256: HMAC('SHA-256'),
  HS384: HMAC('SHA-384'),
  HS512: HMAC('SHA-512'),
  RS256: { key: 'rsa2048', imp: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, sign: { name: 'RSASSA-PKCS1-v1_5' } },
  PS256: { key: 'rsa2048', imp: { name: 'RSA-PSS', hash: 'SHA-256' }, sign: { name: 'RSA-PSS', saltLength: 32 } },
  ES256: { key: 'p256', imp: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } },
  ES384: { key: 'p384', imp: { name: 'ECDSA', namedCurve: 'P-384' }, sign: { name: 'ECDSA', hash: 'SHA-384' } },
  ES512: { key: 'p521', imp: { name: 'ECDSA', namedCurve: 'P-521' }, sign: { name: 'ECDSA', hash: 'SHA-512' } },
  EdDSA: { key: 'ed25519', imp: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
};

// --- timing --------------------------------------------------------------------
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

// Times run(n) (n operations; sync or async). n doubles until one round takes
// `roundMs`; the op then runs for `warmMs` (V8 tiers hot wasm functions up from
// Liftoff to TurboFan in the background) before `rounds` timed rounds.
async function measure(run, { rounds, roundMs, warmMs, maxN = 1 << 22 }) {
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    await run(n);
    const dt = performance.now() - t0;
    if (dt >= roundMs || n >= maxN) break;
    n *= dt < roundMs / 8 ? 4 : 2;
  }
  const warm0 = performance.now();
  do await run(n);
  while (performance.now() - warm0 < warmMs);
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    await run(n);
    samples.push((n * 1000) / (performance.now() - t0));
  }
  return { ops_per_sec: median(samples), per_round: n, rounds: samples };
}

// WebCrypto, one operation at a time (each awaited: the latency a page sees).
const seq = (op) => async (n) => {
  for (let i = 0; i < n; i++) await op();
};
// WebCrypto, up to `width` operations in flight (Chromium runs them off the main
// thread, on several threads: its best throughput).
const conc = (op, width = 32) => async (n) => {
  for (let i = 0; i < n; i += width) {
    const k = Math.min(width, n - i);
    const batch = new Array(k);
    for (let j = 0; j < k; j++) batch[j] = op();
    await Promise.all(batch);
  }
};

// --- the run -------------------------------------------------------------------
window.runBench = async function runBench({ inputs, quick = false, filters = [] }) {
  const wanted = (name) => filters.length === 0 || filters.some((f) => name.includes(f));
  const timing = (kind) => {
    const slow = kind === 'keygen';
    return {
      rounds: quick ? 3 : slow ? 15 : 9,
      roundMs: quick ? 20 : slow ? 200 : 60,
      warmMs: quick ? 60 : slow ? 400 : 300,
    };
  };
  const ops = [];
  const row = async (name, group, sides) => {
    if (!wanted(name)) return;
    const out = { name, group };
    for (const [side, run, kind] of sides) {
      out[side] = await measure(run, timing(kind));
    }
    const f = (x) => (x ? Math.round(x.ops_per_sec).toString() : '-');
    log(`${name.padEnd(36)} ours ${f(out.wasm).padStart(9)}  webcrypto ${f(out.webcrypto_seq).padStart(9)} seq ${f(out.webcrypto_conc).padStart(9)} conc`);
    ops.push(out);
  };

  // Keys on both sides, and the cross-checks.
  const secretOf = (alg) => inputs.secrets[alg];
  const wasmKeys = new Map();
  const wasmKey = (text) => {
    if (!wasmKeys.has(text)) wasmKeys.set(text, w.bench_load_key(text));
    return wasmKeys.get(text);
  };
  async function pair(alg) {
    const a = ALGS[alg];
    if (a.hmac) {
      const k = await subtle.importKey('raw', te.encode(secretOf(alg)), a.imp, false, ['sign', 'verify']);
      const h = wasmKey(secretOf(alg));
      return { a, wcPriv: k, wcPub: k, ourPriv: h, ourPub: h };
    }
    const { private_pem, public_pem } = inputs.keys[a.key];
    return {
      a,
      wcPriv: await subtle.importKey('pkcs8', pemToDer(private_pem), a.imp, false, ['sign']),
      wcPub: await subtle.importKey('spki', pemToDer(public_pem), a.imp, false, ['verify']),
      ourPriv: wasmKey(private_pem),
      ourPub: wasmKey(public_pem),
    };
  }

  async function crossCheck(alg, k, input, fixtureSig) {
    const problems = [];
    if (!(await subtle.verify(k.a.sign, k.wcPub, fixtureSig, input))) problems.push('WebCrypto rejects the OpenSSL signature');
    if (w.bench_verify(alg, k.ourPub, input, fixtureSig, 1) !== 1) problems.push('we reject the OpenSSL signature');
    const ours = w.bench_sign(alg, k.ourPriv, input, 1);
    if (!(await subtle.verify(k.a.sign, k.wcPub, ours, input))) problems.push('WebCrypto rejects our signature');
    const theirs = new Uint8Array(await subtle.sign(k.a.sign, k.wcPriv, input));
    if (w.bench_verify(alg, k.ourPub, input, theirs, 1) !== 1) problems.push("we reject WebCrypto's signature");
    const bad = fixtureSig.slice();
    bad[bad.length - 1] ^= 1;
    if (w.bench_verify(alg, k.ourPub, input, bad, 1) !== 0) problems.push('we accept a damaged signature');
    if (await subtle.verify(k.a.sign, k.wcPub, bad, input)) problems.push('WebCrypto accepts a damaged signature');
    if (problems.length) throw new Error(`${alg} cross-check failed: ${problems.join('; ')}`);
  }

  const cases = [
    ['HS256', '1k'], ['HS384', '1k'], ['HS512', '1k'], ['HS256', '8k'],
    ['RS256', '1k'], ['PS256', '1k'],
    ['ES256', '1k'], ['ES384', '1k'], ['ES512', '1k'],
    ['EdDSA', '1k'],
  ];
  for (const [alg, size] of cases) {
    const suffix = size === '1k' ? '' : ' (8 KB input)';
    if (!wanted(`${alg} sign${suffix}`) && !wanted(`${alg} verify${suffix}`)) continue;
    const token = inputs.tokens[size][alg];
    const dot = token.lastIndexOf('.');
    const input = te.encode(token.slice(0, dot));
    const fixtureSig = b64urlDecode(token.slice(dot + 1));
    const k = await pair(alg);
    await crossCheck(alg, k, input, fixtureSig);
    const group = k.a.hmac ? 'HMAC' : alg.startsWith('ES') ? 'ECDSA' : alg === 'EdDSA' ? 'EdDSA' : 'RSA';
    await row(`${alg} sign${suffix}`, group, [
      ['wasm', (n) => w.bench_sign(alg, k.ourPriv, input, n), 'op'],
      ['webcrypto_seq', seq(() => subtle.sign(k.a.sign, k.wcPriv, input)), 'op'],
      ['webcrypto_conc', conc(() => subtle.sign(k.a.sign, k.wcPriv, input)), 'op'],
    ]);
    await row(`${alg} verify${suffix}`, group, [
      ['wasm', (n) => w.bench_verify(alg, k.ourPub, input, fixtureSig, n), 'op'],
      ['webcrypto_seq', seq(() => subtle.verify(k.a.sign, k.wcPub, fixtureSig, input)), 'op'],
      ['webcrypto_conc', conc(() => subtle.verify(k.a.sign, k.wcPub, fixtureSig, input)), 'op'],
    ]);
  }

  // Key generation: ours is the engine's generate_keypair (key, PKCS#8 and SPKI PEM,
  // both JWKs with the RFC 7638 thumbprint, as the page's worker makes them); the
  // WebCrypto side generates and exports the same four forms.
  const keygens = [
    ['RSA-2048 keygen', 'rsa-2048', { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, 'RS256'],
    ['P-256 keygen', 'p-256', { name: 'ECDSA', namedCurve: 'P-256' }, 'ES256'],
  ];
  for (const [name, kind, params, alg] of keygens) {
    if (!wanted(name)) continue;
    const a = ALGS[alg];
    const wcGenerate = async () => {
      const p = await subtle.generateKey(params, true, ['sign', 'verify']);
      const [pkcs8, spki] = await Promise.all([
        subtle.exportKey('pkcs8', p.privateKey),
        subtle.exportKey('spki', p.publicKey),
        subtle.exportKey('jwk', p.privateKey),
        subtle.exportKey('jwk', p.publicKey),
      ]);
      return { p, pkcs8, spki };
    };
    // Cross-checks: a key we made signs in WebCrypto and we verify; a key WebCrypto
    // made signs with us and WebCrypto verifies.
    const input = te.encode('jwtscope keygen cross-check');
    const ours = JSON.parse(w.bench_keygen(kind, 1));
    const wcPriv = await subtle.importKey('pkcs8', pemToDer(ours.private_pem), a.imp, false, ['sign']);
    const sig1 = new Uint8Array(await subtle.sign(a.sign, wcPriv, input));
    const ok1 = w.bench_verify(alg, w.bench_load_key(ours.public_pem), input, sig1, 1) === 1;
    const theirs = await wcGenerate();
    const sig2 = w.bench_sign(alg, w.bench_load_key(derToPem(theirs.pkcs8, 'PRIVATE KEY')), input, 1);
    const ok2 = await subtle.verify(a.sign, theirs.p.publicKey, sig2, input);
    if (!ok1 || !ok2) throw new Error(`${name} cross-check failed: ours→WebCrypto ${ok1}, WebCrypto→ours ${ok2}`);
    await row(name, 'keygen', [
      ['wasm', (n) => w.bench_keygen(kind, n), 'keygen'],
      ['webcrypto_seq', seq(wcGenerate), 'keygen'],
      ['webcrypto_conc', conc(wcGenerate, 8), 'keygen'],
    ]);
  }

  // Our page path, without the DOM (no WebCrypto equivalent): key parsing, decode +
  // verify, and the state machine's keystroke (update + view model).
  for (const [name, text] of [
    ['key parse RSA-2048 SPKI PEM', inputs.keys.rsa2048.public_pem],
    ['key parse RSA-2048 PKCS#8 PEM', inputs.keys.rsa2048.private_pem],
    ['key parse P-256 SPKI PEM', inputs.keys.p256.public_pem],
  ]) {
    await row(name, 'page path', [['wasm', (n) => w.bench_parse_key(text, n), 'op']]);
  }
  for (const size of ['1k', '8k']) {
    const label = size === '1k' ? '1 KB' : '8 KB';
    for (const alg of ['HS256', 'RS256', 'ES256']) {
      const token = inputs.tokens[size][alg];
      const keyText = ALGS[alg].hmac ? secretOf(alg) : inputs.keys[ALGS[alg].key].public_pem;
      const h = wasmKey(keyText);
      if (wanted(`decode+verify ${label} ${alg}`) && w.bench_decode_verify(token, alg, h, 1) !== 'valid') {
        throw new Error(`${alg} ${label}: the token does not verify in wasm`);
      }
      await row(`decode+verify ${label} ${alg}`, 'page path', [
        ['wasm', (n) => w.bench_decode_verify(token, alg, h, n), 'op'],
      ]);
      if (wanted(`keystroke (state+view) ${label} ${alg}`) && w.bench_keystroke(token, keyText, alg, 2) !== 'valid') {
        throw new Error(`${alg} ${label}: the state machine does not verify the token`);
      }
      await row(`keystroke (state+view) ${label} ${alg}`, 'page path', [
        ['wasm', (n) => w.bench_keystroke(token, keyText, alg, n), 'op'],
      ]);
    }
  }

  return {
    environment: {
      user_agent: navigator.userAgent,
      hardware_concurrency: navigator.hardwareConcurrency,
      cross_origin_isolated: globalThis.crossOriginIsolated === true,
    },
    ops,
  };
};

// --- A/B: two builds of our wasm in one page, rounds interleaved ------------------
// For experiments (bench/run.mjs --ab DIR): pkg/ is A (the baseline), pkg-b/ is B.
// Alternating the rounds of A and B cancels most of the drift of a shared machine.
function wasmOps(m, inputs) {
  const keys = new Map();
  const key = (text) => {
    if (!keys.has(text)) keys.set(text, m.bench_load_key(text));
    return keys.get(text);
  };
  const ops = [];
  for (const [alg, size] of [['HS256', '1k'], ['HS512', '1k'], ['HS256', '8k'], ['RS256', '1k'], ['PS256', '1k'], ['ES256', '1k'], ['ES384', '1k'], ['ES512', '1k'], ['EdDSA', '1k']]) {
    const a = ALGS[alg];
    const token = inputs.tokens[size][alg];
    const dot = token.lastIndexOf('.');
    const input = te.encode(token.slice(0, dot));
    const sig = b64urlDecode(token.slice(dot + 1));
    const priv = key(a.hmac ? inputs.secrets[alg] : inputs.keys[a.key].private_pem);
    const pub = key(a.hmac ? inputs.secrets[alg] : inputs.keys[a.key].public_pem);
    if (m.bench_verify(alg, pub, input, sig, 1) !== 1) throw new Error(`${alg}: the fixture does not verify`);
    const suffix = size === '1k' ? '' : ' (8 KB input)';
    ops.push({ name: `${alg} sign${suffix}`, kind: 'op', run: (n) => m.bench_sign(alg, priv, input, n) });
    ops.push({ name: `${alg} verify${suffix}`, kind: 'op', run: (n) => m.bench_verify(alg, pub, input, sig, n) });
  }
  if (inputs.keys.secp256k1) {
    // Signed here by the build itself (WebCrypto has no secp256k1): the ES256 token's
    // signing input, so the work is that of a 1 KB token.
    const token = inputs.tokens['1k'].ES256;
    const input = te.encode(token.slice(0, token.lastIndexOf('.')));
    const priv = key(inputs.keys.secp256k1.private_pem);
    const pub = key(inputs.keys.secp256k1.public_pem);
    const sig = m.bench_sign('ES256K', priv, input, 1);
    if (m.bench_verify('ES256K', pub, input, sig, 1) !== 1) throw new Error('ES256K: its own signature does not verify');
    ops.push({ name: 'ES256K sign', kind: 'op', run: (n) => m.bench_sign('ES256K', priv, input, n) });
    ops.push({ name: 'ES256K verify', kind: 'op', run: (n) => m.bench_verify('ES256K', pub, input, sig, n) });
  }
  ops.push({ name: 'RSA-2048 keygen', kind: 'keygen', run: (n) => m.bench_keygen('rsa-2048', n) });
  ops.push({ name: 'P-256 keygen', kind: 'op', run: (n) => m.bench_keygen('p-256', n) });
  ops.push({ name: 'key parse RSA-2048 SPKI PEM', kind: 'op', run: (n) => m.bench_parse_key(inputs.keys.rsa2048.public_pem, n) });
  for (const alg of ['HS256', 'RS256', 'ES256']) {
    const token = inputs.tokens['8k'][alg];
    const keyText = ALGS[alg].hmac ? inputs.secrets[alg] : inputs.keys[ALGS[alg].key].public_pem;
    ops.push({ name: `decode+verify 8 KB ${alg}`, kind: 'op', run: (n) => m.bench_decode_verify(token, alg, key(keyText), n) });
    ops.push({ name: `keystroke (state+view) 8 KB ${alg}`, kind: 'op', run: (n) => m.bench_keystroke(token, keyText, alg, n) });
  }
  return ops;
}

// The rest of a build's page module (scripts/split.mjs), before anything is timed:
// the benchmarks measure the code, not its first fetch.
async function loadLater(glue, url) {
  if (glue.laterModule) await glue.laterModule(await WebAssembly.compileStreaming(fetch(new URL(url, import.meta.url))));
}

window.runAB = async function runAB({ inputs, quick = false, filters = [] }) {
  const b = await import('./pkg-b/jwtscope.js');
  await b.default({ module_or_path: new URL('./pkg-b/jwtscope_bg.wasm', import.meta.url) });
  await loadLater(b, './pkg-b/jwtscope_later.wasm');
  const wanted = (name) => filters.length === 0 || filters.some((f) => name.includes(f));
  const A = wasmOps(w, inputs).filter((o) => wanted(o.name));
  const B = wasmOps(b, inputs).filter((o) => wanted(o.name));
  const out = [];
  for (let i = 0; i < A.length; i++) {
    const slow = A[i].kind === 'keygen';
    const rounds = quick ? 4 : slow ? 15 : 11;
    const roundMs = quick ? 20 : slow ? 200 : 60;
    let n = 1;
    for (;;) {
      const t0 = performance.now();
      A[i].run(n);
      if (performance.now() - t0 >= roundMs || n >= 1 << 22) break;
      n *= 2;
    }
    for (const op of [A[i], B[i]]) {
      const t0 = performance.now();
      do op.run(n);
      while (performance.now() - t0 < (quick ? 60 : 300));
    }
    const a = [];
    const bb = [];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 ? [[B[i], bb], [A[i], a]] : [[A[i], a], [B[i], bb]];
      for (const [op, into] of order) {
        const t0 = performance.now();
        op.run(n);
        into.push((n * 1000) / (performance.now() - t0));
      }
    }
    const ratios = a.map((x, k) => bb[k] / x);
    const res = { name: A[i].name, a: median(a), b: median(bb), b_over_a: median(ratios), per_round: n, rounds };
    log(`${res.name.padEnd(36)} A ${Math.round(res.a).toString().padStart(9)}  B ${Math.round(res.b).toString().padStart(9)}  B÷A ${res.b_over_a.toFixed(2)}`);
    out.push(res);
  }
  return out;
};

try {
  await init({ module_or_path: new URL('./pkg/jwtscope_bg.wasm', import.meta.url) });
  await loadLater(w, './pkg/jwtscope_later.wasm');
  window.benchReady = true;
} catch (err) {
  window.benchReady = `failed: ${err && err.message ? err.message : err}`;
  log(`could not start the bench build: ${window.benchReady}`);
}
