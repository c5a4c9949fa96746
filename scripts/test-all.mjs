#!/usr/bin/env node
// `npm test`: every check, in order, stopping at the first failure (non-zero exit).
//   1 type check   2 unit tests   3 build   4 integration tests in the real VS Code host
//   5 package the .vsix and test the installed package   6 UI screenshot test
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VSIX = path.join(REPO, 'ml-lens.vsix'); // the "package" script writes it here

const ALL_STEPS = [
  { key: 'types', name: 'type check', command: ['npm', 'run', '--silent', 'check-types'] },
  { key: 'unit', name: 'unit tests', command: ['npm', 'run', '--silent', 'test:unit'] },
  { key: 'build', name: 'build', command: ['npm', 'run', '--silent', 'build'] },
  { key: 'host', name: 'integration tests (VS Code host)', command: ['node', 'scripts/host/run-tests.mjs', '--no-build'] },
  { key: 'package', name: 'package .vsix', command: ['npm', 'run', '--silent', 'package'] },
  { key: 'vsix', name: 'installed .vsix test (VS Code host)', command: ['node', 'scripts/host/run-tests.mjs', '--vsix', VSIX] },
  // Pictures go to out/ here so a test run leaves the tracked README pictures alone;
  // `node test/ui/screenshots.mjs` (default --out media/screenshots) refreshes those.
  { key: 'ui', name: 'UI screenshot test', command: ['node', 'test/ui/screenshots.mjs', '--no-build', '--out', 'out/screenshots'] },
  { key: 'ui-calculator', name: 'UI test: shape calculator panel', command: ['node', 'test/ui/calculator.mjs', '--no-build', '--out', 'out/screenshots'] },
  { key: 'ui-panels', name: 'UI test: card and plot panels', command: ['node', 'test/ui/panels.mjs', '--no-build', '--out', 'out/screenshots'] },
  { key: 'ui-editor', name: 'UI test: shapes in the editor (Problems, hints, CodeLens)', command: ['node', 'test/ui/editor.mjs', '--no-build', '--out', 'out/screenshots'] },
];

// For local iteration only: `node scripts/test-all.mjs --skip types,unit` (CI runs everything).
const skipIndex = process.argv.indexOf('--skip');
const skipped = new Set(skipIndex > 0 ? (process.argv[skipIndex + 1] ?? '').split(',') : []);
const unknown = [...skipped].filter((key) => !ALL_STEPS.some((step) => step.key === key));
if (unknown.length) {
  console.error(`unknown step(s) ${unknown.join(', ')}; steps: ${ALL_STEPS.map((step) => step.key).join(', ')}`);
  process.exit(2);
}
const STEPS = ALL_STEPS.filter((step) => !skipped.has(step.key));
if (skipped.size) console.log(`skipping by request: ${[...skipped].join(', ')}`);

function banner(text) {
  console.log(`\n${'='.repeat(72)}\n${text}\n${'='.repeat(72)}`);
}

const results = [];
let failed = false;
for (const [index, step] of STEPS.entries()) {
  banner(`[${index + 1}/${STEPS.length}] ${step.name}: ${step.command.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(step.command[0], step.command.slice(1), { cwd: REPO, stdio: 'inherit' });
  const seconds = (Date.now() - started) / 1000;
  const ok = result.status === 0;
  results.push({ name: step.name, ok, seconds, detail: ok ? '' : result.error?.message ?? `exit ${result.status ?? result.signal}` });
  if (!ok) { failed = true; break; }
}

banner('Summary');
for (const result of results) {
  console.log(`${result.ok ? 'PASS' : 'FAIL'}  ${result.name.padEnd(40)} ${result.seconds.toFixed(1).padStart(6)}s ${result.detail}`);
}
for (const step of STEPS.slice(results.length)) console.log(`SKIP  ${step.name}`);
const total = results.reduce((sum, result) => sum + result.seconds, 0);
console.log(`${failed ? 'FAILED' : 'ALL PASSED'} in ${total.toFixed(1)}s`);
process.exitCode = failed ? 1 : 0;
