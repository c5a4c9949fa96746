// What every UI test script shares: its command-line options (--no-build, --out DIR with default
// media/screenshots where the README pictures live, --headed; a script may add its own) and the start of a
// run (build, VS Code server with quiet settings, output folder).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureHostInstalled, runNpmScript } from '../../scripts/host/harness.mjs';
import { REPO } from '../../scripts/host/paths.mjs';
import { QUIET_SETTINGS, startServer } from '../../scripts/host/server.mjs';

export function uiOptions(extra = {}) {
  return parseArgs({
    options: {
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string', default: path.join(REPO, 'media', 'screenshots') },
      headed: { type: 'boolean', default: false },
      ...extra,
    },
  }).values;
}

/**
 * Builds (unless --no-build), makes sure the VS Code server is installed, creates the output folder and starts
 * the server with ML Lens under development, quiet settings, a light theme and the given extra settings.
 */
export async function startUiServer(opts, settings = {}) {
  if (!opts['no-build']) runNpmScript('build');
  ensureHostInstalled();
  const outDir = path.resolve(opts.out);
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startServer({
    extensionDevelopmentPath: REPO,
    quiet: true,
    settings: {
      ...QUIET_SETTINGS,
      'git.openRepositoryInParentFolders': 'never',
      'editor.minimap.enabled': false,
      'workbench.colorTheme': 'Default Light Modern',
      ...settings,
    },
  });
  return { server, outDir };
}
