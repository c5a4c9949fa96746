/**
 * Symbolic dimension arithmetic for the shape engine.
 *
 * A `Dim` is either a concrete integer or a `SymDim`: an immutable, normalised expression over named sizes
 * (`N`, `H`, `L`). Expressions are kept as a sum of terms `coef · atom₁ · atom₂ …` plus a constant, where an
 * atom is a symbol or an opaque floor division `⌊E / d⌋`. Coefficients are rationals so that an exact
 * division (`H/2`) can be doubled back to `H`.
 *
 * Normalisation folds constants and collects like terms, and floor division pulls out every part that divides
 * exactly, so the usual conv formula `(H + 2·1 − 3)//1 + 1` comes back as plain `H`.
 * Every function returns a plain `number` whenever the result is a constant integer.
 */

/** A rational number n/d with d > 0 and gcd(n, d) = 1. */
interface Rational {
  readonly n: number;
  readonly d: number;
}

type Atom =
  | { readonly kind: 'sym'; readonly name: string; readonly key: string }
  | { readonly kind: 'floor'; readonly num: SymDim; readonly den: Dim; readonly key: string };

interface Term {
  readonly coef: Rational;
  /** Atoms sorted by key; repeats allowed (H·H). */
  readonly atoms: readonly Atom[];
  readonly key: string;
}

/** A normalised symbolic expression. Construct through `sym` and the arithmetic functions, never directly. */
export class SymDim {
  /** Canonical text; two expressions are identical iff their keys are equal. */
  readonly key: string;
  /**
   * How a product was written, kept for display only: `9408*N*((H-1)//2+1)*((W-1)//2+1)` reads better than
   * its expansion. Never used for equality; any further addition/division drops it.
   */
  factored?: { readonly k: number; readonly factors: readonly string[] };
  constructor(
    readonly terms: readonly Term[],
    readonly constant: Rational,
  ) {
    this.key = terms.map((t) => `${t.coef.n}/${t.coef.d}*${t.key}`).join('+') + `+${constant.n}/${constant.d}`;
  }
  toString(): string {
    return formatDim(this);
  }
  toJSON(): string {
    return formatDim(this);
  }
}

export type Dim = number | SymDim;

// ---------------------------------------------------------------------------------------------- rationals

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

function rat(n: number, d = 1): Rational {
  if (!Number.isInteger(n) || !Number.isInteger(d)) {
    // A float slipped in (a scale factor such as 1.5): use the nearest fraction with a small denominator.
    const x = n / d;
    if (!Number.isFinite(x)) return { n: 0, d: 1 };
    let den = 1;
    while (den < 1024 && Math.abs(x * den - Math.round(x * den)) > 1e-9) den++;
    return rat(Math.round(x * den), den);
  }
  if (d < 0) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d) || 1;
  return { n: n / g, d: d / g };
}

const ratAdd = (a: Rational, b: Rational): Rational => rat(a.n * b.d + b.n * a.d, a.d * b.d);
const ratMul = (a: Rational, b: Rational): Rational => rat(a.n * b.n, a.d * b.d);
const isZero = (a: Rational): boolean => a.n === 0;
const isInt = (a: Rational): boolean => a.d === 1;

// ---------------------------------------------------------------------------------------------- building

function symAtom(name: string): Atom {
  return { kind: 'sym', name, key: name };
}

function floorAtom(num: SymDim, den: Dim): Atom {
  return { kind: 'floor', num, den, key: `⌊${num.key}÷${typeof den === 'number' ? den : den.key}⌋` };
}

function makeTerm(coef: Rational, atoms: readonly Atom[]): Term {
  const sorted = [...atoms].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { coef, atoms: sorted, key: sorted.map((a) => a.key).join('*') };
}

/** Collect like terms, drop zeros, and collapse to a number when constant and integral. */
function normalise(terms: readonly Term[], constant: Rational): Dim {
  const byKey = new Map<string, Term>();
  for (const t of terms) {
    if (t.atoms.length === 0) {
      constant = ratAdd(constant, t.coef);
      continue;
    }
    const prev = byKey.get(t.key);
    byKey.set(t.key, prev ? { ...prev, coef: ratAdd(prev.coef, t.coef) } : t);
  }
  const kept = [...byKey.values()].filter((t) => !isZero(t.coef)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (kept.length === 0) {
    // A non-integral constant cannot arise from integer dims except via exactDiv, which guards it.
    return isInt(constant) ? constant.n : Math.floor(constant.n / constant.d);
  }
  return new SymDim(kept, constant);
}

function termsOf(d: Dim): { terms: readonly Term[]; constant: Rational } {
  return typeof d === 'number' ? { terms: [], constant: rat(d) } : { terms: d.terms, constant: d.constant };
}

function asSym(d: Dim): SymDim {
  return typeof d === 'number' ? new SymDim([], rat(d)) : d;
}

// ---------------------------------------------------------------------------------------------- public API

/** A named symbolic dimension such as `N` or `H`. */
export function sym(name: string): SymDim {
  return new SymDim([makeTerm(rat(1), [symAtom(name)])], rat(0));
}

export function isConcrete(d: Dim): d is number {
  return typeof d === 'number';
}

export function isSymbolic(d: unknown): d is SymDim {
  return d instanceof SymDim;
}

export function add(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  const x = termsOf(a);
  const y = termsOf(b);
  return normalise([...x.terms, ...y.terms], ratAdd(x.constant, y.constant));
}

function scale(a: Dim, k: Rational): Dim {
  const x = termsOf(a);
  return normalise(
    x.terms.map((t) => ({ ...t, coef: ratMul(t.coef, k) })),
    ratMul(x.constant, k),
  );
}

export function neg(a: Dim): Dim {
  return typeof a === 'number' ? -a : scale(a, rat(-1));
}

export function sub(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return add(a, neg(b));
}

export function mul(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (a === 1) return b;
  if (b === 1) return a;
  let result: Dim;
  if (typeof a === 'number') result = scale(b, rat(a));
  else if (typeof b === 'number') result = scale(a, rat(b));
  else {
    const out: Term[] = [];
    const x = termsOf(a);
    const y = termsOf(b);
    const xs: Term[] = [...x.terms, makeTerm(x.constant, [])];
    const ys: Term[] = [...y.terms, makeTerm(y.constant, [])];
    for (const s of xs) for (const t of ys) out.push(makeTerm(ratMul(s.coef, t.coef), [...s.atoms, ...t.atoms]));
    result = normalise(out, rat(0));
  }
  if (result instanceof SymDim) {
    const fa = factorsOf(a);
    const fb = factorsOf(b);
    if (fa && fb) result.factored = { k: fa.k * fb.k, factors: [...fa.factors, ...fb.factors] };
  }
  return result;
}

/** A dim as (integer coefficient, written factors) for factored display; null when not representable. */
function factorsOf(d: Dim): { k: number; factors: string[] } | null {
  if (typeof d === 'number') return Number.isInteger(d) ? { k: d, factors: [] } : null;
  if (d.factored) return { k: d.factored.k, factors: [...d.factored.factors] };
  const text = formatDim(d);
  if (d.terms.length === 1 && isZero(d.constant) && isInt(d.terms[0].coef)) {
    const t = d.terms[0];
    // Each atom is its own factor; a floor is parenthesised so that `2*(H//2)*W` keeps Python's meaning.
    return { k: t.coef.n, factors: t.atoms.map((a) => (a.kind === 'floor' ? `(${formatAtom(a)})` : formatAtom(a))) };
  }
  return { k: 1, factors: [`(${text})`] };
}

/** Product of a list of dims (1 for an empty list). */
export function product(dims: readonly Dim[]): Dim {
  let p: Dim = 1;
  for (const d of dims) p = mul(p, d);
  return p;
}

/** Python `a // b` for positive b. */
export function floorDiv(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return b === 0 ? a : Math.floor(a / b);
  if (typeof b === 'number') {
    if (b === 1) return a;
    if (b <= 0) return floorAtomDim(asSym(a), b);
    return floorByInt(asSym(a), b);
  }
  // Symbolic divisor: exact when every term of `a` is a multiple of the single-term divisor.
  const q = divideByMonomial(a, b);
  if (q !== null) return q;
  if (dimEquals(a, b) === true) return 1;
  // Cancel factors common to every term of a and the (single-term) divisor — sizes are positive, so
  // ⌊g·x / (g·y)⌋ = ⌊x / y⌋: ⌊24·N·H·W / (64·N)⌋ → ⌊3·H·W / 8⌋.
  const reduced = cancelCommon(a, b);
  if (reduced) return floorDiv(reduced[0], reduced[1]);
  return floorAtomDim(asSym(a), b);
}

/** Divide a and the monomial b by their common atoms and integer gcd; null when nothing is common. */
function cancelCommon(a: Dim, b: SymDim): [Dim, Dim] | null {
  if (b.terms.length !== 1 || !isZero(b.constant) || !isInt(b.terms[0].coef) || b.terms[0].coef.n <= 0) return null;
  const x = termsOf(a);
  if (!isZero(x.constant) || x.terms.length === 0 || !x.terms.every((t) => isInt(t.coef))) return null;
  const divisor = b.terms[0];
  const common: Atom[] = [];
  const pools = x.terms.map((t) => [...t.atoms]);
  for (const atom of divisor.atoms) {
    if (pools.every((pool) => pool.some((r) => r.key === atom.key))) {
      common.push(atom);
      for (const pool of pools) pool.splice(pool.findIndex((r) => r.key === atom.key), 1);
    }
  }
  let g = divisor.coef.n;
  for (const t of x.terms) g = gcd(g, t.coef.n);
  if (common.length === 0 && g <= 1) return null;
  const num = normalise(
    x.terms.map((t, i) => makeTerm(rat(t.coef.n / g), pools[i])),
    rat(0),
  );
  const rest = [...divisor.atoms];
  for (const atom of common) rest.splice(rest.findIndex((r) => r.key === atom.key), 1);
  const den = normalise([makeTerm(rat(divisor.coef.n / g), rest)], rat(0));
  return [num, den];
}

/** Python `-(-a // b)`: ceiling division for positive b (used by ceil_mode pooling). */
export function ceilDiv(a: Dim, b: Dim): Dim {
  // ⌈a/b⌉ = ⌊(a + b − 1)/b⌋ for integer a and positive b; reads better than −⌊−a/b⌋ when printed.
  return floorDiv(add(a, sub(b, 1)), b);
}

/**
 * Division known (or assumed) to be exact, such as `H/2` for a stride-2 stage on an even input. Concrete
 * operands that do not divide fall back to floor division.
 */
export function exactDiv(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return b !== 0 && a % b === 0 ? a / b : floorDiv(a, b);
  if (typeof b === 'number') return b === 0 ? a : scale(a, rat(1, b));
  const q = divideByMonomial(a, b);
  return q ?? floorDiv(a, b);
}

export function min(a: Dim, b: Dim): Dim | null {
  const c = compareDims(a, b);
  if (c === 'unknown') return null;
  return c <= 0 ? a : b;
}

/**
 * -1, 0 or 1 when `a - b` is a constant (so the order does not depend on the symbols), else 'unknown'.
 */
export function compareDims(a: Dim, b: Dim): -1 | 0 | 1 | 'unknown' {
  const d = sub(a, b);
  if (typeof d !== 'number') return 'unknown';
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** True/false when decidable; 'unknown' when the answer depends on the symbols' values. */
export function dimEquals(a: Dim, b: Dim): boolean | 'unknown' {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  const d = sub(a, b);
  if (typeof d === 'number') return d === 0;
  return 'unknown';
}

/** Python-like text: `N`, `(H-1)//2+1`, `H/2`, `2*L`, `H*W`. */
export function formatDim(d: Dim): string {
  if (typeof d === 'number') return String(d);
  if (d.factored && (d.factored.factors.length > 1 || (d.factored.k !== 1 && d.factored.factors[0]?.startsWith('(')))) {
    const { k, factors } = d.factored;
    const body = factors.join('*');
    return k === 1 ? body : k === -1 ? `-${body}` : `${k}*${body}`;
  }
  const parts: string[] = [];
  for (const t of d.terms) parts.push(formatTerm(t));
  if (!isZero(d.constant)) parts.push(formatRational(d.constant));
  let out = '';
  for (const p of parts) {
    if (out === '') out = p;
    else out += p.startsWith('-') ? p : `+${p}`;
  }
  return out;
}

/** JSON form: numbers stay numbers, symbolic dims become their text. */
/**
 * A dim for JSON: a number while it is a safe integer (or a small fraction), else a decimal string. An
 * integer past 2^53 is written out in full (`"1000000000000000000000000"`), never as `1e+24`.
 */
export function dimToJSON(d: Dim): number | string {
  if (typeof d !== 'number') return formatDim(d);
  if (Number.isSafeInteger(d) || (Number.isFinite(d) && !Number.isInteger(d))) return d;
  return Number.isFinite(d) ? BigInt(d).toString() : String(d);
}

/** True for a concrete count that may have lost precision (past 2^53, or not finite). */
export function isUnsafeCount(d: Dim): boolean {
  return typeof d === 'number' && !(Number.isFinite(d) && Math.abs(d) <= Number.MAX_SAFE_INTEGER);
}

/** Names of the symbols a dim mentions. */
export function symbolsOf(d: Dim): string[] {
  const out = new Set<string>();
  const walk = (x: Dim): void => {
    if (typeof x === 'number') return;
    for (const t of x.terms)
      for (const a of t.atoms) {
        if (a.kind === 'sym') out.add(a.name);
        else {
          walk(a.num);
          walk(a.den);
        }
      }
  };
  walk(d);
  return [...out];
}

/** Substitute concrete values for symbols (unlisted symbols stay symbolic). */
export function substitute(d: Dim, values: Readonly<Record<string, Dim>>): Dim {
  if (typeof d === 'number') return d;
  let acc: Dim = d.constant.d === 1 ? d.constant.n : scale(1, d.constant);
  for (const t of d.terms) {
    let term: Dim = 1;
    for (const a of t.atoms) {
      const v: Dim =
        a.kind === 'sym'
          ? Object.prototype.hasOwnProperty.call(values, a.name)
            ? values[a.name]
            : sym(a.name)
          : floorDiv(substitute(a.num, values), substitute(a.den, values));
      term = mul(term, v);
    }
    acc = add(acc, t.coef.d === 1 ? mul(term, t.coef.n) : scale(term, t.coef));
  }
  return acc;
}

// ---------------------------------------------------------------------------------------------- internals

function floorAtomDim(num: SymDim, den: Dim): SymDim {
  return new SymDim([makeTerm(rat(1), [floorAtom(num, den)])], rat(0));
}

/**
 * ⌊E / k⌋ for an integer k ≥ 2. Terms whose integer coefficient is a multiple of k leave the floor exactly
 * (they are integers), as does the multiple-of-k part of the constant; a nested ⌊⌊E/a⌋/k⌋ becomes ⌊E/(a·k)⌋.
 */
function floorByInt(e: SymDim, k: number): Dim {
  const pulled: Term[] = [];
  const rest: Term[] = [];
  for (const t of e.terms) {
    if (isInt(t.coef) && t.coef.n % k === 0) pulled.push({ ...t, coef: rat(t.coef.n / k) });
    else rest.push(t);
  }
  if (rest.length === 0) {
    const c = e.constant;
    return add(normalise(pulled, rat(0)), Math.floor(c.n / c.d / k));
  }
  // Keep the constant left inside the floor in (−k, 0], so the conv formula prints as `(H-1)//2+1`
  // (rather than the equal `(H+1)//2`) and equal expressions share one canonical form.
  let restConst = e.constant;
  let pulledConst = rat(0);
  if (isInt(e.constant)) {
    const q = Math.ceil(e.constant.n / k);
    pulledConst = rat(q);
    restConst = rat(e.constant.n - q * k);
  }
  const base = normalise(pulled, pulledConst);
  // ⌊⌊E/a⌋/k⌋ = ⌊E/(a·k)⌋ when the remainder is exactly one floor atom with coefficient 1 and no constant.
  if (rest.length === 1 && restConst.n === 0 && rest[0].atoms.length === 1 && rest[0].coef.n === 1 && rest[0].coef.d === 1) {
    const inner = rest[0].atoms[0];
    if (inner.kind === 'floor' && typeof inner.den === 'number') {
      return add(base, floorByInt(inner.num, inner.den * k));
    }
  }
  return add(base, floorAtomDim(new SymDim(rest, restConst), k));
}

/** a / b when b is a single term (c·atoms) dividing every term of a exactly; else null. */
function divideByMonomial(a: Dim, b: SymDim): Dim | null {
  if (b.terms.length !== 1 || !isZero(b.constant)) return null;
  const divisor = b.terms[0];
  const x = termsOf(a);
  if (!isZero(x.constant)) return null;
  const out: Term[] = [];
  for (const t of x.terms) {
    const remaining = [...t.atoms];
    for (const atom of divisor.atoms) {
      const i = remaining.findIndex((r) => r.key === atom.key);
      if (i < 0) return null;
      remaining.splice(i, 1);
    }
    const coef = ratMul(t.coef, rat(divisor.coef.d, divisor.coef.n));
    if (!isInt(coef) && isInt(t.coef) && isInt(divisor.coef)) return null;
    out.push(makeTerm(coef, remaining));
  }
  return normalise(out, rat(0));
}

function formatRational(r: Rational): string {
  return r.d === 1 ? String(r.n) : `${r.n}/${r.d}`;
}

function formatAtom(a: Atom): string {
  if (a.kind === 'sym') return a.name;
  const num = formatDim(a.num);
  // Parenthesise unless the numerator is a plain positive product (`H//2`, `2*H//3`): `(-3*H)//2` must not
  // print as `-3*H//2` inside a sum, where Python would read `- ((3*H)//2)`.
  const numText = a.num.terms.length === 1 && isZero(a.num.constant) && !num.includes('/') && !num.startsWith('-') ? num : `(${num})`;
  // `//` binds like `*`, so any divisor but a plain number or symbol needs parentheses: `x//(64*N)`.
  const denText = formatDim(a.den);
  const den = /^[A-Za-z_]\w*$|^\d+$/.test(denText) ? denText : `(${denText})`;
  return `${numText}//${den}`;
}

function formatTerm(t: Term): string {
  const atoms = t.atoms.map((a) => (a.kind === 'floor' && (t.atoms.length > 1 || t.coef.n !== 1 || t.coef.d !== 1) ? `(${formatAtom(a)})` : formatAtom(a)));
  const body = atoms.join('*');
  const { n, d } = t.coef;
  const sign = n < 0 ? '-' : '';
  const absN = Math.abs(n);
  const lead = absN === 1 ? body : `${absN}*${body}`;
  return d === 1 ? `${sign}${lead}` : `${sign}${lead}/${d}`;
}

/**
 * NumPy/PyTorch broadcasting of two shapes, aligned from the right: `[8, 1, 5]` and `[3, 1]` → `[8, 3, 5]`.
 * Where two sizes are equal or undecidable, the concrete one wins. A conflict names the output position.
 */
export function broadcastDims(
  a: readonly Dim[],
  b: readonly Dim[],
): { readonly shape: Dim[] } | { readonly conflict: { readonly index: number; readonly rank: number; readonly x: Dim; readonly y: Dim } } {
  const rank = Math.max(a.length, b.length);
  const shape: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x === 1) shape.push(y);
    else if (y === 1) shape.push(x);
    else if (dimEquals(x, y) === false) return { conflict: { index: i, rank, x, y } };
    else shape.push(isConcrete(x) ? x : y);
  }
  return { shape };
}
