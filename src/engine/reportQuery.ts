/** Questions the editor asks of a FileReport (pure; used by hovers and, later, inlay hints and CodeLens). */
import type { FileReport, LayerRow, ModelReport } from './shapes/report';

export interface LayerAtPosition {
  readonly model: ModelReport;
  readonly row: LayerRow;
  /** How many times forward() calls this module (rows with the same path). */
  readonly calls: number;
}

/**
 * The module constructed at a 1-based line and column (e.g. the `nn.Conv2d(…)` call), with its first call's
 * numbers. The innermost construction site wins (a layer inside an `nn.Sequential(...)` call).
 */
export function layerAt(report: FileReport, line: number, column: number): LayerAtPosition | undefined {
  for (const model of report.models) {
    let best: LayerRow | undefined;
    for (const r of model.layers) if (covers(r, line, column) && (!best || span(r) < span(best))) best = r;
    if (!best) continue;
    const path = best.path;
    let calls = 0;
    for (const r of model.layers) if (r.path === path) calls++;
    return { model, row: best, calls };
  }
  return undefined;
}

function covers(row: LayerRow, line: number, column: number): boolean {
  const afterStart = line > row.line || (line === row.line && column >= row.column);
  const beforeEnd = line < row.endLine || (line === row.endLine && column <= row.endColumn);
  return afterStart && beforeEnd;
}

function span(row: LayerRow): number {
  return (row.endLine - row.line) * 1e9 + (row.endColumn - row.column);
}
