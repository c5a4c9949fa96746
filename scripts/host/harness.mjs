// Library: run an extension test module inside the real VS Code server, driven by a
// headless Chromium page, and report the exit code the workbench hands back.
import { spawnSync } from 'node:child_process';
import { format } from 'node:util';
import path from 'node:path';
import { REPO } from './paths.mjs';
import { QUIET_SETTINGS, launchChromium, startServer, workbenchUrl } from './server.mjs';

/** Installs the host if needed (instant when already installed). */
/** Installs the VS Code server if needed; `purpose` 'start' skips what only the tests need (Chromium). */
export function ensureHostInstalled(purpose = 'test') {
  const result = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'host', 'install-host.mjs'), '--for', purpose], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('installing the VS Code server failed');
}

/** Runs an npm script of this repo; throws on failure. */
export function runNpmScript(name, args = []) {
  const result = spawnSync('npm', ['run', '--silent', name, ...(args.length ? ['--', ...args] : [])], { cwd: REPO, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run ${name} failed (exit ${result.status})`);
}

/** Workbench log lines that carry no information here (no network, no gallery, no service worker). */
const NOISE = [
  /vsda/i,
  /marketplace|gallery|open-vsx|update\.code\.visualstudio\.com|vscode-unpkg/i,
  /service ?worker/i,
  /Failed to load resource|A bad HTTP response code \(404\)/i,
  /ENOTFOUND|net::ERR_|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED/,
  /allow-scripts and allow-same-origin/,
  /web worker extension host is started in a same-origin iframe/,
  /connection token|Creating a socket|builtin extensions cache|ChatSessionStore|copilot-instructions/,
  /^\[ERR\] CodeExpectedError/, // cancelled quick picks and the like, expected by the workbench
];

/**
 * The workbench logs as console.log('%c INFO', 'color: …', format, ...args); extension
 * host console output arrives the same way. Returns the message as a Node-formatted
 * line (the %s/%d placeholders applied), with "ERR"/"WARN" labels kept.
 */
export async function formatConsoleMessage(message) {
  const values = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => undefined)));
  if (values.length === 0) return message.text();
  let label = '';
  if (typeof values[0] === 'string' && values[0].startsWith('%c')) {
    label = values[0].slice(2).trim();
    values.splice(0, 2);
  }
  const text = values.length ? format(...values) : '';
  return label && label !== 'INFO' ? `[${label}] ${text}` : text;
}

/**
 * Starts the server, opens the workbench with the test payload, forwards the page
 * console, and resolves with the exit code given to codeAutomationExit.
 * @param {object} options
 * @param {string} options.extensionTestsPath absolute path of the compiled test module
 * @param {string} [options.extensionDevelopmentPath] omit to test installed extensions only
 * @param {string} [options.extensionsDir] installed-extensions folder (vsix mode)
 * @param {string} options.workspace folder to open
 * @param {number} [options.timeoutMs] whole-run limit (default 10 min)
 * @param {boolean} [options.verbose] also print server output and workbench noise
 * @param {(line: string) => void} [options.onConsoleLine]
 * @returns {Promise<{code: number, reason: string}>}
 */
export async function runTestsInHost(options) {
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const log = (line) => console.log(line);
  const server = await startServer({
    extensionDevelopmentPath: options.extensionDevelopmentPath,
    extensionTestsPath: options.extensionTestsPath,
    extensionsDir: options.extensionsDir,
    settings: QUIET_SETTINGS,
    quiet: !options.verbose,
  });
  log(`[host] VS Code server on ${server.url}`);
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

    let finish;
    const finished = new Promise((resolve) => { finish = resolve; });
    await page.exposeFunction('codeAutomationExit', (code) => {
      finish({ code: Number(code) || 0, reason: `test module exited with code ${code}` });
    });
    // Console messages are formatted asynchronously; a chain keeps them in order.
    let printed = Promise.resolve();
    page.on('console', (message) => {
      printed = printed.then(async () => {
        const text = await formatConsoleMessage(message);
        if (!options.verbose && NOISE.some((pattern) => pattern.test(text))) return;
        for (const line of text.split('\n')) {
          log(line);
          options.onConsoleLine?.(line);
        }
      }).catch(() => {});
    });
    page.on('pageerror', (error) => log(`[page error] ${error.message}`));
    page.on('crash', () => finish({ code: 1, reason: 'the workbench page crashed' }));
    page.on('close', () => finish({ code: 1, reason: 'the workbench page closed before the tests finished' }));
    server.exited.then(({ code, signal }) => finish({ code: 1, reason: `the VS Code server exited (code ${code}, signal ${signal})` }));
    const timer = setTimeout(() => finish({ code: 1, reason: `timed out after ${timeoutMs / 1000}s` }), timeoutMs);

    const url = workbenchUrl({
      port: server.port,
      folder: options.workspace,
      extensionDevelopmentPath: options.extensionDevelopmentPath,
      extensionTestsPath: options.extensionTestsPath,
    });
    log(`[host] opening workbench ${url}`);
    await page.goto(url);
    const result = await finished;
    clearTimeout(timer);
    await printed;
    return result;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
}
