/**
 * The EngineClient the extension uses: the shape engine runs in a worker thread (dist/engineWorker.js),
 * started on the first Python analysis. Reports are computed per document version; edits to a Python file
 * the user is looking at are debounced and re-analysed in the background, so hovers usually find the numbers
 * ready. Results of closed documents are forgotten.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EngineAnalyzeOptions } from '../engine/protocol';
import { EngineConnection, type AnalyzeInput, type ConnectionStats, type SpawnEngineWorker } from '../engine/worker/connection';
import { memoryLimitText, nodeEngineWorker } from '../engine/worker/nodeWorker';
import { LruCache, estimateBytes } from '../engine/util/lru';
import type { FileReport } from '../engine/shapes/report';
import type { EngineClient, EngineReportEvent, EngineResult } from './engineClient';
import type { SettingsService } from './settings';

/** How long after the last edit a visible Python document is re-analysed. */
const EDIT_DEBOUNCE_MS = 150;

/** The wall-clock limit of one request: twice the engine's own time budget, and at least one second more. */
export function hardLimitMs(timeBudgetMs: number): number {
  return timeBudgetMs + Math.max(1000, timeBudgetMs);
}

interface Stored {
  readonly key: string;
  readonly result: EngineResult;
}

interface Pending {
  readonly version: number;
  readonly key: string;
  readonly promise: Promise<EngineResult | undefined>;
}

export class WorkerEngineClient implements EngineClient {
  private readonly connection: EngineConnection;
  private readonly emitter = new vscode.EventEmitter<EngineReportEvent>();
  readonly onDidReport = this.emitter.event;
  /** The newest default-options result per document: at most 64 documents and about 64 MB of reports. */
  private readonly results = new LruCache<Stored>({ maxEntries: 64, maxBytes: 64 * 1024 * 1024, sizeOf: (s) => estimateBytes(s.result.report) });
  private readonly pending = new Map<string, Pending>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly listeners: vscode.Disposable;

  constructor(
    private readonly settings: SettingsService,
    spawn: SpawnEngineWorker,
    private readonly log: (message: string) => void = (m) => console.warn(`ML Lens: ${m}`),
  ) {
    this.connection = new EngineConnection(spawn, {
      hardLimitMs: (input) => hardLimitMs(input.options?.timeBudgetMs ?? this.settings.value.indexTimeBudgetMs),
      memoryLimit: memoryLimitText(),
      log,
    });
    this.listeners = vscode.Disposable.from(
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri.toString())),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e.document)),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.schedule(editor.document, EDIT_DEBOUNCE_MS)),
    );
  }

  /** Counters for tests and benchmarks: worker starts, time-outs, deaths, superseded and completed requests. */
  get stats(): ConnectionStats {
    return this.connection.stats;
  }

  /** Documents holding a result or a pending request (for the memory tests). */
  get trackedDocuments(): number {
    return new Set([...this.results.keys(), ...this.pending.keys(), ...this.timers.keys()]).size;
  }

  /** The worker's round-trip time for a no-op message, in ms. */
  ping(): Promise<number> {
    return this.connection.ping();
  }

  report(document: vscode.TextDocument, options?: EngineAnalyzeOptions, waitMs?: number): Promise<EngineResult | undefined> {
    let work: Promise<EngineResult | undefined>;
    try {
      work = this.request(document, options);
    } catch (error) {
      this.log(`shape analysis request failed: ${(error as Error).message}`);
      return Promise.resolve(undefined);
    }
    if (waitMs === undefined) return work;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), Math.max(0, waitMs));
      void work.then((r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  }

  latest(uri: string): EngineResult | undefined {
    return this.results.peek(uri)?.result;
  }

  private textRequests = 0;

  async analyzeText(source: string, name: string): Promise<FileReport | undefined> {
    // A fresh pseudo-URI per call, so concurrent requests never supersede each other; closed afterwards so
    // the worker keeps no analyzer for it.
    const uri = `ml-lens-text:/${++this.textRequests}/${name}`;
    try {
      const outcome = await this.connection.analyze({ uri, version: 1, text: source, fileName: name, options: { timeBudgetMs: this.settings.value.indexTimeBudgetMs } });
      return outcome.status === 'ok' ? outcome.report : undefined;
    } catch (error) {
      this.log(`shape analysis of ${name} failed: ${(error as Error).message}`);
      return undefined;
    } finally {
      this.connection.close(uri);
    }
  }

  private request(document: vscode.TextDocument, options: EngineAnalyzeOptions | undefined): Promise<EngineResult | undefined> {
    if (document.languageId !== 'python' || document.isClosed) return Promise.resolve(undefined);
    const settings = this.settings.value;
    const text = document.getText();
    if (text.length > settings.maxFileSizeMB * 1024 * 1024) return Promise.resolve(undefined);
    const uri = document.uri.toString();
    const version = document.version;
    const isDefault = options === undefined || Object.keys(options).length === 0;
    const effective: EngineAnalyzeOptions = { timeBudgetMs: settings.indexTimeBudgetMs, ...options };
    const key = JSON.stringify(effective);

    const stored = this.results.get(uri);
    if (isDefault && stored && stored.result.version === version && stored.key === key) return Promise.resolve(stored.result);
    const pendingKey = isDefault ? uri : `${uri}\n${key}`;
    const pending = this.pending.get(pendingKey);
    if (pending && pending.version === version && pending.key === key) return pending.promise;

    const input: AnalyzeInput = { uri, version, text, fileName: fileNameOf(document.uri), options: effective };
    const promise = this.connection.analyze(input).then((outcome): EngineResult | undefined => {
      if (this.pending.get(pendingKey)?.promise === promise) this.pending.delete(pendingKey);
      if (outcome.status === 'superseded') return undefined;
      const result: EngineResult = { uri, version, report: outcome.report, status: outcome.status };
      if (isDefault) {
        this.results.set(uri, { key, result });
        this.emitter.fire({ uri, version, result });
      }
      return result;
    });
    this.pending.set(pendingKey, { version, key, promise });
    return promise;
  }

  /** Re-analyse a Python document the user is looking at (or that has numbers shown) shortly after an edit. */
  private onEdit(document: vscode.TextDocument): void {
    if (document.languageId !== 'python') return;
    const uri = document.uri.toString();
    const visible = vscode.window.visibleTextEditors.some((e) => e.document === document);
    if (visible || this.results.has(uri)) this.schedule(document, EDIT_DEBOUNCE_MS);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (document.languageId !== 'python') return;
    const uri = document.uri.toString();
    const old = this.timers.get(uri);
    if (old) clearTimeout(old);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        if (!document.isClosed) void this.report(document);
      }, delayMs),
    );
  }

  private forget(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
    this.results.delete(uri);
    for (const key of [...this.pending.keys()]) if (key === uri || key.startsWith(`${uri}\n`)) this.pending.delete(key);
    this.connection.close(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.listeners.dispose();
    this.connection.dispose();
    this.emitter.dispose();
    this.results.clear();
    this.pending.clear();
  }
}

/** The name a report gives a document: workspace-relative for files, the tab name for untitled files and cells. */
function fileNameOf(uri: vscode.Uri): string {
  if (uri.scheme === 'file') return vscode.workspace.asRelativePath(uri);
  return vscode.workspace.asRelativePath(uri) || path.posix.basename(uri.path);
}

/** The Node EngineClient: the worker bundle sits next to dist/extension.js. */
export function createWorkerEngineClient(settings: SettingsService, extensionUri: vscode.Uri): WorkerEngineClient {
  const file = vscode.Uri.joinPath(extensionUri, 'dist', 'engineWorker.js').fsPath;
  return new WorkerEngineClient(settings, nodeEngineWorker({ file }));
}
