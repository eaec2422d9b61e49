// The page's own files, as the page (src/app/offline.rs OWN_FILES), the service
// worker and the build (scripts/offline-files.mjs) know them: one list, read from
// the Rust source. The e2e request logs use it to tell the page's own files
// (allowed) from any other request (never).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const block = readFileSync(path.join(repo, 'src/app/offline.rs'), 'utf8')
  .match(/pub const OWN_FILES: &\[&str\] = &\[([^\]]*)\];/);
if (!block) throw new Error('OWN_FILES not found in src/app/offline.rs');

/** Names relative to the page's directory ("" is the directory: index.html). */
export const ownFiles = [...block[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);

/** Whether `url` is one of the page's own files for a page whose directory is `base`. */
export function isOwnFile(base, url) {
  const bare = url.split(/[?#]/)[0];
  return base.endsWith('/') && bare.startsWith(base) && ownFiles.includes(bare.slice(base.length));
}
