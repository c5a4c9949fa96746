/**
 * An SVG chart of activation functions and their derivatives, drawn from the engine's activation module
 * (src/engine/activations.ts, checked against PyTorch). Used by the plot panel and, compact, by activation
 * cards.
 *
 * Why plain SVG and not a chart library: the curves are a few polylines of ≤ 2,000 points; SVG keeps each
 * curve a real DOM element (testable, high-contrast outlines, crisp at any zoom, colours straight from
 * --vscode-charts-* variables), needs no canvas redraw code for theme changes, and adds no dependency.
 *
 * Interaction: pointer move or arrow keys → crosshair with x, f(x), f′(x) of every curve; wheel or +/− →
 * zoom around the crosshair; drag or Shift+arrows → pan; double-click or 0 → reset the view.
 */
import { activation, type Activation } from '../../../engine/activations';
import type { Curve, PlotState } from '../../plot/messages';
import { X_LIMIT } from '../../plot/messages';

const SVG_NS = 'http://www.w3.org/2000/svg';
const MARGIN = { top: 12, right: 16, bottom: 28, left: 48 };
/** Samples per curve: about one per horizontal pixel, bounded. */
const MAX_SAMPLES = 2000;

export interface ChartCallbacks {
  /** The view (x/y window) changed by zoom or pan. */
  onView?(x: [number, number], y: [number, number] | undefined): void;
  /** The crosshair moved: the readout to show (already formatted per curve). */
  onCrosshair?(readout: Readout | undefined): void;
}

export interface ReadoutRow {
  readonly curve: Curve;
  readonly index: number;
  readonly name: string;
  readonly f: number;
  readonly df: number;
}

export interface Readout {
  readonly x: number;
  readonly rows: readonly ReadoutRow[];
}

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** "Nice" tick values (1, 2, 5 × 10ⁿ) covering [lo, hi] with about `count` ticks. */
export function ticks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [lo];
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}

/** Compact number text for ticks and readouts. */
export function formatNumber(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-4) return v.toExponential(2).replace('e+', 'e');
  return String(Number(v.toPrecision(digits))).replace('-', '−');
}

export class ActivationChart {
  readonly svg: SVGSVGElement;
  private readonly plotGroup: SVGGElement;
  private readonly gridGroup: SVGGElement;
  private readonly axisGroup: SVGGElement;
  private readonly curveGroup: SVGGElement;
  private readonly crossGroup: SVGGElement;
  private width = 640;
  private height = 360;
  private state: PlotState;
  private yWindow: [number, number] = [-1, 1];
  private crosshairX: number | undefined;
  private drag: { startX: number; startY: number; x: [number, number]; y: [number, number]; moved: boolean } | undefined;
  private readonly resize: ResizeObserver;

  constructor(
    private readonly container: HTMLElement,
    state: PlotState,
    private readonly callbacks: ChartCallbacks = {},
    private readonly label = 'Activation plot',
  ) {
    this.state = state;
    this.svg = el('svg', { class: 'chart', role: 'img', focusable: 'false' });
    this.gridGroup = el('g', { class: 'grid' });
    this.axisGroup = el('g', { class: 'axes' });
    this.curveGroup = el('g', { class: 'curves' });
    this.crossGroup = el('g', { class: 'crosshair' });
    const clip = el('clipPath', { id: `clip-${Math.random().toString(36).slice(2)}` });
    this.plotGroup = el('g', { 'clip-path': `url(#${clip.id})` });
    clip.append(el('rect', { class: 'clip-rect' }));
    const defs = el('defs');
    defs.append(clip);
    this.plotGroup.append(this.curveGroup, this.crossGroup);
    this.svg.append(defs, this.gridGroup, this.axisGroup, this.plotGroup);
    // The focusable wrapper carries the keyboard interaction and the accessible name.
    container.tabIndex = 0;
    container.setAttribute('role', 'application');
    container.setAttribute('aria-roledescription', 'interactive plot');
    container.append(this.svg);
    this.bindEvents();
    this.resize = new ResizeObserver(() => this.measure());
    this.resize.observe(container);
    this.measure(false);
  }

  dispose(): void {
    this.resize.disconnect();
  }

  /** Replaces the state; the caller redraws with render(). */
  setState(state: PlotState): void {
    this.state = state;
  }

  private measure(redraw = true): void {
    // The content box (no border): the SVG fills it through CSS, so drawing never changes the box's size.
    const w = Math.max(240, Math.round(this.container.clientWidth));
    const h = Math.max(160, Math.round(this.container.clientHeight));
    if (w === this.width && h === this.height && redraw) return;
    this.width = w;
    this.height = h;
    if (redraw) this.render();
  }

  private get visibleCurves(): Array<{ curve: Curve; index: number; a: Activation }> {
    return this.state.curves.map((curve, index) => ({ curve, index, a: activation(curve.id) })).filter((c) => !c.curve.hidden);
  }

  private get plotWidth(): number {
    return this.width - MARGIN.left - MARGIN.right;
  }

  private get plotHeight(): number {
    return this.height - MARGIN.top - MARGIN.bottom;
  }

  private sx(x: number): number {
    const [x0, x1] = this.state.x;
    return MARGIN.left + ((x - x0) / (x1 - x0)) * this.plotWidth;
  }

  private sy(y: number): number {
    const [y0, y1] = this.yWindow;
    return MARGIN.top + (1 - (y - y0) / (y1 - y0)) * this.plotHeight;
  }

  private xAt(px: number): number {
    const [x0, x1] = this.state.x;
    return x0 + ((px - MARGIN.left) / this.plotWidth) * (x1 - x0);
  }

  /** Computes every visible curve and redraws. Returns how many paths were drawn and the time it took. */
  render(): { paths: number; ms: number } {
    const started = performance.now();
    const curves = this.visibleCurves;
    const n = Math.min(MAX_SAMPLES, Math.max(100, Math.round(this.plotWidth)));
    const [x0, x1] = this.state.x;
    const xs = new Float64Array(n + 1);
    for (let i = 0; i <= n; i++) xs[i] = x0 + ((x1 - x0) * i) / n;
    const series: Array<{ index: number; kind: 'f' | 'df'; ys: Float64Array }> = [];
    for (const { curve, index, a } of curves) {
      if (this.state.showF) series.push({ index, kind: 'f', ys: xs.map((x) => a.f(x, curve.params)) });
      if (this.state.showDf) series.push({ index, kind: 'df', ys: xs.map((x) => a.df(x, curve.params)) });
    }
    this.yWindow = this.state.y ? [this.state.y[0], this.state.y[1]] : fitY(series.map((s) => s.ys));

    this.svg.setAttribute('viewBox', `0 0 ${this.width} ${this.height}`);
    const clipRect = this.svg.querySelector('.clip-rect')!;
    for (const [k, v] of Object.entries({ x: MARGIN.left, y: MARGIN.top, width: this.plotWidth, height: this.plotHeight })) clipRect.setAttribute(k, String(v));
    this.drawAxes();

    const paths: SVGPathElement[] = [];
    for (const s of series) {
      const path = el('path', {
        class: `curve curve-${s.index} ${s.kind === 'df' ? 'derivative' : 'value'}`,
        d: this.pathData(xs, s.ys),
        'data-activation': this.state.curves[s.index].id,
        'data-kind': s.kind,
      });
      paths.push(path);
    }
    this.curveGroup.replaceChildren(...paths);
    this.updateLabel();
    this.drawCrosshair();
    return { paths: paths.length, ms: performance.now() - started };
  }

  /** SVG path data; a non-finite value (or one far off screen) breaks the line. */
  private pathData(xs: Float64Array, ys: Float64Array): string {
    const parts: string[] = [];
    let pen = false;
    const limit = this.plotHeight * 50;
    for (let i = 0; i < xs.length; i++) {
      const py = this.sy(ys[i]);
      if (!Number.isFinite(py) || Math.abs(py) > limit) {
        pen = false;
        continue;
      }
      parts.push(`${pen ? 'L' : 'M'}${this.sx(xs[i]).toFixed(1)} ${py.toFixed(1)}`);
      pen = true;
    }
    return parts.join('');
  }

  private drawAxes(): void {
    const [x0, x1] = this.state.x;
    const [y0, y1] = this.yWindow;
    const left = MARGIN.left;
    const right = this.width - MARGIN.right;
    const top = MARGIN.top;
    const bottom = this.height - MARGIN.bottom;
    const grid: SVGElement[] = [];
    const axes: SVGElement[] = [];
    for (const t of ticks(x0, x1, Math.max(2, Math.round(this.plotWidth / 80)))) {
      const x = this.sx(t);
      grid.push(el('line', { class: t === 0 ? 'zero' : 'gridline', x1: x, x2: x, y1: top, y2: bottom }));
      const label = el('text', { class: 'tick', x, y: bottom + 16, 'text-anchor': 'middle' });
      label.textContent = formatNumber(t);
      axes.push(label);
    }
    for (const t of ticks(y0, y1, Math.max(2, Math.round(this.plotHeight / 50)))) {
      const y = this.sy(t);
      grid.push(el('line', { class: t === 0 ? 'zero' : 'gridline', x1: left, x2: right, y1: y, y2: y }));
      const label = el('text', { class: 'tick', x: left - 6, y: y + 4, 'text-anchor': 'end' });
      label.textContent = formatNumber(t);
      axes.push(label);
    }
    axes.push(el('rect', { class: 'frame', x: left, y: top, width: this.plotWidth, height: this.plotHeight }));
    this.gridGroup.replaceChildren(...grid);
    this.axisGroup.replaceChildren(...axes);
  }

  private updateLabel(): void {
    const names = this.visibleCurves.map((c) => c.a.name).join(', ') || 'no curves';
    const what = [this.state.showF ? 'f(x)' : '', this.state.showDf ? 'f′(x) (dashed)' : ''].filter(Boolean).join(' and ') || 'nothing';
    const [x0, x1] = this.state.x;
    this.container.setAttribute(
      'aria-label',
      `${this.label}: ${what} of ${names}, x from ${formatNumber(x0)} to ${formatNumber(x1)}. ` +
        'Arrow keys move the crosshair, plus and minus zoom, Shift+arrows pan, 0 resets the view.',
    );
    this.svg.setAttribute('aria-label', `${what} of ${names}`);
  }

  /** The values under the crosshair, straight from the engine (not read off the drawn path). */
  readout(x: number): Readout {
    return {
      x,
      rows: this.visibleCurves.map(({ curve, index, a }) => ({ curve, index, name: a.name, f: a.f(x, curve.params), df: a.df(x, curve.params) })),
    };
  }

  private drawCrosshair(): void {
    const x = this.crosshairX;
    if (x === undefined || x < this.state.x[0] || x > this.state.x[1]) {
      this.crossGroup.replaceChildren();
      this.callbacks.onCrosshair?.(undefined);
      return;
    }
    const px = this.sx(x);
    const nodes: SVGElement[] = [el('line', { class: 'cross', x1: px, x2: px, y1: MARGIN.top, y2: this.height - MARGIN.bottom })];
    const readout = this.readout(x);
    for (const row of readout.rows) {
      if (this.state.showF) nodes.push(el('circle', { class: `dot curve-${row.index}`, cx: px, cy: this.sy(row.f), r: 3.5 }));
      if (this.state.showDf) nodes.push(el('circle', { class: `dot hollow curve-${row.index}`, cx: px, cy: this.sy(row.df), r: 3.5 }));
    }
    this.crossGroup.replaceChildren(...nodes);
    this.callbacks.onCrosshair?.(readout);
  }

  setCrosshair(x: number | undefined): void {
    this.crosshairX = x;
    this.drawCrosshair();
  }

  /** Zooms by `factor` (< 1 zooms in) around x = `at` (and the matching y when y is fixed). */
  zoom(factor: number, at?: number): void {
    const [x0, x1] = this.state.x;
    const cx = at ?? this.crosshairX ?? (x0 + x1) / 2;
    let nx0 = cx - (cx - x0) * factor;
    let nx1 = cx + (x1 - cx) * factor;
    if (nx1 - nx0 < 1e-3) return;
    nx0 = Math.max(-X_LIMIT, nx0);
    nx1 = Math.min(X_LIMIT, nx1);
    let y: [number, number] | undefined;
    if (this.state.y) {
      const [y0, y1] = this.state.y;
      const cy = (y0 + y1) / 2;
      y = [cy - (cy - y0) * factor, cy + (y1 - cy) * factor];
    }
    this.callbacks.onView?.([nx0, nx1], y);
  }

  /** Pans by a fraction of the visible width/height. */
  pan(dxFraction: number, dyFraction: number): void {
    const [x0, x1] = this.state.x;
    const dx = (x1 - x0) * dxFraction;
    if (x0 + dx < -X_LIMIT || x1 + dx > X_LIMIT) return;
    let y: [number, number] | undefined = this.state.y ? [this.state.y[0], this.state.y[1]] : undefined;
    if (dyFraction !== 0) {
      const [y0, y1] = y ?? this.yWindow;
      const dy = (y1 - y0) * dyFraction;
      y = [y0 + dy, y1 + dy];
    }
    this.callbacks.onView?.([x0 + dx, x1 + dx], y);
  }

  private bindEvents(): void {
    const c = this.container;
    const localX = (e: PointerEvent | WheelEvent | MouseEvent) => e.clientX - this.svg.getBoundingClientRect().left;
    const localY = (e: PointerEvent | WheelEvent | MouseEvent) => e.clientY - this.svg.getBoundingClientRect().top;
    c.addEventListener('pointermove', (e) => {
      if (this.drag) {
        const dxPx = localX(e) - this.drag.startX;
        const dyPx = localY(e) - this.drag.startY;
        if (Math.abs(dxPx) + Math.abs(dyPx) > 3) this.drag.moved = true;
        if (!this.drag.moved) return;
        const [x0, x1] = this.drag.x;
        const dx = (-dxPx / this.plotWidth) * (x1 - x0);
        const [y0, y1] = this.drag.y;
        const dy = (dyPx / this.plotHeight) * (y1 - y0);
        if (x0 + dx >= -X_LIMIT && x1 + dx <= X_LIMIT) this.callbacks.onView?.([x0 + dx, x1 + dx], [y0 + dy, y1 + dy]);
        return;
      }
      const px = localX(e);
      if (px < MARGIN.left || px > this.width - MARGIN.right) return this.setCrosshair(undefined);
      this.setCrosshair(this.xAt(px));
    });
    c.addEventListener('pointerleave', () => {
      if (!this.drag) this.setCrosshair(undefined);
    });
    c.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      c.setPointerCapture(e.pointerId);
      this.drag = { startX: localX(e), startY: localY(e), x: [this.state.x[0], this.state.x[1]], y: [this.yWindow[0], this.yWindow[1]], moved: false };
    });
    const endDrag = () => {
      this.drag = undefined;
    };
    c.addEventListener('pointerup', endDrag);
    c.addEventListener('pointercancel', endDrag);
    c.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        this.zoom(e.deltaY > 0 ? 1.2 : 1 / 1.2, this.xAt(localX(e)));
      },
      { passive: false },
    );
    c.addEventListener('dblclick', () => this.callbacks.onView?.([-5, 5], undefined));
    c.addEventListener('keydown', (e) => {
      const [x0, x1] = this.state.x;
      const step = (x1 - x0) / 100;
      let handled = true;
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
        const dir = e.key === 'ArrowLeft' ? -1 : 1;
        if (e.shiftKey) this.pan(dir * 0.1, 0);
        else this.setCrosshair(Math.min(x1, Math.max(x0, (this.crosshairX ?? (x0 + x1) / 2) + dir * step * (e.altKey ? 0.1 : 1))));
      } else if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && e.shiftKey) {
        this.pan(0, e.key === 'ArrowUp' ? 0.1 : -0.1);
      } else if (e.key === '+' || e.key === '=') this.zoom(1 / 1.25);
      else if (e.key === '-' || e.key === '_') this.zoom(1.25);
      else if (e.key === '0' || e.key === 'Home') this.callbacks.onView?.([-5, 5], undefined);
      else if (e.key === 'Escape') this.setCrosshair(undefined);
      else handled = false;
      if (handled) e.preventDefault();
    });
    c.addEventListener('focus', () => {
      if (this.crosshairX === undefined) this.setCrosshair((this.state.x[0] + this.state.x[1]) / 2);
    });
  }
}

/** The y-window that shows every series, padded, with a minimum height. */
export function fitY(series: readonly Float64Array[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const ys of series) {
    for (const y of ys) {
      if (!Number.isFinite(y)) continue;
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
  }
  if (!Number.isFinite(lo)) return [-1, 1];
  // Keep 0 in view for reference, like most activation plots.
  lo = Math.min(lo, 0);
  hi = Math.max(hi, 0);
  const span = Math.max(hi - lo, 0.5);
  const pad = span * 0.08;
  return [lo - pad, hi + pad];
}
