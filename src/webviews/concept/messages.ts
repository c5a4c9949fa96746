/**
 * The concept card panel's protocol, shared by the extension (controller.ts) and the webview
 * (client/concept/main.ts). Both sides switch exhaustively over these unions; the extension validates every
 * message it receives with parseFromWebview.
 */
import { isActivationId, type ActivationId } from '../../engine/activations';
import { assertNever, hasOnlyKeys, isCardId, isFiniteNumber, isRecord, isString } from '../validate';
import type { WorkedExample } from './workedExamples';

export const CONCEPT_VIEW_TYPE = 'mlLens.concept';

export type Detail = 'simple' | 'full';

/** Everything the webview needs to render one card (text is Markdown with $…$ / $$…$$ math). */
export interface CardView {
  readonly kind: 'concept' | 'api';
  readonly id: string;
  readonly title: string;
  readonly breadcrumb: string;
  /** Concept cards: the two explanations. API cards: the summary as `simple` and `full`. */
  readonly simple: string;
  readonly full: string;
  readonly formula?: string;
  readonly formulaText?: string;
  readonly example?: string;
  readonly notes: ReadonlyArray<{ readonly title: string; readonly body: string }>;
  readonly corrections: ReadonlyArray<{ readonly field: string; readonly original: string; readonly corrected: string; readonly reason: string }>;
  /** API cards: the shape and parameter rules. */
  readonly shape?: string;
  readonly params?: string;
  /** API cards: defaults and arguments that matter (optimizers, schedulers…). */
  readonly defaults?: string;
  /** API cards: the first version with the name, when newer than the baseline ("PyTorch ≥ 2.0"). */
  readonly since?: string;
  /** API cards: the concept they belong to. */
  readonly concept?: CardRef;
  readonly related: readonly CardRef[];
  /** Concept cards: the API cards filed under them. */
  readonly apiCards: readonly CardRef[];
  readonly symbols: readonly string[];
  readonly examples: readonly WorkedExample[];
  /** Activation cards: the activations whose live plot the card embeds. */
  readonly activations: readonly ActivationId[];
}

export interface CardRef {
  readonly id: string;
  readonly title: string;
}

/** What is shown for an id with no card (e.g. after content changed between sessions). */
export interface MissingView {
  readonly kind: 'missing';
  readonly id: string;
}

export type AnyCardView = CardView | MissingView;

/** Navigation, saved by the webview with setState and restored by the serializer. */
export interface ConceptNav {
  readonly history: readonly string[];
  readonly index: number;
  readonly detail: Detail;
}

/** The page state: <body data-state> and the webview's setState. */
export interface ConceptPage {
  readonly nav: ConceptNav;
  readonly view: AnyCardView;
}

export type ConceptToWebview =
  /** Render `view`. `push`: also add it to the history (a new card opened from outside the panel). */
  | { readonly type: 'show'; readonly view: AnyCardView; readonly push: boolean }
  | { readonly type: 'setDetail'; readonly detail: Detail };

export type ConceptFromWebview =
  | { readonly type: 'ready' }
  /** Asks for a card's view (related link, back/forward); the webview already updated its history. */
  | { readonly type: 'load'; readonly id: string }
  /** The card is on screen: `math` KaTeX formulas, `ms` since the page or the navigation started. */
  | { readonly type: 'rendered'; readonly id: string; readonly math: number; readonly ms: number }
  | { readonly type: 'setDetail'; readonly detail: Detail }
  | { readonly type: 'copy'; readonly text: string }
  | { readonly type: 'openPlot'; readonly activations: readonly ActivationId[] }
  | { readonly type: 'showInSidebar'; readonly id: string };

export const MAX_HISTORY = 50;
const MAX_COPY = 100_000;

const isDetail = (v: unknown): v is Detail => v === 'simple' || v === 'full';

export function parseConceptFromWebview(value: unknown): ConceptFromWebview | undefined {
  if (!isRecord(value) || !isString(value.type, 40)) return undefined;
  const m = value as { type: ConceptFromWebview['type'] } & Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return hasOnlyKeys(m, []) ? { type: 'ready' } : undefined;
    case 'load':
    case 'showInSidebar':
      return hasOnlyKeys(m, ['id']) && isCardId(m.id) ? { type: m.type, id: m.id } : undefined;
    case 'rendered':
      return hasOnlyKeys(m, ['id', 'math', 'ms']) && isCardId(m.id) && isFiniteNumber(m.math) && isFiniteNumber(m.ms)
        ? { type: 'rendered', id: m.id, math: m.math, ms: m.ms }
        : undefined;
    case 'setDetail':
      return hasOnlyKeys(m, ['detail']) && isDetail(m.detail) ? { type: 'setDetail', detail: m.detail } : undefined;
    case 'copy':
      return hasOnlyKeys(m, ['text']) && isString(m.text, MAX_COPY) ? { type: 'copy', text: m.text } : undefined;
    case 'openPlot':
      return hasOnlyKeys(m, ['activations']) && Array.isArray(m.activations) && m.activations.length > 0 && m.activations.length <= 8 && m.activations.every(isActivationId)
        ? { type: 'openPlot', activations: m.activations }
        : undefined;
    default:
      return undefined;
  }
}

/** Validates saved navigation; unknown shapes become undefined (the caller falls back). */
export function parseConceptNav(value: unknown): ConceptNav | undefined {
  if (!isRecord(value) || !Array.isArray(value.history) || !isFiniteNumber(value.index) || !isDetail(value.detail)) return undefined;
  const history = value.history.filter(isCardId).slice(-MAX_HISTORY);
  if (history.length === 0 || history.length !== value.history.length) return undefined;
  const index = Math.trunc(value.index);
  if (index < 0 || index >= history.length) return undefined;
  return { history, index, detail: value.detail };
}

/**
 * Validates a saved page. Only the navigation is kept: the extension rebuilds the view from the current
 * content (a revived panel never shows stale or tampered card text).
 */
export function parseConceptPage(value: unknown): ConceptNav | undefined {
  return isRecord(value) ? parseConceptNav(value.nav) : undefined;
}

/** Exhaustiveness helper re-exported for both sides. */
export { assertNever };
