/** Everything the indexers need to recognise terms, built once from the content index. */
import { NO_TYPES, type ContentIndex, type TypeFacts } from '../content/types';
import { ProseMatcher } from './proseMatcher';
import { SymbolTable } from './symbolTable';

export interface Vocabulary {
  readonly prose: ProseMatcher;
  readonly symbols: SymbolTable;
  /** Base classes and return types, for following values through a file (`opt.step()`). */
  readonly types: TypeFacts;
}

export function buildVocabulary(index: ContentIndex): Vocabulary {
  const ambiguous = index.ambiguous ?? [];
  const terms = index.cards.flatMap((c) => c.aliases.map((term) => ({ term, cardId: c.id })));
  // A name listed by a concept card and by an API card reaches the API card (its own facts, with the concept):
  // concept cards go first, so API cards override them.
  const ordered = [...index.cards.filter((c) => c.kind === 'concept'), ...index.cards.filter((c) => c.kind !== 'concept')];
  const symbols = ordered.flatMap((c) => c.symbols.map((symbol) => ({ symbol, cardId: c.id })));
  return { prose: new ProseMatcher(terms, ambiguous), symbols: new SymbolTable(symbols), types: index.types ?? NO_TYPES };
}
