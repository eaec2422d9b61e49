#!/usr/bin/env node
// "Never looser than PyJWT or jose", tested: the same tokens, keys and expectations
// go to `jwtscope verify` (the CLI on the engine), to PyJWT 2.10.1's `jwt.decode`
// and to jose 6.2.18's `jwtVerify`, and every token jwtscope calls valid must be
// accepted by both libraries. The one place jwtscope accepts what one of them
// refuses is listed in LOOSER_BY_DESIGN with its reason, and the run fails if such
// a case stops differing too (the list cannot go stale).
//
// The cases are built here, deterministically, around one "now" taken at the start:
// headers (typ, kid, crit, b64, embedded keys, alg none and its spellings, duplicate
// members), a key set chosen by kid (and kids that are not strings, and JWKs
// restricted by alg, use, key_ops), claims (every time claim's types and states, aud, iss, sub, jti types,
// payloads that are not a claims set), signatures (truncated, empty, padded,
// non-canonical base64url, DER and zero ECDSA values, malleated RSA, ECDSA and
// EdDSA values, PSS salts, whitespace) on every
// algorithm family, signed with Node's crypto and the repository's test keys
// (tests/vectors/keys, see its README for their provenance).
//
//   node tests/differential/run.mjs [--python PATH] [--verbose]
//
// PATH is a Python with PyJWT and cryptography (scripts/setup makes .venv-differential
// with tests/differential/requirements.txt); the CLI is built with cargo first.

import { spawnSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const flag = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const PYTHON = flag('--python') || path.join(ROOT, '.venv-differential/bin/python');
const VERBOSE = args.includes('--verbose');

// --- keys --------------------------------------------------------------------
const keyFile = (name) => readFileSync(path.join(ROOT, 'tests/vectors/keys', name), 'utf8');
const SECRET = 'differential-harness-hmac-secret-0123456789';
const ASYM = {
  RS256: { priv: 'rsa2048.pkcs8.pem', pub: 'rsa2048.spki.pem' },
  PS256: { priv: 'rsa2048.pkcs8.pem', pub: 'rsa2048.spki.pem' },
  ES256: { priv: 'p256.pkcs8.pem', pub: 'p256.spki.pem' },
  ES384: { priv: 'p384.pkcs8.pem', pub: 'p384.spki.pem' },
  ES512: { priv: 'p521.pkcs8.pem', pub: 'p521.spki.pem' },
  EdDSA: { priv: 'ed25519.pkcs8.pem', pub: 'ed25519.spki.pem' },
};
const HASH = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };
const EC_ORDER = {
  ES256: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
};

const b64u = (bytes) => Buffer.from(bytes).toString('base64url');
const json = (v) => (typeof v === 'string' ? v : JSON.stringify(v));

function sign(alg, input) {
  const data = Buffer.from(input);
  if (alg.startsWith('HS')) return crypto.createHmac(HASH[alg.slice(2)], SECRET).update(data).digest();
  const key = keyFile(ASYM[alg].priv);
  if (alg === 'EdDSA') return crypto.sign(null, data, key);
  const hash = HASH[alg.slice(2)];
  if (alg.startsWith('RS')) return crypto.sign(hash, data, key);
  if (alg.startsWith('PS')) {
    return crypto.sign(hash, data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: +alg.slice(2) / 8 });
  }
  return crypto.sign(hash, data, { key, dsaEncoding: 'ieee-p1363' });
}

// A token from a header and a payload (objects, or raw JSON text to keep duplicate
// members and odd spellings), signed with `signAlg` (by default the header's alg).
function token(header, payload, { signAlg, payloadBytes, sig } = {}) {
  const h = b64u(json(header));
  const p = b64u(payloadBytes ?? json(payload));
  const input = `${h}.${p}`;
  const alg = signAlg ?? (typeof header === 'string' ? JSON.parse(header).alg : header.alg);
  const signature = sig ? sig(input, alg) : b64u(sign(alg, input));
  return `${input}.${signature}`;
}

// --- cases ---------------------------------------------------------------------
const NOW = Math.floor(Date.now() / 1000);
const HOUR = 3600;
const cases = [];
// verify: the algorithm pinned in every verifier; expect: { aud, iss, leeway }.
const add = (name, tok, verify, expect = {}) => cases.push({ name, token: tok, alg: verify, ...expect });

const good = { sub: 'user-1', iat: NOW - 60, exp: NOW + HOUR };
for (const alg of ['HS256', 'HS384', 'HS512', 'RS256', 'PS256', 'ES256', 'ES384', 'ES512', 'EdDSA']) {
  const h = { alg, typ: 'JWT' };
  add(`${alg} sound`, token(h, good), alg);
  add(`${alg} expired`, token(h, { ...good, exp: NOW - HOUR }), alg);
  add(`${alg} exp 30 s ago, leeway 60`, token(h, { ...good, exp: NOW - 30 }), alg, { leeway: 60 });
  add(`${alg} nbf in an hour`, token(h, { ...good, nbf: NOW + HOUR }), alg);
  add(`${alg} one bit of the signature flipped`, token(h, good, {
    sig: (input, a) => { const s = sign(a, input); s[s.length - 1] ^= 1; return b64u(s); },
  }), alg);
  add(`${alg} header says ${alg}, verified as another`, token(h, good), alg === 'HS256' ? 'HS384' : alg === 'ES256' ? 'ES384' : 'HS256');
  add(`${alg} empty signature`, token(h, good, { sig: () => '' }), alg);
  add(`${alg} signature with '=' padding`, token(h, good, {
    sig: (input, a) => { const s = sign(a, input).toString('base64'); return s.replace(/\+/g, '-').replace(/\//g, '_'); },
  }), alg);
  add(`${alg} whitespace inside the token`, token(h, good).replace('.', '.\n'), alg);
}

const HS = { alg: 'HS256', typ: 'JWT' };
// alg: none and its spellings, with and without a signature.
for (const none of ['none', 'None', 'NONE', 'nOnE']) {
  add(`alg ${none}, no signature`, token({ alg: none, typ: 'JWT' }, good, { sig: () => '' }), 'HS256');
  add(`alg ${none}, HMAC signature`, token({ alg: none, typ: 'JWT' }, good, { signAlg: 'HS256' }), 'HS256');
}
// Headers.
add('no typ', token({ alg: 'HS256' }, good), 'HS256');
add('typ at+jwt', token({ alg: 'HS256', typ: 'at+jwt' }, good), 'HS256');
add('kid', token({ alg: 'HS256', kid: '../../../../dev/null' }, good), 'HS256');
add('crit with an unknown name', token({ alg: 'HS256', crit: ['x-unknown'], 'x-unknown': 1 }, good), 'HS256');
add('crit naming a registered parameter', token({ alg: 'HS256', crit: ['exp'] }, good), 'HS256');
add('crit empty', token({ alg: 'HS256', crit: [] }, good), 'HS256');
add('b64 false in crit', token({ alg: 'HS256', b64: false, crit: ['b64'] }, good), 'HS256');
add('embedded jwk', token({ alg: 'HS256', jwk: { kty: 'oct', k: b64u(SECRET) } }, good), 'HS256');
add('jku', token({ alg: 'HS256', jku: 'https://attacker.example/jwks.json' }, good), 'HS256');
add('duplicate alg (HS256 then none)', token('{"alg":"HS256","alg":"none"}', good, { signAlg: 'HS256' }), 'HS256');
add('duplicate alg (none then HS256)', token('{"alg":"none","alg":"HS256"}', good, { signAlg: 'HS256' }), 'HS256');
add('header not an object', token('["HS256"]', good, { signAlg: 'HS256' }), 'HS256');
add('alg missing', token('{"typ":"JWT"}', good, { signAlg: 'HS256' }), 'HS256');
add('alg not a string', token('{"alg":256}', good, { signAlg: 'HS256' }), 'HS256');
{
  const h = b64u(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"alg":"HS256"}')]));
  const input = `${h}.${b64u(json(good))}`;
  add('header with a BOM', `${input}.${b64u(sign('HS256', input))}`, 'HS256');
}

// Time claims: types and states.
const times = {
  'exp in an hour, fractional': { exp: NOW + HOUR + 0.5 },
  'exp now (expired: on or after)': { exp: NOW },
  'exp as a string': { exp: String(NOW + HOUR) },
  'exp true': { exp: true },
  'exp null': { exp: null },
  'exp an array': { exp: [NOW + HOUR] },
  'exp 1e20': { exp: 1e20 },
  'exp in milliseconds (far future)': { exp: (NOW + HOUR) * 1000 },
  'exp negative': { exp: -1 },
  'nbf an hour ago': { nbf: NOW - HOUR },
  'nbf as a string': { nbf: String(NOW - HOUR) },
  'nbf in 30 s, leeway 60': { nbf: NOW + 30, leeway: 60 },
  'iat in an hour': { iat: NOW + HOUR },
  'iat as a string': { iat: String(NOW - 60) },
  'iat null': { iat: null },
  'no time claims': {},
};
for (const [name, claims] of Object.entries(times)) {
  const { leeway, ...rest } = claims;
  add(`claims: ${name}`, token(HS, { sub: 'user-1', ...rest }), 'HS256', leeway ? { leeway } : {});
}
// Registered string claims, with and without expectations.
const strings = [
  ['aud string, expected', { aud: 'api' }, { aud: 'api' }],
  ['aud string, another expected', { aud: 'api' }, { aud: 'web' }],
  ['aud array holding the expected', { aud: ['web', 'api'] }, { aud: 'api' }],
  ['aud array with a number', { aud: ['api', 1] }, { aud: 'api' }],
  ['aud a number', { aud: 1 }, { aud: '1' }],
  ['aud empty array, expected', { aud: [] }, { aud: 'api' }],
  ['aud null, expected', { aud: null }, { aud: 'api' }],
  ['no aud, expected', {}, { aud: 'api' }],
  ['aud string, none expected', { aud: 'api' }, {}],
  ['aud a number, none expected', { aud: 1 }, {}],
  ['aud array with a number, none expected', { aud: ['api', 1] }, {}],
  ['iss, expected', { iss: 'me' }, { iss: 'me' }],
  ['iss, another expected', { iss: 'me' }, { iss: 'you' }],
  ['no iss, expected', {}, { iss: 'me' }],
  ['iss a number, expected as text', { iss: 1 }, { iss: '1' }],
  ['iss a number, none expected', { iss: 1 }, {}],
  ['sub a number', { sub: 42 }, {}],
  ['sub null', { sub: null }, {}],
  ['jti a number', { jti: 7 }, {}],
  ['jti a string', { jti: 'abc' }, {}],
];
for (const [name, claims, expect] of strings) {
  add(`claims: ${name}`, token(HS, { exp: NOW + HOUR, ...claims }), 'HS256', expect);
}
// Payloads that are not a clean claims set.
const payloads = {
  'a JSON array': '[1,2]',
  'a JSON string': '"text"',
  'a JSON number': '42',
  'JSON null': 'null',
  'text': 'hello',
  'empty': '',
  'duplicate exp (future, then past)': `{"exp":${NOW + HOUR},"exp":${NOW - HOUR}}`,
  'duplicate exp (past, then future)': `{"exp":${NOW - HOUR},"exp":${NOW + HOUR}}`,
  'duplicate sub': '{"sub":"a","sub":"b"}',
  'a lone surrogate escaped': '{"sub":"\\ud800"}',
  'a number out of range': '{"n":1e400}',
  'trailing text after the object': '{"sub":"a"}x',
  'a trailing comma': '{"sub":"a",}',
  'a BOM before the object': '\ufeff{"sub":"a"}',
  'nested 200 deep': `{"a":${'['.repeat(200)}${']'.repeat(200)}}`,
};
for (const [name, text] of Object.entries(payloads)) add(`payload: ${name}`, token(HS, text), 'HS256');
add('payload: not UTF-8', token(HS, null, { payloadBytes: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]) }), 'HS256');

// Signature encodings.
add('HS256 tag truncated to 16 bytes', token(HS, good, { sig: (i, a) => b64u(sign(a, i).subarray(0, 16)) }), 'HS256');
add('HS256 signature with non-canonical trailing bits', token(HS, good, {
  sig: (i, a) => {
    const s = b64u(sign(a, i)); // 43 characters: the last carries 2 unused bits
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    return s.slice(0, -1) + alphabet[alphabet.indexOf(s.at(-1)) | 1];
  },
}), 'HS256');
add('ES256 signature in DER', token({ alg: 'ES256' }, good, {
  sig: (i) => b64u(crypto.sign('sha256', Buffer.from(i), { key: keyFile(ASYM.ES256.priv), dsaEncoding: 'der' })),
}), 'ES256');
add('ES256 r = s = 0', token({ alg: 'ES256' }, good, { sig: () => b64u(Buffer.alloc(64)) }), 'ES256');
add('ES256 s replaced by n - s (high S)', token({ alg: 'ES256' }, good, {
  sig: (i, a) => {
    const s = sign(a, i);
    const hi = EC_ORDER.ES256 - BigInt(`0x${s.subarray(32).toString('hex')}`);
    return b64u(Buffer.concat([s.subarray(0, 32), Buffer.from(hi.toString(16).padStart(64, '0'), 'hex')]));
  },
}), 'ES256');
add('ES256 r and s = n', token({ alg: 'ES256' }, good, {
  sig: () => { const n = Buffer.from(EC_ORDER.ES256.toString(16), 'hex'); return b64u(Buffer.concat([n, n])); },
}), 'ES256');
add('ES512 signature one byte short', token({ alg: 'ES512' }, good, { sig: (i, a) => b64u(sign(a, i).subarray(1)) }), 'ES512');
add('a JWE (five segments)', `${b64u('{"alg":"dir","enc":"A128GCM"}')}..${b64u('iv')}.${b64u('ct')}.${b64u('tag')}`, 'HS256');
add('two tokens with a space', `${token(HS, good)} ${token(HS, good)}`, 'HS256');
add('a token and a trailing dot', `${token(HS, good)}.`, 'HS256');

// A key set (tests/e2e/fixtures: an RSA key pair and its public JWK, kid "rsa-1"):
// the kid chooses the key, and a kid that is not a string names none.
const SET_PRIVATE = readFileSync(path.join(ROOT, 'tests/e2e/fixtures/rsa.key.pem'), 'utf8');
const JWKS = JSON.stringify({ keys: [JSON.parse(readFileSync(path.join(ROOT, 'tests/e2e/fixtures/rsa.jwk.json'), 'utf8'))] });
for (const kid of ['"rsa-1"', '"nope"', '1', 'null', 'true', '["rsa-1"]', '{"kid":"rsa-1"}']) {
  const h = `{"alg":"RS256","kid":${kid}}`;
  const input = `${b64u(h)}.${b64u(json(good))}`;
  const sig = crypto.sign('sha256', Buffer.from(input), SET_PRIVATE);
  add(`a key set, kid ${kid}`, `${input}.${b64u(sig)}`, 'RS256', { jwks: JWKS });
}
// The same key set with the JWK restricted: another alg, or use "enc".
for (const [what, extra] of [['alg RS384', { alg: 'RS384' }], ['use enc', { use: 'enc' }], ['key_ops [sign]', { key_ops: ['sign'] }]]) {
  const set = JSON.parse(JWKS);
  Object.assign(set.keys[0], extra);
  const input = `${b64u('{"alg":"RS256","kid":"rsa-1"}')}.${b64u(json(good))}`;
  add(`a key set, its JWK's ${what}`, `${input}.${b64u(crypto.sign('sha256', Buffer.from(input), SET_PRIVATE))}`, 'RS256', { jwks: JSON.stringify(set) });
}

// Malleated and non-standard signatures (RFC 8017 §8.1.2, §8.2.2; RFC 7518 §3.4;
// RFC 8032 §5.1.7): each must be refused by all three.
const rsaN = BigInt(`0x${Buffer.from(crypto.createPublicKey(keyFile(ASYM.RS256.pub)).export({ format: 'jwk' }).n, 'base64url').toString('hex')}`);
const big = (bytes) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
const bytesOf = (n, len) => Buffer.from(n.toString(16).padStart(len * 2, '0'), 'hex');
for (const salt of [0, 20, 64]) {
  add(`PS256 with a salt of ${salt} bytes (RFC 7518 §3.5: the hash's 32)`, token({ alg: 'PS256' }, good, {
    sig: (i) => b64u(crypto.sign('sha256', Buffer.from(i), { key: keyFile(ASYM.PS256.priv), padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: salt })),
  }), 'PS256');
}
for (const alg of ['RS256', 'PS256']) {
  add(`${alg} signature with an extra leading zero byte`, token({ alg }, good, { sig: (i, a) => b64u(Buffer.concat([Buffer.alloc(1), sign(a, i)])) }), alg);
  add(`${alg} signature plus the modulus (s + n)`, token({ alg }, good, { sig: (i, a) => b64u(bytesOf(big(sign(a, i)) + rsaN, 257)) }), alg);
}
add('ES256 s = 0', token({ alg: 'ES256' }, good, { sig: (i, a) => b64u(Buffer.concat([sign(a, i).subarray(0, 32), Buffer.alloc(32)])) }), 'ES256');
add('ES256 s + n', token({ alg: 'ES256' }, good, {
  sig: (i, a) => { const s = sign(a, i); return b64u(Buffer.concat([s.subarray(0, 32), bytesOf(big(s.subarray(32)) + EC_ORDER.ES256, 33)])); },
}), 'ES256');
add('ES256 r and s swapped', token({ alg: 'ES256' }, good, { sig: (i, a) => { const s = sign(a, i); return b64u(Buffer.concat([s.subarray(32), s.subarray(0, 32)])); } }), 'ES256');
{
  // Ed25519's S plus the group order L (a second, non-canonical encoding of S).
  const L = 2n ** 252n + 27742317777372353535851937790883648493n;
  add('EdDSA S + L (non-canonical)', token({ alg: 'EdDSA' }, good, {
    sig: (i, a) => {
      const s = sign(a, i);
      const S = big(Buffer.from(s.subarray(32)).reverse()) + L;
      return b64u(Buffer.concat([s.subarray(0, 32), bytesOf(S, 32).reverse()]));
    },
  }), 'EdDSA');
}

// Fractional expiry and an empty expected audience.
add('claims: exp half a second ahead', token(HS, { sub: 'user-1', exp: NOW + 0.5 }), 'HS256');
add('claims: exp 59.5 s ago, leeway 60', token(HS, { sub: 'user-1', exp: NOW - 59.5 }), 'HS256', { leeway: 60 });
add('claims: aud "", "" expected', token(HS, { exp: NOW + HOUR, aud: '' }), 'HS256', { aud: '' });
add('claims: aud [""], "" expected', token(HS, { exp: NOW + HOUR, aud: [''] }), 'HS256', { aud: '' });

// The one way jwtscope accepts what a library refuses, by design, with the reason.
const LOOSER_BY_DESIGN = {
  'claims: aud string, none expected':
    'PyJWT refuses any token with an aud when no audience is given (RFC 7519 §4.1.3: the reader must identify itself with a value in it); jose, like jwtscope, checks aud only against an expected audience, and jwtscope shows the aud claim for the user to give one (--aud, the page\'s audience field)',
};

// --- verdicts ------------------------------------------------------------------
const dir = mkdtempSync(path.join(os.tmpdir(), 'jwtscope-differential-'));
function jwtscope(c) {
  const keyPath = path.join(dir, c.jwks ? 'set.jwks' : `${c.alg}.key`);
  const keyArgs = c.alg.startsWith('HS') && !c.jwks ? ['--secret', SECRET] : ['--key', keyPath];
  if (c.jwks) writeFileSync(keyPath, c.jwks);
  else if (!c.alg.startsWith('HS')) writeFileSync(keyPath, keyFile(ASYM[c.alg].pub));
  const extra = [];
  if (c.aud != null) extra.push('--aud', c.aud);
  if (c.iss != null) extra.push('--iss', c.iss);
  if (c.leeway) extra.push('--leeway', String(c.leeway));
  const r = spawnSync(BIN, ['verify', '--alg', c.alg, ...keyArgs, '--now', String(NOW), ...extra, '--json', '-'], { input: c.token, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1 && r.status !== 2) throw new Error(`${c.name}: jwtscope exited ${r.status}: ${r.stderr}`);
  let why = '';
  try {
    const v = JSON.parse(r.stdout).verification ?? {};
    why = v.signature?.error?.code || v.claims?.errors?.[0]?.code || '';
  } catch { why = r.stderr.trim().split('\n')[0]; }
  return { ok: r.status === 0, error: why };
}

async function joseVerdict(c) {
  const key = c.jwks
    ? jose.createLocalJWKSet(JSON.parse(c.jwks))
    : c.alg.startsWith('HS') ? crypto.createSecretKey(Buffer.from(SECRET)) : crypto.createPublicKey(keyFile(ASYM[c.alg].pub));
  const options = { algorithms: [c.alg], currentDate: new Date(NOW * 1000), clockTolerance: c.leeway || 0 };
  if (c.aud != null) options.audience = c.aud;
  if (c.iss != null) options.issuer = c.iss;
  try {
    await jose.jwtVerify(c.token, key, options);
    return { ok: true };
  } catch (e) {
    return { ok: false, error: `${e.code || e.name}: ${e.message}` };
  }
}

async function pyjwtVerdicts(all) {
  const child = spawn(PYTHON, [path.join(ROOT, 'tests/differential/pyjwt_verify.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  for (const c of all) {
    const key = c.alg.startsWith('HS') ? SECRET : keyFile(ASYM[c.alg].pub);
    child.stdin.write(`${JSON.stringify({ token: c.token, alg: c.alg, key, jwks: c.jwks, aud: c.aud, iss: c.iss, leeway: c.leeway || 0 })}\n`);
  }
  child.stdin.end();
  const code = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`PyJWT's script exited ${code}`);
  const lines = out.trim().split('\n').map((l) => JSON.parse(l));
  if (lines.length !== all.length) throw new Error(`PyJWT answered ${lines.length} of ${all.length} cases`);
  return lines;
}

const build = spawnSync('cargo', ['build', '--quiet', '--features', 'cli', '--bin', 'jwtscope'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) throw new Error('cargo build failed');
const BIN = path.join(ROOT, 'target/debug/jwtscope');

const py = await pyjwtVerdicts(cases);
let looser = 0;
let stale = 0;
const stricter = [];
const rows = [];
for (const [i, c] of cases.entries()) {
  const ours = jwtscope(c);
  const theirs = { pyjwt: py[i], jose: await joseVerdict(c) };
  const refusedBy = Object.entries(theirs).filter(([, v]) => !v.ok).map(([k]) => k);
  const byDesign = LOOSER_BY_DESIGN[c.name];
  const mark = ours.ok && refusedBy.length ? (byDesign ? 'by design' : 'LOOSER') : '';
  if (mark === 'LOOSER') looser++;
  if (byDesign && !(ours.ok && refusedBy.length)) {
    stale++;
    console.log(`STALE  ${c.name}: listed as looser by design, but jwtscope ${ours.ok ? 'valid' : 'invalid'}, refused by ${refusedBy.join(', ') || 'neither'}`);
  }
  if (!ours.ok && theirs.pyjwt.ok && theirs.jose.ok) stricter.push(`${c.name} (${ours.error})`);
  rows.push(`${mark.padEnd(9)} ${ours.ok ? 'valid  ' : 'invalid'} ${theirs.pyjwt.ok ? 'ok  ' : 'no  '} ${theirs.jose.ok ? 'ok  ' : 'no  '} ${c.name}`);
  if (mark === 'LOOSER' || VERBOSE) {
    console.log(`${mark || 'case'}  ${c.name}\n  jwtscope: ${ours.ok ? 'valid' : ours.error}\n  PyJWT: ${theirs.pyjwt.ok ? 'accepted' : theirs.pyjwt.error}\n  jose: ${theirs.jose.ok ? 'accepted' : theirs.jose.error}`);
  }
}
rmSync(dir, { recursive: true, force: true });
if (VERBOSE) console.log(`\n          jwtscope PyJWT jose case\n${rows.join('\n')}`);
console.log(`\nstricter than both libraries (jwtscope refuses, PyJWT and jose accept): ${stricter.length}`);
for (const s of stricter) console.log(`  ${s}`);
const valid = cases.filter((c, i) => rows[i].includes(' valid ')).length;
console.log(`\ndifferential: ${cases.length} cases, ${valid} valid for jwtscope; looser than PyJWT or jose: ${looser}; by design: ${Object.keys(LOOSER_BY_DESIGN).length} (stale: ${stale})`);
if (looser || stale) process.exit(1);
