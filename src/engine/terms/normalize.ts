/**
 * Word normalisation shared by the prose matcher and the content validator, so that "two aliases are the
 * same term" means exactly what the matcher will treat as the same term.
 */

/** A word of prose: letters and digits (Unicode-aware), as the matcher sees them. */
export const WORD = /[\p{L}\p{N}]+/gu;

/** Singular words that end in s, and so must not lose it ("bias" is not the plural of "bia"). */
const SINGULAR_S = new Set(['bias', 'alias', 'atlas', 'canvas', 'lens', 'gas', 'news', 'series', 'species', 'chaos', 'cosmos', 'basis', 'axis']);

/** Lower-case and strip a regular English plural: gradients → gradient, activities → activity, biases → bias. */
export function normalizeWord(word: string): string {
  const w = word.toLowerCase();
  if (SINGULAR_S.has(w)) return w;
  if (w.endsWith('es') && SINGULAR_S.has(w.slice(0, -2))) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 4 && /(?:ss|x|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  return w;
}

/** The normalised words of a term: "Multi-Head Attention" → ["multi", "head", "attention"]. */
export function termWords(term: string): string[] {
  return Array.from(term.matchAll(WORD), (m) => normalizeWord(m[0]));
}

/** The key under which a term is stored and compared. */
export function termKey(term: string): string {
  return termWords(term).join(' ');
}
