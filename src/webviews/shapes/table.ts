/**
 * The shape calculator's table, as pure data: the module tree built from a model's rows, repeated blocks
 * folded into one "×N" row, the depth filter, the MACs/FLOPs switch, the memory estimates and the copy
 * formats. No DOM and no `vscode`: the webview renders these rows, the extension copies them, unit tests
 * check them.
 */
import { add, mul, exactDiv, type Dim } from '../../engine/shapes/dims';
import { doubled, formatBytes, formatCount, formatShape, formatShapes, parseDimText, toJson } from '../../engine/shapes/format';
import type { Diagnostic, FileReport, JsonDim, JsonShape, LayerRow, ModelReport } from '../../engine/shapes/report';

/** How the table is viewed; kept in the webview's state and sent along with copy requests. */
export interface TableView {
  /** Fold runs of identical sibling blocks (`layer1.1`, `layer1.2`) into one "×N" row. */
  readonly foldRepeats: boolean;
  /** Show module paths down to this nesting depth (1 = the model's direct children). */
  readonly maxDepth: number;
  /** Show FLOPs (2 × MACs) instead of MACs. */
  readonly flops: boolean;
  /** Row ids whose expanded/collapsed state differs from the default (layers open, ×N groups closed). */
  readonly toggled: readonly string[];
}

/** Depth 3 by default, like torchinfo's summary: deep enough for blocks and their layers, short enough to read. */
export const DEFAULT_VIEW: TableView = { foldRepeats: true, maxDepth: 3, flops: false, toggled: [] };
export const MAX_DEPTH = 32;

export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface TableNode {
  /** Stable across edits: `path#k` (k-th call of that path), `×path` (a folded run), `+path` (a container). */
  readonly id: string;
  /** `layer` is one call of a module; `repeat` a folded run of identical blocks; `group` a container never called itself (a ModuleList). */
  readonly kind: 'layer' | 'repeat' | 'group';
  readonly path: string;
  /** What the first column shows: the path, or `layer1.1–3` for a folded run. */
  readonly label: string;
  readonly type: string;
  /** Module nesting depth of the path (1 = a direct child of the model). */
  readonly depth: number;
  /** ×N for folded runs. */
  readonly count?: number;
  /** Index of the row in ModelReport.layers (layer nodes only). */
  readonly rowIndex?: number;
  readonly range?: SourceRange;
  readonly input: readonly JsonShape[];
  readonly output: JsonShape;
  readonly params: number | null;
  readonly trainable: number | null;
  readonly nonTrainable: number | null;
  readonly macs: JsonDim | null;
  /** Problems reported while this module (or one inside it) ran. */
  readonly diagnostics: readonly Diagnostic[];
  readonly children: TableNode[];
}

// ---------------------------------------------------------------------------------------------- arithmetic

function sumCounts(values: ReadonlyArray<number | null>): number | null {
  let total = 0;
  for (const v of values) {
    if (v === null) return null;
    total += v;
  }
  return total;
}

function toDim(v: JsonDim): Dim | undefined {
  return typeof v === 'number' ? v : parseDimText(v);
}

function fromDim(d: Dim): JsonDim {
  return typeof d === 'number' ? d : d.toJSON();
}

/** Sum of MAC counts; unknown if any is unknown (or unreadable). */
export function sumDims(values: ReadonlyArray<JsonDim | null>): JsonDim | null {
  let total: Dim = 0;
  for (const v of values) {
    if (v === null) return null;
    const d = toDim(v);
    if (d === undefined) return null;
    total = add(total, d);
  }
  return fromDim(total);
}

// ---------------------------------------------------------------------------------------------- the tree

const isAncestor = (a: string, b: string): boolean => b.startsWith(`${a}.`);

function layerNode(row: LayerRow, index: number, call: number, diagnostics: readonly Diagnostic[]): TableNode {
  return {
    id: `${row.path}#${call}`,
    kind: 'layer',
    path: row.path,
    label: row.path,
    type: row.type,
    depth: row.depth,
    rowIndex: index,
    range: { line: row.line, column: row.column, endLine: row.endLine, endColumn: row.endColumn },
    input: row.input,
    output: row.output,
    // Counts past 2^53 arrive as exact decimal strings (report.ts JsonCount); the panel sums in numbers.
    params: countNumber(row.params),
    trainable: countNumber(row.trainable),
    nonTrainable: countNumber(row.nonTrainable),
    macs: row.macs,
    diagnostics,
    children: [],
  };
}

/** A container no row stands for (e.g. an nn.ModuleList whose items forward() calls one by one). */
function groupNode(path: string, depth: number): TableNode & { children: TableNode[] } {
  return { id: `+${path}`, kind: 'group', path, label: path, type: '', depth, input: [], output: null, params: 0, trainable: 0, nonTrainable: 0, macs: 0, diagnostics: [], children: [] };
}

/** Totals of a container from its children: parameters once per module path, MACs for every call. */
function finishGroup(g: TableNode): TableNode {
  const children = g.children.map((c) => (c.kind === 'group' ? finishGroup(c) : c));
  const once = new Map<string, TableNode>();
  for (const c of children) if (!once.has(c.path)) once.set(c.path, c);
  const firstIn = children.find((c) => c.input.length)?.input ?? [];
  return {
    ...g,
    children,
    input: firstIn,
    output: children.length ? children[children.length - 1].output : null,
    params: sumCounts([...once.values()].map((c) => c.params)),
    trainable: sumCounts([...once.values()].map((c) => c.trainable)),
    nonTrainable: sumCounts([...once.values()].map((c) => c.nonTrainable)),
    macs: sumDims(children.map((c) => c.macs)),
    diagnostics: children.flatMap((c) => c.diagnostics),
  };
}

/**
 * The module tree of a model, from its rows in call order (pre-order, depth from the path). A row's parent is
 * the innermost open row whose path is a prefix of its own; containers without a row of their own get a
 * group node so that `blocks.0`, `blocks.1` still sit under `blocks`.
 */
export function buildTree(model: ModelReport): TableNode[] {
  const roots: TableNode[] = [];
  const stack: TableNode[] = [];
  const calls = new Map<string, number>();
  const byPath = new Map<string, Diagnostic[]>();
  for (const d of model.diagnostics) if (d.path !== undefined) byPath.set(d.path, [...(byPath.get(d.path) ?? []), d]);
  model.layers.forEach((row, index) => {
    while (stack.length && !isAncestor(stack[stack.length - 1].path, row.path)) stack.pop();
    // Intermediate containers with no row of their own.
    const parts = row.path.split('.');
    const parentDepth = stack.length ? stack[stack.length - 1].path.split('.').length : 0;
    for (let depth = parentDepth + 1; depth < parts.length; depth++) {
      const path = parts.slice(0, depth).join('.');
      const siblings = stack.length ? stack[stack.length - 1].children : roots;
      const last = siblings[siblings.length - 1];
      const group = last && last.kind === 'group' && last.path === path ? last : groupNode(path, depth);
      if (group !== last) siblings.push(group);
      stack.push(group);
    }
    const call = calls.get(row.path) ?? 0;
    calls.set(row.path, call + 1);
    const node = layerNode(row, index, call, byPath.get(row.path) ?? []);
    (stack.length ? stack[stack.length - 1].children : roots).push(node);
    stack.push(node);
  });
  return roots.map((n) => (n.kind === 'group' ? finishGroup(n) : withGroups(n)));
}

function withGroups(n: TableNode): TableNode {
  if (!n.children.some((c) => c.kind === 'group' || c.children.length)) return n;
  return { ...n, children: n.children.map((c) => (c.kind === 'group' ? finishGroup(c) : withGroups(c))) };
}

// ---------------------------------------------------------------------------------------------- folding

/** What makes two blocks "the same": type, parameters and the same structure below (paths relative to the block). */
function signature(n: TableNode, base = n.path): string {
  const rel = n.path === base ? '' : n.path.slice(base.length);
  return `${rel}:${n.type}:${n.params}[${n.children.map((c) => signature(c, base)).join(',')}]`;
}

const lastSegment = (path: string): string => path.slice(path.lastIndexOf('.') + 1);

/**
 * Runs of two or more consecutive sibling blocks with numeric names (`layer1.1`, `layer1.2`, …) and the same
 * signature become one `repeat` node whose children are the blocks. Parameters and MACs are the run's sums;
 * the input is the first block's, the output the last one's.
 */
export function foldRepeats(nodes: readonly TableNode[]): TableNode[] {
  const out: TableNode[] = [];
  for (let i = 0; i < nodes.length; ) {
    const n = nodes[i];
    let j = i + 1;
    if (n.kind !== 'repeat' && /^\d+$/.test(lastSegment(n.path))) {
      const sig = signature(n);
      while (j < nodes.length && nodes[j].kind === n.kind && /^\d+$/.test(lastSegment(nodes[j].path)) && nodes[j].path !== n.path && signature(nodes[j]) === sig) j++;
    }
    if (j - i >= 2) {
      const run = nodes.slice(i, j).map((c) => ({ ...c, children: foldRepeats(c.children) }));
      const first = run[0];
      const last = run[run.length - 1];
      out.push({
        id: `×${first.path}`,
        kind: 'repeat',
        path: first.path,
        label: `${first.path}–${lastSegment(last.path)}`,
        type: first.type,
        depth: first.depth,
        count: run.length,
        range: first.range,
        input: first.input,
        output: last.output,
        params: sumCounts(run.map((c) => c.params)),
        trainable: sumCounts(run.map((c) => c.trainable)),
        nonTrainable: sumCounts(run.map((c) => c.nonTrainable)),
        macs: sumDims(run.map((c) => c.macs)),
        diagnostics: run.flatMap((c) => c.diagnostics),
        children: run,
      });
    } else out.push({ ...n, children: foldRepeats(n.children) });
    i = j;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- visible rows

export interface VisibleRow {
  readonly node: TableNode;
  /** Tree level for indentation and aria-level (1-based). */
  readonly level: number;
  readonly expandable: boolean;
  readonly expanded: boolean;
  /** Position among its siblings (aria-posinset / aria-setsize). */
  readonly posInSet: number;
  readonly setSize: number;
}

/** Whether a node is open: layers and groups open by default, folded runs closed; `toggled` flips that. */
export function isExpanded(node: TableNode, toggled: ReadonlySet<string>): boolean {
  const byDefault = node.kind !== 'repeat';
  return toggled.has(node.id) ? !byDefault : byDefault;
}

/** The rows the table shows, in order, for this view. */
export function visibleRows(tree: readonly TableNode[], view: TableView): VisibleRow[] {
  const toggled = new Set(view.toggled);
  const nodes = view.foldRepeats ? foldRepeats(tree) : tree;
  const out: VisibleRow[] = [];
  const walk = (list: readonly TableNode[], level: number) => {
    const shown = list.filter((n) => n.depth <= view.maxDepth);
    shown.forEach((node, i) => {
      const kids = node.children.filter((c) => c.depth <= view.maxDepth);
      const expandable = kids.length > 0;
      const expanded = expandable && isExpanded(node, toggled);
      out.push({ node, level, expandable, expanded, posInSet: i + 1, setSize: shown.length });
      if (expanded) walk(node.children, level + 1);
    });
  };
  walk(nodes, 1);
  return out;
}

/** The deepest module path in the model (for the depth control's range). */
export function maxPathDepth(model: ModelReport): number {
  return model.layers.reduce((d, r) => Math.max(d, r.depth), 1);
}

/** The layer row whose construction site covers a 1-based position (the innermost one wins). */
export function rowAt(model: ModelReport, line: number, column: number): number | undefined {
  let best: number | undefined;
  let bestSpan = Infinity;
  model.layers.forEach((r, i) => {
    const after = line > r.line || (line === r.line && column >= r.column);
    const before = line < r.endLine || (line === r.endLine && column <= r.endColumn);
    const span = (r.endLine - r.line) * 100000 + (r.endColumn - r.column);
    if (after && before && span < bestSpan) {
      best = i;
      bestSpan = span;
    }
  });
  return best;
}

// ---------------------------------------------------------------------------------------------- cost

/** `MACs` or `FLOPs`, and the value the switch shows (FLOPs = 2 × MACs). */
export function costLabel(view: Pick<TableView, 'flops'>): string {
  return view.flops ? 'FLOPs' : 'MACs';
}

export function costValue(macs: JsonDim | null, view: Pick<TableView, 'flops'>): JsonDim | null {
  return view.flops ? doubled(macs) : macs;
}

/** How the cost column is defined, shown next to the switch and in copies. */
export function costConvention(view: Pick<TableView, 'flops'>): string {
  return view.flops
    ? 'FLOPs = 2 × MACs (one multiply and one add per multiply-accumulate; bias, norms and activations not counted)'
    : 'MACs = multiply-accumulates, one per weight per output position (bias, norms and activations not counted); FLOPs = 2 × MACs';
}

// ---------------------------------------------------------------------------------------------- memory

export type DtypeName = 'float32' | 'float16' | 'bfloat16' | 'float64' | 'int64' | 'bool';
export const DTYPES: readonly DtypeName[] = ['float32', 'float16', 'bfloat16', 'float64', 'int64', 'bool'];

/** Bytes per element of the floating dtype the model computes in. */
export function bytesPerElement(dtype: DtypeName): number {
  switch (dtype) {
    case 'float16':
    case 'bfloat16':
      return 2;
    case 'float64':
      return 8;
    case 'float32':
    case 'int64':
    case 'bool':
      // Integer or boolean inputs (token ids, masks) do not make the model compute in integers: fp32.
      return 4;
  }
}

export interface MemoryEstimate {
  /** Floating dtype the estimate assumes for parameters, gradients, optimizer state and activations. */
  readonly dtype: 'float32' | 'float16' | 'bfloat16' | 'float64';
  readonly bytesPerElement: number;
  readonly parameters: number;
  /** Σ of every leaf module's output elements × bytes: what one forward pass writes. */
  readonly activations: JsonDim | null;
  readonly training: {
    readonly weights: number;
    readonly gradients: number;
    readonly adam: number;
    readonly savedActivations: JsonDim | null;
    readonly total: JsonDim | null;
  };
  readonly assumptions: readonly string[];
}

/** The model's compute dtype from its inputs' dtypes: the first floating one, else float32. */
export function computeDtype(dtypes: readonly DtypeName[]): MemoryEstimate['dtype'] {
  const f = dtypes.find((d) => d === 'float32' || d === 'float16' || d === 'bfloat16' || d === 'float64');
  return (f as MemoryEstimate['dtype'] | undefined) ?? 'float32';
}

/**
 * Memory figures for one model. Parameters: all of them × b. Inference activations: the engine's sum of leaf
 * outputs (computed at 4 bytes per element) rescaled to b. Training with Adam: weights (all parameters) +
 * gradients (trainable ones) + two Adam moments per trainable parameter + the leaf outputs autograd keeps for
 * the backward pass, everything in the compute dtype.
 */
export function memoryEstimate(model: ModelReport, dtype: MemoryEstimate['dtype']): MemoryEstimate {
  const b = bytesPerElement(dtype);
  const weights = Number(model.totalParams) * b;
  const gradients = Number(model.trainableParams) * b;
  const adam = 2 * Number(model.trainableParams) * b;
  let activations: JsonDim | null = null;
  if (model.activationBytes !== null) {
    const bytes4 = toDim(model.activationBytes);
    activations = bytes4 === undefined ? null : fromDim(mul(exactDiv(bytes4, 4), b));
  }
  const total = activations === null ? null : sumDims([weights + gradients + adam, activations]);
  return {
    dtype,
    bytesPerElement: b,
    parameters: weights,
    activations,
    training: { weights, gradients, adam, savedActivations: activations, total },
    assumptions: [
      `${dtype} (${b} bytes per element) for parameters, gradients, optimizer state and activations.`,
      'Inference activations: the sum of every leaf module’s output for one forward pass at the given input shape; the real peak is lower, since PyTorch frees and reuses buffers.',
      'Training: weights + gradients of trainable parameters + Adam’s two moment buffers per trainable parameter + the leaf outputs kept for the backward pass.',
      'Not counted: the input batch, the CUDA context and kernels’ workspace, allocator fragmentation, mixed-precision master weights.',
    ],
  };
}

// ---------------------------------------------------------------------------------------------- copies

const mdCell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/`/g, '\\`').replace(/\r?\n/g, ' ');

function csvCell(text: string): string {
  // Quote everything that could split a cell or start a spreadsheet formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The visible rows as a Markdown table with totals and the conventions stated. */
export function tableMarkdown(file: string, model: ModelReport, view: TableView, dtype: MemoryEstimate['dtype']): string {
  const rows = visibleRows(buildTree(model), view);
  const cost = costLabel(view);
  const lines = [
    `### ${mdCell(model.name)} (${model.framework}, ${mdCell(file)}:${model.line})`,
    '',
    `Input ${mdCell(formatShapes(model.input))} → output ${mdCell(formatShape(model.output))}`,
    '',
    `| Layer | Type | Input | Output | Params | ${cost} |`,
    '|---|---|---|---|---:|---:|',
    ...rows.map((r) => {
      const indent = '&nbsp;&nbsp;'.repeat(r.level - 1);
      const type = r.node.kind === 'repeat' ? `${r.node.type} ×${r.node.count}` : r.node.type || '—';
      return `| ${indent}${mdCell(r.node.label)} | ${mdCell(type)} | ${mdCell(formatShapes(r.node.input))} | ${mdCell(formatShape(r.node.output))} | ${formatCount(r.node.params)} | ${mdCell(formatCount(costValue(r.node.macs, view)))} |`;
    }),
    '',
    ...totalsLines(model, view, dtype).map((l) => `- ${mdCell(l)}`),
  ];
  for (const d of model.diagnostics) lines.push(`- **${d.severity}** line ${d.line}:${d.column}: ${mdCell(d.message)}`);
  return lines.join('\n') + '\n';
}

/** The visible rows as CSV: raw numbers (no separators) so spreadsheets can compute with them. */
export function tableCsv(model: ModelReport, view: TableView): string {
  const rows = visibleRows(buildTree(model), view);
  const cost = view.flops ? 'flops' : 'macs';
  const raw = (v: JsonDim | null) => (v === null ? '' : String(v));
  const lines = [['path', 'level', 'type', 'count', 'input', 'output', 'params', 'trainable', 'non_trainable', cost].join(',')];
  for (const r of rows) {
    const n = r.node;
    lines.push(
      [n.label, String(r.level), n.type, String(n.count ?? 1), formatShapes(n.input), formatShape(n.output), raw(n.params), raw(n.trainable), raw(n.nonTrainable), raw(costValue(n.macs, view))]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** The CLI's JSON contract (`ml-lens shapes FILE --model NAME --json`) for one model. */
export function tableJson(report: FileReport, model: ModelReport): string {
  return toJson({ file: report.file, models: [model], diagnostics: report.diagnostics });
}

/** Totals in reading order (the panel's footer and the copies share them). */
export function totalsLines(model: ModelReport, view: Pick<TableView, 'flops'>, dtype: MemoryEstimate['dtype']): string[] {
  const mem = memoryEstimate(model, dtype);
  const lines = [
    `Total params: ${formatCount(model.totalParams)} (trainable ${formatCount(model.trainableParams)}, non-trainable ${formatCount(model.nonTrainableParams)})`,
    `${costLabel(view)}: ${formatCount(costValue(model.macs, view))} (${costConvention(view)})`,
    `Parameter memory (${mem.dtype}): ${formatBytes(mem.parameters)}`,
    `Activation memory, inference (estimate): ${formatBytes(mem.activations)}`,
    `Training memory with Adam (estimate): ${formatBytes(mem.training.total)} = weights ${formatBytes(mem.training.weights)} + gradients ${formatBytes(mem.training.gradients)} + Adam state ${formatBytes(mem.training.adam)} + saved activations ${formatBytes(mem.training.savedActivations)}`,
  ];
  if (model.receptiveField) lines.push(`Receptive field: ${model.receptiveField.size} (jump ${model.receptiveField.jump})`);
  if (!model.complete) lines.push('The analysis is partial: see the diagnostics.');
  return lines;
}

/** A report count as a number (exact up to 2^53; larger counts are decimal strings in the report). */
function countNumber(c: number | string | null): number | null {
  return c === null ? null : typeof c === 'number' ? c : Number(c);
}
