#!/usr/bin/env node
// `npm start`: build, install the VS Code server if needed (saying what and why first; Debian packages only
// after asking), and serve VS Code in the browser with ML Lens loaded from this repository, examples/ open and
// examples/cnn_pytorch.py in the editor. The profile (settings, theme, state) lives in .mllens-host/profile
// and survives restarts.
//   PORT=8080 (default) · --no-build · --folder DIR · --fresh (start from a new profile)
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureHostInstalled, runNpmScript } from './harness.mjs';
import { HOST_DIR, REPO } from './paths.mjs';
import { QUIET_SETTINGS, startServer, workbenchUrl } from './server.mjs';

const { values: opts } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    folder: { type: 'string' },
    port: { type: 'string', default: process.env.PORT || '8080' },
    fresh: { type: 'boolean', default: false },
  },
});

/** Where `npm start` keeps its VS Code profile (gitignored with the rest of .mllens-host/). */
export const PROFILE_DIR = path.join(HOST_DIR, 'profile');

/** First-run settings; anything the user changes later (theme, font size…) is kept. */
const START_SETTINGS = {
  ...QUIET_SETTINGS,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'git.openRepositoryInParentFolders': 'never',
  'security.workspace.trust.enabled': false,
};

async function main() {
  if (!opts['no-build']) runNpmScript('build');
  ensureHostInstalled('start');
  const examples = path.join(REPO, 'examples');
  const folder = path.resolve(opts.folder ?? (fs.existsSync(examples) ? examples : path.join(REPO, 'test', 'workspace')));
  const firstFile = [path.join(folder, 'cnn_pytorch.py')].find((f) => fs.existsSync(f));
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`invalid port: ${opts.port}`);
  if (opts.fresh) fs.rmSync(PROFILE_DIR, { recursive: true, force: true });
  const firstRun = !fs.existsSync(PROFILE_DIR);
  fs.mkdirSync(PROFILE_DIR, { recursive: true });

  const server = await startServer({
    port,
    extensionDevelopmentPath: REPO,
    dataDir: PROFILE_DIR,
    defaultSettings: START_SETTINGS,
    quiet: true,
    startTimeoutMs: 90_000,
  });
  // The payload marks ML Lens as the extension under development, as the CLI flag does.
  const url = workbenchUrl({ port, folder, extensionDevelopmentPath: REPO, openFile: firstFile, skipWelcome: true });
  console.log(`\nML Lens is running in VS Code (server ${server.url}).`);
  console.log(`Profile: ${path.relative(REPO, PROFILE_DIR)}/ (${firstRun ? 'new' : 'kept from the last run'}; --fresh starts over)`);
  console.log(`Open: ${url}\n\nPress Ctrl-C to stop.`);

  // Ctrl-C: server.mjs ends the server's process group when this process exits (the profile stays).
  process.on('exit', () => console.log('\nstopped the VS Code server'));
  const { code, signal } = await server.exited;
  console.error(`the VS Code server exited unexpectedly (code ${code}, signal ${signal})`);
  process.exit(1);
}

main().catch((error) => {
  console.error(`[start] ERROR: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
