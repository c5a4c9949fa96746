#!/usr/bin/env node
// Installs the VS Code server (from npm's code-server package) into .mllens-host/,
// so integration tests, screenshots and `npm start` run in a real extension host
// without network access beyond the npm registry and Debian apt.
//
// Idempotent: a marker file records a verified install; a second run only checks it.
// Usage: node scripts/host/install-host.mjs [--force] [--skip-verify] [--for test|start] [--yes]
//   --for start   what `npm start` needs: the server only (no Chromium); Debian packages are installed only
//                 after saying which and why, and asking (or with --yes / MLLENS_INSTALL_YES=1 without a TTY)
//   --for test    (default) the server and Debian's Chromium for the integration and UI tests
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM, CODE_SERVER_VERSION, HOST_DIR, SERVER_MAIN, VSCODE_DIR } from './paths.mjs';

const MARKER = path.join(HOST_DIR, '.installed.json');
const RIPGREP_VERSION = '1.15.11';
const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

/** Native modules the server needs; an install without them starts but breaks later. */
const NATIVE_MODULES = [
  'node_modules/node-pty/build/Release/pty.node',
  'node_modules/kerberos/build/Release/kerberos.node',
  'node_modules/@vscode/spdlog/build/Release/spdlog.node',
  'node_modules/native-watchdog/build/Release/watchdog.node',
];

/**
 * Direct dependencies whose install scripts must run (npm 11 `allowScripts` policy).
 * code-server's post-install then runs nested `npm install`s inside lib/vscode, whose
 * package.json has no allowScripts: npm only warns about those ("npm warn install-scripts
 * ... not yet covered") and still runs them, unless strict-allow-scripts is on, which
 * runNpmInstall() switches off for this one install.
 */
const ALLOWED_SCRIPTS = ['code-server', 'argon2'];

function log(message) {
  console.log(`[install-host] ${message}`);
}

function fail(message) {
  console.error(`[install-host] ERROR: ${message}`);
  process.exit(1);
}

function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function markerMatches() {
  try {
    const marker = JSON.parse(fs.readFileSync(MARKER, 'utf8'));
    return marker.version === CODE_SERVER_VERSION
      && marker.node === process.versions.modules
      && fs.existsSync(SERVER_MAIN)
      && missingNativeModules().length === 0;
  } catch {
    return false;
  }
}

function missingNativeModules() {
  return NATIVE_MODULES.filter((rel) => !fs.existsSync(path.join(VSCODE_DIR, rel)));
}

const ARGS = process.argv.slice(2);
const PURPOSE = ARGS.includes('--for') ? ARGS[ARGS.indexOf('--for') + 1] : 'test';
if (PURPOSE !== 'test' && PURPOSE !== 'start') fail(`--for expects test or start, not ${PURPOSE}`);
const ASSUME_YES = ARGS.includes('--yes') || process.env.MLLENS_INSTALL_YES === '1';

/** Why each Debian package is needed (said before anything is installed). */
const WHY = {
  'libkrb5-dev': 'headers to build the server\'s kerberos native module (install time only)',
  ripgrep: 'the rg binary the server\'s search uses; its npm package would download it from GitHub',
  chromium: 'the headless browser the integration and UI tests drive (not needed by npm start)',
};

/**
 * Debian packages still missing for this purpose: building the server (when `building`) needs libkrb5-dev
 * and ripgrep; only the tests need Chromium.
 */
function missingSystemPackages(building) {
  const missing = [];
  if (building && !fs.existsSync('/usr/include/krb5.h') && !commandExists('krb5-config')) missing.push('libkrb5-dev');
  if (building && !commandExists('rg')) missing.push('ripgrep');
  if (PURPOSE === 'test' && !fs.existsSync(CHROMIUM)) missing.push('chromium');
  return missing;
}

/** Asks on the terminal; without one, only --yes (or MLLENS_INSTALL_YES=1) agrees. */
function confirm(question) {
  if (ASSUME_YES) return true;
  if (!process.stdin.isTTY) return false;
  process.stdout.write(`${question} [y/N] `);
  const answer = Buffer.alloc(16);
  let n = 0;
  try {
    n = fs.readSync(0, answer, 0, answer.length, null);
  } catch {
    return false;
  }
  return /^y(es)?$/i.test(answer.toString('utf8', 0, n).trim());
}

function ensureSystemPackages(building) {
  const missing = missingSystemPackages(building);
  if (missing.length === 0) {
    log(`system packages present (${building ? 'libkrb5-dev, ripgrep' : 'none needed to build'}${PURPOSE === 'test' ? ', chromium' : ''})`);
    return;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  log(`${PURPOSE === 'start' ? 'npm start' : 'the tests'} need${missing.length === 1 ? 's' : ''} these Debian packages:`);
  for (const name of missing) log(`  ${name}: ${WHY[name]}`);
  if (!isRoot || !commandExists('apt-get')) {
    fail(`install them (Debian: sudo ${command}) and retry.`);
  }
  // The tests (CI) install what they need unattended, having said so; npm start asks first.
  if (PURPOSE === 'start' && !confirm(`Install them now as root with "${command}"?`)) {
    fail(`not installing system packages without your consent. Run "${command}" yourself, or rerun with MLLENS_INSTALL_YES=1.`);
  }
  log(`installing system packages with apt-get: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  if (result.status !== 0) {
    log('apt-get install failed; running apt-get update and retrying');
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
    if (result.status !== 0) fail('apt-get install failed');
  }
}

/**
 * @vscode/ripgrep downloads rg from GitHub at install time, which is unreachable here.
 * Its downloader first looks in $TMPDIR/vscode-ripgrep-cache-<version>/; a tarball of
 * Debian's rg placed there satisfies it.
 */
function seedRipgrepCache(tmpDir) {
  const cacheDir = path.join(tmpDir, `vscode-ripgrep-cache-${RIPGREP_VERSION}`);
  const tarball = path.join(cacheDir, RIPGREP_TARBALL);
  if (fs.existsSync(tarball)) {
    log(`ripgrep cache present: ${tarball}`);
    return;
  }
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) fail('rg (Debian package ripgrep) not found; it is needed to seed the ripgrep download cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const result = spawnSync('tar', ['-czf', tarball, '-C', path.dirname(fs.realpathSync(rg)), path.basename(fs.realpathSync(rg))], { stdio: 'inherit' });
  if (result.status !== 0) fail('could not create the ripgrep cache tarball');
  log(`seeded ripgrep cache with ${rg}: ${tarball}`);
}

function writeHostPackageJson() {
  fs.mkdirSync(HOST_DIR, { recursive: true });
  const pkg = {
    name: 'mllens-host',
    private: true,
    description: 'VS Code server for ML Lens integration tests (generated by scripts/host/install-host.mjs)',
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    // npm 11 asks for install scripts of dependencies to be approved; the server's
    // post-install builds native modules and fetches nested dependencies.
    allowScripts: Object.fromEntries(ALLOWED_SCRIPTS.map((name) => [name, true])),
  };
  fs.writeFileSync(path.join(HOST_DIR, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
}

function runNpmInstall(tmpDir) {
  const logFile = path.join(HOST_DIR, 'install.log');
  log(`first run: installing the VS Code server (npm package code-server@${CODE_SERVER_VERSION}, about 400 MB) into ${HOST_DIR}`);
  log(`this takes 1-3 minutes and happens once; log: ${logFile}`);
  const env = {
    ...process.env,
    TMPDIR: tmpDir,
    npm_config_yes: 'true', // node-pty's post-install runs `npx node-gyp`; without this it is cancelled
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    npm_config_strict_allow_scripts: 'false', // nested installs in lib/vscode carry no allowScripts
  };
  const started = Date.now();
  const out = fs.openSync(logFile, 'w');
  const result = spawnSync('npm', [
    'install', '--unsafe-perm', '--no-package-lock', '--foreground-scripts', '--loglevel=http',
  ], { cwd: HOST_DIR, env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
  if (result.status !== 0) {
    console.error(tail);
    fail(`npm install failed after ${seconds}s (exit ${result.status}); see ${logFile}`);
  }
  const blocked = fs.readFileSync(logFile, 'utf8').split('\n').filter((line) => /install-scripts/.test(line));
  if (blocked.length > 0) log(`npm install-scripts notices:\n  ${blocked.join('\n  ')}`);
  log(`npm install finished in ${seconds}s`);
}

/** Starts the installed server once and waits for its ready line. */
async function verifyServerStarts() {
  const { startServer } = await import(pathToFileURL(path.join(path.dirname(new URL(import.meta.url).pathname), 'server.mjs')).href);
  log('verifying that the server starts');
  const server = await startServer({ quiet: true });
  log(`server started on port ${server.port}`);
  await server.stop();
}

async function main() {
  const args = new Set(ARGS);
  const started = Date.now();
  if (!args.has('--force') && markerMatches()) {
    log(`code-server ${CODE_SERVER_VERSION} already installed in ${HOST_DIR}`);
    if (missingSystemPackages(false).length > 0) ensureSystemPackages(false);
    return;
  }
  if (process.versions.node.split('.')[0] !== '20') {
    log(`warning: code-server ${CODE_SERVER_VERSION} expects Node 20; this is Node ${process.versions.node}`);
  }
  ensureSystemPackages(true);
  const tmpDir = process.env.TMPDIR || os.tmpdir();
  seedRipgrepCache(tmpDir);
  writeHostPackageJson();
  runNpmInstall(tmpDir);

  if (!fs.existsSync(SERVER_MAIN)) fail(`server entry point missing after install: ${SERVER_MAIN}`);
  const missing = missingNativeModules();
  if (missing.length > 0) {
    fail(`native modules were not built: ${missing.join(', ')}. Check ${path.join(HOST_DIR, 'install.log')} (install scripts blocked? libkrb5-dev missing?)`);
  }
  log(`native modules built: ${NATIVE_MODULES.map((rel) => path.basename(rel)).join(', ')}`);
  if (!fs.existsSync(path.join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'))) {
    fail('@vscode/ripgrep has no rg binary; the ripgrep cache trick did not take');
  }
  if (!args.has('--skip-verify')) await verifyServerStarts();

  fs.writeFileSync(MARKER, `${JSON.stringify({
    version: CODE_SERVER_VERSION,
    node: process.versions.modules,
    installedAt: new Date().toISOString(),
  }, null, 2)}\n`);
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)}s`);
}

main().catch((error) => fail(error instanceof Error ? error.stack ?? error.message : String(error)));
