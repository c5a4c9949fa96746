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

export type { AnalyzeOptions, Diagnostic, FileReport, JsonDim, JsonShape, LayerRow, ModelReport, ReceptiveField } from './report';
export { parseShapeArg, parseInputList } from './input-spec';

function failureReport(options: AnalyzeOptions | undefined, e: unknown): FileReport {
  return {
    file: options?.fileName ?? '<memory>',
    models: [],
    diagnostics: [{ line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'info', message: `internal error in the shape engine: ${(e as Error)?.message ?? String(e)}` }],
  };
}

/** Analyse a whole file once. */
export function analyzeSource(source: string, options: AnalyzeOptions = {}): FileReport {
  try {
    const doc = new PythonDocument();
    doc.update(typeof source === 'string' ? source : String(source));
    return analyzeDocument(doc.source, doc.segments, options, null);
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

  /** Set the new text (with lezer-style changed ranges when known) and analyse. */
  update(text: string, changes?: readonly ChangedRange[], options?: AnalyzeOptions): FileReport {
    if (options) this.options = options;
    try {
      this.doc.update(text, changes);
      return analyzeDocument(this.doc.source, this.doc.segments, this.options, this.options.cache === false ? null : this.cache);
    } catch (e) {
      return failureReport(this.options, e);
    }
  }

  /** Re-analyse the current text with other options (input shapes, model filter). */
  analyze(options: AnalyzeOptions = this.options): FileReport {
    this.options = options;
    try {
      return analyzeDocument(this.doc.source, this.doc.segments, options, options.cache === false ? null : this.cache);
    } catch (e) {
      return failureReport(options, e);
    }
  }

  get text(): string {
    return this.doc.source;
  }
}
