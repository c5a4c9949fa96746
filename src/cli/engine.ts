/**
 * The CLI's way to the shape engine: the same worker and protocol as the editor (src/engine/worker/), so a
 * file that would run the engine out of memory or time ends with a clear "analysis stopped" warning and a
 * normal exit instead of a V8 crash or a hang. The worker is dist/engineWorker.js next to the bundled CLI, or
 * the TypeScript entry through tsx when the CLI itself runs from source.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EngineAnalyzeOptions, FileReport } from '../engine/protocol';
import { EngineConnection, hardLimitMs } from '../engine/worker/connection';
import { memoryLimitText, nodeEngineWorker } from '../engine/worker/nodeWorker';

export interface CliAnalysis {
  readonly report: FileReport;
  readonly status: 'ok' | 'stopped';
}

function workerEntry(): { file: string; execArgv?: string[] } {
  const bundled = join(__dirname, 'engineWorker.js');
  if (existsSync(bundled)) return { file: bundled };
  // Running from source (tsx): the worker needs tsx too, whichever way the parent loaded it.
  return { file: join(__dirname, '..', 'engine', 'worker', 'main.ts'), execArgv: ['--require', require.resolve('tsx/cjs')] };
}

/** Analyses `text` (the contents of `fileName`) in a fresh engine worker, which also reads the file's project imports. */
export async function analyzeInWorker(text: string, fileName: string, options: EngineAnalyzeOptions, log: (message: string) => void = () => undefined): Promise<CliAnalysis> {
  const entry = workerEntry();
  const budget = options.timeBudgetMs ?? 3000;
  const connection = new EngineConnection(nodeEngineWorker(entry), { hardLimitMs: () => hardLimitMs(budget), memoryLimit: memoryLimitText(), log });
  try {
    const outcome = await connection.analyze({ uri: `cli:${fileName}`, version: 1, text, fileName, options, projectFile: resolve(fileName) });
    if (outcome.status === 'superseded') throw new Error('the analysis was dropped');
    return { report: outcome.report, status: outcome.status };
  } finally {
    connection.dispose();
  }
}
