/**
 * The engine's side of the protocol: one incremental ShapeAnalyzer per document (an LRU bounded by count and
 * by estimated bytes), one queued request per document (a newer version supersedes a queued older one, which
 * is answered `superseded`), one request analysed per macrotask so messages that arrive meanwhile can still
 * supersede queued work. Pure: the transport (worker port, in-process call) is the `post` callback.
 */
import { parseRequest, type AnalyzeRequest, type EngineResponse } from '../protocol';
import { ShapeAnalyzer, type AnalyzeOptions } from '../shapes';
import { LruCache } from '../util/lru';

/**
 * Estimated memory of an analyzer per character of its text: parse trees, ASTs and per-model results measured
 * at about 75 bytes a character on large model files (300 MB for a 4 MB file).
 */
export const ANALYZER_BYTES_PER_CHAR = 80;

export interface EngineHostOptions {
  /** Analyzers kept (LRU); default 16. */
  readonly maxAnalyzers?: number;
  /** Estimated bytes of analyzer state kept (LRU); default 256 MB. */
  readonly maxAnalyzerBytes?: number;
  /** Runs a callback on a later macrotask (default setImmediate, or setTimeout where there is none). */
  readonly schedule?: (run: () => void) => void;
  /** Where files can be read (a Node worker): the options that let the engine read a file's project imports. */
  readonly projectImports?: (projectFile: string) => Pick<AnalyzeOptions, 'moduleName' | 'isPackage' | 'resolveModule'>;
}

const defaultSchedule = (run: () => void): void => {
  if (typeof setImmediate === 'function') setImmediate(run);
  else setTimeout(run, 0);
};

export class EngineHost {
  private readonly analyzers: LruCache<ShapeAnalyzer>;
  private readonly queue = new Map<string, AnalyzeRequest>();
  private scheduled = false;
  private readonly schedule: (run: () => void) => void;

  constructor(
    private readonly post: (response: EngineResponse) => void,
    private readonly options: EngineHostOptions = {},
  ) {
    this.schedule = options.schedule ?? defaultSchedule;
    this.analyzers = new LruCache<ShapeAnalyzer>({
      maxEntries: options.maxAnalyzers ?? 16,
      maxBytes: options.maxAnalyzerBytes ?? 256 * 1024 * 1024,
      sizeOf: (a) => a.text.length * ANALYZER_BYTES_PER_CHAR,
    });
  }

  /** Documents with an analyzer, least recently used first (for tests and memory reports). */
  get documents(): string[] {
    return [...this.analyzers.keys()];
  }

  /** Handles one incoming message (validated here; never throws). */
  receive(message: unknown): void {
    const parsed = parseRequest(message);
    if (!parsed.ok) {
      const id = typeof message === 'object' && message !== null && Number.isSafeInteger((message as { id?: unknown }).id) ? ((message as { id: number }).id) : undefined;
      this.post({ kind: 'protocolError', id, message: parsed.error });
      return;
    }
    const request = parsed.value;
    switch (request.kind) {
      case 'analyze': {
        const older = this.queue.get(request.uri);
        if (older) this.post({ kind: 'superseded', id: older.id, uri: older.uri, version: older.version });
        this.queue.delete(request.uri);
        this.queue.set(request.uri, request);
        this.wake();
        return;
      }
      case 'close': {
        const queued = this.queue.get(request.uri);
        if (queued) this.post({ kind: 'superseded', id: queued.id, uri: queued.uri, version: queued.version });
        this.queue.delete(request.uri);
        this.analyzers.delete(request.uri);
        return;
      }
      case 'ping':
        this.post({ kind: 'pong', id: request.id });
        return;
      default: {
        const never: never = request;
        this.post({ kind: 'protocolError', message: `unhandled request ${JSON.stringify(never)}` });
      }
    }
  }

  private wake(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      const next = this.queue.entries().next();
      if (next.done) return;
      const [uri, request] = next.value;
      this.queue.delete(uri);
      this.run(request);
      if (this.queue.size) this.wake();
    });
  }

  /** Analyses one request now (the in-process path calls this directly). */
  run(request: AnalyzeRequest): void {
    const started = performance.now();
    try {
      let analyzer = this.analyzers.get(request.uri);
      if (!analyzer) {
        analyzer = new ShapeAnalyzer();
        this.analyzers.set(request.uri, analyzer);
      }
      const project = request.projectFile && this.options.projectImports ? this.options.projectImports(request.projectFile) : {};
      const report = analyzer.update(request.text, undefined, { ...request.options, ...project, fileName: request.fileName });
      this.analyzers.resize(request.uri);
      this.post({ kind: 'report', id: request.id, uri: request.uri, version: request.version, report, ms: performance.now() - started });
    } catch (error) {
      // The analyzer reports bad user code as diagnostics; reaching this is a bug in the engine.
      this.analyzers.delete(request.uri);
      this.post({ kind: 'failed', id: request.id, message: `internal error in the shape engine: ${(error as Error)?.message ?? String(error)}` });
    }
  }
}
