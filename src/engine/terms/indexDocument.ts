/** One entry point for every language ML Lens reads (caches live in src/engine/util/lru.ts). */
import type { ImportMap } from '../python/imports';
import type { IncrementalPythonParse } from '../python/incremental';
import type { Budget } from './budget';
import { indexPython } from './codeIndex';
import type { HitIndex } from './hitIndex';
import { indexProse } from './proseIndex';
import type { ValueType } from './localTypes';
import type { Vocabulary } from './vocabulary';

export const PYTHON_LANGUAGES: readonly string[] = ['python'];
export const PROSE_LANGUAGES: readonly string[] = ['markdown', 'plaintext', 'restructuredtext', 'latex', 'tex'];

export interface IndexRequest {
  readonly text: string;
  readonly languageId: string;
  readonly inheritedImports?: ImportMap;
  readonly budget?: Budget;
  /** For Python: the document's incremental parser, so each version re-parses only what changed. */
  readonly parser?: IncrementalPythonParse;
  /** The document is a notebook cell (ML context for ambiguous prose terms). */
  readonly notebook?: boolean;
  /** For a notebook's Python cell: variables of earlier cells whose type is known. */
  readonly inheritedVariables?: ReadonlyMap<string, ValueType>;
}

export function indexDocument(request: IndexRequest, vocabulary: Vocabulary): HitIndex {
  if (PYTHON_LANGUAGES.includes(request.languageId)) {
    return indexPython(request.text, vocabulary, {
      inheritedImports: request.inheritedImports,
      inheritedVariables: request.inheritedVariables,
      notebook: request.notebook,
      budget: request.budget,
      parser: request.parser,
    });
  }
  return indexProse(request.text, request.languageId, vocabulary, request.budget, request.notebook);
}
