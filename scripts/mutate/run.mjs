#!/usr/bin/env node
// `npm run mutate [-- --scope src/engine/terms] [--full] [--concurrency N]`
//
// Runs StrykerJS over one folder (the scope; default: src/engine and src/providers, one folder at a time)
// with the unit suite as the test runner. Incremental by default: results of unchanged code and unchanged
// tests are reused from reports/mutation/incremental/<scope>.json, so re-running a folder after a small change
// takes seconds to minutes. `--full` ignores the incremental file.
//
// After each scope, the per-folder scores are merged into reports/mutation/summary.json and summary.md
// (committed: the current mutation score of each folder).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { summarise, renderSummary } from './summary.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    scope: { type: 'string', multiple: true },
    full: { type: 'boolean', default: false },
    concurrency: { type: 'string' },
  },
});

const DEFAULT_SCOPES = ['src/engine/terms', 'src/engine/content', 'src/engine/python', 'src/engine/shapes', 'src/providers'];
const scopes = values.scope?.length ? values.scope : DEFAULT_SCOPES;
const outDir = path.join(REPO, 'reports', 'mutation');
fs.mkdirSync(path.join(outDir, 'incremental'), { recursive: true });

let failed = false;
for (const raw of scopes) {
  const scope = raw.replace(/\/+$/, '');
  if (!fs.existsSync(path.join(REPO, scope))) {
    console.error(`mutate: no such folder ${scope}`);
    process.exit(2);
  }
  const slug = scope.replace(/[^a-zA-Z0-9]+/g, '-');
  const json = path.join(outDir, 'runs', `${slug}.json`);
  const args = ['stryker', 'run', 'stryker.config.mjs', '--mutate', `${scope}/**/*.ts`];
  if (values.full) args.push('--force');
  if (values.concurrency) args.push('--concurrency', values.concurrency);
  console.log(`\nmutate: ${scope}`);
  const env = {
    ...process.env,
    MLLENS_MUTATE_INCREMENTAL: path.join(outDir, 'incremental', `${slug}.json`),
    MLLENS_MUTATE_JSON: json,
  };
  const result = spawnSync('npx', args, { cwd: REPO, stdio: 'inherit', env });
  if (result.status !== 0) {
    failed = true;
    continue;
  }
  const summary = summarise(JSON.parse(fs.readFileSync(json, 'utf8')), REPO);
  const summaryFile = path.join(outDir, 'summary.json');
  const all = fs.existsSync(summaryFile) ? JSON.parse(fs.readFileSync(summaryFile, 'utf8')) : { folders: {} };
  all.folders[scope] = { ...summary, date: new Date().toISOString().slice(0, 10) };
  fs.writeFileSync(summaryFile, `${JSON.stringify(all, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, 'summary.md'), renderSummary(all));
  console.log(`mutate: ${scope}: score ${summary.score.toFixed(1)}% (${summary.killed} killed, ${summary.survived} survived, ${summary.noCoverage} no coverage)`);
}
process.exitCode = failed ? 1 : 0;
