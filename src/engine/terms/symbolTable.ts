/** Fully-qualified code symbols (torch.nn.GELU, keras.layers.Dense) → card ids. */
import { normalizeQualified } from '../python/imports';

/** The names people conventionally give these modules; used where no import statement is visible (prose). */
const CONVENTIONAL_ALIASES: Readonly<Record<string, string>> = {
  torch: 'torch',
  nn: 'torch.nn',
  F: 'torch.nn.functional',
  init: 'torch.nn.init',
  tf: 'tensorflow',
  keras: 'keras',
  layers: 'keras.layers',
  activations: 'keras.activations',
  initializers: 'keras.initializers',
  losses: 'keras.losses',
};

export interface SymbolSource {
  readonly symbol: string;
  readonly cardId: string;
}

export class SymbolTable {
  private readonly cards = new Map<string, string>();

  constructor(entries: Iterable<SymbolSource>) {
    for (const { symbol, cardId } of entries) this.cards.set(normalizeQualified(symbol), cardId);
  }

  get size(): number {
    return this.cards.size;
  }

  /** The card for a fully-qualified name (any tensorflow.keras spelling accepted). */
  lookup(qualified: string): string | undefined {
    return this.cards.get(normalizeQualified(qualified));
  }

  /** For prose and inline code: `nn.GELU`, `F.gelu`, `layers.Dense`, read with the conventional aliases. */
  lookupConventional(dotted: string): { cardId: string; symbol: string } | undefined {
    const parts = dotted.split('.');
    if (parts.length < 2) return undefined;
    const head = CONVENTIONAL_ALIASES[parts[0]];
    if (head === undefined) return undefined;
    const symbol = normalizeQualified([head, ...parts.slice(1)].join('.'));
    const cardId = this.cards.get(symbol);
    return cardId === undefined ? undefined : { cardId, symbol };
  }
}
