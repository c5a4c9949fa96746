#!/usr/bin/env node
// `npm start`: build, install the VS Code server if needed, and serve VS Code in the
// browser with ML Lens loaded from this repository and examples/ open.
//   PORT=8080 (default) · --no-build · --folder DIR
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureHostInstalled, runNpmScript } from './harness.mjs';
import { REPO } from './paths.mjs';
import { startServer, workbenchUrl } from './server.mjs';

const { values: opts } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    folder: { type: 'string' },
    port: { type: 'string', default: process.env.PORT || '8080' },
  },
});

async function main() {
  if (!opts['no-build']) runNpmScript('build');
  ensureHostInstalled();
  const examples = path.join(REPO, 'examples');
  const folder = path.resolve(opts.folder ?? (fs.existsSync(examples) ? examples : path.join(REPO, 'test', 'workspace')));
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`invalid port: ${opts.port}`);

  const server = await startServer({ port, extensionDevelopmentPath: REPO, quiet: true, startTimeoutMs: 90_000 });
  // The payload marks ML Lens as the extension under development, as the CLI flag does.
  const url = workbenchUrl({ port, folder, extensionDevelopmentPath: REPO });
  console.log(`\nML Lens is running in VS Code (server ${server.url}).\nOpen: ${url}\n\nPress Ctrl-C to stop.`);

  // Ctrl-C: server.mjs ends the server's process group when this process exits.
  process.on('exit', () => console.log('\nstopped the VS Code server'));
  const { code, signal } = await server.exited;
  console.error(`the VS Code server exited unexpectedly (code ${code}, signal ${signal})`);
  process.exit(1);
}

main().catch((error) => {
  console.error(`[start] ERROR: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
