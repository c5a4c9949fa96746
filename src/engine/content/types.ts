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
  /**
   * A short form of the example for hovers, written so that it keeps the example's point. Without it, a hover
   * shows the example only when it is short (see HOVER_EXAMPLE_LINES); the card panel always shows `example`.
   */
  readonly hoverExample?: string;
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
  /** The shape rule (layers and tensor functions). */
  readonly shape?: string;
  /** The learnable-parameter rule (layers). */
  readonly params?: string;
  /** Defaults and arguments that matter (optimizers, schedulers, callbacks). */
  readonly defaults?: string;
  /** The first version that has the name, when it is newer than the baseline: "PyTorch ≥ 2.0", "Keras ≥ 3.9". */
  readonly since?: string;
  /** ID of the concept card this API belongs to (resolved at compile time from conceptPreferred, then concept). */
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
  /** For API cards: the concept card they belong to. */
  readonly concept?: string;
}

/**
 * What the hover index needs to follow a value through a file (content/types.json, generated from real
 * PyTorch where it can be): the class each library class inherits its methods from, and what a call returns.
 */
export interface TypeFacts {
  /** Library classes whose instances are followed (`opt = torch.optim.AdamW(...)`). */
  readonly classes: readonly string[];
  /** Class → the base class whose methods it inherits (torch.optim.AdamW → torch.optim.Optimizer). */
  readonly bases: Readonly<Record<string, string>>;
  /** Callable → the class of what it returns; "self" for methods that return their receiver (Module.to). */
  readonly returns: Readonly<Record<string, string>>;
}

export const NO_TYPES: TypeFacts = { classes: [], bases: {}, returns: {} };

export interface ContentIndex {
  readonly version: 1;
  /** The documents' sections: a card's breadcrumb. */
  readonly sections: readonly Section[];
  /** The sidebar's topic tree. */
  readonly topics: readonly ResolvedTopic[];
  readonly cards: readonly CardHeader[];
  /** Facts for following values through a file (instance calls such as `opt.step()`). */
  readonly types?: TypeFacts;
  /** Aliases that also have an everyday meaning: they match only in a document with ML context. */
  readonly ambiguous?: readonly string[];
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
    ...(card.kind === 'api' ? { concept: card.concept } : {}),
  };
}
