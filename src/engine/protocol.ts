/**
 * The messages between the extension and the shape-engine worker: JSON-serialisable objects, typed as tagged
 * unions on `kind`, validated on arrival on both sides (a message that fails validation is answered with a
 * protocol error, never trusted). The same handler serves a Node worker thread, a browser Web Worker or an
 * in-process caller such as the CLI.
 *
 *   extension → engine: analyze (one document version), close (forget a document), ping (round-trip probe)
 *   engine → extension: ready, report, superseded, failed, pong, protocolError
 */
import type { AnalyzeOptions, Diagnostic, FileReport, LayerRow, ModelReport } from './shapes/report';
import { CODES } from './shapes/codes';

/** Analysis options a caller may send: everything JSON-serialisable (no signal, no callbacks). */
export type EngineAnalyzeOptions = Omit<AnalyzeOptions, 'signal' | 'fileName' | 'resolveModule'>;

export interface AnalyzeRequest {
  readonly kind: 'analyze';
  readonly id: number;
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  /** The name the report calls the file (a workspace-relative path). */
  readonly fileName: string;
  readonly options: EngineAnalyzeOptions;
}

export interface CloseRequest {
  readonly kind: 'close';
  readonly uri: string;
}

export interface PingRequest {
  readonly kind: 'ping';
  readonly id: number;
}

export type EngineRequest = AnalyzeRequest | CloseRequest | PingRequest;

export type EngineResponse =
  /** The worker has loaded and is listening. */
  | { readonly kind: 'ready' }
  | { readonly kind: 'report'; readonly id: number; readonly uri: string; readonly version: number; readonly report: FileReport }
  /** A newer request for the same document arrived before this one started; it was dropped unanswered. */
  | { readonly kind: 'superseded'; readonly id: number; readonly uri: string; readonly version: number }
  /** The request was valid but the engine failed outside its own error handling. */
  | { readonly kind: 'failed'; readonly id: number; readonly message: string }
  | { readonly kind: 'pong'; readonly id: number }
  /** A message that did not validate; `id` when one could be read. */
  | { readonly kind: 'protocolError'; readonly id?: number; readonly message: string };

/** The file-level warning of a report whose analysis was stopped (time or memory limit). */
export const STOPPED_MESSAGE = 'analysis stopped: too large or too slow';

/** time: past the wall-clock limit; memory: the worker ran out of memory; crash: it died otherwise; failed: it answered with an error. */
export type StopReason = 'time' | 'memory' | 'crash' | 'failed';

/** The report that stands in for one the worker could not finish: no models, one file-level warning. */
export function stoppedReport(fileName: string, reason: StopReason, limit?: string): FileReport {
  const why =
    reason === 'time'
      ? `it ran past the ${limit ?? 'time'} limit`
      : reason === 'memory'
        ? `it ran past the ${limit ?? 'memory'} limit`
        : reason === 'crash'
          ? 'the engine worker stopped unexpectedly'
          : 'the engine failed';
  // A crash or failure of the engine is an internal error (codes.ts MLS900); the limits are warnings.
  const code = reason === 'time' ? CODES.LIMIT_TIME.code : reason === 'memory' ? CODES.LIMIT_MEMORY.code : CODES.INTERNAL.code;
  return {
    file: fileName,
    models: [],
    diagnostics: [{ line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'warning', message: `${STOPPED_MESSAGE} (${why}; the engine was restarted)`, code }],
    internalErrors: code === CODES.INTERNAL.code ? 1 : 0,
  };
}

// ------------------------------------------------------------------------------------------------ validation

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
/** A dimension or count: an exact number, or a string (symbolic, or an exact decimal beyond 2^53). */
const isDim = (x: unknown): boolean => isNum(x) || isStr(x);
const isShape = (x: unknown): boolean => x === null || (Array.isArray(x) && x.every(isDim));
const isCount = (x: unknown): boolean => x === null || isDim(x);

function checkOptions(x: unknown): string | undefined {
  if (!isObject(x)) return 'options must be an object';
  if (x.model !== undefined && !isStr(x.model)) return 'options.model must be a string';
  if (x.timeBudgetMs !== undefined && !(isNum(x.timeBudgetMs) && x.timeBudgetMs > 0)) return 'options.timeBudgetMs must be a positive number';
  if (x.cache !== undefined && typeof x.cache !== 'boolean') return 'options.cache must be a boolean';
  if (x.training !== undefined && typeof x.training !== 'boolean') return 'options.training must be a boolean';
  if (x.isPackage !== undefined && typeof x.isPackage !== 'boolean') return 'options.isPackage must be a boolean';
  if (x.moduleName !== undefined && !isStr(x.moduleName)) return 'options.moduleName must be a string';
  if (x.resolveModule !== undefined) return 'options.resolveModule cannot be sent to the worker (send modules)';
  if (x.modelCalls !== undefined && !(isObject(x.modelCalls) && Object.values(x.modelCalls).every(isStr))) return 'options.modelCalls must map model names to call expressions';
  if (x.modules !== undefined) {
    if (!isObject(x.modules)) return 'options.modules must be an object';
    for (const m of Object.values(x.modules)) {
      if (isStr(m)) continue;
      if (!isObject(m) || !isStr(m.source) || (m.isPackage !== undefined && typeof m.isPackage !== 'boolean') || (m.file !== undefined && !isStr(m.file))) {
        return 'options.modules must map module names to source text or { source, isPackage?, file? }';
      }
    }
  }
  if (x.inputs !== undefined) {
    if (!isObject(x.inputs)) return 'options.inputs must be an object';
    for (const shapes of Object.values(x.inputs)) {
      if (!Array.isArray(shapes) || !shapes.every((s) => Array.isArray(s) && s.every(isDim))) return 'options.inputs must map names to lists of shapes';
    }
  }
  return undefined;
}

/** Validates a message sent to the engine. */
export function parseRequest(x: unknown): Result<EngineRequest> {
  if (!isObject(x)) return fail('a request must be an object');
  switch (x.kind) {
    case 'analyze': {
      if (!isInt(x.id)) return fail('analyze: id must be an integer');
      if (!isStr(x.uri)) return fail('analyze: uri must be a string');
      if (!isInt(x.version)) return fail('analyze: version must be an integer');
      if (!isStr(x.text)) return fail('analyze: text must be a string');
      if (!isStr(x.fileName)) return fail('analyze: fileName must be a string');
      const bad = checkOptions(x.options);
      if (bad) return fail(`analyze: ${bad}`);
      return { ok: true, value: x as unknown as AnalyzeRequest };
    }
    case 'close':
      return isStr(x.uri) ? { ok: true, value: { kind: 'close', uri: x.uri } } : fail('close: uri must be a string');
    case 'ping':
      return isInt(x.id) ? { ok: true, value: { kind: 'ping', id: x.id } } : fail('ping: id must be an integer');
    default:
      return fail(`unknown request kind ${JSON.stringify(String(x.kind)).slice(0, 60)}`);
  }
}

function checkDiagnostic(d: unknown): boolean {
  return isObject(d) && isInt(d.line) && isInt(d.column) && isInt(d.endLine) && isInt(d.endColumn) && isStr(d.severity) && isStr(d.message);
}

function checkRow(r: unknown): boolean {
  return (
    isObject(r) &&
    isStr(r.path) &&
    isStr(r.type) &&
    isInt(r.line) &&
    isInt(r.column) &&
    isInt(r.endLine) &&
    isInt(r.endColumn) &&
    isInt(r.depth) &&
    typeof r.leaf === 'boolean' &&
    Array.isArray(r.input) &&
    r.input.every(isShape) &&
    isShape(r.output) &&
    isCount(r.params) &&
    isCount(r.trainable) &&
    isCount(r.nonTrainable) &&
    isCount(r.macs)
  );
}

function checkModel(m: unknown): string | undefined {
  if (!isObject(m)) return 'a model must be an object';
  if (!isStr(m.name) || !isStr(m.framework) || !isInt(m.line) || !isInt(m.column)) return 'a model needs name, framework, line and column';
  if (!Array.isArray(m.input) || !m.input.every(isShape) || !isShape(m.output)) return `model ${m.name}: bad input or output shape`;
  if (!Array.isArray(m.layers)) return `model ${m.name}: layers must be a list`;
  for (const r of m.layers) if (!checkRow(r)) return `model ${m.name}: a malformed layer row`;
  for (const k of ['totalParams', 'trainableParams', 'nonTrainableParams', 'buffers', 'macs', 'paramBytes', 'activationBytes']) {
    if (!isCount(m[k])) return `model ${m.name}: ${k} must be a number or string`;
  }
  if (m.receptiveField !== undefined && !(isObject(m.receptiveField) && isNum(m.receptiveField.size) && isNum(m.receptiveField.jump))) {
    return `model ${m.name}: bad receptive field`;
  }
  if (!Array.isArray(m.diagnostics) || !m.diagnostics.every(checkDiagnostic)) return `model ${m.name}: malformed diagnostics`;
  if (typeof m.complete !== 'boolean') return `model ${m.name}: complete must be a boolean`;
  return undefined;
}

/** Checks the structure of a FileReport (types of every field the extension reads). */
export function checkReport(x: unknown): string | undefined {
  if (!isObject(x)) return 'a report must be an object';
  if (!isStr(x.file)) return 'report.file must be a string';
  if (!Array.isArray(x.models)) return 'report.models must be a list';
  for (const m of x.models) {
    const bad = checkModel(m);
    if (bad) return bad;
  }
  if (!Array.isArray(x.diagnostics) || !x.diagnostics.every(checkDiagnostic)) return 'report.diagnostics is malformed';
  return undefined;
}

/** Validates a message sent by the engine. */
export function parseResponse(x: unknown): Result<EngineResponse> {
  if (!isObject(x)) return fail('a response must be an object');
  switch (x.kind) {
    case 'ready':
      return { ok: true, value: { kind: 'ready' } };
    case 'report': {
      if (!isInt(x.id) || !isStr(x.uri) || !isInt(x.version)) return fail('report: id, uri and version are required');
      const bad = checkReport(x.report);
      if (bad) return fail(`report: ${bad}`);
      return { ok: true, value: x as unknown as EngineResponse };
    }
    case 'superseded':
      if (!isInt(x.id) || !isStr(x.uri) || !isInt(x.version)) return fail('superseded: id, uri and version are required');
      return { ok: true, value: { kind: 'superseded', id: x.id, uri: x.uri, version: x.version } };
    case 'failed':
      if (!isInt(x.id) || !isStr(x.message)) return fail('failed: id and message are required');
      return { ok: true, value: { kind: 'failed', id: x.id, message: x.message } };
    case 'pong':
      return isInt(x.id) ? { ok: true, value: { kind: 'pong', id: x.id } } : fail('pong: id must be an integer');
    case 'protocolError':
      if (!isStr(x.message) || (x.id !== undefined && !isInt(x.id))) return fail('protocolError: message is required');
      return { ok: true, value: { kind: 'protocolError', id: x.id as number | undefined, message: x.message } };
    default:
      return fail(`unknown response kind ${JSON.stringify(String(x.kind)).slice(0, 60)}`);
  }
}

export type { Diagnostic, FileReport, LayerRow, ModelReport };
