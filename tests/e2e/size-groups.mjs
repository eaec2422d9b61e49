// Which budget of tests/e2e/size-budget.json a file of dist/ counts against, by its
// plain name ("worker.js" for "worker-<hash>.js"): what the page fetches after its
// first paint (the rest of the page's module, the workers' module, the offline files)
// is budgeted apart; every other file is the first load. tests/e2e/size-check.mjs
// and bench/run.mjs's size table both read it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const budget = JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'size-budget.json'), 'utf8'));

/** The groups fetched after the first paint: [label, budget entry]. */
export const apart = [
  ['later module', budget.later_module],
  ['second module', budget.second_module],
  ['offline files', budget.offline],
];

/** The group of a file by its plain name: one of `apart`'s labels, or 'first load'. */
export function groupOf(plain) {
  return apart.find(([, b]) => b.files.includes(plain))?.[0] ?? 'first load';
}
