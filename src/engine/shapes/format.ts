/**
 * Human-readable forms of the engine's numbers, shared by the CLI table, hover cards and the Shapes view.
 */
import type { FileReport, JsonDim, JsonShape, LayerRow, ModelReport } from './report';

export function formatShape(shape: JsonShape): string {
  return shape === null ? '?' : `[${shape.join(', ')}]`;
}

/** 7077888 → "7,077,888"; symbolic counts ("97344*N") and unknowns stay readable. */
export function formatCount(n: JsonDim | null): string {
  if (n === null) return '?';
  if (typeof n === 'string') return n;
  return n.toLocaleString('en-US');
}

export function formatBytes(bytes: JsonDim): string {
  if (typeof bytes === 'string') return `${bytes} B`;
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(2)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(2)} KB`;
  return `${bytes} B`;
}

/** One line for a hover: where the layer sits and what it does to its input. */
export function layerSummaryMarkdown(model: ModelReport, row: LayerRow, calls: number): string {
  const inputs = row.input.map(formatShape).join(', ') || '?';
  const called = calls > 1 ? ` (first of ${calls} calls)` : '';
  return [
    `**In \`${model.name}\`** · \`${row.path}\` (${row.type})${called}`,
    `\`${inputs}\` → \`${formatShape(row.output)}\` · ${formatCount(row.params)} parameters · ${formatCount(row.macs)} MACs`,
  ].join('\n\n');
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

/** A whole report as Markdown tables (the read-only Shapes view). */
export function reportMarkdown(report: FileReport): string {
  const out = [`# Shapes: ${report.file}`];
  if (report.models.length === 0) out.push('No models found (nn.Module subclasses, nn.Sequential assignments, Keras Sequential or functional models).');
  for (const m of report.models) {
    out.push(`## ${m.name} (${m.framework}, line ${m.line})`, `Input ${m.input.map(formatShape).join(', ') || '?'} → output ${formatShape(m.output)}`);
    const rows = m.layers.map(
      (r) => `| ${'&nbsp;&nbsp;'.repeat(Math.max(0, r.depth - 1))}\`${escapeCell(r.path)}\` | ${r.type} | ${formatShape(r.output)} | ${formatCount(r.params)} | ${formatCount(r.macs)} |`,
    );
    out.push(['| Layer | Type | Output shape | Params | MACs |', '|---|---|---|---:|---:|', ...rows].join('\n'));
    const totals = [
      `**Total params:** ${formatCount(m.totalParams)} (trainable ${formatCount(m.trainableParams)}, non-trainable ${formatCount(m.nonTrainableParams)})`,
      `**MACs** (multiply-accumulates, not FLOPs): ${formatCount(m.macs)}`,
      `**Parameter memory** (fp32): ${formatBytes(m.paramBytes)} · **activation memory estimate**: ${formatBytes(m.activationBytes)}`,
    ];
    if (m.receptiveField) totals.push(`**Receptive field:** ${m.receptiveField.size} (jump ${m.receptiveField.jump})`);
    if (!m.complete) totals.push('*The analysis is partial: see the diagnostics.*');
    out.push(totals.join('  \n'));
    for (const d of m.diagnostics) out.push(`- **${d.severity}** line ${d.line}:${d.column}: ${d.message}`);
  }
  for (const d of report.diagnostics) out.push(`- **${d.severity}** line ${d.line}:${d.column}: ${d.message}`);
  return out.join('\n\n') + '\n';
}
