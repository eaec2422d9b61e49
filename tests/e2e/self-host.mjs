#!/usr/bin/env node
// Self-hosting, tested with a real server: the built page (dist/) behind Debian's
// nginx with deploy/nginx.conf, under /tools/jwt/.
//
// Writes a throw-away nginx main config in a temporary directory (pid, logs and temp
// paths there, `daemon off`, 127.0.0.1 on a free port) that embeds deploy/nginx.conf
// with its `alias` pointed at dist/, starts nginx as the current user (nothing in
// /etc or any system service is touched) and checks:
//   - over HTTP: /tools/jwt -> /tools/jwt/; every file of dist/ with its type, the
//     security headers (the CSP = index.html's <meta> CSP + frame-ancestors 'none'),
//     Cache-Control: no-cache, a 304 on revalidation, the .gz sent as
//     Content-Encoding: gzip (its exact bytes) only to a client that accepts gzip;
//     a 404 with the security headers and no Cache-Control; hashed names (served from
//     a second copy of the same location) immutable, with the headers still there;
//   - in Chromium (playwright-core): the page starts with its workers, an HS256 token
//     and its secret (fixtures) verify, no console error (a CSP violation is one),
//     and every request goes to the page's own origin and path.
// When dist/ lacks the .gz files, scripts/precompress makes them for the test and
// they are removed after it.
//
// Without nginx it prints "skipped: nginx not installed" and passes, except under
// CI=true, where scripts/setup has installed it and its absence is a failure.
//
//   node tests/e2e/nginx.mjs          (NGINX=/path/to/nginx to pick the binary)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync, mkdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const dist = path.join(repo, 'dist');
const PREFIX = '/tools/jwt/';
const DEPLOY_ALIAS = 'alias /srv/jwtscope/dist/;';
const fx = (name) => readFileSync(path.join(here, 'fixtures', name), 'utf8').trim();
const started = Date.now();

// --- nginx present? ----------------------------------------------------------------

function findNginx() {
  for (const c of [process.env.NGINX, '/usr/sbin/nginx', '/usr/local/sbin/nginx']) {
    if (c && existsSync(c)) return c;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}
const nginx = findNginx();
if (!nginx) {
  if (process.env.CI === 'true') {
    console.error('nginx: FAILED: nginx not installed, and CI=true (scripts/setup installs it)');
    process.exit(1);
  }
  console.log('skipped: nginx not installed (scripts/setup installs it with apt-get)');
  process.exit(0);
}
if (!existsSync(path.join(dist, 'index.html'))) {
  console.error(`nginx: FAILED: no ${path.relative(repo, dist)}/index.html (run trunk build --release first)`);
  process.exit(1);
}

// --- the site's files and what each must be served as -------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
};
const siteFiles = readdirSync(dist, { withFileTypes: true })
  .filter((e) => e.isFile() && !e.name.endsWith('.gz'))
  .map((e) => e.name)
  .sort();
for (const must of ['index.html', 'boot.js', 'worker.js', 'jwtscope.js', 'jwtscope_bg.wasm', 'jwtscope-worker.js', 'jwtscope-worker_bg.wasm', 'style.css']) {
  assert.ok(siteFiles.includes(must), `dist/ has ${must}`);
}

// The CSP header = index.html's <meta> CSP, word for word, + what only a header can say.
const metaCsp = readFileSync(path.join(dist, 'index.html'), 'utf8')
  .match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
assert.ok(metaCsp, 'index.html has a <meta> CSP');
assert.match(metaCsp, /connect-src 'self'/);
assert.match(metaCsp, /worker-src 'self'/);
const SECURITY = {
  'content-security-policy': `${metaCsp}; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};

// --- a temporary nginx ----------------------------------------------------------------

const tmp = mkdtempSync(path.join(tmpdir(), 'jwtscope-nginx-'));
let nginxProc = null;
const madeGz = [];
function cleanUp() {
  if (nginxProc && nginxProc.exitCode === null) nginxProc.kill('SIGTERM');
  for (const f of madeGz) rmSync(f, { force: true });
  rmSync(tmp, { recursive: true, force: true });
}
process.on('exit', cleanUp);

// The .gz files: as deployed (scripts/precompress), made here when dist/ lacks them.
const missingGz = siteFiles.filter((f) => !existsSync(path.join(dist, `${f}.gz`)));
if (missingGz.length) {
  execFileSync(path.join(repo, 'scripts/precompress'), [dist], { stdio: 'ignore' });
  madeGz.push(...missingGz.map((f) => path.join(dist, `${f}.gz`)));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// deploy/nginx.conf with its alias pointed at `root` (exactly one alias is replaced).
const deployConf = readFileSync(path.join(repo, 'deploy/nginx.conf'), 'utf8');
assert.equal(deployConf.split(DEPLOY_ALIAS).length, 2, `deploy/nginx.conf has exactly one "${DEPLOY_ALIAS}"`);
const locationFor = (root) => deployConf.replace(DEPLOY_ALIAS, `alias ${root}/;`);

// A second site root whose names carry a Trunk-style hash (filehash = true), to check
// the immutable rule; beside it an unhashed name, which must stay no-cache.
const HASH = '0123456789abcdef';
const hashedRoot = path.join(tmp, 'hashed');
mkdirSync(hashedRoot);
copyFileSync(path.join(dist, 'style.css'), path.join(hashedRoot, `style-${HASH}.css`));
copyFileSync(path.join(dist, 'jwtscope_bg.wasm'), path.join(hashedRoot, `jwtscope-${HASH}_bg.wasm`));
copyFileSync(path.join(dist, 'jwtscope.js'), path.join(hashedRoot, `jwtscope-${HASH}.js`));
copyFileSync(path.join(dist, 'jwtscope-worker.js'), path.join(hashedRoot, 'jwtscope-worker.js'));

const [port, hashedPort] = [await freePort(), await freePort()];
writeFileSync(path.join(tmp, 'jwtscope.conf'), locationFor(dist));
writeFileSync(path.join(tmp, 'jwtscope-hashed.conf'), locationFor(hashedRoot));
for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(tmp, d));
const t = (name) => path.join(tmp, name);
writeFileSync(t('nginx.conf'), `# Written by tests/e2e/nginx.mjs; removed when it ends.
daemon off;
pid ${t('nginx.pid')};
error_log ${t('error.log')} warn;
worker_processes 1;
${process.getuid && process.getuid() === 0 ? `# As root, the worker would switch to "nobody", who may not read dist/.
user ${userInfo().username};` : ''}
events { worker_connections 64; }
http {
    access_log ${t('access.log')};
    client_body_temp_path ${t('client_body')};
    proxy_temp_path ${t('proxy')};
    fastcgi_temp_path ${t('fastcgi')};
    uwsgi_temp_path ${t('uwsgi')};
    scgi_temp_path ${t('scgi')};
    server {
        listen 127.0.0.1:${port};
        include ${t('jwtscope.conf')};
    }
    server {
        listen 127.0.0.1:${hashedPort};
        include ${t('jwtscope-hashed.conf')};
    }
}
`);

// -p/-e: nginx's prefix and start-up error log in tmp, not /usr/share/nginx or /var/log.
const nginxArgs = ['-p', tmp, '-e', t('error.log'), '-c', t('nginx.conf')];
try {
  execFileSync(nginx, ['-t', '-q', ...nginxArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
} catch (e) {
  console.error(`nginx: FAILED: nginx -t rejects the config:\n${e.stderr}`);
  process.exit(1);
}
const nginxVersion = spawnSync(nginx, ['-v'], { encoding: 'utf8' }).stderr.trim(); // -v prints to stderr
nginxProc = spawn(nginx, nginxArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
let nginxStderr = '';
nginxProc.stderr.on('data', (d) => { nginxStderr += d; });

// --- HTTP, byte for byte (node:http: no decompression, no headers of its own) ------------

function get(port_, urlPath, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: port_, path: urlPath, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitListening() {
  for (let i = 0; i < 100; i++) {
    if (nginxProc.exitCode !== null) break;
    try {
      return await get(port, PREFIX);
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const log = existsSync(t('error.log')) ? readFileSync(t('error.log'), 'utf8') : '';
  throw new Error(`nginx did not start (exit ${nginxProc.exitCode}):\n${nginxStderr}${log}`);
}

function checkSecurity(res, what) {
  for (const [name, want] of Object.entries(SECURITY)) {
    assert.equal(res.headers[name], want, `${what}: ${name}`);
  }
}

const results = [];
async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push(true);
    console.log(`ok   ${String(Date.now() - t0).padStart(6)} ms  ${name}`);
  } catch (err) {
    results.push(false);
    console.log(`FAIL ${String(Date.now() - t0).padStart(6)} ms  ${name}\n     ${err.message}`);
  }
}

// --- the checks ---------------------------------------------------------------------------

await waitListening();

await check('/tools/jwt redirects to /tools/jwt/ (relative URLs need the slash)', async () => {
  const r = await get(port, '/tools/jwt');
  assert.equal(r.status, 301);
  assert.equal(new URL(r.headers.location, `http://127.0.0.1:${port}/`).pathname, PREFIX);
});

await check('every file of dist/: its type, the security headers, no-cache, revalidation; identity without Accept-Encoding', async () => {
  for (const f of ['', ...siteFiles]) {
    const file = f || 'index.html';
    const r = await get(port, PREFIX + f);
    const what = PREFIX + f;
    assert.equal(r.status, 200, what);
    assert.equal(r.headers['content-type'], TYPES[path.extname(file)], `${what}: content-type`);
    assert.equal(r.headers['content-encoding'], undefined, `${what}: no content-encoding when the client did not ask`);
    assert.ok(r.body.equals(readFileSync(path.join(dist, file))), `${what}: the bytes of dist/${file}`);
    assert.equal(r.headers['cache-control'], 'no-cache', `${what}: cache-control`);
    checkSecurity(r, what);
    assert.ok(r.headers.etag, `${what}: an ETag to revalidate with`);
    const again = await get(port, PREFIX + f, { 'If-None-Match': r.headers.etag });
    assert.equal(again.status, 304, `${what}: revalidation answers 304`);
  }
});

await check('Accept-Encoding: gzip gets dist/\'s .gz, byte for byte, with Vary: Accept-Encoding', async () => {
  for (const f of siteFiles) {
    const r = await get(port, PREFIX + f, { 'Accept-Encoding': 'gzip' });
    const what = PREFIX + f;
    const gz = readFileSync(path.join(dist, `${f}.gz`));
    assert.equal(r.status, 200, what);
    assert.equal(r.headers['content-encoding'], 'gzip', `${what}: content-encoding`);
    assert.equal(r.headers['content-type'], TYPES[path.extname(f)], `${what}: content-type of the original`);
    assert.equal(r.headers.vary, 'Accept-Encoding', `${what}: vary`);
    // The precompressed file itself (on-the-fly gzip would send no Content-Length).
    assert.equal(Number(r.headers['content-length']), gz.length, `${what}: content-length = size of ${f}.gz`);
    assert.ok(r.body.equals(gz), `${what}: the bytes of dist/${f}.gz`);
    assert.ok(gunzipSync(r.body).equals(readFileSync(path.join(dist, f))), `${what}: gunzips to dist/${f}`);
    assert.equal(r.headers['cache-control'], 'no-cache', `${what}: cache-control`);
    checkSecurity(r, what);
  }
});

await check('a missing file: 404 with the security headers, no Cache-Control; no directory listing', async () => {
  const r = await get(port, `${PREFIX}nope.js`);
  assert.equal(r.status, 404);
  checkSecurity(r, '404');
  assert.equal(r.headers['cache-control'], undefined, 'a 404 is not cached');
  const up = await get(port, '/tools/');
  assert.equal(up.status, 404, '/tools/ is outside the location');
});

await check('hashed names (filehash = true) are immutable, keep the security headers; unhashed stay no-cache', async () => {
  for (const [f, type] of [[`style-${HASH}.css`, TYPES['.css']], [`jwtscope-${HASH}_bg.wasm`, TYPES['.wasm']], [`jwtscope-${HASH}.js`, TYPES['.js']]]) {
    const r = await get(hashedPort, PREFIX + f);
    assert.equal(r.status, 200, f);
    assert.equal(r.headers['content-type'], type, `${f}: content-type`);
    assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable', `${f}: cache-control`);
    checkSecurity(r, f);
  }
  const plain = await get(hashedPort, `${PREFIX}jwtscope-worker.js`);
  assert.equal(plain.headers['cache-control'], 'no-cache', 'jwtscope-worker.js: cache-control');
  const missing = await get(hashedPort, `${PREFIX}style-fedcba9876543210.css`);
  assert.equal(missing.status, 404);
  assert.equal(missing.headers['cache-control'], undefined, 'a 404 for a hashed name is not cached');
});

await check('Chromium: the page starts with its workers, an HS256 token verifies, every request is to /tools/jwt/ on this origin', async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-GB' });
    const page = await context.newPage();
    const base = `http://127.0.0.1:${port}${PREFIX}`;
    const errors = [];
    const requests = [];
    const responses = new Map();
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    // Context-wide: the page's and its workers' requests alike.
    context.on('request', (r) => requests.push(r.url()));
    context.on('response', async (r) => {
      const key = new URL(r.url()).pathname;
      responses.set(key, [...(responses.get(key) || []), { status: r.status(), headers: await r.allHeaders() }]);
    });
    await page.goto(base, { waitUntil: 'load' });
    await page.waitForSelector('html[data-app="ready"][data-worker="ready"]', { timeout: 20000 });
    const $ = (id) => `[data-testid="${id}"]`;
    await page.fill($('key'), '');
    await page.fill($('token'), fx('hs256.jwt'));
    await page.selectOption($('secret-encoding'), 'utf8');
    await page.fill($('key'), fx('hs256.secret.txt'));
    await page.waitForSelector(`${$('verdict')}[data-signature="valid"]`, { timeout: 5000 });
    await page.waitForTimeout(100);
    assert.match(await page.textContent($('net-count')), /^0 network requests/);
    assert.deepEqual(errors, [], 'console errors');

    const offsite = requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:'));
    assert.deepEqual(offsite, [], 'requests outside the page\'s origin and path');
    const fetched = new Set(requests.map((u) => new URL(u).pathname.slice(PREFIX.length)));
    for (const f of ['', 'boot.js', 'jwtscope.js', 'jwtscope_bg.wasm', 'style.css', 'worker.js', 'jwtscope-worker.js', 'jwtscope-worker_bg.wasm']) {
      assert.ok(fetched.has(f), `the browser fetched ${PREFIX}${f} (it fetched: ${[...fetched].join(', ')})`);
    }
    // As the browser got them: the types, the .gz for every script and wasm module,
    // the security headers. The workers' scripts (worker.js, and jwtscope-worker.js
    // that it imports) are fetched once per worker and revalidated (304), and the
    // headers Chromium reports for them sometimes are the 304's alone (no type): for
    // those two, only the headers every answer carries are checked here (the HTTP
    // checks above cover their type and .gz). A worker's script response sets that
    // worker's CSP, so worker.js must carry it as the document does.
    const workerScripts = ['worker.js', 'jwtscope-worker.js'];
    for (const f of ['', 'boot.js', 'jwtscope.js', 'jwtscope_bg.wasm', 'style.css', 'jwtscope-worker_bg.wasm', ...workerScripts]) {
      const what = `${PREFIX}${f}`;
      const all = responses.get(what) || [];
      assert.ok(all.length, `the browser's response for ${what} was seen`);
      assert.deepEqual(all.filter((r) => r.status !== 200 && r.status !== 304).map((r) => r.status), [], `${what}: statuses`);
      if (!workerScripts.includes(f)) {
        const h = all[0].headers;
        assert.equal(h['content-type'], TYPES[path.extname(f || 'index.html')], `${what}: content-type, as the browser got it`);
        assert.equal(h['content-encoding'], 'gzip', `${what}: content-encoding, as the browser got it`);
      }
      for (const r of all) {
        assert.equal(r.headers['cache-control'], 'no-cache', `${what}: cache-control, as the browser got it`);
        for (const [name, want] of Object.entries(SECURITY)) assert.equal(r.headers[name], want, `${what}: ${name}, as the browser got it`);
      }
    }
  } finally {
    await browser.close();
  }
});

// --- done ----------------------------------------------------------------------------------

nginxProc.kill('SIGQUIT'); // graceful stop
await new Promise((r) => (nginxProc.exitCode !== null ? r() : nginxProc.once('exit', r)));
// nginx's log holds nothing but the 404s asked for above (a config warning fails).
const unexpectedLog = readFileSync(t('error.log'), 'utf8').split('\n').filter((l) => l
  && !/\[error\] .*(open\(\) "[^"]*" failed|"[^"]*" is not found) \(2: No such file or directory\)/.test(l));
if (unexpectedLog.length) {
  console.log(`FAIL nginx's error log:\n     ${unexpectedLog.join('\n     ')}`);
  results.push(false);
}
const failed = results.filter((ok) => !ok).length;
const gzSizes = ['jwtscope_bg.wasm', 'jwtscope-worker_bg.wasm'].map((f) =>
  `${f} ${statSync(path.join(dist, f)).size} -> ${statSync(path.join(dist, `${f}.gz`)).size} bytes`);
console.log(`     ${nginxVersion}; gzip -9: ${gzSizes.join(', ')}`);
console.log(`\n${results.length - failed}/${results.length} nginx self-hosting checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
