/**
 * Public API of the shape engine.
 *
 *   analyzeSource(source, options) → FileReport      (one-shot; the CLI's `--json` object)
 *   new ShapeAnalyzer().update(text, changes?, options?) → FileReport
 *                                                     (keeps the parse tree and per-model results across edits)
 *
 * Pure TypeScript: no `vscode`, no Node-only APIs. Never throws for bad user code: problems come back as
 * diagnostics and partial results.
 */
import { ModelCache, analyzeDocument } from './analyze';
import { PythonDocument, type ChangedRange } from './python/document';
import type { AnalyzeOptions, FileReport } from './report';
import { CODES } from './codes';
import { Abort, internalMessage, isStackOverflow } from './eval/interpreter';

export type { AnalyzeOptions, Diagnostic, FileReport, FixData, InputDtype, InputSource, JsonCount, JsonDim, JsonShape, LayerRow, ModelReport, ModuleSource, ReceptiveField, RelatedInfo, SourceRange, TextEditData, TraceEntry } from './report';
export { DTYPE_NAMES, parseDtype, parseShapeArg, parseInputList } from './input-spec';
export { isLibraryModule } from './eval/modules';
export { CODES, CATALOGUE, codeInfo, classifyMessage, isInternalCode, isLimitCode, type CodeInfo } from './codes';

/** The whole analysis failed: a limit (stack overflow on absurdly deep code) or a bug in the engine. */
function failureReport(options: AnalyzeOptions | undefined, e: unknown): FileReport {
  const file = options?.fileName ?? '<memory>';
  const at = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  if (isStackOverflow(e)) {
    return {
      file,
      models: [],
      diagnostics: [{ ...at, severity: 'warning', code: CODES.LIMIT_DEPTH.code, message: 'analysis stopped: the code nests deeper than the engine can read (nested brackets, calls or blocks); no models are reported' }],
      internalErrors: 0,
    };
  }
  if (e instanceof Abort) {
    return {
      file,
      models: [],
      diagnostics: [{ ...at, severity: 'warning', code: e.reason === 'cancelled' ? CODES.CANCELLED.code : CODES.LIMIT_TIME.code, message: `analysis stopped before any model was read (${e.reason === 'cancelled' ? 'cancelled' : 'time budget ran out'})` }],
      internalErrors: 0,
    };
  }
  return { file, models: [], diagnostics: [{ ...at, severity: 'error', code: CODES.INTERNAL.code, message: internalMessage('analysing the file', e) }], internalErrors: 1 };
}

/** A short fingerprint of caller-supplied module texts (names and an FNV-1a hash). */
function modulesKey(modules: AnalyzeOptions['modules']): string {
  if (!modules) return '';
  let h = 0x811c9dc5;
  const names = Object.keys(modules).sort();
  for (const n of names) {
    const m = modules[n];
    const text = typeof m === 'string' ? m : `${m.isPackage ? 'P' : ''}${m.source}`;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  }
  return `${names.join(',')}#${(h >>> 0).toString(36)}`;
}

/** Analyse a whole file once. */
export function analyzeSource(source: string, options: AnalyzeOptions = {}): FileReport {
  try {
    const started = Date.now();
    const doc = new PythonDocument();
    // The time budget covers reading the file too (a 5 MB file or a 1 MB line takes seconds to parse).
    doc.update(typeof source === 'string' ? source : String(source), undefined, started + (options.timeBudgetMs ?? 3000));
    return analyzeDocument(doc.source, doc.segments, options, null, started);
  } catch (e) {
    return failureReport(options, e);
  }
}

/**
 * Incremental analysis of one document: the lezer tree is reused across edits (TreeFragment), unchanged
 * top-level statements keep their AST, and a model whose source segments and global dependencies are
 * unchanged reuses its previous result.
 */
export class ShapeAnalyzer {
  private readonly doc = new PythonDocument();
  private readonly cache = new ModelCache();
  private options: AnalyzeOptions = {};
  /** The last complete report and what it was computed from (same text and options → same report). */
  private last: { text: string; key: string; report: FileReport } | undefined;

  /** Set the new text (with lezer-style changed ranges when known) and analyse. */
  update(text: string, changes?: readonly ChangedRange[], options?: AnalyzeOptions): FileReport {
    if (options) this.options = options;
    try {
      const started = Date.now();
      this.doc.update(text, changes, started + (this.options.timeBudgetMs ?? 3000));
      return this.run(this.options, started);
    } catch (e) {
      return failureReport(this.options, e);
    }
  }

  /** Re-analyse the current text with other options (input shapes, model filter). */
  analyze(options: AnalyzeOptions = this.options): FileReport {
    this.options = options;
    try {
      return this.run(options);
    } catch (e) {
      return failureReport(options, e);
    }
  }

  private run(options: AnalyzeOptions, started = Date.now()): FileReport {
    const useCache = options.cache !== false;
    const key = JSON.stringify([options.inputs, options.inputDtypes, options.model, options.modelCalls, options.training, options.moduleName, options.isPackage, options.fileName, options.timeBudgetMs, modulesKey(options.modules)]);
    // With a resolver the imported files may have changed behind our back: analyse again (the per-model
    // cache still checks each imported module's text).
    if (useCache && !options.resolveModule && this.last && this.last.text === this.doc.source && this.last.key === key) return this.last.report;
    this.cache.resetStats();
    if (this.doc.incomplete) this.doc.update(this.doc.source, undefined, started + (options.timeBudgetMs ?? 3000));
    const report = analyzeDocument(this.doc.source, this.doc.segments, options, useCache ? this.cache : null, started);
    const complete = report.models.every((m) => m.complete) && !options.signal?.aborted;
    this.last = useCache && complete ? { text: this.doc.source, key, report } : undefined;
    return report;
  }

  /** How many models the last analysis reused from the previous one (hits) and re-evaluated (misses). */
  get reuse(): { readonly hits: number; readonly misses: number } {
    return { ...this.cache.stats };
  }

  get text(): string {
    return this.doc.source;
  }

  /** The whole-document lezer tree (parsed on demand, reusing the previous tree), e.g. for hovers. */
  get syntaxTree(): import('@lezer/common').Tree {
    return this.doc.syntaxTree;
  }
}
