/** The one ordering of cards: the sidebar's topic tree order; inside a subsection, seed order, then title. */
import type { CardHeader, ContentIndex } from './types';

export function byPosition(a: CardHeader, b: CardHeader): number {
  return a.order - b.order || a.title.localeCompare(b.title);
}

export function cardsInTreeOrder(index: ContentIndex): CardHeader[] {
  const rank = new Map<string, number>();
  for (const t of index.topics) for (const id of t.cards ?? (t.groups ?? []).flatMap((g) => g.cards)) if (!rank.has(id)) rank.set(id, rank.size);
  const at = (c: CardHeader) => rank.get(c.id) ?? Number.MAX_SAFE_INTEGER;
  return [...index.cards].sort((a, b) => at(a) - at(b) || byPosition(a, b));
}
