/** Shared helpers for the interpreter tests: analyse a snippet and pick a model / rows by path. */
import { strict as assert } from 'node:assert';
import { analyzeSource, type AnalyzeOptions, type ModelReport } from '../../../../src/engine/shapes';

export function model(source: string, name: string, options: AnalyzeOptions = {}): ModelReport {
  const report = analyzeSource(source, { fileName: 'snippet.py', ...options });
  const m = report.models.find((x) => x.name === name);
  assert.ok(m, `model ${name} not found; got ${report.models.map((x) => x.name).join(', ') || 'none'}`);
  return m;
}

export function row(m: ModelReport, path: string, call = 0) {
  const rows = m.layers.filter((l) => l.path === path);
  assert.ok(rows[call], `no row ${path}#${call}; rows: ${m.layers.map((l) => l.path).join(', ')}`);
  return rows[call];
}

export const paths = (m: ModelReport): string[] => [...new Set(m.layers.map((l) => l.path))];

export const errors = (m: ModelReport) => m.diagnostics.filter((d) => d.severity === 'error');

export const TORCH = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';
