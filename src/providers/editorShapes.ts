/**
 * What the editor shows from a shape report, as plain data: Problems entries, inlay hints, CodeLens titles,
 * tensor hovers, and the mapping between a notebook's concatenated cells and its cells. No `vscode` import,
 * so every rule here is unit-tested in Node; src/providers/shapeEditor.ts turns the data into VS Code objects.
 *
 * Positions are the engine's: 1-based lines and columns (UTF-16 code units), end exclusive.
 */
import type { Diagnostic, FileReport, FixData, InputSource, JsonShape, LayerRow, ModelReport, RelatedInfo, SourceRange, TraceEntry } from '../engine/shapes/report';
import type { InlayWhere } from './settingsSchema';

// ---------------------------------------------------------------------------------------------- formatting

export function shapeText(shape: JsonShape | undefined): string {
  return shape === null || shape === undefined ? '?' : `[${shape.join(', ')}]`;
}

/** 1792 → "1.8K", 416520 → "416.5K", 11689512 → "11.7M"; strings (symbolic counts) and null stay readable. */
export function compactCount(n: number | string | null | undefined): string {
  if (n === null || n === undefined) return '?';
  if (typeof n === 'string' && /^\d+$/.test(n)) n = Number(n); // an exact count past 2^53: compact is approximate anyway
  if (typeof n === 'string') return n.length > 24 ? `${n.slice(0, 23)}…` : n;
  const units: Array<[number, string]> = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, unit] of units) {
    if (Math.abs(n) >= size) {
      const v = n / size;
      const text = v.toFixed(1).replace(/\.0$/, '');
      return `${text}${unit}`;
    }
  }
  return String(n);
}

export function fullCount(n: number | string | null | undefined): string {
  // Counts past 2^53 are exact decimal strings (report.ts JsonCount): group their digits as they are.
  if (typeof n === 'string') return /^\d+$/.test(n) ? n.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : n;
  return n === null || n === undefined ? '?' : n.toLocaleString('en-US');
}

function dtypeText(dtype: string | undefined): string {
  if (dtype === 'long') return 'int64';
  if (dtype === 'bool') return 'bool';
  return 'float32';
}

/** Escape text for a Markdown hover or tooltip (user-controlled names, messages). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/** Inline code that cannot be broken out of (backticks in the text get a longer fence). */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

// ---------------------------------------------------------------------------------------------- input source

/** "input [32, 1, 28, 28] from the call on line 31" — said the same way everywhere. */
export function inputSentence(model: ModelReport): string {
  const shapes = model.input.map(shapeText).join(', ') || '?';
  return `input ${shapes} ${sourcePhrase(model.inputSource)}`;
}

export function sourcePhrase(source: InputSource | undefined): string {
  if (!source) return '(source unknown)';
  switch (source.kind) {
    case 'option':
      return '(set by you)';
    case 'comment':
      return `(from the \`# input:\` comment, ${lineWord(source)})`;
    case 'call':
      return `(from the call on ${lineWord(source)})`;
    case 'first-layer':
      return `(${source.label}: sizes left symbolic)`;
    case 'keras':
      return `(${source.label})`;
    default:
      return '(unknown)';
  }
}

/** "line 31", or "cell 4, line 2" in a notebook (reportForCell sets `where`). */
function lineWord(source: InputSource & { where?: string }): string {
  return source.where ?? `line ${source.line ?? '?'}`;
}

/** True when the model's input has symbolic dims (N, H, W…): hints then show symbols, not numbers. */
export function isSymbolicInput(model: ModelReport): boolean {
  return model.input.some((s) => s === null || s.some((d) => typeof d === 'string'));
}

// ---------------------------------------------------------------------------------------------- diagnostics

export interface ProblemData extends SourceRange {
  severity: 'error' | 'warning';
  message: string;
  code: string | undefined;
  related: RelatedInfo[];
  fixes: FixData[];
  /** The model the problem was found in. */
  model: string;
}

const IGNORE = /#\s*mllens\s*:\s*ignore(?:\[([^\]]*)\])?/i;

/** Codes silenced by a `# mllens: ignore[MLS001, MLS002]` comment on a line; `'*'` for a bare `ignore`. */
export function ignoredCodes(lineText: string): Set<string> | undefined {
  const m = IGNORE.exec(lineText);
  if (!m) return undefined;
  if (m[1] === undefined) return new Set(['*']);
  return new Set(m[1].split(',').map((c) => c.trim().toUpperCase()).filter(Boolean));
}

/**
 * The Problems entries of a report: shape errors and warnings (notes about what the engine cannot see stay
 * in the Shapes view), once each even when a block is shared by several models, minus the suppressed ones.
 */
export function problemsOf(report: FileReport, lineText: (line: number) => string): ProblemData[] {
  const out: ProblemData[] = [];
  const seen = new Set<string>();
  const add = (d: Diagnostic, model: string) => {
    if (d.severity === 'info') return;
    // Engine limits (MLS2xx) and internal errors (MLS9xx) are not problems in the user's code.
    if (d.code && /^MLS[29]\d\d$/.test(d.code)) return;
    // The same problem found twice (a block shared by two models, a forward also run at module level): once.
    const key = `${d.line}:${d.column}:${d.endLine}:${d.endColumn}:${d.code ?? d.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const ignored = ignoredCodes(lineText(d.line));
    if (ignored && (ignored.has('*') || (d.code && ignored.has(d.code)))) return;
    out.push({
      line: d.line,
      column: d.column,
      endLine: d.endLine,
      endColumn: d.endColumn,
      severity: d.severity,
      message: d.message,
      code: d.code,
      related: d.related ?? [],
      fixes: d.fixes ?? [],
      model,
    });
  };
  for (const m of report.models) for (const d of m.diagnostics) add(d, m.name);
  for (const d of report.diagnostics) if (d.severity === 'error' && d.code && /^MLS0\d\d$/.test(d.code)) add(d, '');
  return out;
}

// ---------------------------------------------------------------------------------------------- inlay hints

export interface HintData {
  line: number;
  column: number;
  label: string;
  /** Markdown. */
  tooltip: string;
  kind: 'layer' | 'value';
}

export interface HintOptions {
  shapes: boolean;
  params: boolean;
  where: InlayWhere;
}

/** Rows by construction place: the first call of each constructed module (a layer built once). */
function firstRows(model: ModelReport): Map<string, { row: LayerRow; calls: number }> {
  const out = new Map<string, { row: LayerRow; calls: number }>();
  for (const row of model.layers) {
    const key = `${row.endLine}:${row.endColumn}`;
    const seen = out.get(key);
    if (seen) {
      if (seen.row.path === row.path) seen.calls++;
      continue;
    }
    out.set(key, { row, calls: 1 });
  }
  return out;
}

function symbolicNote(model: ModelReport): string {
  return isSymbolicInput(model)
    ? '\n\nThe input is not known, so sizes are symbolic (`N` batch, `H`/`W` height/width, `L` length). Give one with a `# input: [1, 3, 224, 224]` comment above the model, a literal call such as `model(torch.randn(1, 3, 224, 224))`, or the shape calculator.'
    : '';
}

/**
 * Inlay hints for a report: after each layer construction, and after each assignment target in forward().
 * With `lines`, only hints on those lines (1-based, inclusive) are built: VS Code asks for the visible range.
 */
export function hintsOf(report: FileReport, options: HintOptions, lines?: { from: number; to: number }): HintData[] {
  const wanted = (line: number) => !lines || (line >= lines.from && line <= lines.to);
  const out: HintData[] = [];
  const seen = new Set<string>();
  const push = (h: HintData) => {
    const key = `${h.line}:${h.column}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(h);
  };
  for (const model of report.models) {
    const modelLine = `${model.framework === 'keras' ? 'Keras model' : 'Model'} ${code(model.name)}, ${inputSentence(model)}.`;
    if (options.where !== 'forward' && (options.shapes || options.params)) {
      for (const { row, calls } of firstRows(model).values()) {
        if (!wanted(row.endLine)) continue;
        const parts: string[] = [];
        if (options.shapes && row.output !== null && row.input.length) parts.push(`→ ${shapeText(row.output)}`);
        if (options.params && row.params !== null && Number(row.params) > 0) parts.push(`${compactCount(row.params)} params`);
        if (!parts.length) continue;
        const called = calls > 1 ? ` (the first of its ${calls} calls)` : '';
        const tooltip = [
          `**${code(row.path)}** (${escapeMarkdown(row.type)})`,
          `${code(row.input.map(shapeText).join(', ') || '?')} → ${code(shapeText(row.output))} at its first call in forward()${called}`,
          `${fullCount(row.params)} parameters${row.params !== null && row.trainable !== null && row.trainable !== row.params ? ` (${fullCount(row.trainable)} trainable)` : ''} · ${typeof row.macs === 'number' ? fullCount(row.macs) : escapeMarkdown(String(row.macs ?? '?'))} MACs`,
          escapeMarkdown(modelLine) + symbolicNote(model),
        ].join('\n\n');
        push({ line: row.endLine, column: row.endColumn, label: ` ${parts.join(' · ')}`, tooltip, kind: 'layer' });
      }
    }
    if (options.where !== 'init' && options.shapes) {
      for (const t of model.trace) if (t.kind === 'var' && wanted(t.endLine)) push(valueHint(t, model, modelLine));
    }
  }
  if (options.where !== 'init' && options.shapes) {
    for (const t of report.trace ?? []) if (t.kind === 'var' && wanted(t.endLine)) push(valueHint(t, undefined, 'Keras functional graph (module level).'));
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

function valueHint(t: TraceEntry, model: ModelReport | undefined, modelLine: string): HintData {
  const more = t.calls > 1 ? (t.varies ? ` (first of ${t.calls} runs; later runs see other shapes)` : ` (same in all ${t.calls} runs)`) : '';
  const tooltip = [
    `${code(t.name)}: ${code(shapeText(t.shape))} · ${dtypeText(t.dtype)}${t.dtype ? '' : ' (default)'}`,
    t.op ? `from ${code(t.op)}${more}` : more.trim(),
    escapeMarkdown(modelLine) + (model ? symbolicNote(model) : ''),
  ]
    .filter(Boolean)
    .join('\n\n');
  return { line: t.endLine, column: t.endColumn, label: `: ${shapeText(t.shape)}${t.varies ? ' …' : ''}`, tooltip, kind: 'value' };
}

// ---------------------------------------------------------------------------------------------- CodeLens

export interface LensData {
  line: number;
  column: number;
  title: string;
  tooltip: string;
  model: string;
}

export function lensesOf(report: FileReport): LensData[] {
  return report.models.filter((m) => m.line > 0).map((m) => {
    const partial = m.complete ? '' : ' (partial)';
    const macs = m.macs === null || m.macs === undefined ? '? MACs' : `${compactCount(m.macs)} MACs`;
    const title = `${fullCount(m.totalParams)} params${partial} · ${macs} · Open shape calculator`;
    const tooltip = `${m.name}: ${fullCount(m.totalParams)} parameters, ${typeof m.macs === 'number' ? fullCount(m.macs) : String(m.macs ?? '?')} MACs (multiply-accumulates), ${inputSentence(m)}${m.complete ? '' : '. Partial: some parts could not be analysed (see the shape calculator).'}`;
    return { line: m.line, column: m.column, title, tooltip, model: m.name };
  });
}

// ---------------------------------------------------------------------------------------------- hovers

function covers(r: SourceRange, line: number, column: number): boolean {
  const afterStart = line > r.line || (line === r.line && column >= r.column);
  const beforeEnd = line < r.endLine || (line === r.endLine && column <= r.endColumn);
  return afterStart && beforeEnd;
}

function span(r: SourceRange): number {
  return (r.endLine - r.line) * 100000 + (r.endColumn - r.column);
}

/**
 * Markdown for a hover at (line, column), or undefined:
 * - on the callee of a module call in forward (`self.conv2` in `self.conv2(x)`): that call's input → output
 *   (one line per module the place reached: a block used twice shows both);
 * - on a variable in forward: its shape at that point (the last assignment before this statement), the op
 *   that made it and its dtype;
 * - on a layer construction with a problem: the problem.
 * `calleeEnd(entry)` gives the column where the callee of a call entry ends (the text is the provider's).
 */
export function hoverAt(
  report: FileReport,
  line: number,
  column: number,
  word: { text: string; column: number; endColumn: number } | undefined,
  calleeEnd: (entry: TraceEntry) => number,
  functionStart: (line: number) => number,
): string | undefined {
  const parts: string[] = [];
  const all: Array<{ t: TraceEntry; model?: ModelReport }> = [];
  for (const m of report.models) for (const t of m.trace) all.push({ t, model: m });
  for (const t of report.trace ?? []) all.push({ t });
  // Module calls whose callee is under the mouse.
  const calls = all.filter(({ t }) => t.kind === 'call' && t.line === line && column >= t.column && column <= calleeEnd(t));
  if (calls.length) {
    const innermost = Math.min(...calls.map(({ t }) => span(t)));
    const here = calls.filter(({ t }) => span(t) === innermost);
    const seen = new Set<string>();
    for (const { t, model } of here) {
      const key = `${t.name}:${shapeText(t.shape)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const times = t.calls > 1 ? ` · called ${t.calls} times here${t.varies ? ' with different shapes (first shown)' : ''}` : '';
      parts.push(`**${code(t.name)}**${t.op ? ` ${escapeMarkdown(t.op.replace(/^[^(]*/, '').trim())}` : ''}: ${code((t.input ?? []).map(shapeText).join(', ') || '?')} → ${code(shapeText(t.shape))}${times}${model ? `  \n*${escapeMarkdown(inputSentence(model))}*` : ''}`);
    }
  } else if (word) {
    // A variable: the assignment at this place, or the last one before this statement in the same function.
    const start = functionStart(line);
    const vars = all.filter(({ t }) => t.kind === 'var' && t.name === word.text && t.line >= start);
    const exact = vars.filter(({ t }) => t.line === line && t.column === word.column);
    const before = exact.length ? exact : vars.filter(({ t }) => t.line < line);
    if (before.length) {
      const lastLine = Math.max(...before.map(({ t }) => t.line));
      const chosen = before.filter(({ t }) => t.line === lastLine);
      const lastCol = Math.max(...chosen.map(({ t }) => t.column));
      const seen = new Set<string>();
      for (const { t, model } of chosen.filter(({ t }) => t.column === lastCol)) {
        const key = shapeText(t.shape);
        if (seen.has(key)) continue;
        seen.add(key);
        const runs = t.calls > 1 ? ` · this line ran ${t.calls} times${t.varies ? ' with different shapes (first shown)' : ''}` : '';
        const from = t.op ? ` · from ${code(t.op)} (line ${t.line})` : ` · line ${t.line}`;
        parts.push(`${code(t.name)}: ${code(shapeText(t.shape))} · ${dtypeText(t.dtype)}${from}${runs}${model ? `  \n*${escapeMarkdown(inputSentence(model))}*` : ''}`);
      }
    }
  }
  // A constructor argument with a problem reported at the layer's call: show the problem here too.
  for (const m of report.models) {
    for (const d of m.diagnostics) {
      if (d.severity === 'info') continue;
      // (Hovering the layer's name shows the problem in its card; see reportMarkdown.layerSummaryMarkdown.)
      if ((d.related ?? []).some((r) => / is set here/.test(r.message) && covers(r, line, column))) {
        const text = `$(${d.severity === 'error' ? 'error' : 'warning'}) ${d.code ? `${d.code}: ` : ''}${escapeMarkdown(d.message)}`;
        if (!parts.includes(text)) parts.push(text);
      }
    }
  }
  return parts.length ? parts.join('\n\n---\n\n') : undefined;
}

// ---------------------------------------------------------------------------------------------- notebooks

export interface CellText {
  /** Key of the cell (its document URI). */
  readonly key: string;
  readonly text: string;
  /** Only Python code cells are analysed; Markdown cells are left out. */
  readonly python: boolean;
  /** 1-based position of the cell in the notebook (for "cell 3, line 2"). */
  readonly index: number;
}

export interface CellMap {
  /** The concatenated text the engine analyses. */
  readonly text: string;
  /** First line (1-based) of each cell in `text`. */
  readonly starts: readonly number[];
  readonly keys: readonly string[];
  readonly lineCounts: readonly number[];
  readonly indices: readonly number[];
}

/**
 * A notebook's Python cells as one file, cell after cell, so a model defined in one cell and called in a
 * later one is analysed together. Each cell starts on a new line; Markdown cells become nothing.
 */
export function concatCells(cells: readonly CellText[]): CellMap {
  const parts: string[] = [];
  const starts: number[] = [];
  const keys: string[] = [];
  const lineCounts: number[] = [];
  const indices: number[] = [];
  let line = 1;
  for (const c of cells) {
    if (!c.python) continue;
    // IPython magics and shell escapes are not Python: keep the line, drop its text.
    const text = c.text.replace(/\r\n?/g, '\n').replace(/^[ \t]*[%!].*$/gm, '');
    starts.push(line);
    keys.push(c.key);
    indices.push(c.index);
    const n = text.split('\n').length;
    lineCounts.push(n);
    parts.push(text);
    line += n;
  }
  return { text: parts.join('\n'), starts, keys, lineCounts, indices };
}

/** The cell and cell-relative line (1-based) of a line of the concatenated text. */
export function cellOfLine(map: CellMap, line: number): { key: string; line: number } | undefined {
  for (let i = map.starts.length - 1; i >= 0; i--) {
    if (line >= map.starts[i]) {
      const rel = line - map.starts[i] + 1;
      return rel <= map.lineCounts[i] ? { key: map.keys[i], line: rel } : undefined;
    }
  }
  return undefined;
}

/** The line of the concatenated text for a cell-relative line. */
export function lineInNotebook(map: CellMap, key: string, line: number): number | undefined {
  const i = map.keys.indexOf(key);
  return i < 0 ? undefined : map.starts[i] + line - 1;
}

/**
 * A report's positions moved into one cell: everything outside the cell is dropped, lines become cell-relative.
 * Related places in other cells stay (with their cell's key) so Problems can point at them.
 */
export function reportForCell(report: FileReport, map: CellMap, key: string): { report: FileReport; elsewhere: Map<RelatedInfo, { key: string; line: number; endLine: number }> } {
  const i = map.keys.indexOf(key);
  const elsewhere = new Map<RelatedInfo, { key: string; line: number; endLine: number }>();
  if (i < 0) return { report: { ...report, models: [], diagnostics: [], trace: [] }, elsewhere };
  const from = map.starts[i];
  const to = from + map.lineCounts[i] - 1;
  const inCell = (r: SourceRange) => r.line >= from && r.endLine <= to;
  // "line 17" of the concatenated text → "line 3" in this cell, "cell 2, line 5" in another.
  const where = (line: number): string => {
    if (line >= from && line <= to) return `line ${line - from + 1}`;
    const j = map.starts.findIndex((s, k) => line >= s && line < s + map.lineCounts[k]);
    return j < 0 ? `line ${line}` : `cell ${map.indices[j]}, line ${line - map.starts[j] + 1}`;
  };
  const relines = (text: string) => text.replace(/\bline (\d+)\b/g, (_, n) => where(Number(n)));
  const move = <T extends SourceRange>(r: T): T => ({ ...r, line: r.line - from + 1, endLine: r.endLine - from + 1 });
  const moveDiag = (d: Diagnostic): Diagnostic => {
    const related = (d.related ?? []).map((r) => {
      if (inCell(r)) return move(r);
      const a = cellOfLine(map, r.line);
      const b = cellOfLine(map, r.endLine);
      const copy = { ...r, message: relines(r.message) };
      if (a) elsewhere.set(copy, { key: a.key, line: a.line, endLine: b && b.key === a.key ? b.line : a.line });
      return copy;
    });
    const fixes = (d.fixes ?? []).filter((f) => f.edits.every(inCell)).map((f) => ({ ...f, edits: f.edits.map(move) }));
    return { ...move(d), message: relines(d.message), related: related.map((r) => (inCell(r) ? { ...r, message: relines(r.message) } : r)), fixes };
  };
  const models = report.models.map((m) => ({
    ...m,
    line: m.line - from + 1,
    layers: m.layers.filter(inCell).map(move),
    diagnostics: m.diagnostics.filter(inCell).map(moveDiag),
    trace: m.trace.filter(inCell).map(move),
    inputSource: m.inputSource.line !== undefined ? { ...m.inputSource, line: undefined, label: m.inputSource.label.replace(/\bline \d+$/, where(m.inputSource.line)), where: where(m.inputSource.line) } : m.inputSource,
    inThisCell: m.line >= from && m.line <= to,
  }));
  return {
    report: {
      ...report,
      // Models whose definition is in another cell still contribute their layers, hints and problems here.
      models: models.map(({ inThisCell, ...m }) => (inThisCell ? m : { ...m, line: -1 })),
      diagnostics: report.diagnostics.filter(inCell).map(moveDiag),
      trace: (report.trace ?? []).filter(inCell).map(move),
    },
    elsewhere,
  };
}
