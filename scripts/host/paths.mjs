// Paths shared by the host scripts (install, server, tests, screenshots).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** code-server line that still runs on Node 20 (see design/REAL-VSCODE-HOST.md). */
export const CODE_SERVER_VERSION = '4.100.3';

/** Private install of the VS Code server; gitignored. */
export const HOST_DIR = process.env.MLLENS_HOST_DIR
  ? path.resolve(process.env.MLLENS_HOST_DIR)
  : path.join(REPO, '.mllens-host');

export const VSCODE_DIR = path.join(HOST_DIR, 'node_modules', 'code-server', 'lib', 'vscode');
export const SERVER_MAIN = path.join(VSCODE_DIR, 'out', 'server-main.js');

export const CHROMIUM = process.env.MLLENS_CHROMIUM || '/usr/bin/chromium';
