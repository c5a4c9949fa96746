/**
 * Human-readable forms of the engine's numbers: one format for the CLI table, hover cards and the shape
 * calculator panel (the Markdown built from them, with escaping, is in src/engine/text/reportMarkdown.ts).
 *
 * - Counts (parameters, MACs, bytes) use thousands separators: `7,077,888`.
 * - Symbolic counts are factored and grouped: the JSON text `-288*H*N+144*H*N*W+576*N-288*N*W` reads
 *   `N·(144·H·W − 288·H − 288·W + 576)`. Products keep the factors they were written with
 *   (`9,408·N·(⌊(H − 1)/2⌋ + 1)·(⌊(W − 1)/2⌋ + 1)`), floor division is written ⌊a/b⌋, powers as H².
 * - Unknown is written `unknown` (counts) or `?` (shapes), never 0.
 *
 * The JSON contract (`ml-lens shapes --json`) is unchanged: it keeps Python-like strings (`"(H-1)//2+1"`)
 * that other tools can parse. Only what people read goes through this file.
 */
import { add, exactDiv, floorDiv, mul, neg, sub, sym, type Dim, type SymDim } from './dims';
import type { JsonDim, JsonShape } from './report';

/** The text an unknown count shows everywhere. */
export const UNKNOWN_COUNT = 'unknown';

// ---------------------------------------------------------------------------------------------- parsing

/**
 * Parses the engine's Python-like dimension text (`(H-1)//2+1`, `97344*N`, `H/2`) back into a Dim, so it can
 * be regrouped for display. Undefined for anything else (the caller then shows the text as it is).
 */
export function parseDimText(text: string): Dim | undefined {
  const tokens = text.match(/\d+|[A-Za-z_]\w*|\/\/|[-+*/()]|\S/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const fail = (): never => {
    throw new SyntaxError(text);
  };
  const primary = (): Dim => {
    const t = tokens[i++];
    if (t === undefined) return fail();
    if (/^\d+$/.test(t)) return Number(t);
    if (/^[A-Za-z_]\w*$/.test(t)) return sym(t);
    if (t === '(') {
      const e = sum();
      if (tokens[i++] !== ')') fail();
      return e;
    }
    if (t === '-') return neg(primary());
    return fail();
  };
  const productOf = (): Dim => {
    let a = primary();
    for (let op = peek(); op === '*' || op === '/' || op === '//'; op = peek()) {
      i++;
      const b = primary();
      if (op === '*') a = mul(a, b);
      else if (op === '//') a = floorDiv(a, b);
      else a = exactDiv(a, b);
    }
    return a;
  };
  const sum = (): Dim => {
    let a = productOf();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      i++;
      const b = productOf();
      a = op === '+' ? add(a, b) : sub(a, b);
    }
    return a;
  };
  try {
    if (tokens.length === 0 || tokens.length > 2000) return undefined;
    const d = sum();
    return i === tokens.length ? d : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------- readable dims

interface ReadableOptions {
  /** Thousands separators on numbers (counts: yes; shape dimensions: no, as PyTorch prints them). */
  readonly grouping: boolean;
}

const COUNTS: ReadableOptions = { grouping: true };
const DIMS: ReadableOptions = { grouping: false };

/** Thousands separators on a run of digits: "9007199254740993" → "9,007,199,254,740,993". */
function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A number as people read it. An integer past 2^53 keeps every digit of its exact value (never `1e+24`). */
function num(n: number, o: ReadableOptions): string {
  const abs = Math.abs(n);
  const digits = Number.isInteger(abs) && Number.isFinite(abs) ? BigInt(abs).toString() : null;
  const text = digits !== null ? (o.grouping ? groupDigits(digits) : digits) : o.grouping ? abs.toLocaleString('en-US', { maximumFractionDigits: 20 }) : String(abs);
  return n < 0 ? `−${text}` : text;
}

/** An exact count written as a decimal string (past 2^53): read as text, never through a double. */
const DIGITS = /^\d+$/;

type Term = SymDim['terms'][number];
type Atom = Term['atoms'][number];

/** Batch-like symbols lead a product (`N·H²`), the rest follow alphabetically. */
function atomRank(a: Atom): string {
  if (a.kind !== 'sym') return `2${a.key}`;
  return a.name === 'N' || a.name === 'B' ? `0${a.name}` : `1${a.name}`;
}

function atomText(a: Atom, o: ReadableOptions): string {
  if (a.kind === 'sym') return a.name;
  const inner = readable(a.num, o);
  const numText = a.num.terms.length + (a.num.constant.n === 0 ? 0 : 1) > 1 || inner.startsWith('−') ? `(${inner})` : inner;
  const den = typeof a.den === 'number' ? num(a.den, o) : readable(a.den, o);
  const denText = typeof a.den === 'number' || /^[A-Za-z_]\w*$/.test(den) ? den : `(${den})`;
  return `⌊${numText}/${denText}⌋`;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const power = (n: number): string => (n === 1 ? '' : String(n).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]));

/** `H·H·W` → `H²·W`, batch symbols first. */
function monomial(atoms: readonly Atom[], o: ReadableOptions): string {
  const sorted = [...atoms].sort((a, b) => (atomRank(a) < atomRank(b) ? -1 : atomRank(a) > atomRank(b) ? 1 : 0));
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j].key === sorted[i].key) j++;
    parts.push(atomText(sorted[i], o) + power(j - i));
    i = j;
  }
  return parts.join('·');
}

/** A term without its sign: `144·H·W`, `H/2`, `3·H/2`. */
function termBody(coef: { n: number; d: number }, atoms: readonly Atom[], o: ReadableOptions): string {
  const n = Math.abs(coef.n);
  const body = monomial(atoms, o);
  const lead = n === 1 && body ? body : body ? `${num(n, o)}·${body}` : num(n, o);
  return coef.d === 1 ? lead : `${lead}/${num(coef.d, o)}`;
}

/** Terms in reading order: higher degree first, then by their symbols. */
function ordered(terms: readonly Term[]): Term[] {
  const key = (t: Term) => t.atoms.map(atomRank).sort().join(',');
  return [...terms].sort((a, b) => b.atoms.length - a.atoms.length || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function joinSigned(parts: ReadonlyArray<{ negative: boolean; body: string }>): string {
  let out = '';
  for (const p of parts) {
    if (out === '') out = p.negative ? `−${p.body}` : p.body;
    else out += p.negative ? ` − ${p.body}` : ` + ${p.body}`;
  }
  return out || '0';
}

function sumText(terms: readonly Term[], constant: { n: number; d: number }, o: ReadableOptions): string {
  const parts = ordered(terms).map((t) => ({ negative: t.coef.n < 0, body: termBody(t.coef, t.atoms, o) }));
  if (constant.n !== 0) parts.push({ negative: constant.n < 0, body: termBody(constant, [], o) });
  return joinSigned(parts);
}

/** Atoms every term shares (with multiplicity); none when there is a constant. */
function commonAtoms(terms: readonly Term[], constant: { n: number }): Atom[] {
  if (constant.n !== 0 || terms.length < 2) return [];
  let common = [...terms[0].atoms];
  for (const t of terms.slice(1)) {
    const pool = [...t.atoms];
    common = common.filter((a) => {
      const k = pool.findIndex((b) => b.key === a.key);
      if (k < 0) return false;
      pool.splice(k, 1);
      return true;
    });
  }
  return common;
}

function withoutAtoms(t: Term, remove: readonly Atom[]): Atom[] {
  const rest = [...t.atoms];
  for (const a of remove) rest.splice(rest.findIndex((b) => b.key === a.key), 1);
  return rest;
}

/** A factor of a product, parenthesised when it is a sum. */
function factorText(text: string, o: ReadableOptions): string {
  const inner = /^\(.*\)$/.test(text) ? text.slice(1, -1) : text;
  const d = parseDimText(inner);
  if (d === undefined) return text.replace(/\*/g, '·');
  const r = readable(d, o);
  return isTopLevelSum(r) ? `(${r})` : r;
}

/** True when `text` has a + or − outside parentheses and floor brackets (so it needs parentheses in a product). */
function isTopLevelSum(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '⌊') depth++;
    else if (c === ')' || c === '⌋') depth--;
    else if (depth === 0 && (c === '+' || c === '−') && i > 0) return true;
  }
  return false;
}

function readable(d: Dim, o: ReadableOptions): string {
  if (typeof d === 'number') return num(d, o);
  const f = d.factored;
  // The factors a product was written with (`9408*N*((H-1)//2+1)`): clearer than its expansion.
  if (f && f.factors.some((x) => x.startsWith('('))) {
    const factors = f.factors.map((x) => factorText(x, o));
    const body = factors.join('·');
    const k = Math.abs(f.k);
    const text = k === 1 ? body : `${num(k, o)}·${body}`;
    return f.k < 0 ? `−${text}` : text;
  }
  const common = commonAtoms(d.terms, d.constant);
  if (common.length > 0) {
    const inner = d.terms.map((t) => ({ ...t, atoms: withoutAtoms(t, common) }));
    return `${monomial(common, o)}·(${sumText(inner, { n: 0, d: 1 }, o)})`;
  }
  return sumText(d.terms, d.constant, o);
}

/** A count for people to read: `7,077,888`, `N·(144·H·W − 288·H − 288·W + 576)`, `unknown`. */
export function formatCount(n: JsonDim | null | undefined): string {
  if (n === null || n === undefined) return UNKNOWN_COUNT;
  if (typeof n === 'number') return num(n, COUNTS);
  if (DIGITS.test(n)) return groupDigits(n.replace(/^0+(?=\d)/, ''));
  const d = parseDimText(n);
  return d === undefined ? n.replace(/\*/g, '·').replace(/-/g, '−') : readable(d, COUNTS);
}

/** One dimension of a shape: `64`, `N`, `⌊(H − 1)/2⌋ + 1` (no thousands separators, as PyTorch prints sizes). */
export function formatDimReadable(n: JsonDim | null): string {
  if (n === null) return '?';
  if (typeof n === 'number') return String(n);
  const d = parseDimText(n);
  return d === undefined ? n : readable(d, DIMS);
}

export function formatShape(shape: JsonShape): string {
  return shape === null ? '?' : `[${shape.map(formatDimReadable).join(', ')}]`;
}

/** Several inputs: `[1, 3, 224, 224]`, or `[2, 10], [2, 12]`; `?` when none is known. */
export function formatShapes(shapes: readonly JsonShape[]): string {
  return shapes.length ? shapes.map(formatShape).join(', ') : '?';
}

/** Twice a count (FLOPs = 2 × MACs), symbolic or not; null stays unknown. */
export function doubled(n: JsonDim | null): JsonDim | null {
  if (n === null) return null;
  if (typeof n === 'number') return 2 * n;
  const d = parseDimText(n);
  if (d === undefined) return `2*(${n})`;
  // add() normalises (a product written as factors would otherwise print as `2*(…)`).
  const r = add(d, d);
  return typeof r === 'number' ? r : r.toJSON();
}

const UNITS: ReadonlyArray<readonly [string, bigint]> = [
  ['GB', 1024n ** 3n],
  ['MB', 1024n ** 2n],
  ['KB', 1024n],
];

/** Bytes past 2^53 (exact decimal strings), in integers: two decimals, rounded half up. */
function bigBytesText(exact: bigint): string {
  for (const [unit, size] of UNITS) {
    if (exact >= size) {
      const hundredths = (exact * 100n + size / 2n) / size;
      return `${groupDigits((hundredths / 100n).toString())}.${(hundredths % 100n).toString().padStart(2, '0')} ${unit}`;
    }
  }
  return `${exact} B`;
}

function bytesText(bytes: number): string {
  if (Number.isInteger(bytes) && !Number.isSafeInteger(bytes) && Number.isFinite(bytes)) return bigBytesText(BigInt(bytes));
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(2)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(2)} KB`;
  return `${bytes} B`;
}

/**
 * Bytes in binary units (KB = 1024 B): `397.54 KB`. A symbolic amount that is a constant times a product of
 * symbols reads `4.59 MB·N`; any other expression is shown as a count of bytes; unknown stays unknown.
 */
export function formatBytes(bytes: JsonDim | null | undefined): string {
  if (bytes === null || bytes === undefined) return UNKNOWN_COUNT;
  if (typeof bytes === 'number') return bytesText(bytes);
  if (DIGITS.test(bytes)) return bigBytesText(BigInt(bytes));
  const d = parseDimText(bytes);
  if (d !== undefined && typeof d !== 'number' && d.terms.length === 1 && d.constant.n === 0 && d.terms[0].coef.d === 1 && d.terms[0].coef.n > 0) {
    const t = d.terms[0];
    return `${bytesText(t.coef.n)}·${monomial(t.atoms, COUNTS)}`;
  }
  return `${formatCount(bytes)} B`;
}

// ---------------------------------------------------------------------------------------------- reports

/** JSON with 2-space indentation, but arrays of plain values (shapes) kept on one line: the CLI's `--json`. */
export function toJson(value: unknown): string {
  // In pretty JSON a line break never occurs inside a string, so `,\n<indent>` is always a separator.
  const atom = String.raw`(?:-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|"(?:[^"\\\n]|\\.)*"|null|true|false)`;
  const flatArray = new RegExp(String.raw`\[\n\s*(${atom}(?:,\n\s*${atom})*)\n\s*\]`, 'g');
  // Integers past 2^53 (the engine already writes its counts as decimal strings) never print as `1e+24`.
  const exact = (_k: string, v: unknown) => (typeof v === 'number' && Number.isFinite(v) && Number.isInteger(v) && !Number.isSafeInteger(v) ? BigInt(v).toString() : v);
  return JSON.stringify(value, exact, 2).replace(flatArray, (_, inner: string) => `[${inner.replace(/,\n\s*/g, ', ')}]`);
}
