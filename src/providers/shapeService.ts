/**
 * Shape analysis of open Python documents, on demand: one incremental analyzer per document, one report per
 * document version, within a time budget. Hovers use it to show the numbers of the exact layer under the
 * mouse; the Shapes view renders whole reports.
 */
import * as vscode from 'vscode';
import type { FileReport, LayerRow, ModelReport } from '../engine/shapes';
import { PerDocument, VersionedCache } from '../engine/terms/indexDocument';
import type { SettingsService } from './settings';
import { shapeEngine } from './shapeEngine';

type Analyzer = InstanceType<ReturnType<typeof shapeEngine>['ShapeAnalyzer']>;

export interface LayerAtPosition {
  readonly model: ModelReport;
  readonly row: LayerRow;
  /** How many times forward() calls this module (rows with the same path). */
  readonly calls: number;
}

export class ShapeService implements vscode.Disposable {
  private readonly analyzers = new PerDocument<Analyzer>(() => new (shapeEngine().ShapeAnalyzer)(), 16);
  private readonly reports = new VersionedCache<FileReport>(16);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly settings: SettingsService) {
    this.disposables.push(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.analyzers.delete(d.uri.toString());
        this.reports.delete(d.uri.toString());
      }),
    );
  }

  /** The report for this version of a Python document; undefined for other languages or oversized files. */
  reportFor(document: vscode.TextDocument): FileReport | undefined {
    if (document.languageId !== 'python') return undefined;
    const key = document.uri.toString();
    const cached = this.reports.get(key, document.version);
    if (cached) return cached;
    const text = document.getText();
    const settings = this.settings.value;
    if (text.length > settings.maxFileSizeMB * 1024 * 1024) return undefined;
    const report = this.analyzers.get(key).update(text, undefined, { fileName: vscode.workspace.asRelativePath(document.uri), timeBudgetMs: settings.indexTimeBudgetMs });
    this.reports.set(key, document.version, report);
    return report;
  }

  /** The module constructed at this position (e.g. the `nn.Conv2d(…)` call), with its first call's numbers. */
  layerAt(document: vscode.TextDocument, position: vscode.Position): LayerAtPosition | undefined {
    const report = this.reportFor(document);
    if (!report) return undefined;
    const line = position.line + 1;
    const column = position.character + 1;
    for (const model of report.models) {
      const rows = model.layers.filter((r) => covers(r, line, column));
      if (rows.length === 0) continue;
      // The innermost construction site wins (a layer inside an nn.Sequential(...) call).
      const row = rows.reduce((best, r) => (span(r) < span(best) ? r : best));
      return { model, row, calls: model.layers.filter((r) => r.path === row.path).length };
    }
    return undefined;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

function covers(row: LayerRow, line: number, column: number): boolean {
  const afterStart = line > row.line || (line === row.line && column >= row.column);
  const beforeEnd = line < row.endLine || (line === row.endLine && column <= row.endColumn);
  return afterStart && beforeEnd;
}

function span(row: LayerRow): number {
  return (row.endLine - row.line) * 10000 + (row.endColumn - row.column);
}
