// Runs the integration suite in desktop VS Code through @vscode/test-electron:
//   npm run test:desktop
// It downloads VS Code unless VSCODE_EXECUTABLE_PATH names an installed `code`/Electron
// binary. The same suite runs offline in the VS Code server: npm run test:host.
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '..', '..');
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH || undefined;
  const exitCode = await runTests({
    vscodeExecutablePath,
    version: process.env.VSCODE_VERSION || undefined,
    extensionDevelopmentPath: repo,
    // Built by scripts/build-tests.mjs (the test:desktop script runs it first).
    extensionTestsPath: path.join(repo, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [
      path.join(repo, 'test', 'workspace'),
      '--disable-extensions', // other installed extensions; ML Lens is the development extension
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
  process.exitCode = exitCode;
}

main().catch((error: unknown) => {
  console.error('Desktop integration tests failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
