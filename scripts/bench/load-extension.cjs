// Loads the bundled extension against the benchmark shim of `vscode` and activates it.
const Module = require('node:module');
const path = require('node:path');

const shimPath = path.join(__dirname, 'vscode-shim.cjs');
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? shimPath : originalResolve.call(this, request, ...rest);
};

exports.root = path.join(__dirname, '..', '..');
exports.shim = require(shimPath);

/** require + activate, timed; returns the milliseconds, the registered providers and the extension's API. */
exports.activate = function activate() {
  const started = process.hrtime.bigint();
  const extension = require(path.join(exports.root, 'dist', 'extension.js'));
  const memento = () => {
    const values = new Map();
    return { get: (key, fallback) => (values.has(key) ? values.get(key) : fallback), update: async (key, value) => void values.set(key, value), keys: () => [...values.keys()] };
  };
  // What VS Code hands every extension: the shape calculator keeps inputs in workspaceState, the card panel
  // its Simple/Full choice in globalState.
  const context = { subscriptions: [], extensionUri: { fsPath: exports.root, toString: () => exports.root }, workspaceState: memento(), globalState: memento() };
  const api = extension.activate(context);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, registered: exports.shim.registered, api, context };
};
