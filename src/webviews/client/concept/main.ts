/**
 * The concept card panel (webview side): renders a card from its CardView, keeps back/forward history, the
 * Simple/Full toggle, copy buttons on code blocks, related-card links that navigate inside the panel, and the
 * live plot on activation cards.
 */
import type { ActivationId } from '../../../engine/activations';
import {
  assertNever,
  MAX_HISTORY,
  parseConceptNav,
  type AnyCardView,
  type CardRef,
  type CardView,
  type ConceptFromWebview,
  type ConceptNav,
  type ConceptPage,
  type ConceptToWebview,
  type Detail,
} from '../../concept/messages';
import type { WorkedExample } from '../../concept/workedExamples';
import { defaultPlotState, type PlotState } from '../../plot/messages';
import { ActivationChart } from '../plot/chart';
import { h, showFatal, vscode } from '../shared/vscode';
import { codeBlock, createMarkdown, highlightPython, renderMath } from './markdown';

/** Applies the styles renderMath() moved into data attributes (see markdown.ts). */
export function applyKatexStyles(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-katex-style]')) {
    el.style.cssText = el.dataset.katexStyle ?? '';
    el.removeAttribute('data-katex-style');
  }
}

function post(message: ConceptFromWebview): void {
  vscode.postMessage(message);
}

const md = createMarkdown();
const app = document.getElementById('app')!;

/** The page as saved; the view is whatever the extension sent last. */
function readInitial(): ConceptPage | undefined {
  try {
    const raw = JSON.parse(document.body.dataset.state ?? 'null') as { nav?: unknown; view?: AnyCardView } | null;
    const nav = raw && parseConceptNav(raw.nav);
    return nav && raw.view ? { nav, view: raw.view } : undefined;
  } catch {
    return undefined;
  }
}

let page: ConceptPage;
let chart: ActivationChart | undefined;
let plotState: PlotState | undefined;
let navStarted = 0;

function save(): void {
  vscode.setState(page);
}

function markdown(text: string): HTMLElement {
  const div = h('div', { class: 'markdown' });
  // markdown-it runs with html: false and KaTeX with trust: false, so this HTML holds no markup from the card.
  div.innerHTML = md.render(text);
  return div;
}

function section(title: string, cls: string, ...children: Array<Node | undefined | false>): HTMLElement {
  const id = `s-${cls}`;
  return h('section', { class: `card-section ${cls}`, 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

function cardLink(ref: CardRef): HTMLElement {
  const a = h('a', { href: `#${ref.id}`, 'data-card': ref.id }, ref.title);
  return a;
}

function navigate(id: string): void {
  const history = [...page.nav.history.slice(0, page.nav.index + 1), id].slice(-MAX_HISTORY);
  page = { ...page, nav: { ...page.nav, history, index: history.length - 1 } };
  save();
  requestCard(id);
}

function go(delta: -1 | 1): void {
  const index = page.nav.index + delta;
  if (index < 0 || index >= page.nav.history.length) return;
  page = { ...page, nav: { ...page.nav, index } };
  save();
  requestCard(page.nav.history[index]);
}

function requestCard(id: string): void {
  navStarted = performance.now();
  app.setAttribute('aria-busy', 'true');
  post({ type: 'load', id });
}

function setDetail(detail: Detail): void {
  if (detail === page.nav.detail) return;
  page = { ...page, nav: { ...page.nav, detail } };
  save();
  post({ type: 'setDetail', detail });
  render();
}

function toolbar(view: AnyCardView): HTMLElement {
  const back = h('button', { type: 'button', class: 'icon', 'aria-label': 'Back', title: 'Back (Alt+←)', disabled: page.nav.index === 0 }, '←');
  const forward = h('button', { type: 'button', class: 'icon', 'aria-label': 'Forward', title: 'Forward (Alt+→)', disabled: page.nav.index >= page.nav.history.length - 1 }, '→');
  back.addEventListener('click', () => go(-1));
  forward.addEventListener('click', () => go(1));
  const bar = h('div', { class: 'toolbar nav', role: 'toolbar', 'aria-label': 'Card navigation' }, back, forward);
  if (view.kind === 'concept') {
    const group = h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Explanation' });
    for (const detail of ['simple', 'full'] as const) {
      const checked = page.nav.detail === detail;
      const b = h('button', { type: 'button', role: 'radio', 'aria-checked': String(checked), tabindex: checked ? '0' : '-1', 'data-detail': detail }, detail === 'simple' ? 'Simple' : 'Full');
      b.addEventListener('click', () => setDetail(detail));
      b.addEventListener('keydown', (e) => {
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          e.preventDefault();
          setDetail(detail === 'simple' ? 'full' : 'simple');
          (app.querySelector(`[data-detail="${page.nav.detail}"]`) as HTMLElement | null)?.focus();
        }
      });
      group.append(b);
    }
    bar.append(group);
  }
  if (view.kind !== 'missing') {
    const sidebar = h('button', { type: 'button', class: 'link', title: 'Reveal in the ML Lens Concepts view' }, 'Show in sidebar');
    sidebar.addEventListener('click', () => post({ type: 'showInSidebar', id: view.id }));
    bar.append(sidebar);
    if (view.activations.length) {
      const plot = h('button', { type: 'button', class: 'link', title: 'Open in the activation plot panel' }, 'Open plot panel');
      plot.addEventListener('click', () => post({ type: 'openPlot', activations: [...view.activations] }));
      bar.append(plot);
    }
  }
  return bar;
}

function workedExample(ex: WorkedExample): HTMLElement {
  const code = h('div', {});
  code.innerHTML = codeBlock(highlightPython(ex.code), 'python', ex.code);
  const rows: Array<[string, string]> = [['Input', ex.input]];
  rows.push(['Output', ex.output ?? 'unknown']);
  rows.push(['Parameters', ex.params === undefined ? 'unknown' : ex.params.toLocaleString('en-US')]);
  if (ex.macs !== undefined) rows.push(['MACs', ex.macs.toLocaleString('en-US')]);
  return h(
    'div',
    { class: 'worked-example', 'data-symbol': ex.symbol },
    code,
    h('table', { class: 'numbers' }, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', { class: 'num' }, h('code', {}, v)))))),
    ex.note ? h('p', { class: 'warning' }, ex.note) : undefined,
  );
}

function livePlot(ids: readonly ActivationId[]): HTMLElement {
  const box = h('div', { class: 'chart-box compact' });
  plotState = { ...defaultPlotState(ids), showDf: true };
  const fToggle = h('input', { type: 'checkbox', id: 'card-show-df' });
  fToggle.checked = true;
  const wrapper = h(
    'div',
    { class: 'live-plot' },
    h('div', { class: 'toolbar' }, h('label', { class: 'check' }, fToggle, ' show f′(x) (dashed)')),
    box,
    h('div', { class: 'readout', role: 'status', 'aria-live': 'polite' }),
  );
  const readout = wrapper.querySelector('.readout') as HTMLElement;
  // Created after the box is in the document, so it can measure itself.
  queueMicrotask(() => {
    chart?.dispose();
    chart = new ActivationChart(
      box,
      plotState!,
      {
        onView: (x, y) => {
          plotState = { ...plotState!, x, y };
          chart?.setState(plotState);
          chart?.render();
        },
        onCrosshair: (r) => {
          readout.textContent = r
            ? `x = ${r.x.toFixed(3)} · ` + r.rows.map((row) => `${row.name}: f = ${row.f.toPrecision(6)}, f′ = ${row.df.toPrecision(6)}`).join(' · ')
            : '';
        },
      },
      'Live plot',
    );
    chart.render();
  });
  fToggle.addEventListener('change', () => {
    plotState = { ...plotState!, showDf: fToggle.checked };
    chart?.setState(plotState);
    chart?.render();
  });
  return wrapper;
}

function renderCard(view: CardView): HTMLElement[] {
  const out: HTMLElement[] = [];
  const header = h('header', {}, h('div', { class: 'breadcrumb muted' }, view.breadcrumb), h('h1', {}, view.title), toolbar(view));
  out.push(header);
  const text = view.kind === 'concept' ? (page.nav.detail === 'full' ? view.full : view.simple) : view.simple;
  out.push(h('section', { class: 'card-section explanation', 'aria-label': 'Explanation' }, markdown(text)));
  if (view.formula) {
    const math = h('div', { class: 'math-block formula' });
    math.innerHTML = renderMath(view.formula, true);
    out.push(section('Formula', 'formula', math, view.formulaText ? h('p', { class: 'muted plain' }, 'Plain text: ', h('code', {}, view.formulaText)) : undefined));
  }
  if (view.activations.length) out.push(section('Live plot', 'plot', livePlot(view.activations)));
  if (view.kind === 'api') {
    // Optimizers, callbacks and methods have no shape or parameter rule: no empty sections for them.
    if (view.shape) out.push(section('Shape', 'shape', markdown(view.shape)));
    if (view.params) out.push(section('Parameters', 'params', markdown(view.params)));
  }
  if (view.examples.length) {
    out.push(
      section(
        'Worked example',
        'examples',
        h('p', { class: 'muted' }, 'Computed by ML Lens’s shape engine from this code (checked against PyTorch):'),
        ...view.examples.map(workedExample),
      ),
    );
  }
  if (view.example) out.push(section('Example', 'example', markdown(view.example)));
  if (view.notes.length) {
    out.push(
      section(
        'From the chapter notes',
        'notes',
        ...view.notes.flatMap((n) => [h('h3', {}, n.title.replace(/^From the chapter notes:\s*/i, '')), markdown(n.body)]),
      ),
    );
  }
  if (view.corrections.length) {
    out.push(
      section(
        'Corrections to the source notes',
        'corrections',
        ...view.corrections.map((c) =>
          h(
            'div',
            { class: 'correction' },
            h('div', { class: 'field muted' }, `In the ${c.field}`),
            h('div', { class: 'said' }, h('span', { class: 'tag' }, 'The notes said'), markdown(c.original)),
            h('div', { class: 'is' }, h('span', { class: 'tag' }, 'It is'), markdown(c.corrected)),
            h('div', { class: 'because' }, h('span', { class: 'tag' }, 'Because'), markdown(c.reason)),
          ),
        ),
      ),
    );
  }
  const links: Array<[string, string, readonly CardRef[]]> = [
    ['Concept', 'concept', view.concept ? [view.concept] : []],
    ['API reference', 'api', view.apiCards],
    ['Related', 'related', view.related],
  ];
  for (const [title, cls, refs] of links) {
    if (refs.length) out.push(section(title, cls, h('ul', { class: 'links' }, ...refs.map((r) => h('li', {}, cardLink(r))))));
  }
  if (view.symbols.length) out.push(section('In code', 'symbols', h('ul', { class: 'symbols' }, ...view.symbols.map((s) => h('li', {}, h('code', {}, s))))));
  return out;
}

function render(): void {
  const started = navStarted || 0;
  chart?.dispose();
  chart = undefined;
  const view = page.view;
  const content =
    view.kind === 'missing'
      ? [h('header', {}, h('h1', {}, 'No such card'), toolbar(view)), h('p', {}, 'ML Lens has no card ', h('code', {}, view.id), '.')]
      : renderCard(view);
  app.replaceChildren(...content);
  applyKatexStyles(app);
  app.removeAttribute('aria-busy');
  document.title = view.kind === 'missing' ? 'ML Lens' : view.title;
  // "Rendered" means painted with the math fonts loaded (KaTeX's fonts load on first use).
  void document.fonts.ready.then(() =>
    requestAnimationFrame(() =>
      post({ type: 'rendered', id: view.id, math: app.querySelectorAll('.katex').length, ms: Math.round(performance.now() - started) }),
    ),
  );
}

function show(view: AnyCardView, push: boolean): void {
  if (push) {
    const history = [...page.nav.history.slice(0, page.nav.index + 1), view.id].slice(-MAX_HISTORY);
    page = { view, nav: { ...page.nav, history, index: history.length - 1 } };
  } else {
    // A late answer for a card the user already navigated away from is dropped.
    if (view.id !== page.nav.history[page.nav.index]) return;
    page = { ...page, view };
  }
  save();
  render();
  window.scrollTo(0, 0);
}

window.addEventListener('message', (event: MessageEvent<ConceptToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'show':
      show(message.view, message.push);
      return;
    case 'setDetail':
      setDetail(message.detail);
      return;
    default:
      assertNever(message);
  }
});

app.addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  const link = target.closest<HTMLAnchorElement>('a[data-card]');
  if (link) {
    event.preventDefault();
    navigate(link.dataset.card!);
    return;
  }
  const copy = target.closest<HTMLButtonElement>('button[data-copy]');
  if (copy) {
    post({ type: 'copy', text: copy.dataset.copy ?? '' });
    copy.textContent = 'Copied';
    setTimeout(() => (copy.textContent = 'Copy'), 1500);
  }
});

window.addEventListener('keydown', (event) => {
  if (event.altKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
    event.preventDefault();
    go(event.key === 'ArrowLeft' ? -1 : 1);
  }
});

try {
  // A panel that was hidden is rebuilt from its original HTML: the saved page (what was on screen, with its
  // history) wins over the HTML's data-state, which only holds the card the panel was opened with.
  const saved = vscode.getState() as { nav?: unknown; view?: AnyCardView } | undefined;
  const savedNav = saved && parseConceptNav(saved.nav);
  const initial = readInitial();
  if (savedNav && saved?.view && saved.view.id === savedNav.history[savedNav.index]) page = { nav: savedNav, view: saved.view };
  else if (initial) page = initial;
  else throw new Error('no card to show');
  save();
  render();
  post({ type: 'ready' });
} catch (error) {
  showFatal(`The card failed to render: ${(error as Error).message}`);
}
