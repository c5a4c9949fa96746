/**
 * Finds ML terms in prose: case- and plural-insensitive, hyphen/space-insensitive, longest match wins.
 * Built once from the card aliases; matching is one left-to-right pass over the words of the text.
 */
import { WORD, normalizeWord, termKey, termWords } from './normalize';

export interface TermSource {
  readonly term: string;
  readonly cardId: string;
}

export interface TermHit {
  /** Offsets into the text given to `match` (plus the caller's base offset). */
  readonly from: number;
  readonly to: number;
  readonly cardId: string;
  /** The term also has an everyday meaning: it counts only in a document with ML context. */
  readonly ambiguous?: boolean;
}

interface Candidate {
  readonly words: readonly string[];
  readonly cardId: string;
  readonly ambiguous: boolean;
  /** commas[k]: the term writes a comma before its k-th word ("queries, keys and values"). */
  readonly commas: readonly boolean[];
  /** Short abbreviations (RNN, BN, FC) match only in the case the card wrote them. */
  readonly exact?: string;
}

interface Token {
  readonly from: number;
  readonly to: number;
  readonly raw: string;
  readonly word: string;
}

/** Words may be joined by spaces, one hyphen or one line break; nothing else (no "gradient. Vanishing"). */
const JOINER = /^(?:[ \t]+|[ \t]*[-‐‑][ \t]*|[ \t]*\r?\n[ \t]*(?:(?:#|\/\/|\*|>)[ \t]*)?)$/;
/** A comma joins two words only where the term itself has one. */
const COMMA_JOINER = /^[ \t]*,[ \t]*(?:\r?\n[ \t]*)?$/;
const IDENTIFIER_CHAR = /[\p{L}\p{N}_]/u;
const SHORT_ABBREVIATION = 3;

export class ProseMatcher {
  private readonly byFirstWord = new Map<string, Candidate[]>();

  private readonly ambiguous: ReadonlySet<string>;

  /** `ambiguous`: terms that also have an everyday meaning; their hits carry `ambiguous: true`. */
  constructor(terms: Iterable<TermSource>, ambiguous: Iterable<string> = []) {
    this.ambiguous = new Set([...ambiguous].flatMap((t) => spellingVariants(t).map(termKey)));
    for (const { term, cardId } of terms) {
      for (const variant of spellingVariants(term)) this.add(variant, cardId);
    }
    for (const list of this.byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  private add(term: string, cardId: string): void {
    const words = termWords(term);
    if (words.length === 0) return;
    const exact = words.length === 1 && term.length <= SHORT_ABBREVIATION ? term : undefined;
    const list = this.byFirstWord.get(words[0]) ?? [];
    if (!list.some((c) => c.cardId === cardId && c.words.join(' ') === words.join(' ') && c.exact === exact)) {
      list.push({ words, cardId, exact, ambiguous: this.ambiguous.has(words.join(' ')), commas: commasBetweenWords(term) });
    }
    this.byFirstWord.set(words[0], list);
  }

  /** All non-overlapping hits in `text`, in order; offsets are shifted by `base`. */
  match(text: string, base = 0, out: TermHit[] = []): TermHit[] {
    const tokens = tokenize(text);
    for (let i = 0; i < tokens.length; ) {
      const hit = this.longestAt(text, tokens, i);
      if (hit) {
        const found: TermHit = { from: base + tokens[i].from, to: base + tokens[i + hit.length - 1].to, cardId: hit.cardId };
        out.push(hit.ambiguous ? { ...found, ambiguous: true } : found);
        i += hit.length;
      } else i++;
    }
    return out;
  }

  private longestAt(text: string, tokens: readonly Token[], i: number): { length: number; cardId: string; ambiguous: boolean } | undefined {
    const candidates = this.byFirstWord.get(tokens[i].word);
    if (!candidates || !standsAlone(text, tokens[i].from, 'before')) return undefined;
    for (const c of candidates) {
      const n = c.words.length;
      if (i + n > tokens.length) continue;
      if (c.exact && tokens[i].raw !== c.exact && tokens[i].raw !== c.exact + 's') continue;
      let ok = true;
      for (let k = 1; k < n && ok; k++) {
        const between = text.slice(tokens[i + k - 1].to, tokens[i + k].from);
        ok = tokens[i + k].word === c.words[k] && (JOINER.test(between) || (c.commas[k] === true && COMMA_JOINER.test(between)));
      }
      if (ok && standsAlone(text, tokens[i + n - 1].to, 'after')) return { length: n, cardId: c.cardId, ambiguous: c.ambiguous };
    }
    return undefined;
  }
}

/** For each word of a term, whether a comma precedes it. */
function commasBetweenWords(term: string): boolean[] {
  const out: boolean[] = [];
  let last = 0;
  for (const m of term.matchAll(WORD)) {
    out.push(out.length > 0 && term.slice(last, m.index).includes(','));
    last = m.index! + m[0].length;
  }
  return out;
}

/** "multi-head attention" is also written "multihead attention". */
function spellingVariants(term: string): string[] {
  const variants = [term];
  if (/[\p{L}\p{N}]-[\p{L}\p{N}]/u.test(term)) variants.push(term.replace(/([\p{L}\p{N}])-(?=[\p{L}\p{N}])/gu, '$1'));
  return variants;
}

/** A term inside an identifier (`my_gelu_fn`, `relu6x`) is not prose. */
function standsAlone(text: string, at: number, side: 'before' | 'after'): boolean {
  const ch = side === 'before' ? text[at - 1] : text[at];
  return ch === undefined || !IDENTIFIER_CHAR.test(ch);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const from = m.index!;
    tokens.push({ from, to: from + m[0].length, raw: m[0], word: normalizeWord(m[0]) });
  }
  return tokens;
}
