/** The command links a card offers, in hovers and in the card document. */
import type { CardLink } from '../engine/content/render';
import type { CardHeader } from '../engine/content/types';
import { Commands } from './commandIds';

/** A layer inside a model the shape engine analysed: where the hover's "Shapes" link opens the calculator. */
export interface ShapesTarget {
  readonly uri: string;
  readonly model: string;
  /** Module path of the layer's row (`features.0`). */
  readonly path: string;
}

/**
 * The links of a card. "Shapes" appears only on a layer the engine found in a model (`shapes`): it opens the
 * shape calculator on that model with the layer's row highlighted, so the numbers are that layer's own. A
 * layer named outside a model gets no "Shapes" link; its card (Open card) states the rule.
 */
export function cardLinks(card: Pick<CardHeader, 'id' | 'tags'>, options: { includeOpen: boolean; shapes?: ShapesTarget }): CardLink[] {
  const links: CardLink[] = [];
  if (options.includeOpen) links.push({ label: 'Open card', command: Commands.openConcept, args: [card.id], tooltip: 'Open the whole card' });
  links.push({ label: 'Show in sidebar', command: Commands.showInSidebar, args: [card.id], tooltip: 'Reveal in the ML Lens Concepts view' });
  if (card.tags.includes('activation')) links.push({ label: 'Plot', command: Commands.plotActivation, args: [card.id], tooltip: 'Plot this activation' });
  const s = options.shapes;
  if (s) links.push({ label: 'Shapes', command: Commands.openShapes, args: [s.uri, s.model, s.path], tooltip: `Open the shape calculator on ${s.model} at ${s.path}` });
  return links;
}
