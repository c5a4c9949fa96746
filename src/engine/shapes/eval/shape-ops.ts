/**
 * Shape rules of PyTorch's tensor operations (cat, view, permute, matmul, indexing, reductions …), as pure
 * functions on shapes. Problems come back through `report` as messages; the functions never throw and return
 * `null` (unknown shape) when they cannot decide.
 */
import type { Shape } from '../contract';
import { add, broadcastDims, ceilDiv, dimEquals, exactDiv, formatDim, isConcrete, mul, product, sub, type Dim } from '../dims';

export type Report = (severity: 'error' | 'warning' | 'info', message: string) => void;

export const fmt = (s: Shape | null): string => (s === null ? '[?]' : `[${s.map(formatDim).join(', ')}]`);

/** Normalise a dim index (negative counts from the end); reports out-of-range. */
export function normDim(dim: number, rank: number, op: string, report: Report): number | null {
  const d = dim < 0 ? dim + rank : dim;
  if (!Number.isInteger(d) || d < 0 || d >= rank) {
    report('error', `${op}: dimension out of range (expected to be in range of [${-rank}, ${rank - 1}], but got ${dim})`);
    return null;
  }
  return d;
}

/** NumPy/PyTorch broadcasting of two shapes. */
export function broadcast(a: Shape, b: Shape, report: Report, what = 'operands'): Shape | null {
  const result = broadcastDims(a, b);
  if ('shape' in result) return result.shape;
  const { index, rank, x, y } = result.conflict;
  report('error', `cannot broadcast ${what} of shapes ${fmt(a)} and ${fmt(b)}: size ${formatDim(x)} vs ${formatDim(y)} at dimension ${index - rank}`);
  return null;
}

export function cat(shapes: readonly (Shape | null)[], dim: number, report: Report, op = 'torch.cat'): Shape | null {
  const known = shapes.filter((s): s is Shape => s !== null);
  if (!known.length) return null;
  const rank = known[0].length;
  const d = normDim(dim, rank, op, report);
  if (d === null) return null;
  for (const s of known) {
    if (s.length !== rank) {
      report('error', `${op}: tensors must have the same number of dimensions: got ${fmt(known[0])} and ${fmt(s)}`);
      return null;
    }
    for (let i = 0; i < rank; i++) {
      if (i !== d && dimEquals(s[i], known[0][i]) === false) {
        report('error', `${op}: sizes of tensors must match except in dimension ${dim}: ${fmt(known[0])} and ${fmt(s)} differ at dimension ${i}`);
        return null;
      }
    }
  }
  if (known.length !== shapes.length) return null;
  let total: Dim = 0;
  for (const s of known) total = add(total, s[d]);
  const out = [...known[0]];
  out[d] = total;
  return out;
}

export function stack(shapes: readonly (Shape | null)[], dim: number, report: Report): Shape | null {
  const known = shapes.filter((s): s is Shape => s !== null);
  if (!known.length) return null;
  const first = known[0];
  for (const s of known) {
    if (s.length !== first.length || s.some((x, i) => dimEquals(x, first[i]) === false)) {
      report('error', `torch.stack: stack expects each tensor to be equal size, but got ${fmt(first)} and ${fmt(s)}`);
      return null;
    }
  }
  const d = normDim(dim, first.length + 1, 'torch.stack', report);
  if (d === null) return null;
  const out = [...first];
  out.splice(d, 0, shapes.length);
  return out;
}

/** view/reshape: at most one -1, inferred from the element count; sizes must multiply out. */
export function reshape(shape: Shape | null, target: readonly (Dim | null)[], report: Report, op = 'view'): Shape | null {
  const inferIdx = target.findIndex((t) => t === -1);
  if (target.filter((t) => t === -1).length > 1) {
    report('error', `${op}: only one dimension can be inferred (-1)`);
    return null;
  }
  if (target.some((t) => t === null)) {
    // Unknown sizes: keep what we know, leave the rest symbolic-unknown.
    return null;
  }
  const dims = target as Dim[];
  if (shape === null) return inferIdx >= 0 ? null : dims;
  const total = product(shape);
  if (inferIdx < 0) {
    const prod = product(dims);
    if (dimEquals(prod, total) === false) {
      report('error', `${op}: shape ${fmt(dims)} is invalid for input of size ${formatDim(total)} (input shape ${fmt(shape)})`);
    }
    return dims;
  }
  const rest = product(dims.filter((_, i) => i !== inferIdx));
  if (isConcrete(total) && isConcrete(rest)) {
    if (rest === 0 || total % rest !== 0) {
      report('error', `${op}: shape ${fmt(dims)} is invalid for input of size ${total} (input shape ${fmt(shape)}): ${total} is not divisible by ${rest}`);
      return null;
    }
  }
  const out = [...dims];
  out[inferIdx] = inferredSize(shape, rest) ?? exactDiv(total, rest);
  return out;
}

/**
 * The -1 of a view when the known sizes multiply to a sub-product of the input dims (`x.view(-1, C*H*W)`,
 * `x.view(B, -1)`): the product of the remaining input dims, exactly, even when symbolic division cannot
 * cancel the factors.
 */
function inferredSize(shape: Shape, rest: Dim): Dim | undefined {
  if (isConcrete(rest) && shape.every(isConcrete)) return undefined;
  const n = shape.length;
  if (n > 8) return undefined;
  for (let mask = 0; mask < 1 << n; mask++) {
    const picked: Dim[] = [];
    const others: Dim[] = [];
    for (let i = 0; i < n; i++) (mask & (1 << i) ? picked : others).push(shape[i]);
    if (dimEquals(product(picked), rest) === true) return product(others);
  }
  return undefined;
}

export function permute(shape: Shape, order: readonly number[], report: Report): Shape | null {
  if (order.length !== shape.length) {
    report('error', `permute: number of dims don't match in permute: input ${fmt(shape)} has ${shape.length} dims but ${order.length} were given`);
    return null;
  }
  const out: Dim[] = [];
  const seen = new Set<number>();
  for (const o of order) {
    const d = normDim(o, shape.length, 'permute', report);
    if (d === null) return null;
    if (seen.has(d)) {
      report('error', `permute: repeated dim ${o}`);
      return null;
    }
    seen.add(d);
    out.push(shape[d]);
  }
  return out;
}

export function transpose(shape: Shape, a: number, b: number, report: Report): Shape | null {
  const x = normDim(a, shape.length, 'transpose', report);
  const y = normDim(b, shape.length, 'transpose', report);
  if (x === null || y === null) return null;
  const out = [...shape];
  out[x] = shape[y];
  out[y] = shape[x];
  return out;
}

export function flatten(shape: Shape, start: number, end: number, report: Report): Shape | null {
  if (shape.length === 0) return [1];
  const s = normDim(start, shape.length, 'flatten', report);
  const e = normDim(end, shape.length, 'flatten', report);
  if (s === null || e === null) return null;
  if (s > e) {
    report('error', `flatten: start_dim ${start} cannot come after end_dim ${end}`);
    return null;
  }
  return [...shape.slice(0, s), product(shape.slice(s, e + 1)), ...shape.slice(e + 1)];
}

export function unsqueeze(shape: Shape, dim: number, report: Report): Shape | null {
  const d = normDim(dim, shape.length + 1, 'unsqueeze', report);
  if (d === null) return null;
  const out = [...shape];
  out.splice(d, 0, 1);
  return out;
}

/** squeeze(): drop size-1 dims (all, or the given ones); a symbolic dim is kept. */
export function squeeze(shape: Shape, dims: readonly number[] | null, report: Report): Shape | null {
  if (dims === null) return shape.filter((d) => d !== 1);
  const drop = new Set<number>();
  for (const dim of dims) {
    const d = normDim(dim, shape.length, 'squeeze', report);
    if (d === null) return null;
    if (shape[d] === 1) drop.add(d);
  }
  return shape.filter((_, i) => !drop.has(i));
}

/** sum/mean/amax/…: reduce the given dims (all when null). */
export function reduce(shape: Shape, dims: readonly number[] | null, keepdim: boolean, op: string, report: Report): Shape | null {
  if (dims === null) return keepdim ? shape.map(() => 1) : [];
  const set = new Set<number>();
  for (const dim of dims) {
    const d = normDim(dim, Math.max(shape.length, 1), op, report);
    if (d === null) return null;
    set.add(d);
  }
  return keepdim ? shape.map((x, i) => (set.has(i) ? 1 : x)) : shape.filter((_, i) => !set.has(i));
}

/** torch.matmul shape rule and its multiply-accumulate count. */
export function matmul(a: Shape, b: Shape, report: Report): { shape: Shape | null; macs: Dim } {
  if (a.length === 0 || b.length === 0) {
    report('error', `matmul: both arguments need at least 1 dimension, got ${fmt(a)} and ${fmt(b)}`);
    return { shape: null, macs: 0 };
  }
  const A = a.length === 1 ? [1, a[0]] : a;
  const B = b.length === 1 ? [b[0], 1] : b;
  const k1 = A[A.length - 1];
  const k2 = B[B.length - 2];
  if (dimEquals(k1, k2) === false) {
    report('error', `matmul: shapes ${fmt(a)} and ${fmt(b)} cannot be multiplied (${formatDim(k1)} vs ${formatDim(k2)} in the contracted dimension)`);
    return { shape: null, macs: 0 };
  }
  const batch = broadcast(A.slice(0, -2), B.slice(0, -2), report, 'matmul batch dimensions');
  if (batch === null) return { shape: null, macs: 0 };
  const n = A[A.length - 2];
  const m = B[B.length - 1];
  const out: Dim[] = [...batch];
  if (a.length > 1) out.push(n);
  if (b.length > 1) out.push(m);
  return { shape: out, macs: mul(mul(product(batch), mul(n, m)), k1) };
}

/** Most pieces chunk/split/unbind produce before the result is left unknown. */
export const MAX_PIECES = 4096;

/** Length of Python `slice(start, stop, step)` over a dim of size n. */
export function sliceLength(n: Dim, start: number | null, stop: number | null, step: number | null): Dim | null {
  const st = step ?? 1;
  if (st === 0) return null;
  if (!isConcrete(n)) {
    // Symbolic size: handle the common forms exactly.
    if (st !== 1) {
      if (start === null && stop === null) return ceilDiv(n, st);
      return null;
    }
    const lo = start === null ? 0 : start;
    const hi = stop === null ? null : stop;
    if (lo >= 0 && hi === null) return sub(n, lo);
    if (lo < 0 && hi === null) return -lo;
    if (lo >= 0 && hi !== null && hi >= 0) return null; // min(hi, n) - lo: undecidable in general
    if (lo >= 0 && hi !== null && hi < 0) return sub(add(n, hi), lo);
    return null;
  }
  // Concrete: CPython's slice.indices semantics.
  const clamp = (v: number | null, def: number, lower: number, upper: number) => {
    if (v === null) return def;
    if (v < 0) v += n;
    return Math.min(Math.max(v, lower), upper);
  };
  if (st > 0) {
    const a = clamp(start, 0, 0, n);
    const b = clamp(stop, n, 0, n);
    return Math.max(0, Math.ceil((b - a) / st));
  }
  const a = clamp(start, n - 1, -1, n - 1);
  const b = clamp(stop, -1, -1, n - 1);
  return Math.max(0, Math.ceil((b - a) / st));
}

/** chunk(chunks, dim): sizes of the pieces, as PyTorch splits (ceil-sized pieces, last one smaller). */
export function chunkSizes(n: Dim, chunks: number): Dim[] | null {
  if (chunks > MAX_PIECES) return null;
  if (!isConcrete(n)) {
    // Exact when the symbolic size splits evenly, as in qkv.chunk(3, dim=-1) of a 3·E projection.
    const part = exactDiv(n, chunks);
    return Array.from({ length: chunks }, () => part);
  }
  const size = Math.ceil(n / chunks);
  if (size === 0) return [];
  if (n / size > MAX_PIECES) return null;
  const out: number[] = [];
  for (let left = n; left > 0; left -= size) out.push(Math.min(size, left));
  return out;
}

export function splitSizes(n: Dim, size: number): Dim[] | null {
  if (!isConcrete(n) || n / size > MAX_PIECES) return null;
  const out: number[] = [];
  for (let left = n; left > 0; left -= size) out.push(Math.min(size, left));
  return out;
}

