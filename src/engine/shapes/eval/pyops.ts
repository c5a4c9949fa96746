/**
 * Python operator semantics on interpreter values: arithmetic (with symbolic ints), comparison, truthiness,
 * equality and iteration helpers. Tensor operands are handled by the caller (torch-api.ts).
 */
import { SymDim, add, compareDims, dimEquals, exactDiv, floorDiv, mul, neg, sub, type Dim } from '../dims';
import { UNKNOWN, isDim, isLayerVal, isTensorVal, list, seqItems, tag, tuple, type PyDict, type Val } from './values';
import { MAX_CHARS, MAX_ITEMS } from './limits';

export type Truth = boolean | 'unknown';

export function truthy(v: Val): Truth {
  if (v === UNKNOWN) return 'unknown';
  if (v === null || v === false) return false;
  if (v === true) return true;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (v instanceof SymDim) return 'unknown';
  if (isTensorVal(v)) return 'unknown';
  if (isLayerVal(v)) {
    // Containers are falsy when empty (len() == 0).
    const c = (v as { container?: string | null }).container;
    if (c) return v.children.length > 0;
    return true;
  }
  const items = seqItems(v);
  if (items) return items.length > 0;
  if (tag(v) === 'dict') return (v as PyDict).map.size > 0;
  if (tag(v) === 'range') {
    const r = v as { start: number; stop: number; step: number };
    return r.step > 0 ? r.start < r.stop : r.start > r.stop;
  }
  return true;
}

export function not(t: Truth): Truth {
  return t === 'unknown' ? t : !t;
}

/** Python `==`. Unknown when either side is not fully known. */
/**
 * Python `==`. Items that are the same object compare equal without being walked (as CPython does), and
 * the walk is capped in nodes, so lists sharing sub-lists (`L = [L, L]` repeated) or containing themselves
 * compare in bounded time (past the cap: unknown).
 */
export function pyEquals(a: Val, b: Val): Truth {
  return equalsWithin(a, b, { left: 100_000 }, 0);
}

function equalsWithin(a: Val, b: Val, budget: { left: number }, depth: number): Truth {
  if (a === UNKNOWN || b === UNKNOWN) return 'unknown';
  if (isDim(a) && isDim(b)) {
    const e = dimEquals(a, b);
    return e;
  }
  if (typeof a === 'boolean' && typeof b === 'number') return (a ? 1 : 0) === b;
  if (typeof b === 'boolean' && typeof a === 'number') return (b ? 1 : 0) === a;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (isTensorVal(a) || isTensorVal(b)) return 'unknown';
  const ia = seqItems(a);
  const ib = seqItems(b);
  if (ia && ib) {
    if (tag(a) !== tag(b)) return false;
    if (ia.length !== ib.length) return false;
    if (a === b) return true;
    budget.left -= ia.length + 1;
    if (budget.left < 0 || depth > 200) return 'unknown';
    let res: Truth = true;
    for (let i = 0; i < ia.length; i++) {
      if (ia[i] === ib[i] && typeof ia[i] === 'object' && ia[i] !== null) continue;
      const e = equalsWithin(ia[i], ib[i], budget, depth + 1);
      if (e === false) return false;
      if (e === 'unknown') res = 'unknown';
    }
    return res;
  }
  return a === b;
}

export function compare(op: string, a: Val, b: Val): Truth {
  if (a === UNKNOWN || b === UNKNOWN) return 'unknown';
  if (typeof a === 'boolean') a = a ? 1 : 0;
  if (typeof b === 'boolean') b = b ? 1 : 0;
  if (isDim(a) && isDim(b)) {
    const c = compareDims(a, b);
    if (c === 'unknown') return 'unknown';
    switch (op) {
      case '<':
        return c < 0;
      case '>':
        return c > 0;
      case '<=':
        return c <= 0;
      case '>=':
        return c >= 0;
    }
  }
  if (typeof a === 'string' && typeof b === 'string') {
    switch (op) {
      case '<':
        return a < b;
      case '>':
        return a > b;
      case '<=':
        return a <= b;
      case '>=':
        return a >= b;
    }
  }
  const ia = seqItems(a);
  const ib = seqItems(b);
  if (ia && ib) {
    for (let i = 0; i < Math.min(ia.length, ib.length); i++) {
      const e = pyEquals(ia[i], ib[i]);
      if (e === 'unknown') return 'unknown';
      if (!e) return compare(op, ia[i], ib[i]);
    }
    return compare(op, ia.length, ib.length);
  }
  return 'unknown';
}

export function contains(container: Val, item: Val): Truth {
  if (container === UNKNOWN || item === UNKNOWN) return 'unknown';
  const items = seqItems(container);
  if (items) {
    let res: Truth = false;
    for (const x of items) {
      const e = pyEquals(x, item);
      if (e === true) return true;
      if (e === 'unknown') res = 'unknown';
    }
    return res;
  }
  if (tag(container) === 'dict') {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean' || item === null) return (container as PyDict).map.has(item);
    return 'unknown';
  }
  if (typeof container === 'string' && typeof item === 'string') return container.includes(item);
  if (isLayerVal(container) && typeof item === 'string') return container.children.some(([n]) => n === item);
  return 'unknown';
}

export function fromTruth(t: Truth): Val {
  return t === 'unknown' ? UNKNOWN : t;
}

function asNum(v: Val): number | SymDim | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || v instanceof SymDim) return v;
  return undefined;
}

/** Largest string/list the interpreter builds (hostile `[0] * 10**9`); the host reports the limit first. */
const MAX_BUILD = MAX_ITEMS;

const isInt = (d: Dim): boolean => typeof d !== 'number' || Number.isInteger(d);

/** Arithmetic on scalars, strings and sequences. Returns undefined when the operands are not scalar-like. */
export function scalarBinop(op: string, a: Val, b: Val): Val | undefined {
  const x = asNum(a);
  const y = asNum(b);
  if (x !== undefined && y !== undefined) {
    if (typeof x === 'number' && typeof y === 'number') return numberBinop(op, x, y);
    // Symbolic ints.
    switch (op) {
      case '+':
        return add(x, y);
      case '-':
        return sub(x, y);
      case '*':
        return isInt(x) && isInt(y) ? mul(x, y) : UNKNOWN;
      case '//':
        return typeof y === 'number' && Number.isInteger(y) && y > 0 ? floorDiv(x, y) : y instanceof SymDim ? floorDiv(x, y) : UNKNOWN;
      case '/':
        return typeof y === 'number' && Number.isInteger(y) && y > 0 ? exactDiv(x, y) : UNKNOWN;
      default:
        return UNKNOWN;
    }
  }
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
  if (typeof a === 'string' && typeof b === 'string' && op === '+') return a.length + b.length > MAX_CHARS ? UNKNOWN : a + b;
  if (typeof a === 'string' && typeof b === 'number' && op === '*') return a.length * b > MAX_CHARS || !Number.isInteger(b) ? UNKNOWN : a.repeat(Math.max(0, b));
  if (typeof a === 'string' && op === '%') return UNKNOWN;
  const ia = seqItems(a);
  const ib = seqItems(b);
  if (ia && ib && op === '+' && tag(a) === tag(b)) {
    if (ia.length + ib.length > MAX_BUILD) return UNKNOWN;
    const out = ia.concat(ib);
    return tag(a) === 'list' ? list(out) : tuple(out);
  }
  if (ia && typeof b === 'number' && op === '*') {
    if (ia.length * b > MAX_BUILD || !Number.isInteger(b)) return UNKNOWN;
    const out: Val[] = [];
    if (ia.length === 0 || b <= 0) return tag(a) === 'list' ? list(out) : tuple(out);
    for (let i = 0; i < b; i++) for (const x of ia) out.push(x);
    return tag(a) === 'list' ? list(out) : tuple(out);
  }
  if (ib && typeof a === 'number' && op === '*') return scalarBinop(op, b, a);
  return undefined;
}

function numberBinop(op: string, x: number, y: number): Val {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y === 0 ? UNKNOWN : x / y;
    case '//':
      return y === 0 ? UNKNOWN : Math.floor(x / y);
    case '%':
      return y === 0 ? UNKNOWN : ((x % y) + y) % y;
    case '**':
      return x ** y;
    case '<<':
      return x << y;
    case '>>':
      return x >> y;
    case '&':
      return x & y;
    case '|':
      return x | y;
    case '^':
      return x ^ y;
    default:
      return UNKNOWN;
  }
}

export function unaryMinus(v: Val): Val {
  const x = asNum(v);
  if (x === undefined) return UNKNOWN;
  return typeof x === 'number' ? -x : neg(x);
}

