/** The one ordering of cards: section, subsection, position in the subsection (seed order), then title. */
import type { CardHeader, ContentIndex } from './types';

export function byPosition(a: CardHeader, b: CardHeader): number {
  return a.order - b.order || a.title.localeCompare(b.title);
}

export function cardsInTreeOrder(index: ContentIndex): CardHeader[] {
  const rank = new Map(index.sections.flatMap((s) => s.subsections).map((ss, i) => [ss.id, i]));
  const subsectionRank = (c: CardHeader) => rank.get(c.subsection) ?? Number.MAX_SAFE_INTEGER;
  return [...index.cards].sort((a, b) => subsectionRank(a) - subsectionRank(b) || byPosition(a, b));
}
