/** One entry point for every language ML Lens reads, plus a per-version cache so hovers never rescan. */
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

/** Keeps a value for the latest version of each open document (least recently used evicted). */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: number; value: T }>();

  constructor(private readonly maxEntries = 64) {}

  get(key: string, version: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.version !== version) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, version: number, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** One long-lived object per open document (an incremental parser, an analyzer), oldest dropped past `max`. */
export class PerDocument<T> {
  private readonly entries = new Map<string, T>();

  constructor(
    private readonly create: () => T,
    private readonly max: number,
  ) {}

  get(key: string): T {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = this.create();
      this.entries.set(key, value);
      if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
