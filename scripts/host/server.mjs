// Library: start the VS Code server (installed by install-host.mjs) and a headless
// Chromium that drives its workbench. Facts behind the flags: design/REAL-VSCODE-HOST.md.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM, SERVER_MAIN } from './paths.mjs';

const READY_LINE = 'Extension host agent started';

/** User settings that keep the offline workbench quiet: no welcome page, tips or gallery prompts. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
};

/** Servers still running, so an interrupted script does not leave them behind. */
const liveServers = new Set();
let cleanupHooked = false;

/**
 * The server runs in its own process group (so stop() can end the extension host too),
 * which Ctrl-C in the terminal does not reach: end those groups when this process exits.
 */
function hookCleanup() {
  if (cleanupHooked) return;
  cleanupHooked = true;
  process.on('exit', () => {
    for (const server of liveServers) {
      try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
      if (server.dataDir) fs.rmSync(server.dataDir, { recursive: true, force: true });
    }
  });
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, () => process.exit(code));
  }
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts server-main.js and resolves once the extension host agent is up.
 * @param {object} [options]
 * @param {number} [options.port] fixed port; default: a free one
 * @param {string} [options.extensionDevelopmentPath] absolute path of the extension under development
 * @param {string} [options.extensionTestsPath] absolute path of the test module (exports run())
 * @param {string} [options.extensionsDir] installed-extensions folder; default: inside the data dir
 * @param {string} [options.dataDir] user/server data folder; default: a fresh temp folder (removed on stop)
 * @param {Record<string, unknown>} [options.settings] user settings written before start (replacing the file)
 * @param {Record<string, unknown>} [options.defaultSettings] settings added only where the user has none
 *   (a persistent profile keeps the user's own choices, such as the theme)
 * @param {string[]} [options.extraArgs] more server flags
 * @param {boolean} [options.quiet] do not echo server output
 * @param {(line: string) => void} [options.onLine] receives every server output line
 * @param {number} [options.startTimeoutMs]
 */
export async function startServer(options = {}) {
  if (!fs.existsSync(SERVER_MAIN)) {
    throw new Error(`VS Code server not installed (${SERVER_MAIN} missing). Run: node scripts/host/install-host.mjs`);
  }
  const port = options.port ?? await freePort();
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mllens-host-'));
  const extensionsDir = options.extensionsDir ?? path.join(dataDir, 'ext');
  if (options.settings) {
    // The web workbench reads user settings from <user-data-dir>/User/settings.json.
    fs.mkdirSync(path.join(dataDir, 'user', 'User'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'user', 'User', 'settings.json'), JSON.stringify(options.settings, null, 2));
  }
  if (options.defaultSettings) addMissingSettings(path.join(dataDir, 'user', 'User', 'settings.json'), options.defaultSettings);
  const args = [
    SERVER_MAIN,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-workspace-trust',
    '--user-data-dir', path.join(dataDir, 'user'),
    '--server-data-dir', path.join(dataDir, 'server'),
    '--extensions-dir', extensionsDir,
  ];
  if (options.extensionDevelopmentPath) args.push(`--extensionDevelopmentPath=${options.extensionDevelopmentPath}`);
  if (options.extensionTestsPath) args.push(`--extensionTestsPath=${options.extensionTestsPath}`);
  args.push(...(options.extraArgs ?? []));

  // Own process group, so stop() also ends the extension host and other children.
  hookCleanup();
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const live = { pid: child.pid, dataDir: ownsDataDir ? dataDir : undefined };
  liveServers.add(live);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => liveServers.delete(live));
  let stopped = false;

  const recent = [];
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not print "${READY_LINE}" within ${(options.startTimeoutMs ?? 60000) / 1000}s:\n${recent.join('\n')}`)),
      options.startTimeoutMs ?? 60000,
    );
    const onText = (chunk) => {
      for (const line of chunk.toString().split(/\r?\n/)) {
        if (!line.trim()) continue;
        recent.push(line);
        if (recent.length > 40) recent.shift();
        if (!options.quiet) console.log(`[server] ${line}`);
        options.onLine?.(line);
        if (line.includes(READY_LINE)) { clearTimeout(timer); resolve(); }
      }
    };
    child.stdout.on('data', onText);
    child.stderr.on('data', onText);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited before it was ready (code ${code}, signal ${signal}):\n${recent.join('\n')}`));
    });
  });

  async function stop() {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const killTimer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await exited;
      clearTimeout(killTimer);
    }
    if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }

  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, url: `http://127.0.0.1:${port}`, dataDir, extensionsDir, child, exited, stop, isStopped: () => stopped };
}

/**
 * Workbench URL for a folder, with the development/test payload the web workbench
 * hands to the remote extension host.
 * @param {{port: number, folder?: string, extensionDevelopmentPath?: string, extensionTestsPath?: string}} options
 */
/**
 * Adds `defaults` to a settings.json without touching what is there. A file that is not plain JSON (VS Code
 * allows comments) is left alone.
 */
function addMissingSettings(file, defaults) {
  let current = {};
  if (fs.existsSync(file)) {
    try {
      current = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      return;
    }
  }
  const missing = Object.entries(defaults).filter(([key]) => !(key in current));
  if (missing.length === 0) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...current, ...Object.fromEntries(missing) }, null, 2));
}

/**
 * The workbench URL. `openFile`: an absolute path opened on start; `skipWelcome`: no welcome page or
 * walkthrough (web workbench payload keys).
 */
export function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath, openFile, skipWelcome }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const params = [];
  if (folder) params.push(`folder=${encodeURIComponent(folder)}`);
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  if (openFile) payload.push(['openFile', remote(openFile)]);
  if (skipWelcome) payload.push(['skipWelcome', 'true']);
  if (payload.length > 0) params.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `http://127.0.0.1:${port}/${params.length ? `?${params.join('&')}` : ''}`;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Launches Debian's Chromium through playwright-core (never `npx playwright install`).
 * @param {{headless?: boolean}} [options]
 */
export async function launchChromium(options = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it (Debian: apt-get install -y chromium) or set MLLENS_CHROMIUM.`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: options.headless ?? true, args: CHROMIUM_ARGS });
}
