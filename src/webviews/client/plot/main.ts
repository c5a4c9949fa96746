/**
 * The activation plot panel (webview side): activation picker, f / f′ toggles, x-range, parameter sliders,
 * legend, crosshair readout and the value table (the plot's text alternative). Every number comes from the
 * engine's activation module; state is saved with setState so a reload restores the same plot.
 */
import { ACTIVATION_LIST, activation, sanitizeParams, type ActivationId } from '../../../engine/activations';
import {
  assertNever,
  defaultPlotState,
  MAX_CURVES,
  parsePlotState,
  X_LIMIT,
  type PlotFromWebview,
  type PlotState,
  type PlotToWebview,
} from '../../plot/messages';
import { h, initialState, showFatal, vscode } from '../shared/vscode';
import { ActivationChart, formatNumber, ticks, type Readout } from './chart';

function post(message: PlotFromWebview): void {
  vscode.postMessage(message);
}

let state: PlotState = parsePlotState(vscode.getState()) ?? initialState(parsePlotState) ?? defaultPlotState(['gelu']);
let chart: ActivationChart | undefined;

const app = document.getElementById('app')!;
const picker = h('div', { class: 'picker', role: 'group', 'aria-label': 'Activations to plot' });
const legend = h('ul', { class: 'legend', 'aria-label': 'Curves' });
const sliders = h('div', { class: 'sliders' });
const readoutBox = h('div', { class: 'readout', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
const tableBox = h('details', { class: 'values' });
const chartBox = h('div', { class: 'chart-box' });
const showF = h('input', { type: 'checkbox', id: 'show-f' });
const showDf = h('input', { type: 'checkbox', id: 'show-df' });
const xFrom = h('input', { type: 'number', id: 'x-from', step: 'any', 'aria-label': 'x from' });
const xTo = h('input', { type: 'number', id: 'x-to', step: 'any', 'aria-label': 'x to' });

/**
 * `viewOnly`: only the visible window changed (zoom, pan, x-range), so the picker, legend and sliders stay
 * as they are and only the chart and the value table are redrawn (this keeps zoom and pan at frame rate).
 */
function setState(next: PlotState, options: { notify?: boolean; viewOnly?: boolean } = {}): void {
  state = next;
  vscode.setState(state);
  render(options.notify ?? true, options.viewOnly ?? false);
}

function curveColorClass(index: number): string {
  return `swatch curve-${index}`;
}

function buildStaticControls(): void {
  const resetView = h('button', { type: 'button', class: 'secondary', title: 'Reset the view (0)' }, 'Reset view');
  resetView.addEventListener('click', () => setState({ ...state, x: [-5, 5], y: undefined }));
  showF.addEventListener('change', () => setState({ ...state, showF: showF.checked }));
  showDf.addEventListener('change', () => setState({ ...state, showDf: showDf.checked }));
  const applyRange = () => {
    const a = Number(xFrom.value);
    const b = Number(xTo.value);
    if (Number.isFinite(a) && Number.isFinite(b) && a < b && Math.abs(a) <= X_LIMIT && Math.abs(b) <= X_LIMIT) {
      xFrom.removeAttribute('aria-invalid');
      xTo.removeAttribute('aria-invalid');
      setState({ ...state, x: [a, b], y: undefined });
    } else {
      xFrom.setAttribute('aria-invalid', 'true');
      xTo.setAttribute('aria-invalid', 'true');
    }
  };
  xFrom.addEventListener('change', applyRange);
  xTo.addEventListener('change', applyRange);
  tableBox.addEventListener('toggle', () => {
    if (tableBox.open !== state.table) setState({ ...state, table: tableBox.open }, { notify: false, viewOnly: true });
  });

  const controls = h(
    'div',
    { class: 'toolbar controls' },
    h('label', { class: 'check' }, showF, ' f(x)'),
    h('label', { class: 'check' }, showDf, ' f′(x) ', h('span', { class: 'muted' }, '(dashed)')),
    h('span', { class: 'sep', 'aria-hidden': 'true' }),
    h('label', { for: 'x-from' }, 'x from'),
    xFrom,
    h('label', { for: 'x-to' }, 'to'),
    xTo,
    resetView,
  );
  const help = h('p', { class: 'muted help' }, 'Drag to pan, scroll to zoom, double-click to reset. With the plot focused: ←/→ crosshair, +/− zoom, Shift+arrows pan, 0 reset.');
  app.replaceChildren(
    h('h1', {}, 'Activation functions'),
    picker,
    controls,
    h('div', { class: 'plot-layout' }, chartBox, h('div', { class: 'side' }, legend, readoutBox)),
    help,
    sliders,
    tableBox,
  );
  app.removeAttribute('aria-busy');
  chart = new ActivationChart(
    chartBox,
    state,
    {
      onView: (x, y) => setState({ ...state, x, y }, { notify: false, viewOnly: true }),
      onCrosshair: (r) => renderReadout(r),
    },
    'Activation plot',
  );
}

function toggleCurve(id: ActivationId): void {
  const present = state.curves.some((c) => c.id === id);
  if (present) setState({ ...state, curves: state.curves.filter((c) => c.id !== id) });
  else if (state.curves.length < MAX_CURVES) setState({ ...state, curves: [...state.curves, { id, params: sanitizeParams(activation(id), {}) }] });
}

function renderPicker(): void {
  const full = state.curves.length >= MAX_CURVES;
  picker.replaceChildren(
    ...ACTIVATION_LIST.map((a) => {
      const on = state.curves.some((c) => c.id === a.id);
      const b = h('button', { type: 'button', class: 'chip', 'aria-pressed': String(on), 'data-activation': a.id, title: a.formula, disabled: !on && full }, a.name);
      b.addEventListener('click', () => toggleCurve(a.id));
      return b;
    }),
  );
}

function renderLegend(): void {
  legend.replaceChildren(
    ...state.curves.map((c, index) => {
      const a = activation(c.id);
      const hide = h('input', { type: 'checkbox', 'aria-label': `Show ${a.name}` });
      hide.checked = !c.hidden;
      hide.addEventListener('change', () =>
        setState({ ...state, curves: state.curves.map((k, i) => (i === index ? { ...k, hidden: hide.checked ? undefined : true } : k)) }),
      );
      const remove = h('button', { type: 'button', class: 'icon', 'aria-label': `Remove ${a.name}`, title: 'Remove' }, '×');
      remove.addEventListener('click', () => toggleCurve(c.id));
      const card = h('button', { type: 'button', class: 'link', title: `Open the card about ${a.name}` }, 'card');
      card.addEventListener('click', () => post({ type: 'openCard', id: c.id }));
      return h(
        'li',
        { 'data-activation': c.id },
        hide,
        h('span', { class: curveColorClass(index), 'aria-hidden': 'true' }),
        h('span', { class: 'name' }, a.name),
        card,
        remove,
        h('code', { class: 'formula' }, a.formula),
      );
    }),
  );
  if (state.curves.length === 0) legend.append(h('li', { class: 'muted' }, 'Pick an activation above.'));
}

function renderSliders(): void {
  const groups = state.curves.flatMap((c, index) => {
    const a = activation(c.id);
    if (a.params.length === 0) return [];
    return [
      h(
        'fieldset',
        { class: 'params' },
        h('legend', {}, h('span', { class: curveColorClass(index), 'aria-hidden': 'true' }), ` ${a.name}`),
        ...a.params.map((spec) => {
          const id = `p-${c.id}-${spec.name}`;
          const value = c.params[spec.name] ?? spec.default;
          const range = h('input', { type: 'range', id, min: String(spec.min), max: String(spec.max), step: String(spec.step), value: String(value) });
          const out = h('output', { for: id }, formatNumber(value));
          const reset = h('button', { type: 'button', class: 'icon', title: `Default ${spec.default}`, 'aria-label': `Reset ${spec.label} to ${spec.default}` }, '↺');
          const apply = (v: number) =>
            setState({ ...state, curves: state.curves.map((k) => (k.id === c.id ? { ...k, params: sanitizeParams(a, { ...k.params, [spec.name]: v }) } : k)) }, { notify: false });
          range.addEventListener('input', () => {
            out.textContent = formatNumber(Number(range.value));
            apply(Number(range.value));
          });
          reset.addEventListener('click', () => {
            apply(spec.default);
            renderSliders();
          });
          return h('div', { class: 'param' }, h('label', { for: id }, spec.label), range, out, reset);
        }),
      ),
    ];
  });
  sliders.replaceChildren(...(groups.length ? [h('h2', {}, 'Parameters'), ...groups] : []));
}

function renderReadout(r: Readout | undefined): void {
  if (!r) {
    readoutBox.replaceChildren(h('p', { class: 'muted' }, 'Move over the plot (or focus it and use ←/→) to read values.'));
    return;
  }
  readoutBox.replaceChildren(
    h('div', { class: 'readout-x' }, `x = ${formatNumber(r.x, 6)}`),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', { class: 'num' }, 'f(x)'), h('th', { class: 'num' }, 'f′(x)'))),
      h(
        'tbody',
        {},
        ...r.rows.map((row) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, h('span', { class: curveColorClass(row.index), 'aria-hidden': 'true' }), ` ${row.name}`),
            h('td', { class: 'num' }, formatNumber(row.f, 6)),
            h('td', { class: 'num' }, formatNumber(row.df, 6)),
          ),
        ),
      ),
    ),
  );
}

/** The value table: the same numbers as the plot, at the tick positions of the current x-range. */
function renderTable(): void {
  if (!state.table) {
    // Collapsed: only the summary (the rows are built when it is opened).
    if (tableBox.childElementCount !== 1) tableBox.replaceChildren(h('summary', {}, 'Values (table)'));
    tableBox.open = false;
    return;
  }
  const curves = state.curves.filter((c) => !c.hidden);
  const xs = ticks(state.x[0], state.x[1], 10);
  const header = h(
    'tr',
    {},
    h('th', { class: 'num', scope: 'col' }, 'x'),
    ...curves.flatMap((c) => {
      const name = activation(c.id).name;
      return [h('th', { class: 'num', scope: 'col' }, `${name} f(x)`), h('th', { class: 'num', scope: 'col' }, `${name} f′(x)`)];
    }),
  );
  const rows = xs.map((x) =>
    h(
      'tr',
      {},
      h('th', { class: 'num', scope: 'row' }, formatNumber(x, 6)),
      ...curves.flatMap((c) => {
        const a = activation(c.id);
        return [h('td', { class: 'num' }, formatNumber(a.f(x, c.params), 6)), h('td', { class: 'num' }, formatNumber(a.df(x, c.params), 6))];
      }),
    ),
  );
  tableBox.replaceChildren(
    h('summary', {}, 'Values (table)'),
    curves.length ? h('table', { class: 'value-table' }, h('caption', { class: 'visually-hidden' }, 'Activation values'), h('thead', {}, header), h('tbody', {}, ...rows)) : h('p', { class: 'muted' }, 'No curves.'),
  );
  tableBox.open = state.table;
}

function render(notify: boolean, viewOnly = false): void {
  showF.checked = state.showF;
  showDf.checked = state.showDf;
  if (document.activeElement !== xFrom) xFrom.value = String(Number(state.x[0].toPrecision(6)));
  if (document.activeElement !== xTo) xTo.value = String(Number(state.x[1].toPrecision(6)));
  if (!viewOnly) {
    renderPicker();
    renderLegend();
    if (!sliders.contains(document.activeElement)) renderSliders();
  }
  renderTable();
  chart!.setState(state);
  const result = chart!.render();
  if (notify) {
    requestAnimationFrame(() =>
      post({ type: 'rendered', curves: state.curves.filter((c) => !c.hidden).map((c) => c.id), paths: result.paths, ms: Math.round(performance.now()) }),
    );
  }
}

window.addEventListener('message', (event: MessageEvent<PlotToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'add': {
      if (!state.curves.some((c) => c.id === message.id)) {
        const curves = [...state.curves, { id: message.id, params: sanitizeParams(activation(message.id), {}) }].slice(-MAX_CURVES);
        setState({ ...state, curves });
      } else setState({ ...state, curves: state.curves.map((c) => (c.id === message.id ? { ...c, hidden: undefined } : c)) });
      return;
    }
    case 'set': {
      const next = parsePlotState(message.state);
      if (next) setState(next);
      return;
    }
    default:
      assertNever(message);
  }
});

try {
  buildStaticControls();
  vscode.setState(state);
  render(true);
  renderReadout(undefined);
  post({ type: 'ready' });
} catch (error) {
  showFatal(`The plot failed to render: ${(error as Error).message}`);
}
