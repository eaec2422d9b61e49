// What the page's first load must do without the rest of its module (issue 13: "the
// page's first load with every algorithm able to verify"): a token of every JWS
// algorithm jwtscope verifies, with its key in each form people paste (SPKI PEM, a
// JWK, a JWK Set; PKCS#1 PEM for RSA), a wrong key, a wrong secret, an expired token,
// text that is no token. scripts/split-profile.mjs runs these in the page to record
// which functions the first load needs (www/first-load.txt); the end-to-end suite
// runs them with the rest of the module blocked.
//
// Keys and tokens are made here by Node's crypto (OpenSSL), new on every run: no
// jwtscope code is involved.
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fx = (name) => readFileSync(path.join(fixtures, name), 'utf8').trim();
const b64u = (s) => Buffer.from(s).toString('base64url');
const CLAIMS = { sub: 'first-load', iss: 'https://issuer.example', iat: 1700000000, exp: 4102444800 };

function token(alg, kid, claims, signer) {
  const input = `${b64u(JSON.stringify({ alg, typ: 'JWT', kid }))}.${b64u(JSON.stringify(claims))}`;
  return `${input}.${signer(Buffer.from(input)).toString('base64url')}`;
}

const HASH = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };

/** Share links a first visit may open (`#token=…`, issue 12), for a page at `base`:
 * [{ name, url, signature }]. */
export function firstLoadLinks(base) {
  const token = fx('rs256.jwt');
  const [h, p] = token.split('.');
  return [
    { name: 'a share link', url: `${base}#token=${token}`, signature: 'unchecked' },
    { name: 'a share link without its signature, with iss and aud', url: `${base}#token=${h}.${p}.&redacted=1&iss=https%3A%2F%2Fissuer.example&aud=jwtscope-e2e`, signature: 'invalid' },
  ];
}

/** [{ name, token, key, signature: 'valid' | 'invalid' | ..., claims? }] */
export function firstLoadCases() {
  const cases = [];
  const secret = 'first-load secret: long enough for every HMAC hash, 64 bytes!!!';
  for (const bits of [256, 384, 512]) {
    const t = token(`HS${bits}`, undefined, CLAIMS, (m) => createHmac(HASH[bits], secret).update(m).digest());
    cases.push({ name: `HS${bits}`, token: t, key: secret, signature: 'valid' });
  }
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaJwk = { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa-first' };
  for (const bits of [256, 384, 512]) {
    const rs = token(`RS${bits}`, 'rsa-first', CLAIMS, (m) => sign(HASH[bits], m, rsa.privateKey));
    const ps = token(`PS${bits}`, 'rsa-first', CLAIMS, (m) => sign(HASH[bits], m, { key: rsa.privateKey, padding: 6, saltLength: bits / 8 }));
    cases.push({ name: `RS${bits} (SPKI PEM)`, token: rs, key: rsa.publicKey.export({ type: 'spki', format: 'pem' }), signature: 'valid' });
    cases.push({ name: `PS${bits} (JWK)`, token: ps, key: JSON.stringify(rsaJwk), signature: 'valid' });
  }
  const rs256 = cases.find((c) => c.name.startsWith('RS256')).token;
  cases.push({ name: 'RS256 (PKCS#1 PEM)', token: rs256, key: rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }), signature: 'valid' });
  cases.push({ name: 'RS256 (JWK Set)', token: rs256, key: JSON.stringify({ keys: [rsaJwk] }), signature: 'valid' });
  cases.push({ name: 'RS256, another key', token: rs256, key: other.publicKey.export({ type: 'spki', format: 'pem' }), signature: 'invalid' });
  for (const [alg, curve, hash] of [['ES256', 'P-256', 'sha256'], ['ES384', 'P-384', 'sha384'], ['ES512', 'P-521', 'sha512'], ['ES256K', 'secp256k1', 'sha256']]) {
    const pair = generateKeyPairSync('ec', { namedCurve: curve });
    const t = token(alg, `${alg}-first`, CLAIMS, (m) => sign(hash, m, { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }));
    cases.push({ name: `${alg} (SPKI PEM)`, token: t, key: pair.publicKey.export({ type: 'spki', format: 'pem' }), signature: 'valid' });
    cases.push({ name: `${alg} (JWK)`, token: t, key: JSON.stringify({ ...pair.publicKey.export({ format: 'jwk' }), kid: `${alg}-first` }), signature: 'valid' });
  }
  const ed = generateKeyPairSync('ed25519');
  const eddsa = token('EdDSA', 'ed-first', CLAIMS, (m) => sign(null, m, ed.privateKey));
  cases.push({ name: 'EdDSA (SPKI PEM)', token: eddsa, key: ed.publicKey.export({ type: 'spki', format: 'pem' }), signature: 'valid' });
  cases.push({ name: 'EdDSA (JWK)', token: eddsa, key: JSON.stringify({ ...ed.publicKey.export({ format: 'jwk' }), kid: 'ed-first' }), signature: 'valid' });
  cases.push({ name: 'HS256, the wrong secret', token: cases[0].token, key: 'not the secret', signature: 'invalid' });
  cases.push({ name: 'HS256, expired', token: fx('hs256-expired.jwt'), key: fx('hs256.secret.txt'), signature: 'valid', claims: 'invalid' });
  cases.push({ name: 'the fixtures\' RS256 with their JWK Set', token: fx('rs256.jwt'), key: fx('jwks.json'), signature: 'valid' });
  return cases;
}
