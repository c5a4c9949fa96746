/**
 * Word normalisation shared by the prose matcher and the content validator, so that "two aliases are the
 * same term" means exactly what the matcher will treat as the same term.
 */

/** A word of prose: letters and digits (Unicode-aware), as the matcher sees them. */
export const WORD = /[\p{L}\p{N}]+/gu;

/** Lower-case and strip a regular English plural: gradients → gradient, activities → activity. */
export function normalizeWord(word: string): string {
  const w = word.toLowerCase();
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
