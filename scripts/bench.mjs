#!/usr/bin/env node
// `npm run bench`: builds, then runs every benchmark in scripts/bench/ (hover.mjs, shapes.mjs, …) in turn.
// Figures are medians (and p99 where it matters); a benchmark that misses its target exits non-zero.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (run(['scripts/build.mjs']) !== 0) process.exit(1);
let failed = 0;
for (const name of ['hover.mjs', 'shapes.mjs', 'calculator.mjs', 'prose.mjs', 'corpus.mjs', 'editor.ts']) {
  const file = join(root, 'scripts', 'bench', name);
  if (!existsSync(file)) continue;
  console.log(`\n== ${name}`);
  // TypeScript benchmarks run through tsx (they use the extension's own modules, not the bundle).
  const args = name.endsWith('.ts') ? ['--import', 'tsx', file] : [file];
  if (run([...args, ...process.argv.slice(2)]) !== 0) failed++;
}
process.exit(failed ? 1 : 0);
