/**
 * The activation plot panel's protocol and state, shared by the extension (controller.ts) and the webview
 * (client/plot/main.ts). The extension validates every message it receives with parsePlotFromWebview.
 */
import { activation, isActivationId, sanitizeParams, type ActivationId } from '../../engine/activations';
import { assertNever, hasOnlyKeys, isFiniteNumber, isRecord, isString } from '../validate';

export const PLOT_VIEW_TYPE = 'mlLens.activationPlot';
export const MAX_CURVES = 8;
/** The x-range a user may choose: wide enough to see saturation, small enough to stay meaningful. */
export const X_LIMIT = 1000;

export interface Curve {
  readonly id: ActivationId;
  readonly params: Readonly<Record<string, number>>;
  /** Hidden curves stay in the legend. */
  readonly hidden?: boolean;
}

/** What the plot shows; the page's data-state, the webview's setState and the serializer's payload. */
export interface PlotState {
  readonly curves: readonly Curve[];
  readonly showF: boolean;
  readonly showDf: boolean;
  /** The visible window. `y` undefined: fit the curves. */
  readonly x: readonly [number, number];
  readonly y?: readonly [number, number];
  /** Whether the value table (the plot's text alternative) is expanded. */
  readonly table: boolean;
}

export type PlotToWebview =
  /** Add a curve (or focus it when already plotted). */
  | { readonly type: 'add'; readonly id: ActivationId }
  /** Replace the whole state (e.g. a concept card asked for a comparison). */
  | { readonly type: 'set'; readonly state: PlotState };

export type PlotFromWebview =
  | { readonly type: 'ready' }
  /** The plot is on screen: one path per visible curve and function; `ms`: the webview's clock (since its page started) when painted. */
  | { readonly type: 'rendered'; readonly curves: readonly ActivationId[]; readonly paths: number; readonly ms: number }
  /** Open the concept card that explains this activation. */
  | { readonly type: 'openCard'; readonly id: ActivationId };

export function defaultPlotState(ids: readonly ActivationId[]): PlotState {
  return {
    curves: ids.slice(0, MAX_CURVES).map((id) => ({ id, params: sanitizeParams(activation(id), {}) })),
    showF: true,
    showDf: false,
    x: [-5, 5],
    table: false,
  };
}

function parseRange(value: unknown): [number, number] | undefined {
  if (!Array.isArray(value) || value.length !== 2 || !value.every(isFiniteNumber)) return undefined;
  const [a, b] = value as [number, number];
  if (!(a < b) || Math.abs(a) > X_LIMIT * 10 || Math.abs(b) > X_LIMIT * 10 || b - a < 1e-6) return undefined;
  return [a, b];
}

/** Validates a saved or received state; parameters are clamped to their slider ranges. */
export function parsePlotState(value: unknown): PlotState | undefined {
  if (!isRecord(value) || !Array.isArray(value.curves) || value.curves.length > MAX_CURVES) return undefined;
  const curves: Curve[] = [];
  for (const c of value.curves) {
    if (!isRecord(c) || !isActivationId(c.id) || curves.some((k) => k.id === c.id)) return undefined;
    curves.push({ id: c.id, params: sanitizeParams(activation(c.id), c.params), ...(c.hidden === true ? { hidden: true } : {}) });
  }
  const x = parseRange(value.x);
  const y = value.y === undefined ? undefined : parseRange(value.y);
  if (!x || (value.y !== undefined && !y) || typeof value.showF !== 'boolean' || typeof value.showDf !== 'boolean') return undefined;
  if (Math.abs(x[0]) > X_LIMIT || Math.abs(x[1]) > X_LIMIT) return undefined;
  return { curves, showF: value.showF, showDf: value.showDf, x, ...(y ? { y } : {}), table: value.table === true };
}

export function parsePlotFromWebview(value: unknown): PlotFromWebview | undefined {
  if (!isRecord(value) || !isString(value.type, 40)) return undefined;
  const m = value as { type: PlotFromWebview['type'] } & Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return hasOnlyKeys(m, []) ? { type: 'ready' } : undefined;
    case 'rendered':
      return hasOnlyKeys(m, ['curves', 'paths', 'ms']) &&
        Array.isArray(m.curves) &&
        m.curves.length <= MAX_CURVES &&
        m.curves.every(isActivationId) &&
        isFiniteNumber(m.paths) &&
        isFiniteNumber(m.ms)
        ? { type: 'rendered', curves: m.curves, paths: m.paths, ms: m.ms }
        : undefined;
    case 'openCard':
      return hasOnlyKeys(m, ['id']) && isActivationId(m.id) ? { type: 'openCard', id: m.id } : undefined;
    default:
      return undefined;
  }
}

export { assertNever };
