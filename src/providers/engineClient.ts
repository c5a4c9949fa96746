/**
 * The one boundary between the extension and the shape engine. Providers (hovers, the shape calculator,
 * diagnostics, inlay hints, CodeLens) ask an EngineClient for reports and never import the engine directly.
 *
 * The implementation runs the engine off the extension-host thread (a worker). This file holds only the
 * contract, so features can be written and unit-tested against a fake.
 */
import type * as vscode from 'vscode';
import type { EngineAnalyzeOptions } from '../engine/protocol';
import type { FileReport } from '../engine/shapes/report';

/** Options a caller may pass; everything JSON-serialisable (no signal, no callbacks). */
export type { EngineAnalyzeOptions } from '../engine/protocol';

export interface EngineResult {
  readonly uri: string;
  readonly version: number;
  readonly report: FileReport;
  /**
   * 'ok': the engine finished (models may still be partial: see ModelReport.complete).
   * 'stopped': the request overran its time or memory limit and the worker was restarted; `report` then holds
   * no models and a file-level warning "analysis stopped: too large or too slow".
   */
  readonly status: 'ok' | 'stopped';
}

export interface EngineReportEvent {
  readonly uri: string;
  readonly version: number;
  readonly result: EngineResult;
}

export interface EngineClient extends vscode.Disposable {
  /**
   * The report for this version of a Python document (or notebook cell). Resolves to undefined when the
   * document is not Python, is over the size limit, or a newer version was requested meanwhile (superseded).
   * Never rejects. With `waitMs`, resolves to undefined if the result is not ready within that time (the
   * analysis goes on; `onDidReport` fires when it lands).
   */
  report(document: vscode.TextDocument, options?: EngineAnalyzeOptions, waitMs?: number): Promise<EngineResult | undefined>;
  /**
   * The newest result already computed for this document with the default options, whatever its version;
   * undefined if none.
   */
  latest(uri: string): EngineResult | undefined;
  /**
   * Analyses Python source that is not an open document (a card's worked example): one report, nothing kept
   * afterwards. Resolves to undefined when the analysis was stopped or failed; never rejects.
   */
  analyzeText(source: string, name: string): Promise<FileReport | undefined>;
  /**
   * Fires whenever a report computed with the default options lands (reports with caller-chosen inputs go
   * only to their caller), including the background re-analysis after edits to a visible Python document.
   */
  readonly onDidReport: vscode.Event<EngineReportEvent>;
}
