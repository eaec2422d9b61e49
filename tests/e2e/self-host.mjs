#!/usr/bin/env node
// Self-hosting, tested with real servers: the built page (dist/) under /tools/jwt/
// behind Debian's nginx with deploy/nginx.conf, and behind Debian's Caddy with
// deploy/Caddyfile.
//
// For each server: a throw-away main config in a temporary directory (pid, logs,
// temp and data paths there; 127.0.0.1 on free ports; nginx with `daemon off`) that
// embeds the deploy file with its `alias`/`root` pointed at dist/; the server runs
// as the current user, in the foreground, and is stopped at the end (nothing in /etc
// or any system service is touched). Then:
//   - over HTTP: /tools/jwt -> /tools/jwt/; every file of dist/ with its type, the
//     security headers (the CSP = index.html's <meta> CSP + frame-ancestors 'none'),
//     its caching (a content-hashed name, src/app/offline.rs OWN_FILES: "public,
//     max-age=31536000, immutable"; index.html, sw.js, the manifest and its icon:
//     "no-cache"), a 304 on revalidation; dist/'s .gz, byte for byte, as
//     Content-Encoding: gzip only to a client that accepts gzip; a 404 (a hashed name
//     that is not there included) with the security headers and never "immutable";
//   - in Chromium (playwright-core): the page starts with its workers, the flows of
//     tests/e2e/flows.mjs (four families verify, a key pair from a worker signs), an HS256 token
//     and its secret (fixtures) verify, no console error (a CSP violation is one),
//     every request goes to the page's own origin and path;
//   - the server's log holds no warning or error but the 404s asked for.
// When dist/ lacks the .gz files, scripts/precompress makes them for the test, and
// they are removed after it.
//
// A server that is not installed is skipped ("skipped: nginx not installed"), so a
// developer machine without them passes; under CI=true (scripts/setup installs
// both) a missing one is a failure.
//
//   node tests/e2e/self-host.mjs [nginx|caddy]   (NGINX=..., CADDY=... pick binaries)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { $, keyPairSigns, load, verifiesFourFamilies, waitVerdict } from './flows.mjs';
import { builtNames, ownFiles, plainName } from './own-files.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const dist = path.join(repo, 'dist');
const PREFIX = '/tools/jwt/';
const fx = (name) => readFileSync(path.join(here, 'fixtures', name), 'utf8').trim();
const only = process.argv[2] || '';
const started = Date.now();

// --- which servers ---------------------------------------------------------------------

function findBinary(envName, candidates, name) {
  for (const c of [process.env[envName], ...candidates]) {
    if (c && existsSync(c)) return c;
  }
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}
const binaries = {
  nginx: findBinary('NGINX', ['/usr/sbin/nginx'], 'nginx'),
  caddy: findBinary('CADDY', ['/usr/bin/caddy'], 'caddy'),
};
const servers = [];
let missingInCi = false;
for (const [name, bin] of Object.entries(binaries)) {
  if (only && only !== name) continue;
  if (bin) {
    servers.push(name);
  } else if (process.env.CI === 'true') {
    console.log(`FAIL ${name} not installed, and CI=true (scripts/setup installs it)`);
    missingInCi = true;
  } else {
    console.log(`skipped: ${name} not installed (scripts/setup installs it with apt-get)`);
  }
}
if (missingInCi) process.exit(1);
if (!servers.length) process.exit(0);
if (!existsSync(path.join(dist, 'index.html'))) {
  console.error(`self-host: FAILED: no ${path.relative(repo, dist)}/index.html (run trunk build --release first)`);
  process.exit(1);
}

// --- the site's files and what each must be served as -------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
};
const siteFiles = readdirSync(dist, { withFileTypes: true })
  .filter((e) => e.isFile() && !e.name.endsWith('.gz'))
  .map((e) => e.name)
  .sort();
// dist/'s names by their plain names ("boot.js" -> "boot-<hash>.js"), and which carry
// a hash: those are served immutable, the rest (index.html, sw.js...) no-cache.
const built = builtNames(dist);
const hashed = new Set(ownFiles.filter((p) => p.includes('#')).map((p) => built[plainName(p)]));
for (const must of ['index.html', 'boot.js', 'worker.js', 'jwtscope.js', 'jwtscope_bg.wasm', 'jwtscope_later.wasm', 'jwtscope-worker.js', 'jwtscope-worker_bg.wasm', 'style.css', 'sw.js']) {
  assert.ok(siteFiles.includes(built[must]), `dist/ has ${must} (${built[must]})`);
}
assert.equal(hashed.size, 9, 'nine of dist/\'s names carry a hash');
const IMMUTABLE = 'public, max-age=31536000, immutable';
const cacheOf = (f) => (hashed.has(f) ? IMMUTABLE : 'no-cache');

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

// --- temporary directory, .gz files, clean-up ------------------------------------------

const tmp = mkdtempSync(path.join(tmpdir(), 'jwtscope-self-host-'));
const t = (...names) => path.join(tmp, ...names);
const running = [];
const madeGz = [];
// SIGTERM: nginx's master then stops its workers (SIGKILL would leave them running).
process.on('exit', () => {
  for (const p of running) if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
  for (const f of madeGz) rmSync(f, { force: true });
  rmSync(tmp, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

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

// `text` with `from` replaced by `to`, which must occur exactly once.
function replaceOnce(text, from, to, file) {
  assert.equal(text.split(from).length, 2, `${file} has exactly one "${from}"`);
  return text.replace(from, () => to);
}

// --- the servers: each returns { version, port, proc, logProblems() } -------

const SERVERS = {
  async nginx(bin, dir) {
    const file = 'deploy/nginx.conf';
    const deploy = readFileSync(path.join(repo, file), 'utf8');
    const ALIAS = 'alias /srv/jwtscope/dist/;';
    const port = await freePort();
    writeFileSync(path.join(dir, 'jwtscope.conf'), replaceOnce(deploy, ALIAS, `alias ${dist}/;`, file));
    for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, d));
    const f = (name) => path.join(dir, name);
    const asRoot = process.getuid && process.getuid() === 0;
    writeFileSync(f('nginx.conf'), `# Written by tests/e2e/self-host.mjs; removed when it ends.
daemon off;
pid ${f('nginx.pid')};
error_log ${f('error.log')} warn;
worker_processes 1;
${asRoot ? `# As root, the worker would switch to "nobody", who may not read dist/.\nuser ${userInfo().username};` : ''}
events { worker_connections 64; }
http {
    access_log ${f('access.log')};
    client_body_temp_path ${f('client_body')};
    proxy_temp_path ${f('proxy')};
    fastcgi_temp_path ${f('fastcgi')};
    uwsgi_temp_path ${f('uwsgi')};
    scgi_temp_path ${f('scgi')};
    server {
        listen 127.0.0.1:${port};
        include ${f('jwtscope.conf')};
    }
}
`);
    // -p/-e: the prefix and the start-up error log in dir, not /usr/share/nginx or /var/log.
    const args = ['-p', dir, '-e', f('error.log'), '-c', f('nginx.conf')];
    const test = spawnSync(bin, ['-t', '-q', ...args], { encoding: 'utf8' });
    if (test.status !== 0) throw new Error(`nginx -t rejects the config:\n${test.stderr}`);
    return {
      version: spawnSync(bin, ['-v'], { encoding: 'utf8' }).stderr.trim(), // -v prints to stderr
      port,
      proc: spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] }),
      stopSignal: 'SIGQUIT', // graceful
      // Nothing but the 404s asked for (a config warning fails).
      logProblems: () => readFileSync(f('error.log'), 'utf8').split('\n').filter((l) => l
        && !/\[error\] .*(open\(\) "[^"]*" failed|"[^"]*" is not found) \(2: No such file or directory\)/.test(l)),
    };
  },

  async caddy(bin, dir) {
    const file = 'deploy/Caddyfile';
    const deploy = readFileSync(path.join(repo, file), 'utf8');
    const fmt = spawnSync(bin, ['fmt', path.join(repo, file)], { encoding: 'utf8' });
    assert.equal(fmt.stdout, deploy, `${file} is as \`caddy fmt\` writes it`);
    // The site block (from "example.com {" to the end), on a port of ours, with dist/.
    const site = deploy.slice(deploy.indexOf('example.com {'));
    const port = await freePort();
    const siteFor = (p, root) => replaceOnce(
      replaceOnce(site, 'example.com {', `http://127.0.0.1:${p} {`, file),
      'root * /srv/jwtscope/dist', `root * ${root}`, file,
    );
    const config = path.join(dir, 'Caddyfile');
    // No admin endpoint, no HTTPS (loopback, plain HTTP).
    writeFileSync(config, `{\n\tadmin off\n\tauto_https off\n}\n\n${siteFor(port, dist)}`);
    const log = path.join(dir, 'caddy.log');
    const env = { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
    const proc = spawn(bin, ['run', '--config', config, '--adapter', 'caddyfile'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let text = '';
    proc.stderr.on('data', (d) => { text += d; });
    // These warnings are the test config's own choices.
    const expected = /"msg":"(admin endpoint disabled|automatic HTTPS is completely disabled for server|exiting; byeee!! .*?)"/;
    return {
      version: `caddy ${spawnSync(bin, ['version'], { encoding: 'utf8' }).stdout.trim()}`,
      port,
      proc,
      stopSignal: 'SIGTERM', // graceful
      logProblems: () => text.split('\n').filter((l) => /"level":"(warn|error|fatal|panic)"/.test(l) && !expected.test(l)),
      log,
    };
  },
};

// --- HTTP, byte for byte (node:http: no decompression, no headers of its own) ------------

function get(port, urlPath, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitListening(name, srv) {
  let stderr = '';
  srv.proc.stderr.on('data', (d) => { stderr += d; });
  for (let i = 0; i < 200; i++) {
    if (srv.proc.exitCode !== null) break;
    try {
      await get(srv.port, PREFIX);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`${name} did not start (exit ${srv.proc.exitCode}):\n${stderr}`);
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
    console.log(`FAIL ${String(Date.now() - t0).padStart(6)} ms  ${name}\n     ${err.message.replace(/\n/g, '\n     ')}`);
  }
}

// --- the checks, for one server ------------------------------------------------------------

async function checkServer(name, { port }, browser) {
  await check(`${name}: /tools/jwt redirects to /tools/jwt/ (relative URLs need the slash)`, async () => {
    const r = await get(port, '/tools/jwt');
    assert.equal(r.status, 301);
    assert.equal(new URL(r.headers.location, `http://127.0.0.1:${port}/`).pathname, PREFIX);
  });

  await check(`${name}: every file of dist/: its type, the security headers, immutable when its name has a hash (else no-cache), a 304 on revalidation; no gzip unasked`, async () => {
    for (const f of ['', ...siteFiles]) {
      const file = f || 'index.html';
      const what = PREFIX + f;
      const r = await get(port, what);
      assert.equal(r.status, 200, what);
      assert.equal(r.headers['content-type'], TYPES[path.extname(file)], `${what}: content-type`);
      assert.equal(r.headers['content-encoding'], undefined, `${what}: no content-encoding when the client did not ask`);
      assert.ok(r.body.equals(readFileSync(path.join(dist, file))), `${what}: the bytes of dist/${file}`);
      assert.equal(r.headers['cache-control'], cacheOf(file), `${what}: cache-control`);
      checkSecurity(r, what);
      assert.ok(r.headers.etag, `${what}: an ETag to revalidate with`);
      const again = await get(port, what, { 'If-None-Match': r.headers.etag });
      assert.equal(again.status, 304, `${what}: revalidation answers 304`);
    }
  });

  await check(`${name}: Accept-Encoding: gzip gets dist/'s .gz, byte for byte, with Vary: Accept-Encoding`, async () => {
    for (const f of siteFiles) {
      const what = PREFIX + f;
      const r = await get(port, what, { 'Accept-Encoding': 'gzip' });
      const gz = readFileSync(path.join(dist, `${f}.gz`));
      assert.equal(r.status, 200, what);
      assert.equal(r.headers['content-encoding'], 'gzip', `${what}: content-encoding`);
      assert.equal(r.headers['content-type'], TYPES[path.extname(f)], `${what}: content-type of the original`);
      assert.equal(r.headers.vary, 'Accept-Encoding', `${what}: vary`);
      // The precompressed file itself, not a per-request gzip of the original.
      assert.ok(r.body.equals(gz), `${what}: the bytes of dist/${f}.gz (${r.body.length} bytes sent, ${gz.length} in the file)`);
      if (r.headers['content-length'] !== undefined) assert.equal(Number(r.headers['content-length']), gz.length, `${what}: content-length`);
      assert.ok(gunzipSync(r.body).equals(readFileSync(path.join(dist, f))), `${what}: gunzips to dist/${f}`);
      assert.equal(r.headers['cache-control'], cacheOf(f), `${what}: cache-control`);
      checkSecurity(r, what);
    }
  });

  await check(`${name}: a missing file: 404 with the security headers, never immutable; nothing outside /tools/jwt/ (nor dist/'s parent)`, async () => {
    const r = await get(port, `${PREFIX}nope.js`);
    assert.equal(r.status, 404);
    checkSecurity(r, '404');
    assert.ok([undefined, 'no-cache'].includes(r.headers['cache-control']), `404: cache-control ${r.headers['cache-control']}`);
    const up = await get(port, '/tools/');
    assert.ok(!/jwtscope|index of/i.test(up.body.toString()), '/tools/ shows nothing of the site');
    // The off-by-slash alias traversal: dist/'s parent (the repository) stays out of reach.
    const parent = await get(port, '/tools/jwt../Cargo.toml');
    assert.ok(!parent.body.toString().includes('[package]'), '/tools/jwt../Cargo.toml is not served');
  });

  await check(`${name}: a hashed wasm module, script and stylesheet are immutable with the security headers; index.html, sw.js and a hashed name that is not there are not`, async () => {
    for (const f of ['jwtscope_bg.wasm', 'jwtscope-worker_bg.wasm', 'boot.js', 'style.css'].map((n) => built[n])) {
      const r = await get(port, PREFIX + f);
      assert.equal(r.status, 200, f);
      assert.equal(r.headers['cache-control'], IMMUTABLE, `${f}: cache-control`);
      checkSecurity(r, f);
    }
    for (const f of ['', 'index.html', 'sw.js', 'manifest.webmanifest']) {
      const r = await get(port, PREFIX + f);
      assert.equal(r.status, 200, f);
      assert.equal(r.headers['cache-control'], 'no-cache', `${f || 'the directory'}: cache-control`);
    }
    // Another build's name (or a guess): a 404, never cached for a year.
    const missing = await get(port, `${PREFIX}${built['jwtscope_bg.wasm'].replace(/-[0-9a-f]+\./, '-000000000000.')}`);
    assert.equal(missing.status, 404);
    assert.ok(!/immutable/.test(missing.headers['cache-control'] || ''), 'a 404 for a hashed name is not immutable');
  });

  await check(`${name}: Chromium: the page starts with its workers, four families verify, a P-256 pair from the worker signs, every request is to /tools/jwt/ on this origin; saved by its service worker, it reloads and verifies with the network cut`, async () => {
    const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-GB' });
    try {
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
      // The flows the single file and the installable app pass (tests/e2e/flows.mjs).
      await verifiesFourFamilies(page);
      await keyPairSigns(page, 'p-256', 'ES256');
      await load(page, fx('hs256.jwt'), fx('hs256.secret.txt'));
      await waitVerdict(page, 'valid');
      await page.waitForTimeout(100);
      assert.match(await page.textContent($('net-count')), /^0 network requests/);
      assert.deepEqual(errors, [], 'console errors');

      const offsite = requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:'));
      assert.deepEqual(offsite, [], 'requests outside the page\'s origin and path');
      const fetched = new Set(requests.map((u) => new URL(u).pathname.slice(PREFIX.length)));
      for (const f of ['', ...['boot.js', 'jwtscope.js', 'jwtscope_bg.wasm', 'style.css', 'worker.js', 'jwtscope-worker.js', 'jwtscope-worker_bg.wasm'].map((n) => built[n])]) {
        assert.ok(fetched.has(f), `the browser fetched ${PREFIX}${f} (it fetched: ${[...fetched].join(', ')})`);
      }
      // As the browser got them: the types, the .gz for every script and wasm module,
      // the security headers. The workers' files (worker.js, jwtscope-worker.js that
      // it imports, and the second module, jwtscope-worker_bg.wasm, which the first
      // worker fetches and compiles) are fetched from workers and revalidated (304),
      // and the headers Chromium reports for them are at times the 304's alone, even
      // under status 200 (no type, no encoding: seen on the second module in one run
      // of six, when its one answer seen was the revalidation). For those three, a
      // type or an encoding reported must be the right one, and the headers every
      // answer carries are checked here (the HTTP checks above cover their type and
      // .gz). A worker's script response sets that worker's CSP, so worker.js must
      // carry it as the document does.
      const workerFiles = [built['worker.js'], built['jwtscope-worker.js'], built['jwtscope-worker_bg.wasm']];
      for (const f of ['', ...['boot.js', 'jwtscope.js', 'jwtscope_bg.wasm', 'style.css'].map((n) => built[n]), ...workerFiles]) {
        const what = `${PREFIX}${f}`;
        const all = responses.get(what) || [];
        assert.ok(all.length, `the browser's response for ${what} was seen`);
        assert.deepEqual(all.filter((r) => r.status !== 200 && r.status !== 304).map((r) => r.status), [], `${what}: statuses`);
        if (workerFiles.includes(f)) {
          for (const r of all.filter((a) => a.status === 200 && (a.headers['content-type'] || a.headers['content-encoding']))) {
            assert.equal(r.headers['content-type'], TYPES[path.extname(f)], `${what}: content-type, as the browser got it`);
            assert.equal(r.headers['content-encoding'], 'gzip', `${what}: content-encoding, as the browser got it`);
          }
        } else {
          // The answers are recorded as their headers resolve, not as they arrive: a
          // revalidation (304, no type) can come first in the list. The type and the
          // encoding are the full answer's.
          const full = all.find((r) => r.status === 200);
          assert.ok(full, `${what}: a full answer (200) was seen`);
          const h = full.headers;
          assert.equal(h['content-type'], TYPES[path.extname(f || 'index.html')], `${what}: content-type, as the browser got it`);
          assert.equal(h['content-encoding'], 'gzip', `${what}: content-encoding, as the browser got it`);
        }
        for (const r of all) {
          assert.equal(r.headers['cache-control'], cacheOf(f || 'index.html'), `${what}: cache-control, as the browser got it`);
          for (const [h, want] of Object.entries(SECURITY)) assert.equal(r.headers[h], want, `${what}: ${h}, as the browser got it`);
        }
      }

      // Offline use behind this server: the service worker (sw.js, whose headers the
      // HTTP checks above cover: this CSP, no-cache) keeps the page's files; with the
      // network cut the page reloads from them and verifies again; nothing else was
      // requested.
      await page.waitForSelector(`${$('offline-status')}[data-state="ready"]`, { timeout: 20000 });
      await context.setOffline(true);
      await page.reload({ waitUntil: 'load' });
      await page.waitForSelector('html[data-app="ready"][data-worker="ready"]', { timeout: 20000 });
      assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'offline: the service worker serves the page');
      await verifiesFourFamilies(page);
      assert.deepEqual(errors, [], 'console errors, offline');
      const offsiteLater = requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:'));
      assert.deepEqual(offsiteLater, [], 'requests outside the page\'s origin and path, offline');
    } finally {
      await context.close();
    }
  });
}

// --- the runner ------------------------------------------------------------------------------

const browser = await chromium.launch({
  executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const versions = [];
for (const name of servers) {
  const dir = t(name);
  mkdirSync(dir);
  let srv;
  try {
    srv = await SERVERS[name](binaries[name], dir);
    running.push(srv.proc);
    await waitListening(name, srv);
  } catch (err) {
    console.log(`FAIL ${name}: does not start\n     ${err.message.replace(/\n/g, '\n     ')}`);
    results.push(false);
    continue;
  }
  versions.push(srv.version);
  await checkServer(name, srv, browser);
  srv.proc.kill(srv.stopSignal);
  await new Promise((r) => (srv.proc.exitCode !== null ? r() : srv.proc.once('exit', r)));
  await check(`${name}: its log holds no warning or error but the 404s asked for`, async () => {
    assert.deepEqual(srv.logProblems(), []);
  });
}
await browser.close();

const failed = results.filter((ok) => !ok).length;
const gzSizes = [built['jwtscope_bg.wasm'], built['jwtscope-worker_bg.wasm']].map((f) =>
  `${f} ${statSync(path.join(dist, f)).size} -> ${statSync(path.join(dist, `${f}.gz`)).size} bytes`);
console.log(`     ${versions.join(', ')}; gzip -9: ${gzSizes.join(', ')}`);
console.log(`\n${results.length - failed}/${results.length} self-hosting checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
