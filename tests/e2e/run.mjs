#!/usr/bin/env node
// End-to-end tests of the built page (dist/) in Debian's Chromium, driven by
// playwright-core, served on 127.0.0.1 by scripts/static-server.mjs.
//
// Every test, on top of its own checks, asserts that after the page's own files have
// loaded (load event + app started + every worker ready) the browser makes no
// request at all, that nothing is stored (localStorage, sessionStorage, cookies,
// IndexedDB), that the console shows no error (a CSP violation is an error) and that
// axe-core finds no WCAG 2.1 A/AA violation in the state the test leaves the page
// in, in the light and the dark theme.
//
//   node tests/e2e/run.mjs [name-filter]
// Writes docs/screenshot.png, docs/explain.png and docs/review.png (the README's
// screenshots) and tests/e2e/output/.
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';
import { isOwnFile, urlOf } from './own-files.mjs';
import { firstLoadCases, firstLoadLinks } from './first-load-cases.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const fx = (name) => readFileSync(path.join(here, 'fixtures', name), 'utf8').trim();
const filter = process.argv[2] || '';

const LAUNCH_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const $ = (id) => `[data-testid="${id}"]`;

// --- helpers ---------------------------------------------------------------

async function verdict(page) {
  return page.$eval($('verdict'), (v) => ({
    signature: v.dataset.signature,
    claims: v.dataset.claims,
    text: v.textContent.replace(/\s+/g, ' ').trim(),
  }));
}

async function waitVerdict(page, signature, claims) {
  try {
    await page.waitForFunction(
      ([s, c]) => {
        const v = document.querySelector('[data-testid="verdict"]');
        return v && v.dataset.signature === s && (c === undefined || v.dataset.claims === c);
      },
      [signature, claims],
      { timeout: 5000 },
    );
  } catch {
    const v = await verdict(page);
    assert.fail(`expected signature=${signature} claims=${claims}, got ${JSON.stringify(v)}`);
  }
}

// Sets a token and a key the way a user does (paste = one input event each).
async function load(page, { token, key = '', encoding = 'utf8', alg }) {
  await page.fill($('key'), '');
  await page.fill($('token'), token);
  await page.selectOption($('secret-encoding'), encoding);
  await page.fill($('key'), key);
  if (alg) await page.selectOption($('alg'), alg);
}

// Private-key signatures come from the worker: wait until the token is signed with `alg`.
// Makes an Ed25519 pair in the workers (the key-pair panel's button) and returns its
// private PEM once the pair can be used.
async function makeEd25519Pair(page) {
  await page.click(`${$('generate-keypair')} button[data-kind="ed25519"]`);
  await page.waitForSelector('#use-keypair:not([disabled])', { timeout: 30000 });
  return page.inputValue('#kp-private-pem');
}

async function waitTokenAlg(page, alg) {
  await page.waitForFunction((a) => {
    const t = document.querySelector('[data-testid="token"]').value.split('.')[0] || '';
    try {
      return JSON.parse(atob(t.replace(/-/g, '+').replace(/_/g, '/'))).alg === a;
    } catch {
      return false;
    }
  }, alg, { timeout: 10000 });
}

const text = (page, sel) => page.$eval(sel, (e) => e.textContent.replace(/\s+/g, ' ').trim());
const codes = (page) => page.$$eval(`${$('explanation')} li`, (lis) => lis.map((li) => li.dataset.code));
// The security review's findings as `CODE severity`, in the page's order.
const findings = (page) => page.$$eval(`${$('audit')} li[data-code]`,
  (lis) => lis.map((li) => `${li.dataset.code} ${li.dataset.severity}`));

// axe-core (a dev dependency, never shipped) on one part of the page: the WCAG 2 A
// and AA rules, no violation allowed. Evaluated through the debugging protocol, which
// the page's CSP does not govern, so the page itself stays as served.
const axeSource = readFileSync(path.join(repo, 'node_modules/axe-core/axe.min.js'), 'utf8');
async function axeClean(page, selector, label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (sel) => {
    const r = await window.axe.run(sel, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }, selector);
  assert.deepEqual(violations, [], `axe: ${label}`);
}
const value = (page, id) => page.inputValue($(id));

// --- the tests -------------------------------------------------------------

const tests = [];
const test = (name, fn, opts = {}) => tests.push({ name, fn, opts });

// The page's module in two parts (scripts/split.mjs): the first load alone must
// verify every algorithm, with every key form of first-load-cases.mjs. The rest
// (jwtscope_later.wasm) is refused here: a function of it would ask for it again
// (synchronously) and, refused, fail the page. When this fails after a change of
// the page's code, run `node scripts/split-profile.mjs` and commit www/first-load.txt.
const later = { requests: 0 };
test('first load without the rest of the module: every algorithm verifies, nothing asks for the rest', async (page) => {
  for (const c of firstLoadCases()) {
    await load(page, { token: c.token, key: c.key });
    try {
      await waitVerdict(page, c.signature, c.claims);
    } catch (err) {
      err.message = `${c.name}: ${err.message} (if the page asked for jwtscope_later.wasm, www/first-load.txt no longer covers the first load: run node scripts/split-profile.mjs)`;
      throw err;
    }
    assert.equal(later.requests, 1, `${c.name}: only the fetch after the start asked for the rest of the module (www/first-load.txt no longer covers the first load: run node scripts/split-profile.mjs)`);
  }
  assert.equal(later.requests, 1, 'only the fetch after the start asked for the rest of the module');
  // Share links, which the page opens as it starts: each in a tab of its own.
  for (const link of firstLoadLinks(new URL('.', page.url()).href)) {
    const tab = await page.context().newPage();
    await tab.goto(link.url);
    await tab.waitForFunction((s) => document.documentElement.dataset.app === 'ready'
      && document.querySelector('[data-testid="verdict"]')?.dataset.signature === s, link.signature, { timeout: 5000 })
      .catch(() => assert.fail(`${link.name}: the page did not start with the rest refused (www/first-load.txt: run node scripts/split-profile.mjs)`));
    assert.equal(await tab.inputValue($('key')), '');
    await tab.close();
  }
  assert.equal(later.requests, 1 + firstLoadLinks('').length, 'one fetch after each start, no other');
}, {
  failedLoads: true,
  // The service worker's precache would fetch the rest too (and be counted here).
  noServiceWorker: true,
  before: (page) => page.context().route(urlOf('jwtscope_later.wasm'), (r) => { later.requests += 1; return r.abort(); }),
});

// The rest cannot be had at all (a server that lost the file): the page says so.
test('the rest of the module missing: the page says it stopped and why', async (page) => {
  await load(page, { token: fx('rs256.jwt'), key: fx('rsa.pub.pem') });
  await waitVerdict(page, 'valid', 'valid');
  assert.ok(await page.isHidden('#boot-error'));
  await page.fill($('ws-key'), fx('rsa.pub.pem'));
  await page.waitForSelector('#boot-error:not([hidden])');
  assert.match(await text(page, '#boot-error'), /^jwtscope stopped: part of its code could not be loaded \(HTTP 404\)\. Reload the page\.$/);
}, {
  failedLoads: true,
  before: (page) => page.route(urlOf('jwtscope_later.wasm'), (r) => r.fulfill({ status: 404, body: '' })),
});

// A function of the rest needed before the fetch after the start answered (held here
// for good): the page fetches it then, synchronously, and the feature works.
const late = { requests: 0, held: [] };
test('the rest of the module needed before it came: fetched at once, the keys workshop works', async (page) => {
  assert.equal(late.requests, 1, 'the fetch after the start');
  await page.fill($('ws-key'), fx('rsa.pub.pem'));
  assert.equal(await ws.description(page), 'Key 1: RSA public key, 2048 bits, SPKI PEM');
  assert.match(await ws.thumbprint(page), /^[\w-]{43}$/);
  assert.equal((await ws.output(page, 0, 'pkcs1-pem')).trim(), fx('rsa.pub.pkcs1.pem'));
  assert.equal(late.requests, 2, 'the workshop asked for the rest of the module');
  await load(page, { token: fx('rs256.jwt'), key: fx('rsa.pub.pem') });
  await waitVerdict(page, 'valid', 'valid');
  assert.equal(late.requests, 2, 'once');
}, {
  before: (page) => page.route(urlOf('jwtscope_later.wasm'), (r) => {
    late.requests += 1;
    if (late.requests === 1) late.held.push(r);
    else return r.continue();
    return undefined;
  }),
});

test('first load: example token, its key, a valid verdict, 0 requests', async (page) => {
  const token = await value(page, 'token');
  assert.match(token, /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  await waitVerdict(page, 'valid', 'valid');
  assert.ok((await value(page, 'key')).length >= 43, 'the example key is filled in');
  assert.equal(await value(page, 'secret-encoding'), 'base64url');
  assert.equal(await value(page, 'alg'), 'HS256');
  assert.match(await value(page, 'header'), /"alg": "HS256"/);
  assert.match(await value(page, 'payload'), /"iat": \d+/);
  assert.match(await text(page, '#payload-members'), /issued .* ago/);
  assert.match(await text(page, '#token-view'), /eyJ/);
  assert.equal(await page.$$eval('#token-view .seg.header', (s) => s.length), 1);
  assert.equal(await text(page, $('net-count')), '0 network requests since load');
  assert.equal(await page.isChecked($('sign-mode')), false);
  // Claim explanations are reachable by keyboard focus, not only hover.
  // (Focus and read in one task: a clock tick may repaint the claims in between.)
  assert.ok(await page.evaluate(() => {
    const dt = document.querySelector('#payload-members dt.explained');
    dt.focus();
    const dd = document.querySelector('#payload-members dt.explained:focus + dd + dd.explain');
    return Boolean(dd) && getComputedStyle(dd).display !== 'none';
  }), 'a claim explanation shows on keyboard focus');
  mkdirSync(path.join(repo, 'docs'), { recursive: true });
  await page.screenshot({ path: path.join(repo, 'docs/screenshot.png'), fullPage: true });
});

test('HS256 with a UTF-8 secret; wrong secret; expired token; leeway and as-of', async (page) => {
  await load(page, { token: fx('hs256.jwt'), key: fx('hs256.secret.txt') });
  await waitVerdict(page, 'valid', 'valid');
  assert.match(await text(page, '#key-kind'), /HMAC secret/);
  await page.fill($('key'), 'not-the-secret-not-the-secret-not-the-secret');
  await waitVerdict(page, 'invalid');
  await load(page, { token: fx('hs256-expired.jwt'), key: fx('hs256.secret.txt') });
  await waitVerdict(page, 'valid', 'invalid');
  assert.match(await text(page, '#payload-members'), /expired .* ago/);
  // As of 2023-11-14 22:20:00 UTC the token (exp 22:23:20) was still valid.
  await page.fill('#as-of', '2023-11-14T22:20:30');
  await page.dispatchEvent('#as-of', 'change');
  await waitVerdict(page, 'valid', 'valid');
  await page.fill('#as-of', '2023-11-14T22:24:30');
  await page.dispatchEvent('#as-of', 'change');
  await waitVerdict(page, 'valid', 'invalid');
  await page.fill('#leeway', '120');
  await waitVerdict(page, 'valid', 'valid');
  await page.click('#as-of-now');
  await waitVerdict(page, 'valid', 'invalid');
});

const families = [
  ['RS256', 'rs256.jwt', 'rsa.pub.pem', /RSA public key, 2048 bits, SPKI PEM/],
  ['RS256', 'rs256.jwt', 'rsa.jwk.json', /RSA public key, 2048 bits/],
  ['RS256', 'rs256.jwt', 'jwks.json', /JWKS, 3 keys/],
  ['PS256', 'ps256.jwt', 'rsa.pub.pem', /RSA/],
  ['PS256', 'ps256.jwt', 'jwks.json', /JWKS, 3 keys/],
  ['ES256', 'es256.jwt', 'ec.pub.pem', /P-256/],
  ['ES256', 'es256.jwt', 'ec.jwk.json', /P-256/],
  ['ES256', 'es256.jwt', 'jwks.json', /JWKS, 3 keys/],
  ['EdDSA', 'eddsa.jwt', 'ed.pub.pem', /Ed25519/],
  ['EdDSA', 'eddsa.jwt', 'ed.jwk.json', /Ed25519/],
  ['EdDSA', 'eddsa.jwt', 'jwks.json', /JWKS, 3 keys/],
];
test('RS, PS, ES and EdDSA verify with PEM, JWK and JWKS keys (OpenSSL fixtures)', async (page) => {
  for (const [alg, token, key, kind] of families) {
    await load(page, { token: fx(token), key: fx(key) });
    await waitVerdict(page, 'valid', 'valid').catch(async (e) => {
      throw new Error(`${alg} with ${key}: ${e.message}`);
    });
    assert.equal(await value(page, 'alg'), alg, `${alg} with ${key}`);
    assert.match(await text(page, '#key-kind'), kind, `${alg} with ${key}`);
    if (key === 'jwks.json') {
      const kid = JSON.parse(Buffer.from(fx(token).split('.')[0], 'base64url')).kid;
      assert.match(await text(page, '#sig-detail'), new RegExp(`kid "${kid}"`), 'says which JWKS key verified');
    }
  }
});

test('wrong key, wrong key type, alg none: invalid or not checked, with a reason', async (page) => {
  await load(page, { token: fx('rs256.jwt'), key: fx('rsa-other.pub.pem') });
  await waitVerdict(page, 'invalid');
  await load(page, { token: fx('es256.jwt'), key: fx('rsa.pub.pem') });
  const v1 = await verdict(page);
  assert.notEqual(v1.signature, 'valid', JSON.stringify(v1));
  assert.ok((await text(page, '#sig-detail')).length > 10);
  // An RSA public key pinned to HS256: the algorithm-confusion attack, refused.
  await load(page, { token: fx('hs256.jwt'), key: fx('rsa.pub.pem'), alg: 'HS256' });
  const v2 = await verdict(page);
  assert.notEqual(v2.signature, 'valid');
  await load(page, { token: fx('none.jwt'), key: fx('hs256.secret.txt') });
  const v3 = await verdict(page);
  assert.notEqual(v3.signature, 'valid');
  assert.match(v3.text, /none/i);
  await load(page, { token: fx('rs256.jwt'), key: '' });
  await waitVerdict(page, 'unchecked');
  assert.match(await text(page, '#sig-detail'), /no key/i);
});

// Trust issue, item 1: an RSA public key pasted as its bare base64 body (as Keycloak
// and other consoles show realm keys), an OpenSSH line or a bare JSON array of JWKs,
// with an HS256 token MAC'd with exactly that text (forged here with Node's crypto).
// Before the fix the body was an HMAC secret and the page showed "Signature valid".
test('public-key text in any form is never an HMAC secret: the forgery is refused as algorithm confusion', async (page) => {
  const b64u = (s) => Buffer.from(s).toString('base64url');
  const body = fx('rsa.pub.pem').split('\n').filter((l) => !l.startsWith('-----')).join('');
  const forms = [
    ['bare base64 SPKI', body, /RSA public key, 2048 bits, SPKI DER in base64 without PEM armour/],
    ['OpenSSH line', fx('rsa.pub.ssh'), /OpenSSH public key/],
    ['bare JWK array', `[${fx('rsa.jwk.json')}]`, /JWKS, 1 key/],
  ];
  for (const [name, key, kind] of forms) {
    const input = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u('{"sub":"attacker","admin":true}')}`;
    const tag = createHmac('sha256', key).update(input).digest('base64url');
    const forged = `${input}.${tag}`;
    // The key is what it is, and verifies its own token.
    await load(page, { token: fx('rs256.jwt'), key });
    await waitVerdict(page, 'valid', 'valid').catch((e) => { throw new Error(`${name}: ${e.message}`); });
    assert.match(await text(page, '#key-kind'), kind, name);
    // The forgery, with the page's own default and with HS256 pinned by hand.
    for (const alg of [undefined, 'HS256']) {
      await load(page, { token: forged, key, alg });
      await waitVerdict(page, 'invalid').catch((e) => { throw new Error(`${name}, alg ${alg}: ${e.message}`); });
      assert.match(await text(page, '#sig-detail'), /algorithm confusion/, `${name}, alg ${alg}`);
      // The explainer finds the key text that MAC'd it: a forgery.
      assert.deepEqual(await codes(page), ['EXPLAIN_ALG_CONFUSION'], `${name}, alg ${alg}`);
    }
    for (const encoding of ['base64', 'base64url', 'hex']) {
      await page.selectOption($('secret-encoding'), encoding);
      const v = await verdict(page);
      assert.notEqual(v.signature, 'valid', `${name} as ${encoding}: ${JSON.stringify(v)}`);
    }
  }
});

// Issue 10's explainer in the verdict pane: each case is a real mistake, read by its
// data-code.
test('the verdict pane explains why: secret encoding, algorithm, key of the set, no match', async (page) => {
  const b64u = (s) => Buffer.from(s).toString('base64url');
  const secret = randomBytes(32);
  const input = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u('{"sub":"e2e"}')}`;
  const token = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  // A random secret pasted as its base64 text, the encoding left at UTF-8.
  await load(page, { token, key: secret.toString('base64') });
  await waitVerdict(page, 'invalid');
  assert.deepEqual(await codes(page), ['EXPLAIN_SECRET_ENCODING']);
  assert.match(await text(page, $('explanation')), /read as base64/);
  // The README's picture of an explained failure.
  await page.locator('.verdict-pane').screenshot({ path: path.join(repo, 'docs/explain.png') });
  await page.selectOption($('secret-encoding'), 'base64');
  await waitVerdict(page, 'valid');
  assert.equal(await page.isHidden($('explanation')), true, 'nothing to explain when valid');
  // A PS256 token pinned as RS256.
  await load(page, { token: fx('ps256.jwt'), key: fx('rsa.pub.pem'), alg: 'RS256' });
  await waitVerdict(page, 'invalid');
  assert.deepEqual(await codes(page), ['EXPLAIN_OTHER_ALGORITHM']);
  // A JWKS whose kid was changed: another key of the set verifies.
  await load(page, { token: fx('rs256.jwt'), key: fx('jwks.json').replace('"rsa-1"', '"rsa-2"') });
  await waitVerdict(page, 'unchecked');
  assert.deepEqual(await codes(page), ['EXPLAIN_OTHER_KEY']);
  // Not the signer's key: nothing verifies, and the page says so.
  await load(page, { token: fx('rs256.jwt'), key: fx('rsa-other.pub.pem') });
  await waitVerdict(page, 'invalid');
  assert.deepEqual(await codes(page), ['EXPLAIN_NO_MATCH']);
});

// Issue 10's security review in the page: the engine's audit (the CLI's `jwtscope
// audit` codes), read by data-code and data-severity.
test('the review pane lists the audit findings: key URLs, alg none, a weak secret, a clean token', async (page) => {
  const b64u = (s) => Buffer.from(s).toString('base64url');
  // The example token (index.html's, the same in every copy of the page): its
  // secret is published with the page, so anyone can forge it; it never expires,
  // and has no aud, as information.
  assert.deepEqual(await findings(page), ['AUDIT_SECRET_KNOWN danger', 'AUDIT_NO_EXP warning', 'AUDIT_NO_AUD info']);
  assert.equal(await text(page, `${$('audit')} li .severity`), 'Danger');
  assert.match(await text(page, `${$('audit')} li`), /jwtscope's example secret, published in every copy of the page/);
  assert.equal(await text(page, $('audit-summary')), '3 findings: 1 danger, 1 warning, 1 info.');
  assert.match(await text(page, '#warnings'), /example secret/);
  assert.equal(await page.isHidden($('audit-empty')), true);
  // jku and x5u: one key-URL warning each (the fixture also lives until 2100).
  await load(page, { token: fx('hs256-jku.jwt'), key: fx('hs256.secret.txt') });
  await waitVerdict(page, 'valid', 'valid');
  assert.deepEqual(await findings(page), ['AUDIT_KEY_URL warning', 'AUDIT_KEY_URL warning', 'AUDIT_LONG_LIFETIME warning']);
  assert.match(await text(page, $('audit')), /jku.*RFC 8725 §3\.10/);
  // alg none: a danger, first.
  await load(page, { token: fx('none.jwt'), key: fx('hs256.secret.txt') });
  await waitVerdict(page, 'invalid');
  const none = await findings(page);
  assert.equal(none[0], 'AUDIT_ALG_NONE danger', none.join(', '));
  assert.equal(await text(page, `${$('audit')} li[data-code="AUDIT_ALG_NONE"] .severity`), 'Danger');
  // Several findings at once, with a well-known secret in the key pane.
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64u('{"alg":"HS256","typ":"JWT","kid":"../../keys/hmac","jku":"https://attacker.example/jwks.json"}')}.${b64u(JSON.stringify({ sub: 'e2e', password: 'hunter2', iat: now }))}`;
  const token = `${input}.${createHmac('sha256', 'secret').update(input).digest('base64url')}`;
  await load(page, { token, key: 'secret' });
  await waitVerdict(page, 'valid');
  assert.deepEqual(await findings(page), [
    'AUDIT_KID_INJECTION danger', 'AUDIT_SECRET_KNOWN danger', 'AUDIT_KEY_URL warning',
    'AUDIT_SECRET_SHORT warning', 'AUDIT_NO_EXP warning', 'AUDIT_SENSITIVE_CLAIM warning', 'AUDIT_NO_AUD info',
  ]);
  assert.equal(await text(page, $('audit-summary')), '7 findings: 2 danger, 4 warning, 1 info.');
  // Each item says its severity, the fix and the section in words.
  const first = await text(page, `${$('audit')} li[data-code="AUDIT_SECRET_KNOWN"]`);
  assert.match(first, /^Danger.*Fix: anyone can forge tokens.*RFC 8725 §3\.5$/);
  await axeClean(page, '.review-pane', 'review pane, light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await axeClean(page, '.review-pane', 'review pane, dark');
  await page.emulateMedia({ colorScheme: 'light' });
  // The README's picture of the review: the pane from its heading to the last finding.
  const clip = await page.evaluate(() => {
    const pane = document.querySelector('.review-pane').getBoundingClientRect();
    const list = document.querySelector('[data-testid="audit"]').getBoundingClientRect();
    return { x: pane.x + scrollX, y: pane.y + scrollY, width: pane.width, height: list.bottom - pane.y + 12 };
  });
  await page.screenshot({ path: path.join(repo, 'docs/review.png'), fullPage: true, clip });
  // A token with nothing to report: the empty state, no list.
  const clean = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u(JSON.stringify({ aud: 'e2e', iat: now, exp: now + 600 }))}`;
  const secret = randomBytes(32);
  await load(page, { token: `${clean}.${createHmac('sha256', secret).update(clean).digest('base64url')}`, key: secret.toString('base64url'), encoding: 'base64url' });
  await waitVerdict(page, 'valid', 'valid');
  assert.deepEqual(await findings(page), []);
  assert.match(await text(page, $('audit-empty')), /^No findings/);
  assert.equal(await page.isHidden($('audit-summary')), true);
  assert.equal(await page.isHidden($('audit')), true);
  await axeClean(page, '.review-pane', 'review pane, no findings');
});

test('untrusted jku/x5u headers: warned, never fetched', async (page) => {
  await load(page, { token: fx('hs256-jku.jwt'), key: fx('hs256.secret.txt') });
  await waitVerdict(page, 'valid', 'valid');
  const warnings = await text(page, '#warnings');
  assert.match(warnings, /jku/);
  assert.match(warnings, /never fetched/);
  await page.waitForTimeout(300); // any fetch would have started by now
});

// Issue 11: the CLI's --iss/--aud in the page.
test('expected iss and aud: a mismatch fails the claims (not the signature) and says which', async (page) => {
  await load(page, { token: fx('hs256.jwt'), key: fx('hs256.secret.txt') });
  await waitVerdict(page, 'valid', 'valid');
  await page.fill($('expect-iss'), 'https://other.example');
  await waitVerdict(page, 'valid', 'invalid');
  assert.match(await text(page, '#claims-lines'), /expected "iss" "https:\/\/other\.example", found "https:\/\/issuer\.example"/);
  await page.fill($('expect-iss'), 'https://issuer.example');
  await page.fill($('expect-aud'), 'jwtscope-e2e');
  await waitVerdict(page, 'valid', 'valid');
  assert.match(await text(page, '#claims-lines'), /"iss" is "https:\/\/issuer\.example" as expected/);
  await page.fill($('expect-aud'), 'another-api');
  await waitVerdict(page, 'valid', 'invalid');
  assert.match(await text(page, '#claims-lines'), /another-api/);
});

test('short HMAC secret: warned, still verifies', async (page) => {
  const token = await value(page, 'token');
  await page.check($('sign-mode'));
  await page.selectOption($('secret-encoding'), 'utf8');
  await page.fill($('key'), 'short');
  await waitVerdict(page, 'valid');
  assert.notEqual(await value(page, 'token'), token);
  assert.match(await text(page, '#warnings'), /bytes/);
});

test('sign mode: edits re-sign; invalid JSON is shown in place and the last good token kept', async (page) => {
  const before = await value(page, 'token');
  // Outside sign mode an edit is never applied.
  await page.fill($('payload'), '{"sub":"draft"}');
  assert.equal(await value(page, 'token'), before);
  assert.match(await text(page, '#payload-note'), /not applied/);
  await page.check($('sign-mode'));
  const t1 = await value(page, 'token');
  assert.notEqual(t1, before, 'switching sign mode on applies the draft');
  await waitVerdict(page, 'valid');
  await page.fill($('payload'), '{"sub":"alice","admin":false}');
  const t2 = await value(page, 'token');
  assert.notEqual(t2, t1);
  assert.equal(JSON.parse(Buffer.from(t2.split('.')[1], 'base64url')).sub, 'alice');
  await waitVerdict(page, 'valid');
  await page.fill($('payload'), '{"sub": "alice",');
  assert.equal(await value(page, 'token'), t2, 'last good token kept');
  assert.equal(await value(page, 'payload'), '{"sub": "alice",', 'nothing typed is lost');
  assert.match(await text(page, '#payload-note'), /line 1/);
  assert.equal(await page.getAttribute($('payload'), 'aria-invalid'), 'true');
  await page.fill($('payload'), '{"sub":"alice"}');
  await page.selectOption($('alg'), 'HS512');
  const t3 = await value(page, 'token');
  assert.equal(JSON.parse(Buffer.from(t3.split('.')[0], 'base64url')).alg, 'HS512');
  assert.match(await value(page, 'header'), /"alg": "HS512"/);
  await waitVerdict(page, 'valid');
  // Sign RS256 with the fixture's private key; the public PEM then verifies it.
  // (A private key signs in the worker: the token changes when it answers.)
  await page.fill($('key'), fx('rsa.key.pem'));
  await page.selectOption($('alg'), 'RS256');
  await waitTokenAlg(page, 'RS256');
  // The key edit and the algorithm pick may each send a job: the token is final when
  // the status says it was signed (not "Signing…" for a job still out).
  await page.waitForFunction(() => /Signed with RS256 in this page/.test(document.querySelector('#sign-status').textContent), null, { timeout: 10000 });
  const t4 = await value(page, 'token');
  await waitVerdict(page, 'valid');
  await page.uncheck($('sign-mode'));
  await page.fill($('key'), fx('rsa.pub.pem'));
  await waitVerdict(page, 'valid');
  assert.equal(await value(page, 'token'), t4, 'changing the key outside sign mode never re-signs');
});

// Issue 11: sign mode's claim helpers edit the payload in place and sign again.
test('sign mode claim helpers: iat now, exp presets and seconds, nbf, a random jti', async (page) => {
  const claims = async () => JSON.parse(await value(page, 'payload'));
  const tokenClaims = async () => JSON.parse(Buffer.from((await value(page, 'token')).split('.')[1], 'base64url'));
  assert.equal(await page.isDisabled($('sign-iat')), true, 'off outside sign mode');
  await page.check($('sign-mode'));
  await page.fill($('payload'), '{"sub":"helper","exp":1,"name":"x"}');
  const now = Math.floor(Date.now() / 1000);
  await page.selectOption($('sign-exp'), '3600');
  let c = await claims();
  assert.deepEqual(Object.keys(c), ['sub', 'exp', 'name'], 'member order kept');
  assert.ok(Math.abs(c.exp - (now + 3600)) <= 5, `exp ${c.exp}`);
  assert.equal(await value(page, 'sign-exp'), '', 'the menu is back to its label');
  await page.click($('sign-iat'));
  await page.click($('sign-nbf'));
  await page.click($('sign-jti'));
  c = await claims();
  assert.ok(Math.abs(c.iat - now) <= 5 && Math.abs(c.nbf - c.iat) <= 2, JSON.stringify(c));
  assert.match(c.jti, /^[A-Za-z0-9_-]{22}$/, 'a 16-byte random jti, base64url');
  await page.click($('sign-jti'));
  assert.notEqual((await claims()).jti, c.jti, 'a new jti each time');
  assert.deepEqual(Object.keys(await tokenClaims()), ['sub', 'exp', 'name', 'iat', 'nbf', 'jti']);
  await waitVerdict(page, 'valid', 'valid');
  await page.selectOption($('sign-exp'), '-60');
  await waitVerdict(page, 'valid', 'invalid');
  await page.fill('#sign-exp-seconds', '900');
  await page.dispatchEvent('#sign-exp-seconds', 'change');
  await waitVerdict(page, 'valid', 'valid');
  assert.ok(Math.abs((await tokenClaims()).exp - (now + 900)) <= 5);
});

test('secret generator: sizes, formats, copy, use as key', async (page) => {
  const sizes = { HS256: 32, HS384: 48, HS512: 64 };
  for (const [alg, bytes] of Object.entries(sizes)) {
    await page.click(`${$('generate-secret')} button[data-alg="${alg}"]`);
    const b64url = await text(page, $('secret-output'));
    assert.equal(Buffer.from(b64url, 'base64url').length, bytes, alg);
    assert.match(b64url, /^[A-Za-z0-9_-]+$/);
  }
  const a = await text(page, $('secret-output'));
  await page.click(`${$('generate-secret')} button[data-alg="HS512"]`);
  assert.notEqual(await text(page, $('secret-output')), a, 'fresh randomness each time');
  await page.selectOption('#secret-format', 'hex');
  const hex = await text(page, $('secret-output'));
  assert.match(hex, /^[0-9a-f]{128}$/);
  await page.selectOption('#secret-format', 'base64');
  assert.equal(Buffer.from(await text(page, $('secret-output')), 'base64').toString('hex'), hex);
  await page.click('#copy-secret');
  await page.waitForFunction(() => /Copied/.test(document.getElementById('copy-status').textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await text(page, $('secret-output')));
  await page.click('#use-secret');
  assert.equal(await value(page, 'secret-encoding'), 'base64');
  assert.equal(await value(page, 'alg'), 'HS512');
  assert.equal(Buffer.from(await value(page, 'key'), 'base64').toString('hex'), hex);
  await page.check($('sign-mode'));
  await page.fill($('payload'), '{"sub":"generated"}');
  await waitVerdict(page, 'valid');
}, { clipboard: true });

test('key pair generator: every kind the engine makes (EdDSA, ES256/384/512, ES256K, RSA) in a worker; the page stays responsive', async (page) => {
  // The buttons are the engine's KeyPairSpec::ALL (a native test checks index.html).
  const kinds = await page.$$eval(`${$('generate-keypair')} button[data-kind]`, (bs) => bs.map((b) => b.dataset.kind));
  assert.deepEqual(kinds, ['rsa-2048', 'rsa-3072', 'rsa-4096', 'p-256', 'p-384', 'p-521', 'secp256k1', 'ed25519']);
  const tried = [['ed25519', 'EdDSA'], ['p-256', 'ES256'], ['p-384', 'ES384'], ['p-521', 'ES512'],
    ['secp256k1', 'ES256K'], ['rsa-2048', 'RS256']];
  for (const [kind, alg] of tried) {
    await page.click(`${$('generate-keypair')} button[data-kind="${kind}"]`);
    if (kind === 'rsa-2048') {
      // While the worker works, the page still answers input at once.
      assert.equal(await page.getAttribute($('generate-keypair'), 'aria-busy'), 'true');
      const t0 = Date.now();
      await page.fill('#leeway', '5');
      await page.evaluate(() => document.querySelector('[data-testid="verdict"]').dataset.signature);
      assert.ok(Date.now() - t0 < 1500, `page blocked for ${Date.now() - t0} ms`);
    }
    await page.waitForSelector('#use-keypair:not([disabled])', { timeout: 60000 });
    assert.match(await page.inputValue('#kp-public-pem'), /BEGIN PUBLIC KEY/);
    assert.match(await page.inputValue('#kp-private-pem'), /BEGIN PRIVATE KEY/);
    assert.ok(JSON.parse(await page.inputValue('#kp-public-jwk')).kty);
    await page.click('#use-keypair');
    assert.equal(await page.isChecked($('sign-mode')), true);
    assert.equal(await value(page, 'alg'), alg);
    await waitTokenAlg(page, alg);
    const token = await value(page, 'token');
    assert.equal(JSON.parse(Buffer.from(token.split('.')[0], 'base64url')).alg, alg);
    await waitVerdict(page, 'valid');
    // The public half verifies the token outside sign mode.
    await page.uncheck($('sign-mode'));
    await page.fill($('key'), await page.inputValue('#kp-public-pem'));
    await waitVerdict(page, 'valid');
  }
});

// Issue 11: text that is not a JWT is named as what it looks like; nothing is
// "decoded" from it (no noise in the header pane) and it is not checked.
test('not a token: a PEM, a JWK, JSON, a UUID, a sentence, an opaque token are named; panes show no noise', async (page) => {
  const cases = [
    [fx('rsa.pub.pem'), /looks like a PEM public key — paste it into the key pane/],
    [fx('rsa.jwk.json'), /looks like a JWK — paste it into the key pane/],
    [fx('rsa.pub.ssh'), /looks like an OpenSSH public key/],
    ['{"sub":"1234567890","name":"Ada"}', /this is JSON — perhaps a token's decoded header or payload/],
    ['123e4567-e89b-12d3-a456-426614174000', /looks like a UUID/],
    ['Here is the token you asked for', /looks like text with spaces/],
    ['sk_live_51H8abcdefghijklmnopqrst', /looks like an opaque token/],
  ];
  for (const [input, want] of cases) {
    await page.fill($('token'), input);
    await waitVerdict(page, 'unchecked', 'unreadable');
    assert.match(await text(page, '#token-problems'), want, input.slice(0, 30));
    assert.equal(await text(page, '#sig-title'), 'Not checked: not a token');
    assert.equal(await value(page, 'header'), '', 'no bytes shown as text in the header pane');
  }
  // A damaged token is still a token: invalid, with its segment problem; bytes that
  // are not UTF-8 are shown in hex, never as replacement characters.
  await page.fill($('token'), `${Buffer.from([0xff, 0xfe, 0x41]).toString('base64url')}.e30.c2ln`);
  await waitVerdict(page, 'invalid');
  assert.match(await value(page, 'header'), /^not UTF-8 text: 3 bytes, in hex: ff fe 41$/);
  assert.doesNotMatch(await value(page, 'header'), /\uFFFD/);
});

test('bad inputs: garbage, 1 MB token, binary noise, half a PEM — explained in place, no crash', async (page) => {
  await page.fill($('token'), 'garbage');
  assert.ok((await text(page, '#token-problems')).length > 0);
  assert.equal(await page.getAttribute($('token'), 'aria-invalid'), 'true');
  await waitVerdict(page, 'unchecked'); // not a token: not checked (issue 11)
  const big = 'eyJ' + 'A'.repeat(1024 * 1024);
  await page.fill($('token'), big);
  assert.match(await text(page, '#token-problems'), /bytes/);
  assert.equal((await value(page, 'token')).length, big.length, 'nothing lost');
  // Too long to colour: the field shows it as typed, its own text visible.
  assert.equal(await page.$eval('#token-view', (v) => v.textContent), '');
  assert.notEqual(await page.$eval($('token'), (t) => getComputedStyle(t).color), 'rgba(0, 0, 0, 0)');
  let noise = '';
  for (let i = 0; i < 20000; i++) noise += String.fromCharCode(1 + ((i * 7919) % 0xd7ff));
  await page.fill($('token'), noise);
  assert.ok((await text(page, '#token-problems')).length > 0);
  await page.fill($('token'), '....................................................................');
  assert.ok((await text(page, '#token-problems')).length > 0);
  await page.fill($('token'), fx('rs256.jwt'));
  const pem = fx('rsa.pub.pem');
  await page.fill($('key'), pem.slice(0, pem.length / 2));
  assert.equal(await page.getAttribute($('key'), 'aria-invalid'), 'true');
  assert.ok((await text(page, '#key-kind')).length > 5);
  await waitVerdict(page, 'unchecked');
  await page.fill($('key'), pem);
  await waitVerdict(page, 'valid');
  // Invalid JSON while signing is covered by the sign-mode test; payload decode error:
  await page.fill($('token'), 'eyJhbGciOiJIUzI1NiJ9.!!!!.abc');
  assert.equal(await page.$$eval('#token-view .seg.payload.problem', (s) => s.length), 1);
  assert.match(await text(page, '#token-problems'), /payload/);
});

// Issue 12, "share links without leaking": the token in the fragment only, never a
// key; opening one decodes it and removes the fragment from the address bar.
test('share link: token in the fragment only, no key, redaction and expectations honoured; opening it removes the fragment', async (page) => {
  const token = await value(page, 'token');
  const key = await value(page, 'key');
  let link = await value(page, 'share-link');
  assert.equal(link, `${new URL(page.url()).href.split('#')[0]}#token=${token}`);
  assert.ok(!link.includes(key), 'never the key');
  await page.click($('share'));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  // Without the signature, with the expected iss and aud.
  await page.fill($('expect-iss'), 'https://issuer.example/');
  await page.fill($('expect-aud'), 'my api');
  await page.check($('share-redact'));
  await page.check($('share-expect'));
  link = await value(page, 'share-link');
  const signature = token.split('.')[2];
  assert.ok(!link.includes(signature), 'the signature is not in the link');
  assert.match(link, /#token=[\w-]+\.[\w-]+\.&redacted=1&iss=https%3A%2F%2Fissuer.example%2F&aud=my%20api$/);
  assert.match(await text(page, '#share-note'), /signature removed/);
  // Opened in another tab: decoded, the fragment gone from the address bar, the
  // example key not used, and nothing requested once its own files are in.
  const open = async (url) => {
    const tab = await page.context().newPage();
    const after = [];
    await tab.goto(url);
    // Its own files are in once the workers have started too (they fetch their
    // script and glue themselves, possibly after the page painted every pane).
    await tab.waitForFunction(() => document.documentElement.dataset.app === 'ready' && document.documentElement.dataset.worker === 'ready');
    tab.on('request', (r) => after.push(r.url()));
    return { tab, after };
  };
  let { tab, after } = await open(link);
  assert.equal(await tab.evaluate(() => location.hash), '');
  assert.ok(!tab.url().includes('#'), tab.url());
  assert.equal(await tab.inputValue($('token')), `${token.split('.').slice(0, 2).join('.')}.`);
  assert.equal(await tab.inputValue($('key')), '');
  assert.equal(await tab.inputValue($('expect-iss')), 'https://issuer.example/');
  assert.equal(await tab.inputValue($('expect-aud')), 'my api');
  assert.match(await text(tab, '#notice'), /without its signature/);
  assert.match(await tab.inputValue($('payload')), /"sub": "1234567890"/);
  await tab.waitForTimeout(200);
  assert.deepEqual(after, []);
  await tab.close();
  // A link with a key in it: the key is ignored.
  ({ tab } = await open(`${link.split('#')[0]}#token=${token}&key=c2VjcmV0&secret=c2VjcmV0`));
  assert.equal(await tab.inputValue($('token')), token);
  assert.equal(await tab.inputValue($('key')), '');
  assert.ok(!tab.url().includes('#'));
  await tab.close();
}, { clipboard: true });

// Issue 11, "claims table": the payload as a table of its claims, instead of the JSON.
test('claims table: claim, value, meaning and times; keyboard switch; follows the claim helpers', async (page) => {
  const rows = () => page.$$eval(`${$('claims-table')} tbody tr`, (trs) => trs.map((tr) =>
    [...tr.children].map((c) => c.innerText.replace(/\s+/g, " ").trim())));
  assert.equal(await page.isVisible($('claims-table')), false, 'JSON first');
  // By keyboard: the two views are a radio group.
  await page.focus($('payload-view-json'));
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.isChecked($('claims-table-view')), true);
  assert.equal(await page.isVisible($('claims-table')), true);
  assert.equal(await page.isVisible($('payload')), false, 'the table replaces the JSON text');
  assert.equal(await page.isVisible('#payload-members'), false, 'and the list under it');
  const headers = await page.$$eval(`${$('claims-table')} thead th`, (ths) => ths.map((t) => t.textContent));
  assert.deepEqual(headers, ['Claim and meaning', 'Value and time']);
  let r = await rows();
  assert.deepEqual(r.map((x) => x[0].split(' ')[0]), ['sub', 'name', 'admin', 'iat']);
  assert.match(r[0][0], /^sub Subject — .*RFC 7519 §4\.1\.2/);
  assert.equal(r[0][1], '"1234567890"');
  assert.equal(r[2][0], 'admin', 'a private claim: no meaning to give');
  assert.equal(r[2][1], 'true', 'and no time');
  assert.match(r[3][1], /^\d+ issued .* ago \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  assert.equal(await page.$eval(`${$('claims-table')} tbody th`, (th) => th.getAttribute('scope')), 'row');
  // Sign mode's helpers change the payload: the table follows.
  await page.check($('sign-mode'));
  await page.selectOption($('sign-exp'), '900');
  await page.waitForFunction(() => [...document.querySelectorAll('#claims-rows .name')].some((n) => n.textContent === 'exp'));
  r = await rows();
  assert.match(r.find((x) => x[0].startsWith('exp '))[1], /^\d+ expires in 1[45] min \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  await page.click($('sign-jti'));
  await page.waitForFunction(() => [...document.querySelectorAll('#claims-rows .name')].some((n) => n.textContent === 'jti'));
  r = await rows();
  assert.match(r.find((x) => x[0].startsWith('jti '))[0], /^jti JWT ID/);
  // Back to the JSON, which has the jti too.
  await page.check($('payload-view-json'));
  assert.equal(await page.isVisible($('payload')), true);
  assert.equal(await page.isVisible($('claims-table')), false);
  assert.match(await value(page, 'payload'), /"jti": "/);
});

// Issue 11, "one token editor": the field itself is coloured (its text transparent,
// the same text painted behind it in spans), so the token appears once.
test('one token editor: coloured in place as typed, with what was left out and the problems marked', async (page) => {
  const editor = () => page.evaluate(() => {
    const t = document.getElementById('token');
    const v = document.getElementById('token-view');
    const [a, b] = [t.getBoundingClientRect(), v.getBoundingClientRect()];
    return {
      value: t.value, painted: v.textContent, color: getComputedStyle(t).color,
      hidden: v.getAttribute('aria-hidden'),
      runs: [...v.children].map((s) => [s.className, s.textContent]),
      boxes: [a.x - b.x, a.y - b.y, a.width - b.width, a.height - b.height],
      scroll: [t.scrollHeight, v.scrollHeight, t.scrollTop, v.scrollTop],
    };
  });
  const token = await value(page, 'token');
  const dot = token.indexOf('.');
  // A pasted header line with a line break inside the payload (a wrapped log line).
  const pasted = `Authorization: Bearer ${token.slice(0, dot + 12)}\n${token.slice(dot + 12)}`;
  await page.fill($('token'), pasted);
  let e = await editor();
  assert.equal(e.painted, e.value, 'the colouring is the text as typed');
  assert.equal(e.hidden, 'true', 'screen readers read the field, not its colouring');
  assert.equal(e.color, 'rgba(0, 0, 0, 0)', "the field's own text is transparent once coloured");
  assert.deepEqual(e.boxes.map(Math.round), [0, 0, 0, 0], 'the colouring lies exactly under the field');
  assert.deepEqual(e.runs.slice(0, 3), [
    ['seg removed', 'Authorization: Bearer '],
    ['seg header', token.slice(0, dot)],
    ['seg dot', '.'],
  ]);
  assert.ok(e.runs.some(([c, t]) => c === 'seg removed problem' && t === '\n'), JSON.stringify(e.runs));
  assert.match(await text(page, '#token-problems'), /whitespace/);
  // Typing at the end: the colouring follows every keystroke.
  await page.focus($('token'));
  await page.keyboard.press('End');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('xyz');
  e = await editor();
  assert.equal(e.painted, e.value);
  assert.ok(e.value.endsWith('xyz'));
  // A real paste (the clipboard, Ctrl+V over a selection), then undo and redo.
  await page.evaluate((t) => navigator.clipboard.writeText(t), token);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  e = await editor();
  assert.equal(e.value, token);
  assert.equal(e.painted, token);
  await page.keyboard.press('Control+Z');
  e = await editor();
  assert.ok(e.value.endsWith('xyz'), 'undo brings back what was there');
  assert.equal(e.painted, e.value);
  await page.keyboard.press('Control+Shift+Z');
  e = await editor();
  assert.equal(e.value, token);
  assert.equal(e.painted, e.value);
  // A long token scrolls: the colouring wraps the same way and scrolls with it.
  const long = hs256Token('a long secret for a long token', { sub: 'e2e', pad: 'x'.repeat(4000) });
  await page.fill($('token'), long);
  await page.$eval($('token'), (t) => { t.scrollTop = t.scrollHeight; });
  // The colouring follows each scroll event; wait until it has caught up with the last.
  await page.waitForFunction(() => {
    const [t, v] = [document.getElementById('token'), document.getElementById('token-view')];
    return v.scrollTop > 0 && v.scrollTop === t.scrollTop;
  });
  e = await editor();
  assert.equal(e.scroll[0], e.scroll[1], 'same wrapping: same height');
  assert.ok(e.scroll[2] > 0 && e.scroll[2] === e.scroll[3], `scrolled together: ${e.scroll}`);
  assert.deepEqual(e.runs.map(([c]) => c), ['seg header', 'seg dot', 'seg payload', 'seg dot', 'seg signature']);
  // Emptied: nothing painted, the placeholder shows.
  await page.fill($('token'), '');
  e = await editor();
  assert.equal(e.painted, '');
  assert.notEqual(e.color, 'rgba(0, 0, 0, 0)');
}, { clipboard: true });

// Trust issue, items 3 and 4, in the page: the pastes that aborted the engine or froze
// the tab for seconds are refused with a clear message; the page keeps working and
// the field keeps what was pasted. (How long each takes is measured by
// `cargo bench --bench engine -- caps`, not here.)
test('hostile key and token pastes: refused with a reason, nothing lost, the page keeps working', async (page) => {
  await load(page, { token: fx('rs256.jwt'), key: fx('rsa.pub.pem') });
  await waitVerdict(page, 'valid', 'valid');
  const n = JSON.parse(fx('rsa.jwk.json')).n;
  const big = '_'.repeat(300 * 1024);
  const pastes = [
    ['1 MiB of END lines on one line', '-----END X-----'.repeat(69905)],
    ['a JWK with 106k key_ops', JSON.stringify({ kty: 'RSA', n, e: 'AQAB', key_ops: Array(106000).fill('verify') })],
    ['a JWKS of 10,000 keys sharing a kid', JSON.stringify({ keys: Array(10000).fill({ kty: 'RSA', kid: 'k', n, e: 'AQAB' }) })],
    ['an RSA JWK with 300 KB p and q', JSON.stringify({ kty: 'RSA', n, e: 'AQAB', d: n, p: big, q: big })],
  ];
  for (const [name, key] of pastes) {
    await page.fill($('key'), key);
    assert.equal(await page.getAttribute($('key'), 'aria-invalid'), 'true', name);
    assert.ok((await text(page, '#key-kind')).length > 10, `${name}: says why`);
    assert.equal((await value(page, 'key')).length, key.length, `${name}: nothing lost`);
    await waitVerdict(page, 'unchecked').catch((e) => { throw new Error(`${name}: ${e.message}`); });
  }
  await page.fill($('token'), '.'.repeat(8 * 1024 * 1024));
  assert.match(await text(page, '#token-problems'), /bytes/);
  // Still alive: the right key verifies again.
  await load(page, { token: fx('rs256.jwt'), key: fx('rsa.pub.pem') });
  await waitVerdict(page, 'valid', 'valid');
});

test('Bearer prefix and quotes are stripped; a line break inside decodes but is explained', async (page) => {
  const t = fx('hs256.jwt');
  await load(page, { token: `Authorization: Bearer "${t}"`, key: fx('hs256.secret.txt') });
  await waitVerdict(page, 'valid', 'valid');
  assert.match(await text(page, '#token-problems'), /removed/);
  // Whitespace inside the token: still decoded and shown, but the token as pasted
  // is not a compact JWS, and the engine says so instead of verifying it silently.
  await page.fill($('token'), `${t.slice(0, 40)}\n${t.slice(40)}`);
  assert.match(await text(page, '#payload-members'), /e2e-user/);
  assert.match(await text(page, '#sig-detail'), /whitespace/);
});

test('served under a prefix (/tools/jwt/) works the same', async (page) => {
  assert.match(page.url(), /\/tools\/jwt\/$/);
  await waitVerdict(page, 'valid', 'valid');
  await makeEd25519Pair(page);
}, { prefix: '/tools/jwt/' });

test('the CSP blocks foreign requests, eval and inline script', async (page) => {
  const result = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    let fetched = 'not blocked';
    try {
      await fetch('http://127.0.0.2:9/x');
    } catch {
      fetched = 'blocked';
    }
    // A string passed to setTimeout is eval: refused without 'unsafe-eval'.
    setTimeout('window.__evaluated = 1', 0);
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
    await new Promise((r) => setTimeout(r, 100));
    return { fetched, evaluated: window.__evaluated === 1, inline: window.__inline === 1, violations };
  });
  assert.equal(result.fetched, 'blocked');
  assert.equal(result.evaluated, false);
  assert.equal(result.inline, false);
  assert.ok(result.violations.some((d) => d.startsWith('connect-src')), JSON.stringify(result));
  assert.ok(result.violations.some((d) => d.startsWith('script-src')), JSON.stringify(result));
}, { expectCspErrors: true });

test('the in-page counter counts requests after load, the page\'s own files apart', async (page, ctx) => {
  // One of the page's own files (src/app/offline.rs OWN_FILES): said, not an alarm.
  await page.evaluate(() => fetch('./index.html').then((r) => r.text()));
  await page.waitForFunction(() => /own files/.test(document.querySelector('[data-testid="net-count"]').textContent));
  assert.equal(await text(page, $('net-count')), '0 network requests since load (and 1 of the page\'s own files)');
  assert.equal(await page.getAttribute($('net-count'), 'data-count'), '0');
  assert.equal(await page.getAttribute($('net-count'), 'class'), 'net ok');
  // Anything else is a network request.
  await page.evaluate(() => fetch('./not-a-file-of-the-page.json').then((r) => r.status));
  await page.waitForFunction(() => document.querySelector('[data-testid="net-count"]').dataset.count === '1');
  assert.equal(await text(page, $('net-count')), '1 network request since load (and 1 of the page\'s own files)');
  assert.equal(await page.getAttribute($('net-count'), 'class'), 'net alarm');
  ctx.allowRequests = 1; // the deliberate one (its 404 is in the console)
}, { expectCspErrors: true });

// Issue 11: private-key signatures run in the worker. Typing in sign mode with an
// RSA-4096 key (~50 ms a signature in wasm) never blocks the page, and the token
// that stays is the one for the last edit.
test('sign mode with an RSA-4096 key: typing never blocks, the last edit wins', async (page) => {
  await page.check($('sign-mode'));
  await page.fill($('key'), fx('rsa4096.key.pem'));
  await page.selectOption($('alg'), 'RS256');
  await page.fill($('payload'), '{"sub":"x"}');
  await page.waitForFunction(() => /Signed with RS256/.test(document.getElementById('sign-status').textContent));
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  // Type inside the string: each keystroke is an edit, each asks the worker again.
  await page.click($('payload'));
  await page.keyboard.press('End');
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('abcdefghij', { delay: 5 });
  const want = '{"sub":"xabcdefghij"}';
  assert.equal(await value(page, 'payload'), want);
  await page.waitForFunction((w) => {
    const t = document.querySelector('[data-testid="token"]').value.split('.');
    try {
      return atob(t[1].replace(/-/g, '+').replace(/_/g, '/')) === w.replace(/\s/g, '');
    } catch {
      return false;
    }
  }, want, { timeout: 10000 });
  await waitVerdict(page, 'valid');
  assert.match(await text(page, '#sign-status'), /Signed with RS256 in this page, key: RSA private key, 4096 bits/);
  // Answers for earlier keystrokes that arrive late change nothing.
  const token = await value(page, 'token');
  await page.waitForTimeout(400);
  assert.equal(await value(page, 'token'), token);
  const long = await page.evaluate(() => window.__longTasks.filter((d) => d > 50));
  assert.deepEqual(long, [], 'no main-thread task over 50 ms');
});

// adv-review: a worker whose script does not load sends no message; its error event
// counts as a failed start, so the page settles (the request counter starts) and
// what needs a worker says so instead of waiting forever.
test('no worker script: the page settles, and signing, key pairs and the check say why', async (page) => {
  assert.match(await text(page, $('net-count')), /^0 network requests/);
  await page.check($('sign-mode'));
  await page.fill($('key'), fx('rsa.key.pem'));
  await page.selectOption($('alg'), 'RS256');
  await page.waitForFunction(() => /worker/.test(document.getElementById('sign-status').textContent)
    && document.getElementById('sign-status').classList.contains('error'));
  await page.uncheck($('sign-mode'));
  await page.click(`${$('generate-keypair')} button[data-kind="ed25519"]`);
  await page.waitForFunction(() => /failed/i.test(document.getElementById('keypair-status').textContent));
  await load(page, { token: hs256Token('secret123'), key: '' });
  await page.click($('secret-check'));
  await page.waitForFunction(() => /Cannot check: .*workers/.test(document.getElementById('secret-check-status').textContent));
}, { noWorkerScript: true });

// The page's own fetches of the second module: its resource timeline (a worker's
// fetches are in the worker's own).
const pageFetchesOfSecondModule = (page) => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /jwtscope-worker_bg/.test(e.name)).length);

test('the first worker fails to start: the page compiles the second module for the others, which sign and make key pairs', async (page) => {
  assert.equal(await pageFetchesOfSecondModule(page), 1, 'the page fetched the second module itself');
  assert.match(await makeEd25519Pair(page), /BEGIN PRIVATE KEY/);
  await page.check($('sign-mode'));
  await page.fill($('key'), fx('rsa.key.pem'));
  await page.selectOption($('alg'), 'RS256');
  await page.waitForFunction(() => /Signed with RS256/.test(document.getElementById('sign-status').textContent));
}, { firstWorkerScriptFails: true });

test('the workers compile the second module themselves: the page does not fetch it', async (page) => {
  assert.match(await makeEd25519Pair(page), /BEGIN PRIVATE KEY/);
  assert.equal(await pageFetchesOfSecondModule(page), 0, 'the page fetched the second module');
});

// Issue 10's weak-secret check: the built-in list and a local wordlist, in the page's
// workers. `longTasks` collects main-thread tasks over 50 ms while it runs.
function hs256Token(secret, claims = { sub: 'e2e' }) {
  const b64u = (s) => Buffer.from(s).toString('base64url');
  const input = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u(JSON.stringify(claims))}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

async function watchLongTasks(page) {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
}

async function checkResult(page, timeout = 30000) {
  await page.waitForSelector(`${$('secret-check-result')}:not([hidden])`, { timeout });
  return page.$eval($('secret-check-result'), (e) => ({
    found: e.dataset.found,
    state: e.dataset.state,
    text: e.textContent.replace(/\s+/g, ' ').trim(),
  }));
}

test('weak-secret check: a default secret is found by the built-in list and becomes the key', async (page) => {
  await load(page, { token: hs256Token('secret123'), key: '' });
  await page.click($('secret-check'));
  const r = await checkResult(page);
  assert.deepEqual([r.found, r.state], ['true', 'found'], r.text);
  assert.match(r.text, /the HS256 secret is “secret123” \(UTF-8\), from the built-in list/);
  await page.click($('secret-check-use'));
  assert.equal(await value(page, 'key'), 'secret123');
  await waitVerdict(page, 'valid');
  // A token signed with an RSA key has no secret: the check says so, nothing runs.
  await load(page, { token: fx('rs256.jwt'), key: '' });
  assert.equal(await page.isHidden($('secret-check-result')), true, 'a new token forgets the result');
  await page.click($('secret-check'));
  await page.waitForFunction(() => /Cannot check: .*RS256/.test(document.getElementById('secret-check-status').textContent));
});

test('weak-secret check: not in the built-in list, then found in a local wordlist file (the third-party list), never uploaded', async (page) => {
  const list = readFileSync(path.join(repo, 'tests/vectors/secrets/jwt.secrets.list'));
  const lines = list.toString('utf8').split(/\r?\n/).filter(Boolean); // CR LF line ends
  const last = lines[lines.length - 1];
  await load(page, { token: hs256Token(last), key: '' });
  await page.click($('secret-check'));
  let r = await checkResult(page);
  assert.deepEqual([r.found, r.state], ['false', 'not_found'], r.text);
  assert.match(r.text, /none of \d+ candidates from the built-in list is the HS256 secret/);
  // (Playwright's own file transfer into the page is not the page's work: watch after it.)
  await page.setInputFiles($('wordlist'), { name: 'jwt.secrets.list', mimeType: 'text/plain', buffer: list });
  await watchLongTasks(page);
  assert.match(await text(page, '#wordlist-name'), /jwt\.secrets\.list \(1\.2 MB\)/);
  await page.click($('secret-check'));
  r = await checkResult(page);
  assert.deepEqual([r.found, r.state], ['true', 'found'], r.text);
  assert.ok(r.text.includes(`is “${last}”`) && r.text.includes('from jwt.secrets.list'), r.text);
  const long = await page.evaluate(() => window.__longTasks.filter((d) => d > 50));
  assert.deepEqual(long, [], 'no main-thread task over 50 ms');
});

test('weak-secret check: a long wordlist shows progress and stops on cancel; the page stays responsive', async (page) => {
  // ~17 MB of words that are not the secret: seconds of work for every worker.
  const words = [];
  for (let i = 0; i < 1_500_000; i++) words.push(`candidate-${i.toString(36)}`);
  const buffer = Buffer.from(words.join('\n') + '\n');
  await load(page, { token: hs256Token(randomBytes(32)), key: '' });
  await page.setInputFiles($('wordlist'), { name: 'big.txt', mimeType: 'text/plain', buffer });
  await watchLongTasks(page);
  await page.click($('secret-check'));
  await page.waitForFunction(() => {
    const p = document.getElementById('secret-check-progress');
    return !p.hidden && Number(p.getAttribute('value')) > 0;
  }, null, { timeout: 20000 });
  assert.match(await text(page, '#secret-check-status'), /Checking the HS256 secret: \d+ candidates, \d+\/s, about .* left/);
  assert.equal(await page.isDisabled($('secret-check')), true);
  assert.equal(await page.isDisabled($('wordlist')), true);
  // The page answers input while the workers work.
  await page.fill('#leeway', '7');
  await page.click($('secret-check-cancel'));
  const r = await checkResult(page, 5000);
  assert.deepEqual([r.found, r.state], ['false', 'cancelled'], r.text);
  assert.match(r.text, /Cancelled after \d+ candidates/);
  assert.equal(await page.isDisabled($('secret-check')), false);
  // Parts still out when cancel was pressed come back and change nothing.
  await page.waitForTimeout(500);
  assert.equal((await checkResult(page)).state, 'cancelled');
  const long = await page.evaluate(() => window.__longTasks.filter((d) => d > 50));
  assert.deepEqual(long, [], 'no main-thread task over 50 ms');
});

// Issue 13: the first paint is the final layout. With the page's wasm held back, the
// static page (its notice, its reserved blocks, the example already painted) is
// measured; then the wasm starts and fills it: no pane in view moves or grows (±4 px; panes further down may grow
// before anyone scrolls to them), and the browser's own layout-shift score stays
// ≤ 0.02, on a desktop and a phone-sized viewport.
test('no layout shift when the wasm starts: panes keep their place, the shipped example is the first paint, CLS ≤ 0.02', async (page) => {
  const url = page.url();
  const panes = () => [...document.querySelectorAll('main .pane, #notice')].map((e) => {
    const r = e.getBoundingClientRect();
    return { id: e.id || e.getAttribute('aria-labelledby') || e.className, y: Math.round(r.y), h: Math.round(r.height) };
  });
  const shell = () => ({
    token: document.getElementById('token').value,
    view: document.getElementById('token-view').innerHTML,
    key: document.getElementById('key').value,
    encoding: document.getElementById('secret-encoding').value,
    header: document.getElementById('header').value,
    payload: document.getElementById('payload').value,
    notice: document.getElementById('notice').textContent,
  });
  for (const viewport of [{ width: 1280, height: 900 }, { width: 412, height: 823 }]) {
    const p = await page.context().newPage();
    await p.setViewportSize(viewport);
    await p.addInitScript(() => {
      window.__shifts = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value);
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await p.addInitScript(() => {
      window.__lcp = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__lcp.push({ t: e.startTime, id: e.element && e.element.id });
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    let release;
    const held = new Promise((r) => { release = r; });
    // The page's module by its hashed name (src/app/offline.rs OWN_FILES).
    let heldBack = 0;
    await p.route(urlOf('jwtscope_bg.wasm'), async (r) => { heldBack += 1; await held; await r.continue(); });
    await p.goto(url, { waitUntil: 'domcontentloaded' });
    await p.waitForTimeout(300);
    const before = await p.evaluate(panes);
    assert.ok(heldBack > 0, `${viewport.width}px: the page's wasm was held back`);
    const shown = await p.evaluate(shell);
    await p.evaluate(() => { window.__released = performance.now(); });
    release();
    await p.waitForSelector('html[data-app="ready"][data-worker="ready"]');
    await p.waitForTimeout(300);
    const after = await p.evaluate(panes);
    // The static page already shows the example as the wasm paints it (index.html
    // ships it painted): the module's first paint changes none of it, and the
    // largest paint is the static page's, never one the wasm made later.
    assert.deepEqual(await p.evaluate(shell), shown, `${viewport.width}px: the shipped example changed when the wasm started`);
    assert.ok(shown.view.includes('seg signature') && shown.token.split('.').length === 3, JSON.stringify(shown));
    const lcp = await p.evaluate(() => ({ entries: window.__lcp, released: window.__released }));
    assert.ok(lcp.entries.length > 0 && lcp.entries.every((e) => e.t < lcp.released), `${viewport.width}px: a largest paint after the wasm started: ${JSON.stringify(lcp)}`);
    for (const [i, b] of before.entries()) {
      if (b.y >= viewport.height) continue;
      const a = after[i];
      assert.ok(Math.abs(a.y - b.y) <= 4 && Math.abs(a.h - b.h) <= 4, `${viewport.width}px: ${b.id} moved ${JSON.stringify(b)} -> ${JSON.stringify(a)}`);
    }
    const cls = await p.evaluate(() => window.__shifts.reduce((x, v) => x + v, 0));
    assert.ok(cls <= 0.02, `${viewport.width}px: cumulative layout shift ${cls.toFixed(3)}`);
    await p.close();
  }
// No service worker: one would answer the new pages' wasm from its cache, where no
// route can hold it back.
}, { noServiceWorker: true });

// Review finding: the page now looks ready before its module arrives (index.html
// ships the example painted; boot.js fetches the wasm after the first paint), and
// start() opens on "whatever the fields hold". A visitor who edits the header or
// the payload (or picks another secret encoding) in that window must keep the edit.
async function heldBackPage(page) {
  const p = await page.context().newPage();
  let release;
  const held = new Promise((r) => { release = r; });
  let heldBack = 0;
  await p.route(urlOf('jwtscope_bg.wasm'), async (r) => { heldBack += 1; await held; await r.continue(); });
  await p.goto(page.url(), { waitUntil: 'domcontentloaded' });
  await p.waitForFunction(() => true);
  await p.waitForTimeout(300);
  assert.ok(heldBack > 0, 'the wasm was held back');
  return { p, release };
}

test('fields edited before the module starts are kept: the header and the payload', async (page) => {
  const { p, release } = await heldBackPage(page);
  const payload = '{\n  "sub": "typed before start",\n  "iat": 1796000000\n}';
  const header = '{\n  "alg": "HS384",\n  "typ": "JWT"\n}';
  await p.fill($('payload'), payload);
  await p.fill($('header'), header);
  release();
  await p.waitForSelector('html[data-app="ready"]');
  await p.waitForTimeout(200);
  const after = { payload: await value(p, 'payload'), header: await value(p, 'header'), notice: await p.isVisible('#notice') };
  await p.close();
  assert.equal(after.payload, payload, 'the payload typed before start was overwritten');
  assert.equal(after.header, header, 'the header typed before start was overwritten');
}, { noServiceWorker: true });

// Review finding: local times use Date.getTimezoneOffset(), which is fractional for
// zones whose offset has seconds (Liberia until 1972: −0:44:30, so iat = 0; any
// zone's local mean time before standard time); `as i32` truncates it, and the page
// shows a wall clock up to 59 s off, under a truncated offset.
test('a local time where the offset has seconds (Monrovia, 1970) is the browser wall clock', async (page) => {
  const ctx = await page.context().browser().newContext({ timezoneId: 'Africa/Monrovia', locale: 'en-GB', serviceWorkers: 'block' });
  const p = await ctx.newPage();
  try {
    await p.goto(page.url(), { waitUntil: 'load' });
    await p.waitForSelector('html[data-app="ready"]');
    const b64u = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const input = `${b64u({ alg: 'HS256', typ: 'JWT' })}.${b64u({ sub: 'x', iat: 0 })}`;
    const token = `${input}.${createHmac('sha256', 'k').update(input).digest('base64url')}`;
    await load(p, { token, key: 'k' });
    await waitVerdict(p, 'valid');
    const browser = await p.evaluate(() => new Date(0).toString());
    assert.match(browser, /23:15:30/);
    const shown = await text(p, '#payload-members');
    assert.match(shown, /1969-12-31 23:15:30/, `the page's local time for iat 0 (the browser: ${browser}): ${shown}`);
  } finally {
    await ctx.close();
  }
});

test('a secret encoding picked before the module starts: heard, and the example notice goes', async (page) => {
  const { p, release } = await heldBackPage(page);
  await p.selectOption($('secret-encoding'), 'hex');
  release();
  await p.waitForSelector('html[data-app="ready"]');
  await p.waitForTimeout(200);
  const v = await verdict(p);
  const notice = (await p.isVisible('#notice')) ? await text(p, '#notice') : '';
  await p.close();
  assert.ok(!(v.signature !== 'valid' && /An example token/.test(notice)),
    `the example's notice stays over an example that no longer verifies: ${v.signature}; "${notice}"`);
}, { noServiceWorker: true });

// A share link opened, then the skip link followed (the first Tab and Enter of a
// keyboard user) before the module started: the page's fragment is then "#token",
// and the link's token must still be the one opened.
test('a share link is opened even when the skip link was followed before the module started', async (page) => {
  const shared = fx('hs256.jwt');
  const p = await page.context().newPage();
  let release;
  const held = new Promise((r) => { release = r; });
  await p.route(urlOf('jwtscope_bg.wasm'), async (r) => { await held; await r.continue(); });
  await p.goto(`${page.url().split('#')[0]}#token=${shared}`, { waitUntil: 'domcontentloaded' });
  await p.waitForTimeout(300);
  await p.keyboard.press('Tab');
  await p.keyboard.press('Enter');
  const hash = await p.evaluate(() => location.hash);
  release();
  await p.waitForSelector('html[data-app="ready"]');
  const after = { token: await value(p, 'token'), key: await value(p, 'key'), href: await p.evaluate(() => location.href) };
  // The entry behind the skip link's: the page as opened, without the token.
  await p.evaluate(() => history.back());
  await p.waitForFunction(() => history.state === null && document.readyState === 'complete');
  await p.waitForTimeout(200);
  const behind = await p.evaluate(() => location.href);
  await p.close();
  assert.equal(hash, '#token', 'the skip link was followed');
  assert.equal(after.token, shared, 'the share link\'s token was dropped');
  assert.equal(after.key, '', 'the example key is not the link\'s');
  assert.ok(!after.href.includes('#'), after.href);
  assert.ok(!behind.includes('token='), `the history keeps the token behind the skip link's entry: ${behind}`);
}, { noServiceWorker: true });

// boot.js fetches the module after the first frame; a tab hidden before that frame
// gets none, and must still start (its visibility change is enough).
test('a tab hidden before its first frame still starts its module', async (page) => {
  const p = await page.context().newPage();
  await p.addInitScript(() => { window.requestAnimationFrame = () => 0; });
  await p.goto(page.url(), { waitUntil: 'domcontentloaded' });
  await p.waitForTimeout(300);
  const before = await p.evaluate(() => document.documentElement.dataset.app ?? null);
  await p.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await p.waitForSelector('html[data-app="ready"]', { timeout: 10_000 });
  const v = await verdict(p);
  await p.close();
  assert.equal(before, null, 'without a frame the module waited');
  assert.equal(v.signature, 'valid');
}, { noServiceWorker: true });

// WCAG 2.1 §1.4.10 (reflow): at 320 CSS px the page scrolls only vertically (the
// weak-secret check's file input pushed it 20 px sideways).
test('no sideways scrolling at 320 px, nor at 360 and 412 (WCAG 1.4.10 reflow)', async (page) => {
  for (const width of [320, 360, 412]) {
    await page.setViewportSize({ width, height: 800 });
    const wide = await page.evaluate(() => {
      const doc = document.documentElement;
      const over = [...document.querySelectorAll('body *')]
        .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > doc.clientWidth + 0.5)
        .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}`);
      return { scroll: doc.scrollWidth, client: doc.clientWidth, over: over.slice(0, 5) };
    });
    assert.ok(wide.scroll <= wide.client, `at ${width} px: ${wide.scroll} > ${wide.client}: ${wide.over.join(', ')}`);
  }
});

// A checkbox or radio sits on the line of its label's words, at every width (the
// share row's two were drawn above their words by the rows' stacked-field rule).
test('checkboxes and radios sit on the line of their label, wide and narrow', async (page) => {
  // 360 and 320 px: the commonest phone width and the narrowest (the payload's
  // JSON / Table radios wrapped above their words there).
  assert.ok(await page.$$eval('input[type=checkbox], input[type=radio]', (all) => all.length) > 0, 'no checkbox or radio to check');
  for (const width of [1280, 412, 360, 320]) {
    await page.setViewportSize({ width, height: 900 });
    const apart = await page.evaluate(() => [...document.querySelectorAll('input[type=checkbox], input[type=radio]')]
      .flatMap((input) => {
        // Every one is checked: none may be skipped as hidden or unlabelled.
        if (!input.getClientRects().length) return [`#${input.id}: not shown`];
        if (!input.closest('label')) return [`#${input.id}: not inside its label`];
        const words = [...input.closest('label').childNodes].find((n) => n.nodeType === 3 && n.textContent.trim())
          || input.closest('label').querySelector('span');
        if (!words) return [`#${input.id}: no words`];
        const range = document.createRange();
        range.selectNodeContents(words);
        const w = range.getBoundingClientRect();
        const box = input.getBoundingClientRect();
        const middle = box.top + box.height / 2;
        return middle > w.top && middle < w.bottom ? [] : [`#${input.id} (middle ${middle.toFixed(0)}) beside words ${w.top.toFixed(0)}..${w.bottom.toFixed(0)}`];
      }));
    assert.deepEqual(apart, [], `at ${width} px`);
  }
});

test('keyboard: every control is reachable and the focus is visible', async (page) => {
  const seen = new Set();
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const a = document.activeElement;
      const style = getComputedStyle(a);
      return { id: a.dataset.testid || a.id, outline: style.outlineStyle };
    });
    if (info.id) seen.add(info.id);
    if (['token', 'key', 'alg', 'sign-mode'].includes(info.id) && info.id === 'sign-mode') {
      assert.notEqual(info.outline, 'none', 'focus ring on the sign-mode switch');
    }
  }
  for (const id of ['sign-mode', 'token', 'header', 'payload', 'key', 'secret-encoding', 'alg', 'leeway', 'as-of']) {
    assert.ok(seen.has(id), `${id} reachable by Tab (saw ${[...seen].join(', ')})`);
  }
  // Space toggles sign mode.
  await page.focus($('sign-mode'));
  await page.keyboard.press('Space');
  assert.equal(await page.isChecked($('sign-mode')), true);
  // Every form control has a label.
  const unlabelled = await page.$$eval('textarea, select, input', (els) =>
    els.filter((e) => !e.labels || e.labels.length === 0).map((e) => e.id));
  assert.deepEqual(unlabelled, []);
});

test('dark theme follows the system', async (page) => {
  const light = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.notEqual(light, dark);
});

// Issue 11's keys workshop: a pasted key's description, thumbprint and every export;
// private forms only behind the switch, written by the worker; a JWKS builder that
// refuses one kid for two keys. Every export is pasted back: the engine reads it as
// the same key (same thumbprint).
const ws = {
  output: (page, i, format) => page.inputValue(`${$('ws-keys')} article[data-index="${i}"] textarea[data-format="${format}"]`),
  formats: (page) => page.$$eval(`${$('ws-keys')} textarea[data-format]`, (ts) => ts.map((t) => t.dataset.format)),
  thumbprint: (page) => text(page, `${$('ws-keys')} ${$('ws-thumbprint')}`),
  description: (page) => text(page, `${$('ws-keys')} ${$('ws-description')}`),
};

async function pasteBack(page, form, thumbprint, description) {
  await page.fill($('ws-key'), form);
  await page.waitForFunction((t) => {
    const c = document.querySelector('[data-testid="ws-keys"] [data-testid="ws-thumbprint"]');
    return c && c.textContent === t;
  }, thumbprint, { timeout: 5000 }).catch(async () => {
    assert.fail(`pasted back: ${await text(page, $('ws-status'))} / ${await text(page, $('ws-keys'))}`);
  });
  if (description) assert.match(await ws.description(page), description);
}

test('keys workshop: an RSA public PEM, its description, thumbprint and public forms round-trip', async (page) => {
  await page.fill($('ws-key'), fx('rsa.pub.pem'));
  assert.equal(await ws.description(page), 'Key 1: RSA public key, 2048 bits, SPKI PEM');
  assert.match(await text(page, `${$('ws-keys')} ${$('ws-algorithms')}`), /^Algorithms: RS256, RS384, RS512, PS256, PS384, PS512$/);
  const thumbprint = await ws.thumbprint(page);
  assert.match(thumbprint, /^[\w-]{43}$/);
  assert.deepEqual(await ws.formats(page), ['spki-pem', 'pkcs1-pem', 'public-jwk']);
  assert.equal((await ws.output(page, 0, 'spki-pem')).trim(), fx('rsa.pub.pem'));
  assert.equal((await ws.output(page, 0, 'pkcs1-pem')).trim(), fx('rsa.pub.pkcs1.pem'), 'OpenSSL\'s PKCS#1 text');
  const jwk = JSON.parse(await ws.output(page, 0, 'public-jwk'));
  assert.equal(jwk.kty, 'RSA');
  assert.equal(jwk.d, undefined);
  assert.equal(await page.isDisabled(`${$('show-private')}`), false);
  // Copy: the shown text goes to the clipboard.
  await page.click(`${$('ws-keys')} button[data-ws-copy="0:public-jwk"]`);
  await page.waitForFunction(() => /Copied the workshop's public JWK/.test(document.getElementById('copy-status').textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await ws.output(page, 0, 'public-jwk'));
  // Each form read back by the engine is the same key.
  const forms = [await ws.output(page, 0, 'pkcs1-pem'), await ws.output(page, 0, 'public-jwk'), fx('rsa.pub.ssh'), fx('rsa.jwk.json')];
  await pasteBack(page, forms[0], thumbprint, /RSA public key, 2048 bits, PKCS#1 PEM/);
  await pasteBack(page, forms[1], thumbprint, /RSA public key, 2048 bits, JWK/);
  await pasteBack(page, forms[2], thumbprint, /OpenSSH public key/);
  // Bare base64 DER (the SPKI body without its armour).
  const der = fx('rsa.pub.pem').split('\n').filter((l) => !l.startsWith('-----')).join('');
  await pasteBack(page, der, thumbprint, /SPKI DER in base64/);
  // Other kinds: EC and Ed25519, each with its one algorithm and no PKCS#1 form.
  await page.fill($('ws-key'), fx('ec.pub.pem'));
  await page.waitForFunction(() => /EC public key, P-256/.test(document.querySelector('[data-testid="ws-keys"]').textContent));
  assert.deepEqual(await ws.formats(page), ['spki-pem', 'public-jwk']);
  assert.match(await text(page, `${$('ws-keys')} ${$('ws-algorithms')}`), /^Algorithms: ES256$/);
  await page.fill($('ws-key'), fx('ed.pub.ssh'));
  await page.waitForFunction(() => /Ed25519 public key, OpenSSH/.test(document.querySelector('[data-testid="ws-keys"]').textContent));
  await page.fill($('ws-key'), '-----BEGIN PUBLIC KEY-----\nAAAA');
  await page.waitForFunction(() => document.querySelector('[data-testid="ws-status"]').classList.contains('error'));
  assert.equal(await page.getAttribute($('ws-key'), 'aria-invalid'), 'true');
  assert.deepEqual(await ws.formats(page), []);
}, { clipboard: true });

test('keys workshop: a private key shows its public forms; private forms only behind the switch, from the worker', async (page) => {
  await page.fill($('ws-key'), fx('rsa.key.pem'));
  assert.match(await ws.description(page), /^Key 1: RSA private key, 2048 bits, PKCS#8 PEM$/);
  const thumbprint = await ws.thumbprint(page);
  assert.deepEqual(await ws.formats(page), ['spki-pem', 'pkcs1-pem', 'public-jwk'], 'public key from private key');
  assert.equal((await ws.output(page, 0, 'spki-pem')).trim(), fx('rsa.pub.pem'), 'the public key of the private key');
  assert.equal(await page.$$eval('textarea', (ts) => ts.filter((t) => /PRIVATE KEY|"d"/.test(t.value) && t.id !== 'ws-key').length), 0,
    'no private form anywhere in the page');
  assert.equal(await page.$$eval('[data-ws-copy$="pkcs8-pem"], [data-ws-copy$="private-jwk"]', (b) => b.length), 0, 'nothing private to copy');
  await page.check($('show-private'));
  await page.waitForSelector(`${$('ws-keys')} textarea[data-format="private-jwk"]`, { timeout: 10000 });
  assert.deepEqual(await ws.formats(page), ['spki-pem', 'pkcs1-pem', 'public-jwk', 'pkcs8-pem', 'private-jwk']);
  const pkcs8 = await ws.output(page, 0, 'pkcs8-pem');
  assert.match(pkcs8, /^-----BEGIN PRIVATE KEY-----\n/);
  const privateJwk = JSON.parse(await ws.output(page, 0, 'private-jwk'));
  assert.ok(privateJwk.d && privateJwk.p && privateJwk.q, 'the private JWK has the private numbers');
  await page.click(`${$('ws-keys')} button[data-ws-copy="0:pkcs8-pem"]`);
  await page.waitForFunction(() => /Copied the workshop's PKCS#8 PEM/.test(document.getElementById('copy-status').textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), pkcs8);
  // Off: the private forms leave the page's DOM.
  await page.uncheck($('show-private'));
  assert.deepEqual(await ws.formats(page), ['spki-pem', 'pkcs1-pem', 'public-jwk']);
  // The private forms read back as the same private key.
  await pasteBack(page, pkcs8, thumbprint, /RSA private key, 2048 bits, PKCS#8 PEM/);
  await pasteBack(page, JSON.stringify(privateJwk), thumbprint, /RSA private key, 2048 bits, JWK/);
  // The switch on while pasting: the worker answers for the key now pasted.
  await page.check($('show-private'));
  await page.waitForSelector(`${$('ws-keys')} textarea[data-format="pkcs8-pem"]`, { timeout: 10000 });
  await page.uncheck($('show-private'));
  // A private JWK whose CRT coefficient was changed is refused when pasted: the page
  // checks an RSA private key's numbers itself (the key's builder is the worker's).
  const qi = privateJwk.qi;
  const corrupt = { ...privateJwk, qi: (qi[0] === 'A' ? 'B' : 'A') + qi.slice(1) };
  await page.fill($('ws-key'), JSON.stringify(corrupt));
  await page.waitForFunction(() => document.querySelector('[data-testid="ws-status"]').classList.contains('error'));
  assert.match(await text(page, $('ws-status')), /"qi" does not match d, p and q .*corrupt/);
  assert.deepEqual(await ws.formats(page), []);
  await page.evaluate(() => navigator.clipboard.writeText(''));
}, { clipboard: true });

test('keys workshop: a JWKS of two keys with kids, an ambiguous kid refused, a generated pair added', async (page) => {
  const entries = (p) => p.$$eval(`${$('jwks-entries')} li`, (lis) => lis.map((li) => ({
    kid: li.querySelector('[data-field="kid"]').value,
    use: li.querySelector('[data-field="use"]').value,
    alg: li.querySelector('[data-field="alg"]').value,
  })));
  assert.equal(await page.isDisabled($('jwks-add')), true);
  await page.fill($('ws-key'), fx('ed.jwk.json'));
  await page.click($('jwks-add'));
  await page.fill($('ws-key'), fx('rsa.key.pem'));
  await page.click($('jwks-add'));
  const rsaThumbprint = await ws.thumbprint(page);
  assert.deepEqual(await entries(page), [
    { kid: 'ed-1', use: 'sig', alg: '' },
    { kid: rsaThumbprint, use: 'sig', alg: '' },
  ]);
  // Set the RSA key's kid, use and alg (keyboard: type into the field, choose with selects).
  const row = `${$('jwks-entries')} li[data-index="1"]`;
  await page.fill(`${row} [data-field="kid"]`, 'rsa-1');
  await page.selectOption(`${row} [data-field="alg"]`, 'PS256');
  await page.selectOption(`${row} [data-field="use"]`, 'sig');
  let set = JSON.parse(await page.inputValue($('jwks-output')));
  assert.deepEqual(set.keys.map((k) => [k.kty, k.kid, k.use, k.alg]), [['OKP', 'ed-1', 'sig', undefined], ['RSA', 'rsa-1', 'sig', 'PS256']]);
  assert.ok(set.keys.every((k) => k.d === undefined), 'public keys only, though a private key was added');
  await page.click(`${$('key-workshop')} button[data-ws-copy="jwks"]`);
  await page.waitForFunction(() => /Copied the public JWKS/.test(document.getElementById('copy-status').textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.inputValue($('jwks-output')));
  // The set reads back in the workshop: two keys, the kids kept.
  const jwks = await page.inputValue($('jwks-output'));
  await page.fill($('ws-key'), jwks);
  await page.waitForFunction(() => /JWKS, 2 keys/.test(document.querySelector('[data-testid="ws-status"]').textContent));
  assert.match(await text(page, $('ws-keys')), /kid "ed-1".*kid "rsa-1"/);
  // One kid for two different keys: refused, with the engine's reason; nothing to copy.
  await page.fill(`${row} [data-field="kid"]`, 'ed-1');
  await page.waitForFunction(() => document.querySelector('[data-testid="jwks-status"]').classList.contains('error'));
  assert.match(await text(page, $('jwks-status')), /^Refused: keys 1 and 2 are different keys with the same kid "ed-1"/);
  assert.equal(await page.inputValue($('jwks-output')), '');
  assert.equal(await page.isDisabled(`${$('key-workshop')} button[data-ws-copy="jwks"]`), true);
  // Remove the Ed25519 key: the set is valid again.
  await page.click(`${$('jwks-entries')} li[data-index="0"] button[data-remove]`);
  set = JSON.parse(await page.inputValue($('jwks-output')));
  assert.deepEqual(set.keys.map((k) => k.kid), ['ed-1']);
  // A generated pair joins as its public half, its kid its thumbprint.
  await page.click(`${$('generate-keypair')} button[data-kind="p-256"]`);
  await page.waitForSelector('#jwks-add-generated:not([disabled])', { timeout: 10000 });
  await page.click($('jwks-add-generated'));
  set = JSON.parse(await page.inputValue($('jwks-output')));
  const generated = JSON.parse(await page.inputValue('#kp-public-jwk'));
  assert.equal(set.keys.length, 2);
  assert.equal(set.keys[1].kid, generated.kid);
  assert.equal(set.keys[1].d, undefined);
  // Its kid is its RFC 7638 thumbprint: the workshop computes the same one.
  await pasteBack(page, await page.inputValue('#kp-public-jwk'), generated.kid, /EC public key, P-256, JWK/);
  await page.evaluate(() => navigator.clipboard.writeText(''));
}, { clipboard: true });

test('keys workshop without a worker: the public forms are shown, the private forms say they need the worker module and why', async (page) => {
  await page.fill($('ws-key'), fx('rsa.key.pem'));
  await page.check($('show-private'));
  await page.waitForFunction(() => /private forms could not be written: .*worker/.test(document.querySelector('[data-testid="ws-keys"]').textContent));
  const said = await text(page, `${$('ws-keys')} .error`);
  assert.match(said, /written in the page's worker module \(jwtscope-worker_bg\.wasm, loaded after the page.*\), and no worker could run it: /);
  assert.deepEqual(await ws.formats(page), ['spki-pem', 'pkcs1-pem', 'public-jwk']);
  // Nothing private to copy; the JWKS builder, the engine's in the page, still works.
  assert.equal(await page.$$eval('[data-ws-copy$="pkcs8-pem"], [data-ws-copy$="private-jwk"]', (b) => b.length), 0);
  await page.click($('jwks-add'));
  const set = JSON.parse(await page.inputValue($('jwks-output')));
  assert.equal(set.keys.length, 1);
  assert.equal(set.keys[0].d, undefined);
}, { noWorkerScript: true });

// --- the runner ------------------------------------------------------------

async function storageEmpty(page) {
  return page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    idb: indexedDB.databases ? (await indexedDB.databases()).length : 0,
  }));
}

async function runOne(browser, servers, t) {
  const prefix = t.opts.prefix || '/';
  const context = await browser.newContext({
    timezoneId: 'UTC', locale: 'en-GB', viewport: { width: 1280, height: 900 },
    ...(t.opts.noServiceWorker ? { serviceWorkers: 'block' } : {}),
  });
  if (t.opts.clipboard) {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(servers[prefix].url).origin });
  }
  const page = await context.newPage();
  const errors = [];
  const requestsAfterLoad = [];
  let loaded = false;
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // After load: the page's own files again are allowed (listed apart); anything
  // else is a request the test must have asked for (ctx.allowRequests).
  const ownAfterLoad = [];
  page.on('request', (r) => {
    if (loaded) (isOwnFile(new URL('.', page.url()).href, r.url()) ? ownAfterLoad : requestsAfterLoad).push(r.url());
  });
  const ctx = { allowRequests: 0 };
  const t0 = Date.now();
  try {
    // A self-host that does not serve the worker's script: the page must still settle.
    if (t.opts.noWorkerScript) await page.route(urlOf('worker.js'), (r) => r.fulfill({ status: 404, body: '' }));
    // The first worker's script alone fails (the one that compiles the second module).
    if (t.opts.firstWorkerScriptFails) {
      let first = true;
      await page.route(urlOf('worker.js'), (r) => (first ? ((first = false), r.fulfill({ status: 404, body: '' })) : r.continue()));
    }
    if (t.opts.before) await t.opts.before(page);
    await page.goto(servers[prefix].url, { waitUntil: 'load' });
    const worker = t.opts.noWorkerScript ? 'failed' : 'ready';
    await page.waitForSelector(`html[data-app="ready"][data-worker="${worker}"]`, { timeout: 20000 });
    loaded = true;
    const loadMs = Date.now() - t0;
    await t.fn(page, ctx);
    await page.waitForTimeout(100);
    // Every state a test leaves the page in is axe-clean, in light and dark.
    if (!t.opts.skipAxe) {
      await axeClean(page, 'body', `${t.name}: the whole page, light`);
      await page.emulateMedia({ colorScheme: 'dark' });
      await axeClean(page, 'body', `${t.name}: the whole page, dark`);
    }
    assert.equal(requestsAfterLoad.length, ctx.allowRequests, `requests after load: ${requestsAfterLoad.join(', ')} (besides the page's own files, allowed: ${ownAfterLoad.join(', ') || 'none'})`);
    if (ctx.allowRequests === 0) {
      assert.match(await text(page, $('net-count')), /^0 network requests/);
    }
    assert.deepEqual(await storageEmpty(page), { local: 0, session: 0, cookie: '', idb: 0 });
    const unexpected = t.opts.expectCspErrors || t.opts.noWorkerScript || t.opts.firstWorkerScriptFails || t.opts.failedLoads
      ? errors.filter((e) => !/Content Security Policy|Failed to fetch|ERR_BLOCKED|ERR_FAILED|status of 404|pageerror: HTTP 404/i.test(e))
      : errors;
    assert.deepEqual(unexpected, [], 'console errors');
    return { ok: true, ms: Date.now() - t0, loadMs };
  } catch (err) {
    mkdirSync(path.join(here, 'output'), { recursive: true });
    const shot = path.join(here, 'output', t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60) + '.png');
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    return { ok: false, ms: Date.now() - t0, err, errors, shot };
  } finally {
    await context.close();
  }
}

const dist = path.join(repo, 'dist');
const servers = {
  '/': await startServer({ root: dist, port: 0 }),
  '/tools/jwt/': await startServer({ root: dist, port: 0, prefix: '/tools/jwt/' }),
};
const browser = await chromium.launch({
  executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
  args: LAUNCH_ARGS,
});
let failed = 0;
let ran = 0;
const started = Date.now();
for (const t of tests) {
  if (filter && !t.name.includes(filter)) continue;
  ran++;
  const r = await runOne(browser, servers, t);
  if (r.ok) {
    console.log(`ok   ${String(r.ms).padStart(6)} ms  (load ${r.loadMs} ms)  ${t.name}`);
  } else {
    failed++;
    console.log(`FAIL ${String(r.ms).padStart(6)} ms  ${t.name}\n     ${r.err && r.err.message}`);
    if (r.errors.length) console.log(`     console: ${r.errors.join(' | ')}`);
    console.log(`     screenshot: ${path.relative(repo, r.shot)}`);
  }
}
await browser.close();
for (const s of Object.values(servers)) await s.close();
console.log(`\n${ran - failed}/${ran} end-to-end tests passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
