/**
 * Indexes each open document once per version (code names through imports, ML terms in prose), within a
 * size and time budget, honouring cancellation. Hovers and the "In this file" view read from here.
 */
import * as vscode from 'vscode';
import { collectImports } from '../engine/python/imports';
import { timeBudget, type Budget } from '../engine/terms/budget';
import { IncrementalPythonParse } from '../engine/python/incremental';
import { cellVariables, indexPythonTreeInSlices, parsePython } from '../engine/terms/codeIndex';
import { HitIndex } from '../engine/terms/hitIndex';
import type { ValueType } from '../engine/terms/localTypes';
import type { Vocabulary } from '../engine/terms/vocabulary';
import { indexDocument, PROSE_LANGUAGES, PYTHON_LANGUAGES } from '../engine/terms/indexDocument';
import { LruCache, VersionedLru } from '../engine/util/lru';
import type { ContentService } from './contentService';
import type { SettingsService } from './settings';

export const SUPPORTED_LANGUAGES: readonly string[] = [...PYTHON_LANGUAGES, ...PROSE_LANGUAGES];

/** Estimated bytes of a hit (an object of five fields and its slot in the array). */
const BYTES_PER_HIT = 96;
/** Estimated bytes of a parsed document per character: the text (2 bytes a character) and Lezer's tree buffers. */
const PARSE_BYTES_PER_CHAR = 12;
/** How long the notebook import scan works before it yields to the event loop. */
const SCAN_SLICE_MS = 8;

function importsBytes(imports: ReadonlyMap<string, string>): number {
  let bytes = 64;
  for (const [name, target] of imports) bytes += 48 + 2 * (name.length + target.length);
  return bytes;
}

export class DocumentIndexer implements vscode.Disposable {
  /** The index of each document version: LRU by use, at most 64 documents and about 32 MB of hits. */
  private readonly cache = new VersionedLru<HitIndex>({ maxEntries: 64, maxBytes: 32 * 1024 * 1024, sizeOf: (index) => 64 + index.hits.length * BYTES_PER_HIT });
  /** The imports of each notebook cell version (small maps: sized so a 10,000-cell notebook never thrashes). */
  private readonly importCache = new VersionedLru<Map<string, string>>({ maxEntries: 20_000, maxBytes: 16 * 1024 * 1024, sizeOf: importsBytes });
  /**
   * The typed module-level variables at the end of each notebook cell version, with a hash of everything
   * they were computed from (the imports and every cell above, by version).
   */
  private readonly variableCache = new VersionedLru<{ chain: number; variables: Map<string, ValueType> }>({
    maxEntries: 20_000,
    maxBytes: 32 * 1024 * 1024,
    sizeOf: (v) => 64 + v.variables.size * 160,
  });
  /** One incremental parser per open Python document (each version re-parses only what changed); about 128 MB. */
  private readonly parsers = new LruCache<IncrementalPythonParse>({ maxEntries: 32, maxBytes: 128 * 1024 * 1024, sizeOf: (p) => p.text.length * PARSE_BYTES_PER_CHAR });
  /** The version of each document whose size was already reported (one entry per open document). */
  private readonly tooLargeNoticed = new Map<string, number>();
  /** The indexing run per document (one version at a time), shared by every caller that waits for it. */
  private readonly running = new Map<string, { version: number; promise: Promise<HitIndex | undefined> }>();
  private readonly disposables: vscode.Disposable[] = [];
  private warmTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly content: ContentService,
    private readonly settings: SettingsService,
  ) {
    this.disposables.push(
      vscode.workspace.onDidCloseTextDocument((d) => {
        const key = d.uri.toString();
        this.cache.delete(key);
        this.parsers.delete(key);
        this.importCache.delete(key);
        this.variableCache.delete(key);
        this.tooLargeNoticed.delete(key);
        this.running.delete(key);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('mlLens.index') && this.cache.clear()),
      // Index the active document while the user is idle, so the first hover finds it ready.
      vscode.window.onDidChangeActiveTextEditor(() => this.warmSoon(50)),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && this.warmSoon(250)),
    );
    this.warmSoon(50);
  }

  private warmSoon(delayMs: number): void {
    if (this.warmTimer) clearTimeout(this.warmTimer);
    this.warmTimer = setTimeout(() => {
      const document = vscode.window.activeTextEditor?.document;
      if (document) this.indexFor(document).catch((error) => console.error('ML Lens indexing failed:', error));
    }, delayMs);
  }

  private parserFor(document: vscode.TextDocument): IncrementalPythonParse | undefined {
    if (document.languageId !== 'python') return undefined;
    const key = document.uri.toString();
    let parser = this.parsers.get(key);
    if (!parser) {
      parser = new IncrementalPythonParse();
      this.parsers.set(key, parser);
    }
    return parser;
  }

  isSupported(document: vscode.TextDocument): boolean {
    return SUPPORTED_LANGUAGES.includes(document.languageId);
  }

  /**
   * The index of this version of the document. The work is shared: callers asking for the same version wait
   * for one indexing run, and a caller's cancellation only stops its own wait (the run goes on within its time
   * budget and is cached, so the next hover finds it ready). The run itself stops when the document changes
   * or closes.
   */
  async indexFor(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<HitIndex | undefined> {
    if (!this.isSupported(document)) return undefined;
    if (token?.isCancellationRequested) return undefined;
    const key = document.uri.toString();
    const version = document.version;
    const cached = this.cache.get(key, version);
    if (cached) return cached;

    const settings = this.settings.value;
    const size = document.getText().length;
    if (size > settings.maxFileSizeMB * 1024 * 1024) {
      this.noticeTooLarge(document, size, settings.maxFileSizeMB);
      return undefined;
    }
    let run = this.running.get(key);
    if (!run || run.version !== version) {
      const promise = this.build(document, version).finally(() => {
        if (this.running.get(key)?.promise === promise) this.running.delete(key);
      });
      run = { version, promise };
      this.running.set(key, run);
    }
    return token ? untilCancelled(run.promise, token) : run.promise;
  }

  private async build(document: vscode.TextDocument, version: number): Promise<HitIndex | undefined> {
    const key = document.uri.toString();
    const stale = () => document.isClosed || document.version !== version;
    const settings = this.settings.value;
    const text = document.getText();
    const vocabulary = await this.content.vocabulary();
    if (stale()) return undefined;
    const budget = timeBudget(settings.indexTimeBudgetMs, stale);
    const inherited = await this.notebookImports(document, budget, stale);
    if (stale()) return undefined;
    const notebook = document.uri.scheme === 'vscode-notebook-cell';
    const variables = notebook && inherited ? await this.notebookVariables(document, vocabulary, inherited.imports, budget, stale) : undefined;
    if (stale()) return undefined;
    const partial = inherited?.partial || variables?.partial;
    const options = { notebook, inheritedImports: inherited?.imports, inheritedVariables: variables?.variables, budget };
    const parser = this.parserFor(document);
    let index: HitIndex;
    if (parser) {
      // Python is parsed and walked in slices that yield to the event loop, so a huge file never blocks the
      // extension host (each slice is a few milliseconds; the budget bounds the whole).
      const tree = await parser.updateInSlices(text, budget);
      if (stale()) return undefined;
      this.parsers.resize(key);
      index = tree ? await indexPythonTreeInSlices(tree, text, vocabulary, options) : new HitIndex([], false);
      if (stale()) return undefined;
    } else {
      index = indexDocument({ text, languageId: document.languageId, ...options }, vocabulary);
    }
    // A run that hit the time budget is kept (partial) so we never retry per hover. An index built from a
    // partial notebook scan is not kept: the next hover resumes the scan (its finished cells are cached).
    if (!partial) this.cache.set(key, version, index);
    return index;
  }

  /**
   * Imports from the other Python cells of the notebook that holds this cell. Each cell's imports are cached
   * per cell version, so a cell is parsed again only after it changed. The scan yields to the event loop every
   * few milliseconds and stops (partial) when the cell changes or closes or the time budget runs out.
   */
  private async notebookImports(document: vscode.TextDocument, budget: Budget, stale: () => boolean): Promise<{ imports: Map<string, string>; partial: boolean } | undefined> {
    if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
    const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
    if (!notebook) return undefined;
    const imports = new Map<string, string>();
    let sliceEnd = performance.now() + SCAN_SLICE_MS;
    for (const cell of notebook.getCells()) {
      const cellDoc = cell.document;
      if (cellDoc === document || cellDoc.languageId !== 'python') continue;
      const key = cellDoc.uri.toString();
      let cellImports = this.importCache.get(key, cellDoc.version);
      if (!cellImports) {
        if (performance.now() > sliceEnd) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          if (stale()) return { imports, partial: true };
          sliceEnd = performance.now() + SCAN_SLICE_MS;
        }
        if (budget.exhausted()) return { imports, partial: true };
        const text = cellDoc.getText();
        // Most cells import nothing: skip the parse when the word never occurs.
        const tree = text.includes('import') ? parsePython(text, timeBudget(200)) : undefined;
        cellImports = tree ? collectImports(tree, text) : new Map<string, string>();
        this.importCache.set(key, cellDoc.version, cellImports);
      }
      for (const [name, target] of cellImports) imports.set(name, target);
    }
    return { imports, partial: false };
  }

  /**
   * Variables of the Python cells above this one whose type is known (`model = Net()` in an earlier cell).
   * Each cell's result is cached with a hash of what it depends on, so only cells at or below an edit are read
   * again; like the import scan, this yields, and stops (partial) when stale or out of budget.
   */
  private async notebookVariables(
    document: vscode.TextDocument,
    vocabulary: Vocabulary,
    imports: ReadonlyMap<string, string>,
    budget: Budget,
    stale: () => boolean,
  ): Promise<{ variables: Map<string, ValueType>; partial: boolean } | undefined> {
    const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
    if (!notebook) return undefined;
    let variables = new Map<string, ValueType>();
    let chain = hashString(JSON.stringify([...imports]));
    let sliceEnd = performance.now() + SCAN_SLICE_MS;
    for (const cell of notebook.getCells()) {
      const cellDoc = cell.document;
      if (cellDoc === document) break;
      if (cellDoc.languageId !== 'python') continue;
      const key = cellDoc.uri.toString();
      chain = hashString(`${key}@${cellDoc.version}`, chain);
      const cached = this.variableCache.get(key, cellDoc.version);
      if (cached && cached.chain === chain) {
        variables = cached.variables;
        continue;
      }
      if (performance.now() > sliceEnd) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (stale()) return { variables, partial: true };
        sliceEnd = performance.now() + SCAN_SLICE_MS;
      }
      if (budget.exhausted()) return { variables, partial: true };
      variables = cellVariables(cellDoc.getText(), vocabulary, imports, variables, timeBudget(200));
      this.variableCache.set(key, cellDoc.version, { chain, variables });
    }
    return { variables, partial: false };
  }

  private noticeTooLarge(document: vscode.TextDocument, size: number, limitMB: number): void {
    const key = document.uri.toString();
    if (this.tooLargeNoticed.get(key) === document.version) return;
    this.tooLargeNoticed.set(key, document.version);
    const mb = (size / 1024 / 1024).toFixed(1);
    vscode.window.setStatusBarMessage(
      `$(info) ML Lens: ${mb} MB is over the ${limitMB} MB limit (mlLens.index.maxFileSizeMB); no cards in this file.`,
      10000,
    );
  }

  dispose(): void {
    if (this.warmTimer) clearTimeout(this.warmTimer);
    this.disposables.forEach((d) => d.dispose());
  }
}

/** The promise's value, or undefined as soon as the token is cancelled (the work itself goes on). */
function untilCancelled<T>(promise: Promise<T>, token: vscode.CancellationToken): Promise<T | undefined> {
  if (token.isCancellationRequested) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const listener = token.onCancellationRequested(() => {
      listener.dispose();
      resolve(undefined);
    });
    promise.then(
      (value) => {
        listener.dispose();
        resolve(value);
      },
      () => {
        listener.dispose();
        resolve(undefined);
      },
    );
  });
}

/** FNV-1a, 32 bits: a cheap fingerprint of what a cached notebook result was computed from. */
function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
