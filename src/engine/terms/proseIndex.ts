/**
 * Indexes prose documents (Markdown, plain text, reStructuredText, LaTeX): ML terms in the text, code names
 * in inline code (`nn.GELU`), and Python fenced blocks read as code with the conventional import aliases.
 */
import { UNLIMITED, type Budget } from './budget';
import { indexPython, unambiguousCards } from './codeIndex';
import { HitIndex, type Hit } from './hitIndex';
import type { Vocabulary } from './vocabulary';

/** What a snippet in a README means by `nn`, `F`, `tf`… when it shows no imports. */
const SNIPPET_IMPORTS: ReadonlyMap<string, string> = new Map([
  ['torch', 'torch'],
  ['nn', 'torch.nn'],
  ['F', 'torch.nn.functional'],
  ['init', 'torch.nn.init'],
  ['tf', 'tensorflow'],
  ['keras', 'keras'],
  ['layers', 'keras.layers'],
]);

const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})[ \t]*([\w+-]*)/;
const PYTHON_FENCE = /^(?:python|py|python3|ipython|pycon)$/i;
const INLINE_CODE = /`([^`\n]+)`/g;
const DOTTED = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/;
/** Link targets and bare URLs are not prose ("…/self-attention" in a URL). */
const URLS = /\]\([^)\n]*\)|\bhttps?:\/\/[^\s)>\]]+/g;

/** Headings and links of a paper-like document: its terms are ML terms when it names other ML terms. */
const PAPER_LIKE = /^\s{0,3}(?:#{1,6}\s*|\\section\*?\{\s*)(?:\d+\.?\s*)?(?:abstract|related work|experiments?|references|bibliography)\b|arxiv\.org\/abs\/|\\begin\{abstract\}/im;

/**
 * Whether a prose document is about ML, so that words with an everyday meaning ("transformer", "dropout",
 * "mamba") can be read as ML terms: it is a notebook cell, it shows ML code (code names in inline code or
 * Python fences), it names at least two different unambiguous ML terms, or it reads like a paper and names one.
 */
export function proseHasMlContext(text: string, codeHits: number, prose: ReadonlyArray<{ cardId: string; ambiguous?: boolean }>, notebook = false): boolean {
  if (notebook || codeHits > 0) return true;
  const distinct = unambiguousCards(prose);
  return distinct >= 2 || (distinct >= 1 && PAPER_LIKE.test(text));
}

export function indexProse(text: string, languageId: string, vocabulary: Vocabulary, budget: Budget = UNLIMITED, notebook = false): HitIndex {
  const hits: Hit[] = [];
  const prose: Array<Hit & { ambiguous?: boolean }> = [];
  let complete = true;
  const chunks = languageId === 'markdown' ? markdownChunks(text) : [{ from: 0, to: text.length, python: false }];
  for (const chunk of chunks) {
    if (budget.exhausted()) {
      complete = false;
      break;
    }
    const body = text.slice(chunk.from, chunk.to);
    if (chunk.python) {
      const code = indexPython(body, vocabulary, { inheritedImports: SNIPPET_IMPORTS, budget });
      for (const h of code.hits) hits.push({ ...h, from: h.from + chunk.from, to: h.to + chunk.from });
      complete &&= code.complete;
      continue;
    }
    if (languageId === 'markdown') addInlineCodeSymbols(body, chunk.from, vocabulary, hits);
    for (const h of vocabulary.prose.match(maskUrls(body), chunk.from)) prose.push({ ...h, kind: 'prose' });
  }
  const context = proseHasMlContext(text, hits.length, prose, notebook);
  for (const { ambiguous, ...h } of prose) if (context || !ambiguous) hits.push(h);
  return new HitIndex(hits, complete);
}

interface Chunk {
  readonly from: number;
  readonly to: number;
  readonly python: boolean;
}

/** Splits Markdown into prose and fenced blocks; non-Python fences (shell, diagrams) are left out. */
function markdownChunks(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let proseFrom = 0;
  let fence: { marker: string; python: boolean; bodyFrom: number } | undefined;
  let lineFrom = 0;
  while (lineFrom <= text.length) {
    const newline = text.indexOf('\n', lineFrom);
    const lineTo = newline < 0 ? text.length : newline;
    const line = text.slice(lineFrom, lineTo);
    const m = FENCE.exec(line);
    if (!fence && m) {
      chunks.push({ from: proseFrom, to: lineFrom, python: false });
      fence = { marker: m[1], python: PYTHON_FENCE.test(m[2]), bodyFrom: Math.min(lineTo + 1, text.length) };
    } else if (fence && m && m[1][0] === fence.marker[0] && m[1].length >= fence.marker.length && m[2] === '') {
      if (fence.python) chunks.push({ from: fence.bodyFrom, to: lineFrom, python: true });
      fence = undefined;
      proseFrom = Math.min(lineTo + 1, text.length);
    }
    if (newline < 0) break;
    lineFrom = newline + 1;
  }
  if (fence?.python) chunks.push({ from: fence.bodyFrom, to: text.length, python: true });
  else if (!fence) chunks.push({ from: proseFrom, to: text.length, python: false });
  return chunks.filter((c) => c.to > c.from);
}

function addInlineCodeSymbols(body: string, base: number, vocabulary: Vocabulary, hits: Hit[]): void {
  for (const m of body.matchAll(INLINE_CODE)) {
    const code = m[1].trim().replace(/\(.*$/, '');
    if (!DOTTED.test(code)) continue;
    const found = vocabulary.symbols.lookupConventional(code) ?? lookupQualified(code, vocabulary);
    if (!found) continue;
    const from = base + m.index! + 1 + m[1].indexOf(code);
    hits.push({ from, to: from + code.length, cardId: found.cardId, kind: 'symbol', symbol: found.symbol });
  }
}

function lookupQualified(code: string, vocabulary: Vocabulary): { cardId: string; symbol: string } | undefined {
  const cardId = vocabulary.symbols.lookup(code);
  return cardId === undefined ? undefined : { cardId, symbol: code };
}

function maskUrls(text: string): string {
  return text.replace(URLS, (url) => ' '.repeat(url.length));
}
