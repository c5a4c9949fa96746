#!/usr/bin/env node
// Bundles the extension-host test suites with esbuild:
//   test/integration/index.ts + **/*.test.ts       -> out/test/integration/
//   test/integration-vsix/index.ts + **/*.test.ts  -> out/test/integration-vsix/
// CommonJS for Node; `vscode` is provided by the host and mocha is loaded from node_modules.
// Usage: node scripts/build-tests.mjs [integration|integration-vsix ...]
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SUITES = ['integration', 'integration-vsix'];

function listTestSources(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true })
    .map(String)
    .filter((rel) => rel.endsWith('.test.ts'))
    .map((rel) => path.join(dir, rel));
}

/**
 * Builds one suite and returns the absolute path of its compiled index.js (the
 * extensionTestsPath). Stale output is removed first so deleted tests do not linger.
 * @param {string} suite one of SUITES
 */
export async function buildTestSuite(suite) {
  const sourceDir = path.join(REPO, 'test', suite);
  const outDir = path.join(REPO, 'out', 'test', suite);
  const index = path.join(sourceDir, 'index.ts');
  if (!fs.existsSync(index)) throw new Error(`missing test entry point ${path.relative(REPO, index)}`);
  const entryPoints = [index, ...listTestSources(sourceDir)];
  fs.rmSync(outDir, { recursive: true, force: true });
  await build({
    entryPoints,
    outbase: sourceDir,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  if (suite === 'integration-vsix') writeRunnerManifest(outDir);
  return path.join(outDir, 'index.js');
}

/**
 * The web workbench only runs --extensionTestsPath while some extension is under
 * development, and runs it in the host of the extension whose folder contains it.
 * So the vsix suite is itself a tiny extension with no code and no contributions:
 * it is passed as the development path, while ML Lens comes from the installed .vsix
 * and runs as a normal (production) extension in the same extension host.
 */
function writeRunnerManifest(outDir) {
  const manifest = {
    name: 'mllens-vsix-test-runner',
    displayName: 'ML Lens vsix test runner (generated)',
    publisher: 'ml-lens-tests',
    version: '0.0.0',
    private: true,
    engines: { vscode: '^1.100.0' },
  };
  fs.writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const suites = process.argv.length > 2 ? process.argv.slice(2) : SUITES;
  for (const suite of suites) {
    const out = await buildTestSuite(suite);
    console.log(`[build-tests] ${suite} -> ${path.relative(REPO, out)}`);
  }
}
