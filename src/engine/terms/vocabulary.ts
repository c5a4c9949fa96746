/** Everything the indexers need to recognise terms, built once from the content index. */
import type { ContentIndex } from '../content/types';
import { ProseMatcher } from './proseMatcher';
import { SymbolTable } from './symbolTable';

export interface Vocabulary {
  readonly prose: ProseMatcher;
  readonly symbols: SymbolTable;
}

export function buildVocabulary(index: ContentIndex): Vocabulary {
  const terms = index.cards.flatMap((c) => c.aliases.map((term) => ({ term, cardId: c.id })));
  const symbols = index.cards.flatMap((c) => c.symbols.map((symbol) => ({ symbol, cardId: c.id })));
  return { prose: new ProseMatcher(terms), symbols: new SymbolTable(symbols) };
}
