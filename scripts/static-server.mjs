#!/usr/bin/env node
// A tiny static file server for dist/ (used by scripts/serve, the e2e tests
// and the benchmarks). No dependencies; binds 127.0.0.1 only.
//
//   node scripts/static-server.mjs [--root dist] [--port 8080] [--prefix /] [--log] [--gzip] [--no-store]
//
// --port 0 picks a free port. The first stdout line is always
//   listening http://127.0.0.1:PORT/PREFIX/
// --prefix /tools/jwt/ serves dist/ under that path (as when deployed there);
// anything outside it is 404. --log prints one line per request to stderr.
// --gzip sends "X.gz" (scripts/precompress) for X to a client that accepts gzip, as
// deploy/nginx.conf's gzip_static does (the Lighthouse bench).
// Caching as deploy/ has it: a name with a content hash (HASHED below, deploy's
// regex) "public, max-age=31536000, immutable", anything else "no-cache" with an ETag
// (a matching If-None-Match gets a 304). --no-store sends "no-store" on everything
// instead (nothing kept: a benchmark's reload without a cache).
//
// From a script:
//   import { startServer } from '../../scripts/static-server.mjs';
//   const { url, close } = await startServer({ root: 'dist', port: 0 });

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// The names deploy/nginx.conf and deploy/Caddyfile mark immutable: the build's
// content-hashed names (src/app/offline.rs OWN_FILES, "-#" before the extension).
export const HASHED = /-[0-9a-f]{12}\.(js|wasm|css)$/;

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

// "/tools/jwt" -> "/tools/jwt/"; "" -> "/".
function normalizePrefix(prefix) {
  let p = prefix || '/';
  if (!p.startsWith('/')) p = '/' + p;
  if (!p.endsWith('/')) p += '/';
  return p;
}

export async function startServer({ root = 'dist', port = 8080, prefix = '/', log = false, gzip = false, noStore = false } = {}) {
  const rootDir = await realpath(path.resolve(root)); // throws if missing
  const pre = normalizePrefix(prefix);

  // Resolve a URL path to a file inside rootDir, or return an HTTP status.
  async function resolveFile(pathname) {
    if (pathname === pre.slice(0, -1)) return { redirect: pre };
    if (!pathname.startsWith(pre)) return { status: 404 };
    let rel;
    try {
      rel = decodeURIComponent(pathname.slice(pre.length));
    } catch {
      return { status: 400 };
    }
    if (rel.includes('\0')) return { status: 400 };
    let file = path.resolve(rootDir, '.' + path.sep + rel);
    const inside = (p) => p === rootDir || p.startsWith(rootDir + path.sep);
    if (!inside(file)) return { status: 403 };
    try {
      file = await realpath(file); // symlinks must stay inside rootDir too
      if (!inside(file)) return { status: 403 };
      let info = await stat(file);
      if (info.isDirectory()) {
        if (!pathname.endsWith('/')) return { redirect: pathname + '/' };
        file = path.join(file, 'index.html');
        info = await stat(file);
      }
      if (!info.isFile()) return { status: 404 };
      return { file, size: info.size, mtime: info.mtimeMs };
    } catch {
      return { status: 404 };
    }
  }

  const server = createServer(async (req, res) => {
    const send = (status, headers = {}, body = '') => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (log) res.on('finish', () => console.error(`${res.statusCode} ${req.method} ${req.url}`));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, { Allow: 'GET, HEAD' }, 'method not allowed\n');
    }
    const { pathname, search } = new URL(req.url, 'http://127.0.0.1');
    const found = await resolveFile(pathname);
    if (found.redirect) return send(301, { Location: found.redirect + search }, '');
    if (found.status) return send(found.status, {}, `${found.status}\n`);
    let body = found.file;
    const headers = {
      'Content-Type': MIME[path.extname(found.file).toLowerCase()] || 'application/octet-stream',
      'Content-Length': found.size,
      'Cache-Control': noStore ? 'no-store' : HASHED.test(found.file) ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    };
    if (!noStore) {
      // Size and modification time, as nginx makes its ETag (the .gz has its own).
      headers.ETag = `"${found.size.toString(16)}-${Math.floor(found.mtime).toString(16)}"`;
    }
    if (gzip) {
      headers.Vary = 'Accept-Encoding';
      const gz = await stat(`${found.file}.gz`).catch(() => null);
      if (gz?.isFile() && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        body = `${found.file}.gz`;
        headers['Content-Encoding'] = 'gzip';
        headers['Content-Length'] = gz.size;
        if (headers.ETag) headers.ETag = `"${gz.size.toString(16)}-${Math.floor(gz.mtimeMs).toString(16)}"`;
      }
    }
    if (headers.ETag && req.headers['if-none-match'] === headers.ETag) {
      delete headers['Content-Length'];
      delete headers['Content-Type'];
      res.writeHead(304, headers);
      return res.end();
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    createReadStream(body)
      .on('error', () => res.destroy())
      .pipe(res);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${server.address().port}${pre}`;
  const close = () =>
    new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  return { server, url, close };
}

function parseArgs(argv) {
  const opts = { root: 'dist', port: 8080, prefix: '/', log: false, gzip: false, noStore: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--root') opts.root = value();
    else if (arg === '--prefix') opts.prefix = value();
    else if (arg === '--log') opts.log = true;
    else if (arg === '--gzip') opts.gzip = true;
    else if (arg === '--no-store') opts.noStore = true;
    else if (arg === '--port') {
      opts.port = Number(value());
      if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
        throw new Error(`bad --port: ${argv[i]}`);
      }
    } else throw new Error(`unknown argument: ${arg}`);
  }
  return opts;
}

// Run as a command (not when imported).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const { url, close } = await startServer(parseArgs(process.argv.slice(2)));
    console.log(`listening ${url}`);
    for (const sig of ['SIGINT', 'SIGTERM']) {
      process.on(sig, () => close().then(() => process.exit(0)));
    }
  } catch (err) {
    console.error(`static-server: ${err.message}`);
    process.exit(1);
  }
}
