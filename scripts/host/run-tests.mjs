#!/usr/bin/env node
// Runs the integration suites inside a real VS Code extension host (VS Code server +
// headless Chromium). Exit code: the test module's, or 1 on timeout/crash.
//
//   node scripts/host/run-tests.mjs                 test/integration against the repo (dev path)
//   node scripts/host/run-tests.mjs --vsix x.vsix   test/integration-vsix against the installed package
// Options: --no-build (dist/ is fresh), --grep PATTERN, --workspace DIR, --timeout SECONDS, --verbose
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildTestSuite } from '../build-tests.mjs';
import { ensureHostInstalled, runNpmScript, runTestsInHost } from './harness.mjs';
import { REPO, SERVER_MAIN } from './paths.mjs';
import { spawnSync } from 'node:child_process';

const { values: opts } = parseArgs({
  options: {
    vsix: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    grep: { type: 'string' },
    workspace: { type: 'string', default: path.join(REPO, 'test', 'workspace') },
    timeout: { type: 'string', default: '1200' },
    verbose: { type: 'boolean', default: false },
  },
});

/** Installs a .vsix into a fresh extensions folder with the server's own CLI. */
function installVsix(vsix, extensionsDir) {
  const result = spawnSync(process.execPath, [
    SERVER_MAIN, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--force',
  ], { encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 || !/successfully installed/.test(output)) {
    throw new Error(`installing ${vsix} failed (exit ${result.status}):\n${output}`);
  }
  console.log(`[host] ${output.trim().split('\n').filter((line) => /installed/.test(line)).join(' ')}`);
}

async function main() {
  const started = Date.now();
  ensureHostInstalled();
  if (opts.grep) process.env.MLLENS_TEST_GREP = opts.grep; // inherited by the extension host
  const workspace = path.resolve(opts.workspace);
  if (!fs.existsSync(workspace)) throw new Error(`workspace folder not found: ${workspace}`);

  let run;
  let extensionsDir;
  if (opts.vsix) {
    const vsix = path.resolve(opts.vsix);
    if (!fs.existsSync(vsix)) throw new Error(`vsix not found: ${vsix}`);
    extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mllens-vsix-ext-'));
    installVsix(vsix, extensionsDir);
    const extensionTestsPath = await buildTestSuite('integration-vsix');
    // The runner folder (no code, see build-tests.mjs) is the development path; ML Lens
    // itself is only in extensionsDir, so the installed package is what runs.
    run = { extensionTestsPath, extensionsDir, extensionDevelopmentPath: path.dirname(extensionTestsPath) };
  } else {
    if (!opts['no-build']) runNpmScript('build');
    if (!fs.existsSync(path.join(REPO, 'dist', 'extension.js'))) throw new Error('dist/extension.js missing; run npm run build');
    const extensionTestsPath = await buildTestSuite('integration');
    run = { extensionTestsPath, extensionDevelopmentPath: REPO };
  }

  let summary;
  const result = await runTestsInHost({
    ...run,
    workspace,
    timeoutMs: Number(opts.timeout) * 1000,
    verbose: opts.verbose,
    onConsoleLine: (line) => {
      const match = /^(\d+) passed, (\d+) failed$/.exec(line.trim());
      if (match) summary = { passed: Number(match[1]), failed: Number(match[2]) };
    },
  });
  if (extensionsDir) fs.rmSync(extensionsDir, { recursive: true, force: true });

  let code = result.code;
  if (code === 0 && !summary) {
    code = 1;
    result.reason = 'the test module exited 0 but never printed its "N passed, M failed" line';
  }
  if (code === 0 && summary.failed > 0) code = 1;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const what = opts.vsix ? `vsix tests (${path.basename(opts.vsix)})` : 'integration tests';
  console.log(`[host] ${what}: ${summary ? `${summary.passed} passed, ${summary.failed} failed` : 'no summary'}; ${result.reason}; ${seconds}s`);
  process.exitCode = code;
}

main().catch((error) => {
  console.error(`[host] ERROR: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
});
