/**
 * The shape engine's reports as Markdown: one layer's numbers for a hover card, a whole file for the Shapes
 * view. Every string that comes from the user's code (model names, module paths and dictionary keys, layer
 * types, symbolic dimensions, file names, diagnostic messages) goes through the escaping helpers in
 * ./markdown, so the output holds no link, image or HTML the extension did not write.
 */
import { formatBytes, formatCount, formatShape } from '../shapes/format';
import type { Diagnostic, FileReport, JsonDim, JsonShape, LayerRow, ModelReport } from '../shapes/report';
import { codeSpan, escapeMarkdownText, escapeTableCell } from './markdown';

const text = (s: string) => escapeMarkdownText(s);
const shapeText = (shape: JsonShape) => escapeMarkdownText(formatShape(shape));
/** Counts: numbers are ours (digits and commas); a string count is symbolic and comes from the user's code. */
const count = (n: JsonDim | null) => (typeof n === 'number' ? formatCount(n) : escapeMarkdownText(formatCount(n)));

/** One line for a hover: where the layer sits and what it does to its input. */
export function layerSummaryMarkdown(model: ModelReport, row: LayerRow, calls: number): string {
  const inputs = row.input.map(formatShape).join(', ') || '?';
  const called = calls > 1 ? ` (first of ${calls} calls)` : '';
  const lines = [
    `**In ${codeSpan(model.name)}** · ${codeSpan(row.path)} (${text(row.type)})${called}`,
    `${codeSpan(inputs)} → ${codeSpan(formatShape(row.output))} · ${count(row.params)} parameters · ${count(row.macs)} MACs`,
  ];
  // The model's input and where it came from, said the same way as in the Shapes view, hints and Problems.
  const source = model.inputSource;
  if (source) lines.push(`*Model input ${codeSpan(model.input.map(formatShape).join(', ') || '?')}: ${text(source.label)}*`);
  // Problems found at this layer's call that point back at its constructor arguments.
  const within = (r: { line: number; column: number }) =>
    (r.line > row.line || (r.line === row.line && r.column >= row.column)) && (r.line < row.endLine || (r.line === row.endLine && r.column <= row.endColumn));
  for (const d of model.diagnostics) {
    if (d.severity !== 'info' && (d.related ?? []).some((r) => / is set here/.test(r.message) && within(r))) {
      lines.push(`**${d.severity === 'error' ? 'Error' : 'Warning'}${d.code ? ` ${text(d.code)}` : ''}:** ${text(d.message)}`);
    }
  }
  if (!model.complete) lines.push('*Partial: the analysis of this model is incomplete (see the Shapes view).*');
  return lines.join('\n\n');
}

/** The hover note for a file whose analysis was stopped or failed: its file-level messages. */
export function fileNoteMarkdown(report: FileReport): string {
  return report.diagnostics.map((d) => `*${text(d.message)}*`).join('\n\n');
}

function diagnosticLine(d: Diagnostic): string {
  return `- **${text(d.severity)}** line ${d.line}:${d.column}: ${text(d.message)}`;
}

/** A whole report as Markdown tables (the read-only Shapes view). */
export function reportMarkdown(report: FileReport): string {
  const out = [`# Shapes: ${text(report.file)}`];
  if (report.models.length === 0 && report.diagnostics.length === 0) {
    out.push('No models found (nn.Module subclasses, nn.Sequential assignments, Keras Sequential or functional models).');
  }
  // File-level problems first: a stopped or partial analysis is the first thing the reader needs to know.
  for (const d of report.diagnostics) out.push(diagnosticLine(d));
  for (const m of report.models) {
    out.push(`## ${text(m.name)} (${text(m.framework)}, line ${m.line})`, `Input ${m.input.map(shapeText).join(', ') || '?'} → output ${shapeText(m.output)}`);
    if (!m.complete) out.push('*The analysis of this model is partial: see the diagnostics below.*');
    const rows = m.layers.map(
      (r) =>
        `| ${'&nbsp;&nbsp;'.repeat(Math.min(40, Math.max(0, r.depth - 1)))}${codeSpan(r.path, { inTable: true })} | ${escapeTableCell(r.type)} | ${escapeTableCell(formatShape(r.output))} | ${escapeTableCell(formatCount(r.params))} | ${escapeTableCell(formatCount(r.macs))} |`,
    );
    out.push(['| Layer | Type | Output shape | Params | MACs |', '|---|---|---|---:|---:|', ...rows].join('\n'));
    const totals = [
      `**Total params:** ${count(m.totalParams)} (trainable ${count(m.trainableParams)}, non-trainable ${count(m.nonTrainableParams)})`,
      `**MACs** (multiply-accumulates, not FLOPs): ${count(m.macs)}`,
      `**Parameter memory** (fp32): ${text(formatBytes(m.paramBytes))} · **activation memory estimate**: ${text(formatBytes(m.activationBytes))}`,
    ];
    if (m.receptiveField) totals.push(`**Receptive field:** ${m.receptiveField.size} (jump ${m.receptiveField.jump})`);
    if (!m.complete) totals.push('*Partial: these totals leave out what the engine could not analyse.*');
    out.push(totals.join('  \n'));
    for (const d of m.diagnostics) out.push(diagnosticLine(d));
  }
  return out.join('\n\n') + '\n';
}
