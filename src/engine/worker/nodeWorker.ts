/**
 * Starts the shape-engine worker as a Node worker thread with a memory limit. Used by the extension (and by
 * tests and benchmarks, which point it at the TypeScript entry through tsx).
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { EngineWorker, SpawnEngineWorker } from './connection';

/** Heap limits of the engine worker: past them V8 stops the worker (not the extension host). */
export const ENGINE_RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 };

export function memoryLimitText(limits: ResourceLimits = ENGINE_RESOURCE_LIMITS): string {
  return `${limits.maxOldGenerationSizeMb} MB memory`;
}

export interface NodeWorkerOptions {
  /** The worker's entry file (dist/engineWorker.js, or src/engine/worker/main.ts with `execArgv` for tsx). */
  readonly file: string;
  readonly execArgv?: string[];
  readonly resourceLimits?: ResourceLimits;
}

export function nodeEngineWorker(options: NodeWorkerOptions): SpawnEngineWorker {
  return (events) => {
    const worker = new Worker(options.file, {
      execArgv: options.execArgv,
      resourceLimits: options.resourceLimits ?? ENGINE_RESOURCE_LIMITS,
      // The engine needs no environment and no stdin.
      env: {},
      stdin: false,
    });
    let ended = false;
    let error: Error | undefined;
    worker.on('message', (m: unknown) => events.message(m));
    worker.on('error', (e: Error) => {
      error = e;
    });
    worker.on('exit', (code) => {
      if (ended) return;
      ended = true;
      const oom = (error as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      events.exit(oom ? 'memory' : 'crash', error ? error.message : `exit code ${code}`);
    });
    // The worker never keeps the extension host (or a CLI run) alive on its own.
    worker.unref();
    const handle: EngineWorker = {
      post: (message) => worker.postMessage(message),
      terminate: () => {
        ended = true;
        void worker.terminate();
      },
    };
    return handle;
  };
}
