// Flows shared by the end-to-end suites that load the page in Chromium from
// different places (tests/e2e/offline.mjs: the single file and the installable app;
// tests/e2e/self-host.mjs: behind nginx and Caddy), so each proves the same things.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const here = path.dirname(fileURLToPath(import.meta.url));
export const fx = (name) => readFileSync(path.join(here, 'fixtures', name), 'utf8').trim();
export const $ = (id) => `[data-testid="${id}"]`;

export async function waitVerdict(page, signature) {
  await page.waitForFunction((s) => document.querySelector('[data-testid="verdict"]')?.dataset.signature === s, signature, { timeout: 10000 })
    .catch(async () => assert.fail(`expected signature=${signature}, got ${await page.$eval($('verdict'), (v) => v.dataset.signature + ': ' + v.textContent.replace(/\s+/g, ' '))}`));
}

// A token and a key as a user pastes them (one input event each).
export async function load(page, token, key, encoding = 'utf8') {
  await page.fill($('key'), '');
  await page.fill($('token'), token);
  await page.selectOption($('secret-encoding'), encoding);
  await page.fill($('key'), key);
}

// Tokens of four families, each with its key (OpenSSL fixtures); a wrong key fails.
export async function verifiesFourFamilies(page) {
  for (const [alg, token, key] of [['HS256', 'hs256.jwt', 'hs256.secret.txt'], ['RS256', 'rs256.jwt', 'rsa.pub.pem'],
    ['ES256', 'es256.jwt', 'ec.pub.pem'], ['EdDSA', 'eddsa.jwt', 'ed.pub.pem']]) {
    await load(page, fx(token), fx(key));
    await waitVerdict(page, 'valid');
    assert.equal(await page.inputValue($('alg')), alg);
  }
  await page.fill($('key'), fx('rsa-other.pub.pem'));
  await page.fill($('token'), fx('rs256.jwt'));
  await waitVerdict(page, 'invalid');
}

// A key pair from the workers' module, then signing with it (a worker again).
export async function keyPairSigns(page, kind, alg) {
  await page.click(`${$('generate-keypair')} button[data-kind="${kind}"]`);
  await page.waitForSelector('#use-keypair:not([disabled])', { timeout: 60000 });
  assert.match(await page.inputValue('#kp-private-pem'), /BEGIN PRIVATE KEY/);
  await page.click('#use-keypair');
  await page.waitForFunction((a) => {
    const h = document.querySelector('[data-testid="token"]').value.split('.')[0];
    try { return JSON.parse(atob(h.replace(/-/g, '+').replace(/_/g, '/'))).alg === a; } catch { return false; }
  }, alg, { timeout: 20000 });
  await waitVerdict(page, 'valid');
  await page.uncheck($('sign-mode'));
}
