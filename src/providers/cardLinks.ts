/** The command links a card offers, in hovers and in the card document. */
import type { CardLink } from '../engine/content/render';
import type { CardHeader } from '../engine/content/types';
import { Commands } from './commandIds';

export function cardLinks(card: Pick<CardHeader, 'id' | 'tags'>, options: { includeOpen: boolean }): CardLink[] {
  const links: CardLink[] = [];
  if (options.includeOpen) links.push({ label: 'Open card', command: Commands.openConcept, args: [card.id], tooltip: 'Open the whole card' });
  links.push({ label: 'Show in sidebar', command: Commands.showInSidebar, args: [card.id], tooltip: 'Reveal in the ML Lens Concepts view' });
  if (card.tags.includes('activation')) links.push({ label: 'Plot', command: Commands.plotActivation, args: [card.id], tooltip: 'Plot this activation' });
  if (card.tags.includes('layer')) links.push({ label: 'Shapes', command: Commands.showShapes, args: [card.id], tooltip: 'Shape and parameter rules' });
  return links;
}
