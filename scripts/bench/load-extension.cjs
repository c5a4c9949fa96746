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
  const context = { subscriptions: [], extensionUri: { fsPath: exports.root, toString: () => exports.root } };
  const api = extension.activate(context);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, registered: exports.shim.registered, api, context };
};
