/**
 * The shape calculator, webview side: renders the state the extension sends (src/webviews/shapes/messages.ts)
 * as a keyboard-accessible tree grid with controls, totals and diagnostics. Everything that is computed
 * (tree, folding, depth, FLOPs, memory) comes from the pure table model in src/webviews/shapes/table.ts.
 *
 * The whole state is saved with setState on every change, so the panel comes back as it was after the tab is
 * hidden or the window reloads.
 */
import { formatBytes, formatCount, formatShape, formatShapes } from '../../../engine/shapes/format';
import type { Diagnostic, JsonShape, ModelReport } from '../../../engine/shapes/report';
import { emptyState, parseDocumentState, parseState, type FromWebview, type InputSetting, type ModelSettings, type ShapesState, type ToWebview } from '../../shapes/messages';
import {
  DTYPES,
  buildTree,
  computeDtype,
  costConvention,
  costLabel,
  costValue,
  maxPathDepth,
  memoryEstimate,
  visibleRows,
  type DtypeName,
  type TableNode,
  type TableView,
  type VisibleRow,
} from '../../shapes/table';
import { h, initialState, showFatal, vscode } from '../shared/vscode';

let state: ShapesState = parseState(vscode.getState()) ?? initialState(parseState) ?? emptyState();
/** Row id that has keyboard focus (roving tabindex), kept across re-renders. */
let focusedId: string | undefined;
/** Inputs being edited and not yet applied, so a live refresh does not overwrite what the user is typing. */
let draft: { uri: string; model: string; settings: ModelSettings } | undefined;

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

function save(): void {
  vscode.setState(state);
}

function selectedModel(): ModelReport | undefined {
  return state.report?.models.find((m) => m.name === state.model);
}

type PendingModel = NonNullable<NonNullable<ShapesState['report']>['needsArguments']>[number];

/** The selected model when it waits for constructor arguments (the engine could not build it without them). */
function selectedPending(): PendingModel | undefined {
  if (selectedModel()) return undefined;
  return state.report?.needsArguments?.find((p) => p.name === state.model);
}

function setView(change: Partial<TableView>): void {
  state = { ...state, view: { ...state.view, ...change } };
  save();
  render();
}

// ---------------------------------------------------------------------------------------------- header and controls

function statusLine(): HTMLElement {
  const file = state.uri ? h('strong', { class: 'file-name', title: state.uri }, state.fileName) : h('strong', {}, 'No file');
  const badge =
    state.status === 'analysing'
      ? h('span', { class: 'badge', role: 'status' }, 'Analysing…')
      : state.status === 'stopped'
        ? h('span', { class: 'badge warning', role: 'status' }, 'Stopped')
        : undefined;
  return h('header', { class: 'file-line' }, h('span', { class: 'muted' }, 'Shapes of '), file, badge);
}

/** The typed shape for an input: the user's, or the model's own (from `# input:` or inferred). */
function inputDefaults(model: Pick<ModelReport, 'name' | 'input'>): { settings: ModelSettings; fromUser: boolean } {
  const saved = state.settings[model.name];
  if (draft && draft.uri === state.uri && draft.model === model.name) return { settings: draft.settings, fromUser: true };
  if (saved) return { settings: saved, fromUser: true };
  const shapes: JsonShape[] = model.input.length ? model.input : [null];
  return {
    settings: {
      inputs: shapes.map((s) => ({ shape: s === null ? '' : s.map(String).join(', '), dtype: 'float32' as DtypeName })),
      ctorArgs: '',
    },
    fromUser: false,
  };
}

function controls(analysed: ModelReport | undefined, pending?: PendingModel): HTMLElement {
  const models = state.report?.models ?? [];
  const waiting = (state.report?.needsArguments ?? []).filter((p) => !models.some((m) => m.name === p.name));
  const picker = h(
    'select',
    { id: 'model', 'aria-label': 'Model' },
    ...models.map((m) => h('option', { value: m.name, selected: m.name === state.model }, `${m.name} (${m.framework}, line ${m.line})`)),
    ...waiting.map((p) => h('option', { value: p.name, selected: p.name === state.model }, `${p.name} (line ${p.line}, needs ${p.params.join(', ')})`)),
  );
  picker.addEventListener('change', () => {
    draft = undefined;
    if (state.uri) post({ type: 'selectModel', uri: state.uri, model: picker.value });
  });
  const row1 = h('div', { class: 'toolbar' }, h('label', { for: 'model' }, 'Model'), picker);
  const model: Pick<ModelReport, 'name' | 'input'> | undefined = analysed ?? (pending && { name: pending.name, input: [] });
  if (!model) return h('section', { class: 'controls', 'aria-label': 'Calculator controls' }, row1);

  const { settings, fromUser } = inputDefaults(model);
  const form = h('form', { class: 'inputs', 'aria-label': `Inputs of ${model.name}` });
  const fields: Array<{ shape: HTMLInputElement; dtype: HTMLSelectElement }> = [];
  settings.inputs.forEach((input, i) => {
    const id = `input-${i}`;
    const label = settings.inputs.length > 1 ? `Input ${i + 1}` : 'Input';
    const shape = h('input', {
      id,
      type: 'text',
      value: input.shape,
      placeholder: 'e.g. 1, 3, 224, 224 or N, 3, H, W',
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-label': `${label} shape (sizes or names, comma-separated)`,
      size: '22',
    });
    const dtype = h('select', { 'aria-label': `${label} dtype` }, ...DTYPES.map((d) => h('option', { value: d, selected: d === input.dtype }, d)));
    fields.push({ shape, dtype });
    form.append(h('span', { class: 'field' }, h('label', { for: id }, label), shape, dtype));
  });
  const ctor = h('input', {
    id: 'ctor',
    type: 'text',
    value: settings.ctorArgs,
    placeholder: state.ctorArgsSupported ? 'e.g. upscale_factor=3' : 'not available',
    spellcheck: 'false',
    autocomplete: 'off',
    disabled: !state.ctorArgsSupported,
    'aria-label': `Constructor arguments for ${model.name}(…)`,
    size: '22',
  });
  form.append(h('span', { class: 'field' }, h('label', { for: 'ctor' }, `${model.name}(`), ctor, h('span', { 'aria-hidden': 'true' }, ')')));
  const current = (): ModelSettings => ({
    inputs: fields.map((f): InputSetting => ({ shape: f.shape.value, dtype: f.dtype.value as DtypeName })),
    ctorArgs: ctor.value,
  });
  const apply = h('button', { type: 'submit' }, 'Apply');
  const reset = h('button', { type: 'button', class: 'secondary', disabled: !fromUser, title: 'Use the shape from the file’s # input: comment (or the inferred one)' }, 'Reset');
  form.append(apply, reset);
  form.addEventListener('input', () => {
    if (state.uri) draft = { uri: state.uri, model: model.name, settings: current() };
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const uri = state.uri;
    if (!uri) return;
    const settingsNow = current();
    draft = undefined;
    state = { ...state, settings: { ...state.settings, [model.name]: settingsNow } };
    save();
    post({ type: 'setInputs', uri, model: model.name, settings: settingsNow });
  });
  // The dtype only changes the memory estimates: apply it at once.
  for (const f of fields) f.dtype.addEventListener('change', () => form.requestSubmit());
  reset.addEventListener('click', () => {
    draft = undefined;
    if (state.uri) post({ type: 'resetInputs', uri: state.uri, model: model.name });
  });
  const notes: HTMLElement[] = [];
  for (const e of state.inputErrors[model.name] ?? []) notes.push(h('p', { class: 'error', role: 'alert' }, e));
  if (!state.ctorArgsSupported) notes.push(h('p', { class: 'muted' }, 'Constructor arguments need a newer shape engine; the model is built with its defaults.'));
  if (pending) {
    notes.unshift(
      h('p', { class: 'note', role: 'status' }, `${pending.name}(${pending.params.join(', ')}) needs constructor arguments before it can be analysed: type them after “${pending.name}(”, e.g. ${pending.params.map((p) => `${p}=…`).join(', ')}, and press Enter.`),
    );
  }
  notes.push(h('p', { class: 'muted hint' }, inputHint(analysed, fromUser)));
  return h('section', { class: 'controls', 'aria-label': 'Calculator controls' }, row1, form, ...notes);
}

/** Where the input shape shown comes from, in a sentence. */
function inputHint(model: ModelReport | undefined, fromUser: boolean): string {
  if (fromUser) return 'Your inputs, remembered for this file and model. Reset returns to the file’s own.';
  const source = model?.inputSource;
  if (!source || source.kind === 'unknown') return 'The input shape is unknown: type one (e.g. 1, 3, 224, 224 or N, 3, H, W) and press Enter.';
  return `Input from the file: ${source.label.replace(/`/g, '')}. Edit and press Enter to try another shape.`;
}

function viewToolbar(model: ModelReport): HTMLElement {
  const maxDepth = maxPathDepth(model);
  const depth = h('input', { id: 'depth', type: 'number', min: '1', max: String(maxDepth), value: String(Math.min(state.view.maxDepth, maxDepth)), 'aria-label': 'Depth: show module paths down to this nesting level' });
  depth.addEventListener('change', () => {
    const n = Math.round(Number(depth.value));
    if (Number.isFinite(n) && n >= 1) setView({ maxDepth: Math.min(n, 32) });
  });
  const fold = h('input', { id: 'fold', type: 'checkbox', checked: state.view.foldRepeats });
  fold.addEventListener('change', () => setView({ foldRepeats: fold.checked }));
  const seg = h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Cost unit' });
  for (const flops of [false, true]) {
    const b = h('button', { type: 'button', role: 'radio', 'aria-checked': String(state.view.flops === flops), title: costConvention({ flops }) }, flops ? 'FLOPs' : 'MACs');
    b.addEventListener('click', () => setView({ flops }));
    b.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
        e.preventDefault();
        setView({ flops: !state.view.flops });
        document.querySelector<HTMLButtonElement>('.segmented [aria-checked="true"]')?.focus();
      }
    });
    seg.append(b);
  }
  const copy = h('span', { class: 'copy', role: 'group', 'aria-label': 'Copy the table' }, h('span', { class: 'muted' }, 'Copy'));
  for (const [format, label] of [
    ['markdown', 'Markdown'],
    ['csv', 'CSV'],
    ['json', 'JSON'],
  ] as const) {
    const b = h('button', { type: 'button', class: 'secondary', 'aria-label': `Copy as ${label}` }, label);
    b.addEventListener('click', () => {
      if (state.uri) post({ type: 'copy', uri: state.uri, model: model.name, format, view: state.view });
    });
    copy.append(b);
  }
  return h(
    'div',
    { class: 'toolbar view-toolbar' },
    h('label', { for: 'depth' }, 'Depth'),
    depth,
    h('span', { class: 'field' }, fold, h('label', { for: 'fold' }, 'Fold repeated blocks (×N)')),
    seg,
    copy,
  );
}

// ---------------------------------------------------------------------------------------------- the table

function containsRow(node: TableNode, index: number): boolean {
  return node.rowIndex === index || node.children.some((c) => containsRow(c, index));
}

/** The visible row that stands for the layer under the editor's cursor (itself, or a folded/collapsed ancestor). */
function highlightedId(rows: readonly VisibleRow[]): string | undefined {
  const index = state.highlight;
  if (index === null) return undefined;
  let best: VisibleRow | undefined;
  for (const r of rows) if (containsRow(r.node, index) && (!best || r.level > best.level)) best = r;
  return best?.node.id;
}

function severityOf(diags: readonly Diagnostic[]): 'error' | 'warning' | 'info' | undefined {
  if (diags.some((d) => d.severity === 'error')) return 'error';
  if (diags.some((d) => d.severity === 'warning')) return 'warning';
  return diags.length ? 'info' : undefined;
}

function toggle(id: string): void {
  const toggled = new Set(state.view.toggled);
  if (toggled.has(id)) toggled.delete(id);
  else toggled.add(id);
  setView({ toggled: [...toggled] });
}

function reveal(node: TableNode): void {
  if (state.uri && node.range) post({ type: 'reveal', uri: state.uri, range: node.range });
}

function table(model: ModelReport, rows: readonly VisibleRow[]): HTMLElement {
  const showTrainable = Number(model.nonTrainableParams) > 0 || model.layers.some((r) => Number(r.nonTrainable ?? 0) > 0);
  const cost = costLabel(state.view);
  const head = h(
    'tr',
    { role: 'row' },
    h('th', { role: 'columnheader', scope: 'col' }, 'Layer'),
    h('th', { role: 'columnheader', scope: 'col' }, 'Type'),
    h('th', { role: 'columnheader', scope: 'col', class: 'input-col' }, 'Input'),
    h('th', { role: 'columnheader', scope: 'col' }, 'Output'),
    h('th', { role: 'columnheader', scope: 'col', class: 'num' }, 'Params'),
    showTrainable ? h('th', { role: 'columnheader', scope: 'col', class: 'num' }, 'Trainable') : undefined,
    h('th', { role: 'columnheader', scope: 'col', class: 'num', title: costConvention(state.view) }, cost),
  );
  const columns = showTrainable ? 7 : 6;
  const body = h('tbody', {});
  const lit = highlightedId(rows);
  const ids = rows.map((r) => r.node.id);
  if (!focusedId || !ids.includes(focusedId)) focusedId = lit ?? ids[0];
  for (const r of rows) {
    const n = r.node;
    const sev = severityOf(n.diagnostics);
    const expander = r.expandable
      ? h('span', { class: `twisty codicon ${r.expanded ? 'open' : ''}`, 'aria-hidden': 'true' }, r.expanded ? '▾' : '▸')
      : h('span', { class: 'twisty', 'aria-hidden': 'true' });
    const name = n.label;
    const type = n.kind === 'repeat' ? `${n.type} ×${n.count}` : n.kind === 'group' ? '—' : n.type;
    const tr = h(
      'tr',
      {
        role: 'row',
        'data-id': n.id,
        'aria-level': String(r.level),
        'aria-posinset': String(r.posInSet),
        'aria-setsize': String(r.setSize),
        'aria-expanded': r.expandable ? String(r.expanded) : undefined,
        'aria-selected': String(n.id === lit),
        tabindex: n.id === focusedId ? '0' : '-1',
        class: [n.kind, sev ? `diag-${sev}` : '', n.id === lit ? 'cursor' : ''].filter(Boolean).join(' '),
        title: n.range ? `Line ${n.range.line}: click or press Enter to show it in the editor` : 'A container: its items are called one by one',
      },
      h('td', { role: 'gridcell', class: 'path' }, expander, h('code', {}, name)),
      h('td', { role: 'gridcell', class: 'type' }, type),
      h('td', { role: 'gridcell', class: 'shape input-col' }, n.kind === 'group' && !n.input.length ? '' : formatShapes(n.input)),
      h('td', { role: 'gridcell', class: 'shape' }, formatShape(n.output)),
      h('td', { role: 'gridcell', class: 'num' }, formatCount(n.params)),
      showTrainable ? h('td', { role: 'gridcell', class: 'num' }, formatCount(n.trainable)) : undefined,
      h('td', { role: 'gridcell', class: `num ${costValue(n.macs, state.view) === null ? 'unknown' : ''}` }, formatCount(costValue(n.macs, state.view))),
    );
    (tr.firstElementChild as HTMLElement).style.setProperty('--level', String(r.level - 1));
    body.append(tr);
    if (sev && (n.kind === 'layer' || !r.expanded)) {
      for (const d of n.kind === 'layer' ? n.diagnostics : n.diagnostics.slice(0, 3)) {
        const msg = h(
          'tr',
          { class: `diag-row diag-${d.severity}`, role: 'row', 'aria-level': String(r.level + 1) },
          h('td', { role: 'gridcell', colspan: String(columns) }, h('span', { class: 'sev' }, `${d.severity} · line ${d.line}: `), d.message),
        );
        (msg.firstElementChild as HTMLElement).style.setProperty('--level', String(r.level));
        body.append(msg);
      }
    }
  }
  const grid = h('table', { role: 'treegrid', id: 'layers', 'aria-label': `Layers of ${model.name}: arrow keys move, Enter shows the layer in the editor, Left and Right fold` }, h('thead', {}, head), body);
  grid.addEventListener('click', (e) => {
    const tr = (e.target as HTMLElement).closest<HTMLTableRowElement>('tr[data-id]');
    if (!tr) return;
    const row = rows.find((r) => r.node.id === tr.dataset.id);
    if (!row) return;
    focusedId = row.node.id;
    if ((e.target as HTMLElement).closest('.twisty') && row.expandable) toggle(row.node.id);
    else reveal(row.node);
  });
  grid.addEventListener('keydown', (e) => onGridKey(e, rows));
  return grid;
}

function focusRow(id: string | undefined): void {
  if (!id) return;
  focusedId = id;
  for (const tr of document.querySelectorAll<HTMLTableRowElement>('tr[data-id]')) tr.tabIndex = tr.dataset.id === id ? 0 : -1;
  document.querySelector<HTMLTableRowElement>(`tr[data-id="${CSS.escape(id)}"]`)?.focus();
}

function onGridKey(e: KeyboardEvent, rows: readonly VisibleRow[]): void {
  const tr = (e.target as HTMLElement).closest<HTMLTableRowElement>('tr[data-id]');
  if (!tr) return;
  const i = rows.findIndex((r) => r.node.id === tr.dataset.id);
  if (i < 0) return;
  const row = rows[i];
  const parent = (): VisibleRow | undefined => {
    for (let j = i - 1; j >= 0; j--) if (rows[j].level < row.level) return rows[j];
    return undefined;
  };
  switch (e.key) {
    case 'ArrowDown':
      focusRow(rows[Math.min(i + 1, rows.length - 1)].node.id);
      break;
    case 'ArrowUp':
      focusRow(rows[Math.max(i - 1, 0)].node.id);
      break;
    case 'Home':
      focusRow(rows[0].node.id);
      break;
    case 'End':
      focusRow(rows[rows.length - 1].node.id);
      break;
    case 'ArrowRight':
      if (row.expandable && !row.expanded) toggle(row.node.id);
      else if (row.expanded) focusRow(rows[i + 1]?.node.id);
      break;
    case 'ArrowLeft':
      if (row.expandable && row.expanded) toggle(row.node.id);
      else focusRow(parent()?.node.id);
      break;
    case 'Enter':
    case ' ':
      reveal(row.node);
      break;
    default:
      return;
  }
  e.preventDefault();
}

// ---------------------------------------------------------------------------------------------- totals and notes

function totals(model: ModelReport): HTMLElement {
  const settings = state.settings[model.name];
  const dtype = computeDtype(settings?.inputs.map((i) => i.dtype) ?? []);
  const mem = memoryEstimate(model, dtype);
  const cost = costLabel(state.view);
  const item = (term: string, value: string, detail?: string) => [h('dt', {}, term), h('dd', {}, h('span', { class: 'value' }, value), detail ? h('span', { class: 'muted detail' }, ` ${detail}`) : undefined)];
  const t = mem.training;
  const list = h(
    'dl',
    { class: 'totals-list' },
    ...item('Parameters', formatCount(model.totalParams), `trainable ${formatCount(model.trainableParams)} · non-trainable ${formatCount(model.nonTrainableParams)}`),
    ...item(cost, formatCount(costValue(model.macs, state.view)), state.view.flops ? '(FLOPs = 2 × MACs)' : '(multiply-accumulates; FLOPs = 2 × MACs)'),
    ...item(`Parameter memory`, formatBytes(mem.parameters), `${mem.dtype}, ${mem.bytesPerElement} bytes each`),
    ...item('Activations, inference', formatBytes(mem.activations), 'estimate: every leaf output of one forward pass'),
    ...item('Training with Adam', formatBytes(t.total), `estimate: weights ${formatBytes(t.weights)} + gradients ${formatBytes(t.gradients)} + Adam state ${formatBytes(t.adam)} + saved activations ${formatBytes(t.savedActivations)}`),
    ...(model.receptiveField ? item('Receptive field', `${model.receptiveField.size}`, `input pixels (outputs ${model.receptiveField.jump} apart)`) : []),
  );
  const assumptions = h('details', { class: 'assumptions' }, h('summary', {}, 'Assumptions'), h('ul', {}, ...mem.assumptions.map((a) => h('li', {}, a)), h('li', {}, costConvention(state.view))));
  return h('section', { class: 'totals', 'aria-label': `Totals of ${model.name}` }, h('h2', {}, 'Totals'), list, assumptions);
}

/** Diagnostics not shown on a visible row: file-level ones (parse problems) and those of hidden or no rows. */
function problems(model: ModelReport | undefined, rows: readonly VisibleRow[]): HTMLElement | undefined {
  const onRows = new Set<Diagnostic>();
  for (const r of rows) if (r.node.kind === 'layer' || !r.expanded) for (const d of r.node.diagnostics) onRows.add(d);
  const rest = [...(state.report?.diagnostics ?? []), ...(model?.diagnostics ?? []).filter((d) => !onRows.has(d))];
  if (!rest.length) return undefined;
  const list = h('ul', { class: 'problems' });
  for (const d of rest) {
    const link = h('a', { href: '#', class: `diag-${d.severity}`, 'aria-label': `${d.severity} at line ${d.line}: ${d.message}. Show in editor` }, `${d.severity} · line ${d.line}:${d.column}`);
    link.addEventListener('click', (e) => {
      e.preventDefault();
      if (state.uri) post({ type: 'reveal', uri: state.uri, range: { line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn } });
    });
    list.append(h('li', {}, link, ' ', d.message));
  }
  return h('section', { class: 'problems-section', 'aria-label': 'Problems' }, h('h2', {}, 'Problems'), list);
}

function emptyNoModels(): HTMLElement {
  return h(
    'section',
    { class: 'empty' },
    h('h2', {}, `No models in ${state.fileName || 'this file'} yet`),
    h('p', {}, 'The calculator shows PyTorch nn.Module subclasses, nn.Sequential assignments, functions that return one, and Keras Sequential or functional models. For example:'),
    h('pre', {}, h('code', {}, '# input: [1, 3, 224, 224]\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 64, 3, stride=2, padding=1)\n\n    def forward(self, x):\n        return self.conv(x)')),
    h('p', { class: 'muted' }, 'The table appears as you type; the # input: comment gives the input shape.'),
  );
}

// ---------------------------------------------------------------------------------------------- page

function render(): void {
  const app = document.getElementById('app');
  if (!app) return;
  const hadFocus = document.activeElement?.closest('tr[data-id]') !== null && document.activeElement?.closest('tr[data-id]') !== undefined;
  const activeId = document.activeElement?.id;
  const parts: Array<HTMLElement | undefined> = [statusLine()];
  if (state.note && state.status !== 'ready' && state.status !== 'analysing') parts.push(h('p', { class: `note ${state.status}`, role: 'status' }, state.note));
  const model = selectedModel();
  if (!state.uri) parts.push(h('section', { class: 'empty' }, h('p', {}, state.note || 'Open a Python file with a PyTorch or Keras model.')));
  else if (state.report && !model && selectedPending()) {
    parts.push(controls(undefined, selectedPending()), problems(undefined, []));
  } else if (state.report && state.report.models.length === 0) {
    parts.push(emptyNoModels(), problems(undefined, []));
  } else if (state.report && model) {
    const rows = visibleRows(buildTree(model), state.view);
    parts.push(controls(model));
    parts.push(
      h(
        'p',
        { class: 'io' },
        h('span', { class: 'muted' }, 'Input '),
        h('code', {}, formatShapes(model.input)),
        h('span', { class: 'muted' }, ' → output '),
        h('code', {}, formatShape(model.output)),
        model.complete ? undefined : h('span', { class: 'badge warning', title: 'Some numbers are unknown or the analysis stopped early: see Problems' }, 'partial'),
      ),
    );
    parts.push(viewToolbar(model));
    parts.push(rows.length ? h('div', { class: 'grid-wrap' }, table(model, rows)) : h('p', { class: 'muted' }, 'This model has no layers (yet).'));
    parts.push(problems(model, rows), totals(model));
  } else if (state.report) parts.push(controls(undefined));
  parts.push(h('p', { id: 'announce', class: 'visually-hidden', 'aria-live': 'polite' }));
  app.replaceChildren(...parts.filter((p): p is HTMLElement => p !== undefined));
  app.removeAttribute('aria-busy');
  if (hadFocus) focusRow(focusedId);
  else if (activeId) document.getElementById(activeId)?.focus();
  document.querySelector('tr.cursor')?.scrollIntoView({ block: 'nearest' });
}

function announce(text: string): void {
  const live = document.getElementById('announce');
  if (live) live.textContent = text;
  const toast = document.querySelector('.copy');
  if (toast) {
    toast.querySelector('.copied')?.remove();
    toast.append(h('span', { class: 'copied muted', 'aria-hidden': 'true' }, text));
  }
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (typeof message !== 'object' || message === null) return;
  switch (message.type) {
    case 'show': {
      const doc = parseDocumentState(message.state);
      if (!doc) return;
      if (doc.uri !== state.uri) {
        draft = undefined;
        focusedId = undefined;
      }
      state = { ...doc, view: state.view };
      save();
      render();
      return;
    }
    case 'highlight':
      if (message.uri !== state.uri || message.model !== state.model) return;
      state = { ...state, highlight: message.rowIndex };
      save();
      render();
      return;
    case 'copied':
      announce(message.ok ? `Copied as ${message.format === 'markdown' ? 'Markdown' : message.format.toUpperCase()}` : 'Nothing to copy');
      return;
    default: {
      const unhandled: never = message;
      void unhandled;
    }
  }
});

try {
  render();
  post({ type: 'ready', uri: state.uri });
} catch (error) {
  showFatal(`The shape calculator failed to render: ${(error as Error).message}`);
}
