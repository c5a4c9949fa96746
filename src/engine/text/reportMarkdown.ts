/**
 * The shape engine's numbers as Markdown for hover cards (the shape calculator panel renders HTML through
 * src/webviews/html.ts). Every string that comes from the user's code (model names, module paths and
 * dictionary keys, layer types, symbolic dimensions, diagnostic messages) goes through the escaping helpers
 * in ./markdown, so the output holds no link, image or HTML the extension did not write.
 */
import { formatCount, formatShape } from '../shapes/format';
import type { FileReport, JsonDim, LayerRow, ModelReport } from '../shapes/report';
import { codeSpan, escapeMarkdownText } from './markdown';

const text = (s: string) => escapeMarkdownText(s);
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
  if (!model.complete) lines.push('*Partial: the analysis of this model is incomplete (see the shape calculator).*');
  return lines.join('\n\n');
}

/** The hover note for a file whose analysis was stopped or failed: its file-level messages. */
export function fileNoteMarkdown(report: FileReport): string {
  return report.diagnostics.map((d) => `*${text(d.message)}*`).join('\n\n');
}
