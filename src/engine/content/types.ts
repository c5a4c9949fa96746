/** Card data as authored in content/ and as compiled into dist/content/. */

export type CardTag =
  | 'activation' | 'layer' | 'loss' | 'init' | 'normalization' | 'regularization' | 'attention'
  | 'recurrent' | 'convolution' | 'pooling' | 'training' | 'architecture' | 'concept';

export interface Correction {
  readonly field: 'full' | 'simple' | 'example' | 'formula';
  readonly original: string;
  readonly corrected: string;
  readonly reason: string;
}

export interface ConceptCard {
  readonly kind: 'concept';
  readonly id: string;
  readonly title: string;
  readonly subsection: string;
  readonly order: number;
  readonly source: 'cheatsheet' | 'chapter-notes' | 'ml-lens';
  readonly seedRef?: string;
  readonly simple: string;
  readonly full: string;
  readonly example: string;
  readonly notes?: ReadonlyArray<{ readonly title: string; readonly body: string }>;
  readonly aliases: readonly string[];
  readonly symbols: readonly string[];
  readonly formula?: string;
  readonly formulaText?: string;
  readonly related: readonly string[];
  readonly tags: readonly CardTag[];
  readonly corrections?: readonly Correction[];
}

export interface ApiCard {
  readonly kind: 'api';
  readonly id: string;
  readonly title: string;
  readonly subsection: string;
  /** Position inside its subsection (file order). */
  readonly order: number;
  readonly symbols: readonly string[];
  readonly summary: string;
  readonly shape: string;
  readonly params: string;
  readonly concept: string;
  readonly formula?: string;
  readonly formulaText?: string;
  readonly aliases: readonly string[];
  readonly tags: readonly CardTag[];
}

export type Card = ConceptCard | ApiCard;

export interface Subsection {
  readonly id: string;
  readonly title: string;
}

export interface Section {
  readonly id: string;
  readonly title: string;
  readonly subsections: readonly Subsection[];
}

/** A group of the sidebar's topic tree, resolved to card ids in display order (see topics.ts). */
export interface ResolvedTopicGroup {
  readonly id: string;
  readonly title: string;
  readonly cards: readonly string[];
}

/** A topic of the sidebar: either groups of cards or cards directly. */
export interface ResolvedTopic {
  readonly id: string;
  readonly title: string;
  readonly groups?: readonly ResolvedTopicGroup[];
  readonly cards?: readonly string[];
}

/** What the extension needs without card bodies: the tree, titles and the matching vocabulary. */
export interface CardHeader {
  readonly id: string;
  readonly kind: Card['kind'];
  readonly title: string;
  readonly subsection: string;
  readonly order: number;
  readonly aliases: readonly string[];
  readonly symbols: readonly string[];
  readonly tags: readonly CardTag[];
}

export interface ContentIndex {
  readonly version: 1;
  /** The documents' sections: a card's breadcrumb. */
  readonly sections: readonly Section[];
  /** The sidebar's topic tree. */
  readonly topics: readonly ResolvedTopic[];
  readonly cards: readonly CardHeader[];
}

/** Card bodies keyed by id, loaded only when a card is shown. */
export type ContentBodies = Readonly<Record<string, Card>>;

export function headerOf(card: Card): CardHeader {
  return {
    id: card.id,
    kind: card.kind,
    title: card.title,
    subsection: card.subsection,
    order: card.order,
    aliases: card.aliases,
    symbols: card.symbols,
    tags: card.tags,
  };
}
