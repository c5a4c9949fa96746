// Test module for a real VS Code extension host. Both launchers load it through
// --extensionTestsPath: scripts/host/run-tests.mjs (VS Code server + Chromium) and
// test/integration/runDesktop.ts (@vscode/test-electron). It runs every compiled
// *.test.js next to this file with mocha (bdd: describe/it).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Compiled test files under `dir`, smoke tests first, then by path. */
export function findTestFiles(dir: string): string[] {
  const files = fs.readdirSync(dir, { recursive: true })
    .map(String)
    .filter((rel) => rel.endsWith('.test.js'))
    .map((rel) => path.join(dir, rel));
  const isSmoke = (file: string) => path.basename(file).startsWith('smoke.');
  return files.sort((a, b) => Number(isSmoke(b)) - Number(isSmoke(a)) || a.localeCompare(b));
}

/** Runs the mocha suite in `testsDir`; rejects when any test or hook fails. */
export async function runMochaIn(testsDir: string): Promise<void> {
  process.setSourceMapsEnabled(true); // stack traces point at the .ts sources (inline maps)
  // mocha 12 is an ES module; import() works from CommonJS on every Node version.
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 180_000, reporter: 'spec' });
  const grep = process.env.MLLENS_TEST_GREP;
  if (grep) mocha.grep(grep);

  const files = findTestFiles(testsDir);
  if (files.length === 0) throw new Error(`no *.test.js files under ${testsDir}`);
  for (const file of files) mocha.addFile(file);

  const { passes, failures } = await new Promise<{ passes: number; failures: number }>((resolve, reject) => {
    try {
      const runner = mocha.run(() => {
        resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0 });
      });
    } catch (error) {
      reject(error);
    }
  });
  // A plain summary line that the launchers (and people reading CI logs) can rely on.
  console.log(`${passes} passed, ${failures} failed`);
  if (failures > 0) throw new Error(`${failures} test(s) failed`);
  if (passes === 0) throw new Error('no test passed (empty suite or everything filtered out)');
}

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}
