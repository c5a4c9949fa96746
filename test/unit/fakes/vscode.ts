/**
 * A small in-memory stand-in for the `vscode` module, so providers can be unit-tested in Node without a
 * running VS Code (the way markdown-language-features tests its providers with an in-memory TextDocument).
 * It implements only the API surface ML Lens's providers use, with VS Code's semantics for it; the real-host
 * suite (test/integration/) checks the same features against the real thing.
 *
 * Tests drive it through `fake`: settings, the active editor, events, and what the UI was asked to show.
 */
import { compileContent } from '../../../src/engine/content/compile';
import { realCompileInput } from '../../helpers/content';

export class Position {
  constructor(readonly line: number, readonly character: number) {}
  isBefore(o: Position): boolean {
    return this.line < o.line || (this.line === o.line && this.character < o.character);
  }
  isEqual(o: Position): boolean {
    return this.line === o.line && this.character === o.character;
  }
  translate(lineDelta = 0, characterDelta = 0): Position {
    return new Position(this.line + lineDelta, this.character + characterDelta);
  }
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    this.start = typeof a === 'number' ? new Position(a, b as number) : a;
    this.end = typeof a === 'number' ? new Position(c!, d!) : (b as Position);
  }
  contains(p: Position): boolean {
    return !p.isBefore(this.start) && !this.end.isBefore(p);
  }
  get isEmpty(): boolean {
    return this.start.isEqual(this.end);
  }
}

export class Selection extends Range {
  constructor(readonly anchor: Position, readonly active: Position) {
    super(anchor, active);
  }
}

export class Uri {
  private constructor(readonly scheme: string, readonly path: string, readonly query = '', readonly fragment = '') {}
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static parse(value: string): Uri {
    const m = /^([a-z][\w+.-]*):(?:\/\/[^/]*)?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/i.exec(value);
    return m ? new Uri(m[1], m[2], m[3] ?? '', m[4] ?? '') : new Uri('file', value);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, [base.path.replace(/\/$/, ''), ...parts].join('/'), base.query, base.fragment);
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { scheme?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment);
  }
  toString(): string {
    return `${this.scheme}://${this.path}${this.query ? `?${this.query}` : ''}${this.fragment ? `#${this.fragment}` : ''}`;
  }
}

export class Disposable {
  constructor(private readonly onDispose: () => void = () => undefined) {}
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

export type Event<T> = (listener: (e: T) => unknown) => Disposable;

export class EventEmitter<T> {
  private listeners = new Set<(e: T) => unknown>();
  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
  cancel(): void {
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

export class MarkdownString {
  isTrusted: boolean | { enabledCommands: readonly string[] } | undefined;
  supportHtml = false;
  supportThemeIcons = false;
  constructor(public value = '', supportThemeIcons = false) {
    this.supportThemeIcons = supportThemeIcons;
  }
  appendMarkdown(v: string): this {
    this.value += v;
    return this;
  }
  appendText(v: string): this {
    this.value += v.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
    return this;
  }
}

export class Hover {
  readonly contents: MarkdownString[];
  constructor(contents: MarkdownString | MarkdownString[], readonly range?: Range) {
    this.contents = Array.isArray(contents) ? contents : [contents];
  }
}

export class ThemeIcon {
  constructor(readonly id: string) {}
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class TreeItem {
  description?: string;
  tooltip?: string | MarkdownString;
  iconPath?: ThemeIcon;
  command?: { command: string; title: string; arguments?: unknown[] };
  contextValue?: string;
  id?: string;
  resourceUri?: Uri;
  constructor(readonly label: string | { label: string }, public collapsibleState = TreeItemCollapsibleState.None) {}
}

export enum TextEditorRevealType {
  Default = 0,
  InCenter = 1,
  InCenterIfOutsideViewport = 2,
  AtTop = 3,
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

/** An in-memory TextDocument with VS Code's offset/position arithmetic (\n and \r\n line breaks). */
export class InMemoryDocument {
  readonly uri: Uri;
  private lineStarts: number[] = [0];
  isClosed = false;
  constructor(uri: Uri | string, private text: string, readonly languageId = 'python', public version = 1) {
    this.uri = typeof uri === 'string' ? Uri.parse(uri) : uri;
    this.index();
  }
  private index(): void {
    this.lineStarts = [0];
    for (let i = 0; i < this.text.length; i++) if (this.text[i] === '\n') this.lineStarts.push(i + 1);
  }
  get fileName(): string {
    return this.uri.path;
  }
  get lineCount(): number {
    return this.lineStarts.length;
  }
  getText(range?: Range): string {
    return range ? this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end)) : this.text;
  }
  setText(text: string): void {
    this.text = text;
    this.version++;
    this.index();
  }
  offsetAt(p: Position): number {
    const line = Math.max(0, Math.min(p.line, this.lineStarts.length - 1));
    const start = this.lineStarts[line];
    const end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.text.length;
    return Math.min(start + Math.max(0, p.character), end);
  }
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return new Position(lo, o - this.lineStarts[lo]);
  }
  lineAt(line: number | Position): { text: string; range: Range; lineNumber: number } {
    const n = typeof line === 'number' ? line : line.line;
    const start = this.lineStarts[n];
    const end = n + 1 < this.lineStarts.length ? this.lineStarts[n + 1] - 1 : this.text.length;
    const text = this.text.slice(start, end).replace(/\r$/, '');
    return { text, lineNumber: n, range: new Range(new Position(n, 0), new Position(n, text.length)) };
  }
  getWordRangeAtPosition(p: Position, re = /[A-Za-z_][\w]*/g): Range | undefined {
    const { text } = this.lineAt(p.line);
    const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    for (const m of text.matchAll(g)) {
      if (m.index! <= p.character && p.character <= m.index! + m[0].length) return new Range(new Position(p.line, m.index!), new Position(p.line, m.index! + m[0].length));
    }
    return undefined;
  }
}

interface ConfigurationChange {
  affectsConfiguration(section: string): boolean;
}

/** What the tests set and read. */
export const fake = {
  settings: new Map<string, unknown>(),
  /** Files served by workspace.fs.readFile, by URI path suffix. */
  files: new Map<string, Uint8Array>(),
  messages: [] as Array<{ kind: 'info' | 'warning' | 'error' | 'status'; text: string }>,
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  executed: [] as Array<{ command: string; args: unknown[] }>,
  onDidChangeConfiguration: new EventEmitter<ConfigurationChange>(),
  onDidCloseTextDocument: new EventEmitter<InMemoryDocument>(),
  onDidChangeTextDocument: new EventEmitter<{ document: InMemoryDocument; contentChanges: unknown[] }>(),
  onDidChangeActiveTextEditor: new EventEmitter<unknown>(),
  onDidChangeTextEditorSelection: new EventEmitter<unknown>(),
  notebookDocuments: [] as unknown[],
  textDocuments: [] as InMemoryDocument[],
  /** Set a setting (`mlLens.hover.code`) and fire the change event the way VS Code does. */
  set(key: string, value: unknown): void {
    if (value === undefined) this.settings.delete(key);
    else this.settings.set(key, value);
    this.onDidChangeConfiguration.fire({ affectsConfiguration: (section) => key === section || key.startsWith(`${section}.`) });
  },
  reset(): void {
    this.settings.clear();
    this.messages.length = 0;
    this.commands.clear();
    this.executed.length = 0;
    this.notebookDocuments.length = 0;
    this.textDocuments.length = 0;
    window.activeTextEditor = undefined;
  },
};

let content: { index: Uint8Array; bodies: Uint8Array } | undefined;
/** The compiled content, as `npm run build` would write it to dist/content/ (compiled in memory). */
function compiledContent(): { index: Uint8Array; bodies: Uint8Array } {
  if (!content) {
    const result = compileContent(realCompileInput());
    const enc = new TextEncoder();
    content = { index: enc.encode(JSON.stringify(result.index)), bodies: enc.encode(JSON.stringify(result.bodies)) };
  }
  return content;
}

export const workspace = {
  getConfiguration(section?: string) {
    const prefix = section ? `${section}.` : '';
    return {
      get<T>(key: string, defaultValue?: T): T | undefined {
        const full = `${prefix}${key}`;
        return fake.settings.has(full) ? (fake.settings.get(full) as T) : defaultValue;
      },
      has(key: string): boolean {
        return fake.settings.has(`${prefix}${key}`);
      },
    };
  },
  onDidChangeConfiguration: fake.onDidChangeConfiguration.event,
  onDidCloseTextDocument: fake.onDidCloseTextDocument.event,
  onDidChangeTextDocument: fake.onDidChangeTextDocument.event,
  onDidOpenTextDocument: new EventEmitter<InMemoryDocument>().event,
  onDidSaveTextDocument: new EventEmitter<InMemoryDocument>().event,
  onDidChangeNotebookDocument: new EventEmitter<unknown>().event,
  onDidCloseNotebookDocument: new EventEmitter<unknown>().event,
  get notebookDocuments() {
    return fake.notebookDocuments;
  },
  get textDocuments() {
    return fake.textDocuments;
  },
  asRelativePath(uri: Uri | string): string {
    const path = typeof uri === 'string' ? uri : uri.path;
    return path.replace(/^\/workspace\//, '');
  },
  fs: {
    async readFile(uri: Uri): Promise<Uint8Array> {
      if (uri.path.endsWith('dist/content/index.json')) return compiledContent().index;
      if (uri.path.endsWith('dist/content/bodies.json')) return compiledContent().bodies;
      for (const [suffix, bytes] of fake.files) if (uri.path.endsWith(suffix)) return bytes;
      throw Object.assign(new Error(`ENOENT: ${uri.toString()}`), { code: 'FileNotFound' });
    },
  },
};

export const window = {
  activeTextEditor: undefined as unknown,
  visibleTextEditors: [] as unknown[],
  activeNotebookEditor: undefined as unknown,
  onDidChangeActiveTextEditor: fake.onDidChangeActiveTextEditor.event,
  onDidChangeTextEditorSelection: fake.onDidChangeTextEditorSelection.event,
  onDidChangeActiveNotebookEditor: new EventEmitter<unknown>().event,
  onDidChangeVisibleTextEditors: new EventEmitter<unknown>().event,
  showInformationMessage(text: string) {
    fake.messages.push({ kind: 'info', text });
    return Promise.resolve(undefined);
  },
  showWarningMessage(text: string) {
    fake.messages.push({ kind: 'warning', text });
    return Promise.resolve(undefined);
  },
  showErrorMessage(text: string) {
    fake.messages.push({ kind: 'error', text });
    return Promise.resolve(undefined);
  },
  setStatusBarMessage(text: string) {
    fake.messages.push({ kind: 'status', text });
    return new Disposable();
  },
  createTreeView(_id: string, options: unknown) {
    return { ...(options as object), reveal: async () => undefined, dispose: () => undefined, visible: true, onDidChangeVisibility: new EventEmitter<unknown>().event };
  },
  showQuickPick: async () => undefined,
  showTextDocument: async (doc: unknown) => ({ document: doc, selection: undefined, revealRange: () => undefined }),
};

export const commands = {
  registerCommand(id: string, fn: (...args: unknown[]) => unknown): Disposable {
    fake.commands.set(id, fn);
    return new Disposable(() => fake.commands.delete(id));
  },
  async executeCommand(command: string, ...args: unknown[]): Promise<unknown> {
    fake.executed.push({ command, args });
    return fake.commands.get(command)?.(...args);
  },
};

export const languages = {
  registerHoverProvider: () => new Disposable(),
  registerCodeLensProvider: () => new Disposable(),
  registerInlayHintsProvider: () => new Disposable(),
  registerCodeActionsProvider: () => new Disposable(),
  createDiagnosticCollection: () => ({ set: () => undefined, delete: () => undefined, clear: () => undefined, dispose: () => undefined }),
};

export const env = { language: 'en', clipboard: { writeText: async () => undefined } };
