/**
 * The @lezer/python parser, loaded on first use. Deserialising its parse tables costs a few milliseconds,
 * so nothing may import '@lezer/python' eagerly: bundlers turn this `require` into a lazy module init,
 * which keeps it out of extension activation.
 */
import type { LRParser } from '@lezer/lr';

let parser: LRParser | undefined;

export function pythonParser(): LRParser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (parser ??= (require('@lezer/python') as typeof import('@lezer/python')).parser);
}
