/**
 * The caller's side of the engine protocol, independent of the transport (a Node worker thread today, a Web
 * Worker later): requests go to the worker one at a time, in order, each with a wall-clock limit.
 *
 * - A request overrunning its limit gets the worker terminated; the request resolves `stopped` and the next
 *   request starts a fresh worker. A worker that dies (out of memory, crash) is reported the same way.
 * - At most one request per document waits in the queue: a newer version supersedes the queued one, and a
 *   newer version requested while the older one runs makes the older result be dropped (`superseded`).
 * - Every message from the worker is validated; a malformed one is logged and never reaches the caller.
 */
import { parseResponse, stoppedReport, type AnalyzeRequest, type EngineAnalyzeOptions, type EngineRequest, type FileReport, type StopReason } from '../protocol';
import { CODES } from '../shapes/codes';

/** What the connection needs from a worker. */
export interface EngineWorker {
  post(message: EngineRequest): void;
  /** Stops the worker at once (its pending work is lost). */
  terminate(): void;
}

export interface EngineWorkerEvents {
  message(message: unknown): void;
  /** The worker ended on its own: out of memory, or any other death. */
  exit(reason: 'memory' | 'crash', detail: string): void;
}

export type SpawnEngineWorker = (events: EngineWorkerEvents) => EngineWorker;

export type AnalyzeOutcome =
  /** `ms`: the whole round trip; `engineMs`: the engine's own part of it (measured in the worker). */
  | { readonly status: 'ok'; readonly report: FileReport; readonly ms: number; readonly engineMs?: number }
  | { readonly status: 'stopped'; readonly reason: StopReason; readonly report: FileReport; readonly ms: number }
  | { readonly status: 'superseded' };

export interface AnalyzeInput {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly fileName: string;
  readonly options?: EngineAnalyzeOptions;
  /** See AnalyzeRequest.projectFile. */
  readonly projectFile?: string;
}

/**
 * The usual wall-clock limit of one request: twice the engine's own time budget plus two seconds (the budget
 * covers the analysis, not parsing a cold document or starting a fresh worker; the limit is a backstop for
 * runaway work, not a second budget).
 */
export function hardLimitMs(timeBudgetMs: number): number {
  return 2 * timeBudgetMs + 2000;
}

export interface ConnectionOptions {
  /** The wall-clock limit of one request, in ms, measured from when it is sent to an idle worker. */
  readonly hardLimitMs: (input: AnalyzeInput) => number;
  /** The worker's memory limit as users should read it (e.g. "1024 MB memory"), for the stopped note. */
  readonly memoryLimit?: string;
  readonly log?: (message: string) => void;
  readonly now?: () => number;
}

interface Job {
  readonly input: AnalyzeInput;
  readonly resolve: (outcome: AnalyzeOutcome) => void;
  settled: boolean;
}

interface Running {
  readonly job: Job;
  readonly id: number;
  readonly started: number;
  readonly limitMs: number;
  readonly timer: ReturnType<typeof setTimeout>;
}

export interface ConnectionStats {
  /** Workers started so far (the first start included). */
  readonly starts: number;
  /** Requests stopped by the time limit. */
  readonly timeouts: number;
  /** Workers that died on their own (memory or crash). */
  readonly deaths: number;
  readonly superseded: number;
  readonly completed: number;
}

export class EngineConnection {
  private worker: EngineWorker | undefined;
  /** Incremented whenever a worker is replaced, so events from a dead worker are ignored. */
  private generation = 0;
  private readonly queue: Job[] = [];
  private running: Running | undefined;
  private nextId = 1;
  private readonly pings = new Map<number, (ms: number) => void>();
  private disposed = false;
  private readonly now: () => number;
  private counts = { starts: 0, timeouts: 0, deaths: 0, superseded: 0, completed: 0 };

  constructor(
    private readonly spawn: SpawnEngineWorker,
    private readonly options: ConnectionOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  get stats(): ConnectionStats {
    return { ...this.counts };
  }

  /** True while a worker is alive (it starts on the first request). */
  get started(): boolean {
    return this.worker !== undefined;
  }

  /** Requests waiting or running. */
  get pending(): number {
    return this.queue.length + (this.running && !this.running.job.settled ? 1 : 0);
  }

  analyze(input: AnalyzeInput): Promise<AnalyzeOutcome> {
    if (this.disposed) return Promise.resolve({ status: 'superseded' });
    return new Promise((resolve) => {
      const job: Job = { input, resolve, settled: false };
      for (let i = this.queue.length - 1; i >= 0; i--) {
        if (this.queue[i].input.uri === input.uri && sameOptions(this.queue[i].input, input)) {
          this.settle(this.queue[i], { status: 'superseded' });
          this.queue.splice(i, 1);
        }
      }
      const running = this.running;
      if (running && running.job.input.uri === input.uri && sameOptions(running.job.input, input) && running.job.input.version !== input.version) {
        // Its result will be dropped when it arrives; the caller hears now.
        this.settle(running.job, { status: 'superseded' });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Forgets a document: its queued request is dropped and the worker frees its analyzer. */
  close(uri: string): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].input.uri === uri) {
        this.settle(this.queue[i], { status: 'superseded' });
        this.queue.splice(i, 1);
      }
    }
    if (this.running?.job.input.uri === uri) this.settle(this.running.job, { status: 'superseded' });
    this.worker?.post({ kind: 'close', uri });
  }

  /** The round-trip time of a no-op message, in ms (starts the worker if needed); rejects after `timeoutMs`. */
  ping(timeoutMs = 10_000): Promise<number> {
    const worker = this.ensureWorker();
    if (!worker) return Promise.reject(new Error('the engine worker could not start'));
    const id = this.nextId++;
    const started = this.now();
    return new Promise((resolve, reject) => {
      // The timer also keeps a process alive while it waits (the worker itself never does).
      const timer = setTimeout(() => {
        this.pings.delete(id);
        reject(new Error(`no answer from the engine worker within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pings.set(id, () => {
        clearTimeout(timer);
        resolve(this.now() - started);
      });
      worker.post({ kind: 'ping', id });
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) this.settle(job, { status: 'superseded' });
    if (this.running) {
      clearTimeout(this.running.timer);
      this.settle(this.running.job, { status: 'superseded' });
      this.running = undefined;
    }
    this.stopWorker();
  }

  private settle(job: Job, outcome: AnalyzeOutcome): void {
    if (job.settled) return;
    job.settled = true;
    if (outcome.status === 'superseded') this.counts.superseded++;
    job.resolve(outcome);
  }

  private ensureWorker(): EngineWorker | undefined {
    if (this.worker || this.disposed) return this.worker;
    const generation = ++this.generation;
    try {
      this.counts.starts++;
      this.worker = this.spawn({
        message: (m) => generation === this.generation && this.onMessage(m),
        exit: (reason, detail) => generation === this.generation && this.onExit(reason, detail),
      });
    } catch (error) {
      this.options.log?.(`the engine worker could not start: ${(error as Error).message}`);
      this.worker = undefined;
    }
    return this.worker;
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.generation++;
    this.pings.clear();
    try {
      worker?.terminate();
    } catch (error) {
      this.options.log?.(`terminating the engine worker failed: ${(error as Error).message}`);
    }
  }

  private pump(): void {
    while (!this.running && this.queue.length && !this.disposed) {
      const job = this.queue.shift()!;
      if (job.settled) continue;
      const worker = this.ensureWorker();
      if (!worker) {
        this.settle(job, this.stopped(job, 'crash', 0));
        continue;
      }
      const id = this.nextId++;
      const limitMs = Math.max(1, this.options.hardLimitMs(job.input));
      const timer = setTimeout(() => this.onOverrun(id), limitMs);
      this.running = { job, id, started: this.now(), limitMs, timer };
      const { uri, version, text, fileName, options, projectFile } = job.input;
      const request: AnalyzeRequest = { kind: 'analyze', id, uri, version, text, fileName, options: options ?? {}, ...(projectFile ? { projectFile } : {}) };
      worker.post(request);
    }
  }

  private stopped(job: Job, reason: StopReason, ms: number, limit?: string): AnalyzeOutcome {
    return { status: 'stopped', reason, report: stoppedReport(job.input.fileName, reason, limit), ms };
  }

  private finishRunning(outcome: (job: Job, ms: number) => AnalyzeOutcome): void {
    const running = this.running;
    if (!running) return;
    clearTimeout(running.timer);
    this.running = undefined;
    this.settle(running.job, outcome(running.job, this.now() - running.started));
    this.pump();
  }

  private onOverrun(id: number): void {
    if (this.running?.id !== id) return;
    const limit = `${(this.running.limitMs / 1000).toFixed(1)} s`;
    this.options.log?.(`analysis of ${this.running.job.input.fileName} ran past ${limit}; restarting the engine worker`);
    this.counts.timeouts++;
    this.stopWorker();
    this.finishRunning((job, ms) => this.stopped(job, 'time', ms, `${limit} time`));
  }

  private onExit(reason: 'memory' | 'crash', detail: string): void {
    this.options.log?.(`the engine worker stopped (${reason}): ${detail}`);
    this.counts.deaths++;
    this.worker = undefined;
    this.generation++;
    this.pings.clear();
    this.finishRunning((job, ms) => this.stopped(job, reason, ms, reason === 'memory' ? this.options.memoryLimit : undefined));
  }

  private onMessage(message: unknown): void {
    const parsed = parseResponse(message);
    if (!parsed.ok) {
      this.options.log?.(`ignored a malformed message from the engine worker: ${parsed.error}`);
      const id = (message as { id?: unknown } | null)?.id;
      if (this.running && id === this.running.id) this.finishRunning((job, ms) => ({ ...this.stopped(job, 'failed', ms), report: failedReport(job, parsed.error) }));
      return;
    }
    const response = parsed.value;
    switch (response.kind) {
      case 'ready':
        return;
      case 'pong': {
        const done = this.pings.get(response.id);
        this.pings.delete(response.id);
        done?.(0);
        return;
      }
      case 'report':
        if (this.running?.id !== response.id) return;
        this.counts.completed++;
        this.finishRunning((_job, ms) => ({ status: 'ok', report: response.report, ms, engineMs: response.ms }));
        return;
      case 'superseded':
        if (this.running?.id === response.id) this.finishRunning(() => ({ status: 'superseded' }));
        return;
      case 'failed':
      case 'protocolError':
        this.options.log?.(`the engine worker answered ${response.kind}: ${response.message}`);
        if (response.id !== undefined && this.running?.id === response.id) {
          this.finishRunning((job, ms) => ({ ...this.stopped(job, 'failed', ms), report: failedReport(job, response.message) }));
        }
        return;
      default: {
        const never: never = response;
        this.options.log?.(`unhandled engine message ${JSON.stringify(never)}`);
      }
    }
  }
}

function sameOptions(a: AnalyzeInput, b: AnalyzeInput): boolean {
  return JSON.stringify(a.options ?? {}) === JSON.stringify(b.options ?? {});
}

function failedReport(job: Job, message: string): FileReport {
  return {
    file: job.input.fileName,
    models: [],
    diagnostics: [{ line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', message: `the shape engine failed on this file: ${message}`, code: CODES.INTERNAL.code }],
    internalErrors: 1,
  };
}
