// A minimal stand-in for the `vscode` module, for benchmarks only: it lets the real bundled extension
// (dist/extension.js) activate in plain Node and hands back the providers it registers, so the benchmark
// calls them exactly as VS Code would. Tests never use this; they run in the real VS Code host.
const fs = require('node:fs');
const path = require('node:path');

class Disposable {
  constructor(fn = () => {}) { this.fn = fn; }
  static from(...items) { return new Disposable(() => items.forEach((i) => i?.dispose?.())); }
  dispose() { this.fn(); }
}
class EventEmitter {
  constructor() { this.listeners = []; this.event = (l) => { this.listeners.push(l); return new Disposable(); }; }
  fire(e) { this.listeners.forEach((l) => l(e)); }
  dispose() {}
}
class Position { constructor(line, character) { this.line = line; this.character = character; } }
class Range { constructor(start, end) { this.start = start; this.end = end; } }
class Selection extends Range {}
class MarkdownString { constructor(value = '') { this.value = value; } }
class Hover { constructor(contents, range) { this.contents = [contents]; this.range = range; } }
class TreeItem { constructor(label, collapsibleState) { this.label = label; this.collapsibleState = collapsibleState; } }
class ThemeIcon { constructor(id) { this.id = id; } }
class Diagnostic { constructor(range, message, severity) { this.range = range; this.message = message; this.severity = severity; } }
class DiagnosticRelatedInformation { constructor(location, message) { this.location = location; this.message = message; } }
class Location { constructor(uri, range) { this.uri = uri; this.range = range; } }
const Uri = {
  joinPath: (base, ...parts) => ({ fsPath: path.join(base.fsPath, ...parts), toString() { return this.fsPath; } }),
  file: (p) => ({ fsPath: p, scheme: 'file', toString: () => `file://${p}` }),
  from: (c) => ({ ...c, toString: () => `${c.scheme}:${c.path}` }),
};

const registered = { hoverProviders: [], commands: new Map() };
const noop = () => new Disposable();
/** Editor and document events the benchmarks fire by hand (typing, opening and closing files). */
const events = { activeEditor: new EventEmitter(), open: new EventEmitter(), close: new EventEmitter(), change: new EventEmitter() };
const configuration = { get: () => undefined };

module.exports = {
  registered,
  Disposable, EventEmitter, Position, Range, Selection, MarkdownString, Hover, TreeItem, ThemeIcon, Uri,
  Diagnostic, DiagnosticRelatedInformation, Location,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  TextEditorRevealType: { InCenterIfOutsideViewport: 2 },
  ConfigurationTarget: { Global: 1 },
  languages: {
    registerHoverProvider: (selector, provider) => { registered.hoverProviders.push(provider); return new Disposable(); },
    // The editor features (problems, quick fixes, inlay hints, CodeLens) register here; VS Code would call
    // them when it draws, which the benchmarks do not.
    createDiagnosticCollection: () => ({ set() {}, delete() {}, clear() {}, dispose() {} }),
    registerCodeActionsProvider: noop,
    registerInlayHintsProvider: noop,
    registerCodeLensProvider: noop,
  },
  CodeActionKind: { QuickFix: 'quickfix' },
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  InlayHintKind: { Type: 1, Parameter: 2 },
  NotebookCellKind: { Markup: 1, Code: 2 },
  commands: { registerCommand: (id, fn) => { registered.commands.set(id, fn); return new Disposable(); }, executeCommand: async () => undefined },
  window: {
    createTreeView: () => ({ dispose() {}, reveal: async () => {}, selection: [] }),
    onDidChangeActiveTextEditor: events.activeEditor.event,
    onDidChangeActiveNotebookEditor: noop,
    registerWebviewPanelSerializer: noop,
    onDidChangeTextEditorSelection: noop,
    onDidChangeVisibleTextEditors: noop,
    activeNotebookEditor: undefined,
    showWarningMessage: () => undefined,
    showErrorMessage: () => undefined,
    showInformationMessage: () => undefined,
    setStatusBarMessage: noop,
    activeTextEditor: undefined,
    visibleTextEditors: [],
  },
  workspace: {
    getConfiguration: () => configuration,
    onDidChangeConfiguration: noop,
    onDidCloseTextDocument: events.close.event,
    onDidChangeTextDocument: events.change.event,
    onDidOpenTextDocument: events.open.event,
    onDidOpenNotebookDocument: noop,
    onDidCloseNotebookDocument: noop,
    textDocuments: [],
    asRelativePath: (uri) => String(uri),
    registerTextDocumentContentProvider: noop,
    notebookDocuments: [],
    fs: { readFile: async (uri) => fs.readFileSync(uri.fsPath) },
  },
};

/** A TextDocument over a string, with the line table VS Code keeps. */
module.exports.createDocument = function createDocument(text, languageId, name = 'bench') {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return {
    uri: { scheme: 'untitled', toString: () => `untitled:${name}` },
    languageId,
    version: 1,
    getText: () => text,
    offsetAt: (p) => lineStarts[p.line] + p.character,
    positionAt: (offset) => {
      let lo = 0, hi = lineStarts.length - 1;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1; }
      return new Position(lo, offset - lineStarts[lo]);
    },
  };
};

module.exports.events = events;
