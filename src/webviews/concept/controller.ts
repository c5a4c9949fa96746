/**
 * The concept card panel: one webview that shows a card (rendered Markdown and KaTeX math, the worked example
 * computed by the shape engine, the live plot for activations) and navigates between cards with back and
 * forward. Opening another card while it is open navigates the same panel.
 */
import * as vscode from 'vscode';
import { activationsForSymbols, type ActivationId } from '../../engine/activations';
import { breadcrumb } from '../../engine/content/render';
import type { Card } from '../../engine/content/types';
import type { ContentService } from '../../providers/contentService';
import { PanelHost } from '../panel';
import { assertNever } from '../validate';
import {
  CONCEPT_VIEW_TYPE,
  MAX_HISTORY,
  parseConceptFromWebview,
  parseConceptPage,
  type AnyCardView,
  type CardView,
  type ConceptFromWebview,
  type ConceptPage,
  type ConceptToWebview,
  type Detail,
} from './messages';
import { computeExample, examplesForSymbols, type Analyze } from './workedExamples';

const DETAIL_KEY = 'mlLens.concept.detail';

export interface ConceptPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly content: ContentService;
  /** Remembers the Simple/Full choice across panels and sessions. */
  readonly globalState: vscode.Memento;
  /** The shape engine's analysis of a snippet (EngineClient.analyzeText), for worked examples. */
  readonly analyze: Analyze;
  /** Opens the activation plot panel. */
  readonly plot: (ids: readonly ActivationId[]) => Promise<void>;
  /** Reveals a card in the Concepts view. */
  readonly showInSidebar: (id: string) => Promise<void>;
}

export class ConceptPanel implements vscode.Disposable {
  readonly host: PanelHost<ConceptPage, ConceptToWebview, ConceptFromWebview>;

  constructor(private readonly deps: ConceptPanelDeps) {
    this.host = new PanelHost<ConceptPage, ConceptToWebview, ConceptFromWebview>(
      deps.extensionUri,
      {
        viewType: CONCEPT_VIEW_TYPE,
        bundle: 'concept',
        icon: 'panel-concept.svg',
        title: (page) => (page.view.kind === 'missing' ? 'ML Lens: Card' : `${page.view.title} · ML Lens`),
        parseState: (value) => {
          const nav = parseConceptPage(value);
          return nav && { nav, view: { kind: 'missing', id: nav.history[nav.index] } };
        },
        fallbackState: () => ({ nav: { history: ['artificial-neuron'], index: 0, detail: this.detail }, view: { kind: 'missing', id: 'artificial-neuron' } }),
        refresh: async (page) => ({ nav: page.nav, view: await this.viewFor(page.nav.history[page.nav.index]) }),
        parseMessage: parseConceptFromWebview,
      },
      (message) => this.onMessage(message),
    );
  }

  private get detail(): Detail {
    const saved = this.deps.globalState.get<unknown>(DETAIL_KEY);
    return saved === 'full' ? 'full' : 'simple';
  }

  /** Shows the card: a new panel, or the open one navigates (and records it in its history). */
  async open(id: string, options: { preserveFocus?: boolean } = {}): Promise<void> {
    const view = await this.viewFor(id);
    const page: ConceptPage = { nav: { history: [id], index: 0, detail: this.detail }, view };
    if (this.host.show(page, options) === 'revealed') await this.host.post({ type: 'show', view, push: true });
  }

  private async onMessage(message: ConceptFromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
      case 'rendered':
        return;
      case 'load': {
        const view = await this.viewFor(message.id);
        this.host.setTitle({ nav: { history: [message.id], index: 0, detail: this.detail }, view });
        await this.host.post({ type: 'show', view, push: false });
        return;
      }
      case 'setDetail':
        await this.deps.globalState.update(DETAIL_KEY, message.detail);
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        vscode.window.setStatusBarMessage('ML Lens: copied to the clipboard', 2000);
        return;
      case 'openPlot':
        await this.deps.plot(message.activations);
        return;
      case 'showInSidebar':
        await this.deps.showInSidebar(message.id);
        return;
      default:
        assertNever(message);
    }
  }

  /** Everything the webview renders for one card. */
  async viewFor(id: string): Promise<AnyCardView> {
    const [index, card] = await Promise.all([this.deps.content.index(), this.deps.content.card(id)]);
    if (!card) return { kind: 'missing', id };
    const ref = (refId: string) => ({ id: refId, title: this.deps.content.header(refId)?.title ?? refId });
    const examples = await Promise.all(examplesForSymbols(card.symbols).map((spec) => computeExample(spec, this.deps.analyze)));
    const activations = card.tags.includes('activation') ? activationsForSymbols(card.symbols) : [];
    const common = {
      id: card.id,
      title: card.title,
      breadcrumb: breadcrumb(card, index.sections),
      formula: card.formula,
      formulaText: card.formulaText,
      symbols: card.symbols,
      examples,
      activations,
    };
    if (card.kind === 'api') {
      // The summary, the version mark, the defaults, and that the card is generated (and checked).
      const summary = [
        card.since ? `*${card.since}*` : '',
        card.summary,
        card.defaults ? `**Defaults:** ${card.defaults}` : '',
        '*Generated by `scripts/content/build_api_cards.py`; its numbers are checked against PyTorch 1.13 where PyTorch has the name.*',
      ].filter(Boolean).join('\n\n');
      return {
        ...common,
        kind: 'api',
        simple: summary,
        full: summary,
        notes: [],
        corrections: [],
        shape: card.shape,
        params: card.params,
        defaults: card.defaults,
        since: card.since,
        concept: ref(card.concept),
        related: [],
        apiCards: [],
      } satisfies CardView;
    }
    return {
      ...common,
      kind: 'concept',
      simple: card.simple,
      full: card.full,
      example: card.example,
      notes: card.notes ?? [],
      corrections: card.corrections ?? [],
      related: card.related.map(ref),
      apiCards: await this.apiCardsOf(card),
    } satisfies CardView;
  }

  private async apiCardsOf(card: Card): Promise<Array<{ id: string; title: string }>> {
    const index = await this.deps.content.index();
    const out: Array<{ id: string; title: string }> = [];
    for (const header of index.cards) {
      if (header.kind !== 'api') continue;
      const api = await this.deps.content.card(header.id);
      if (api?.kind === 'api' && api.concept === card.id) out.push({ id: api.id, title: api.title });
    }
    return out;
  }

  dispose(): void {
    this.host.dispose();
  }
}

export { MAX_HISTORY };
