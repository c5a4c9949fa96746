/**
 * Lezer, loaded on first use. Only this module may load Lezer at run time (type-only imports are free):
 * the build keeps ./lezer in its own file so that extension activation never pays for parse tables.
 */
import type { LRParser } from '@lezer/lr';

type Lezer = typeof import('./lezer');

let loaded: Lezer | undefined;

export function lezer(): Lezer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('./lezer') as Lezer);
}

export function pythonParser(): LRParser {
  return lezer().parser;
}
