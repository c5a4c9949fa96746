/** Loads the real content/ tree the way the build does, for unit tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileContent, type CompileInput, type SourceFile } from '../../src/engine/content/compile';
import type { CompileResult } from '../../src/engine/content/compile';
import { buildVocabulary, type Vocabulary } from '../../src/engine/terms/vocabulary';

export const ROOT = join(__dirname, '..', '..');

export function readJson<T = unknown>(relative: string): T {
  return JSON.parse(readFileSync(join(ROOT, relative), 'utf8')) as T;
}

export function jsonFiles(dir: string): SourceFile[] {
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ path: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), 'utf8') }));
}

export function realCompileInput(overrides: Partial<CompileInput> = {}): CompileInput {
  return {
    sections: readJson<{ sections: CompileInput['sections'] }>('content/sections.json').sections,
    topics: readJson<{ topics: CompileInput['topics'] }>('content/sections.json').topics,
    commonWords: readJson<{ words: string[] }>('content/common-words.json').words,
    conceptSchema: readJson('content/schema/concept.schema.json'),
    apiSchema: readJson('content/schema/api.schema.json'),
    conceptFiles: jsonFiles('content/concepts'),
    apiFiles: jsonFiles('content/api'),
    types: readJson('content/types.json'),
    hoverExamples: readJson<{ examples: Record<string, string> }>('content/hover-examples.json').examples,
    ambiguous: readJson<{ terms: string[] }>('content/ambiguous-terms.json').terms,
    ...overrides,
  };
}

let compiled: CompileResult | undefined;
let vocabulary: Vocabulary | undefined;

export function realContent(): CompileResult {
  return (compiled ??= compileContent(realCompileInput()));
}

export function realVocabulary(): Vocabulary {
  return (vocabulary ??= buildVocabulary(realContent().index));
}
