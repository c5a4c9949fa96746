/**
 * Small tensors whose element values are known: the arithmetic some architectures do on tensors to derive
 * their layer sizes while being built (RegNet's block widths: `torch.arange(depth) * w_a + w_0`, round, log,
 * pow, `.int().tolist()`; stochastic-depth schedules: `torch.linspace(0, p, n)`, `np.linspace(...).tolist()`).
 *
 * Only 0-D and 1-D tensors of at most MAX elements carry values; anything else falls back to shapes only.
 */
import { tensorOf, isTensorVal, seqItems, type TensorVal, type Val } from './values';

const MAX = 4096;

export function valuesOf(v: Val): { values: readonly number[]; scalar: boolean; dtype?: TensorVal['dtype'] } | undefined {
  if (typeof v === 'number') return { values: [v], scalar: true };
  if (typeof v === 'boolean') return { values: [Number(v)], scalar: true };
  if (isTensorVal(v) && v.values && v.shape && v.shape.length <= 1) return { values: v.values, scalar: v.shape.length === 0, dtype: v.dtype };
  return undefined;
}

function make(values: number[], scalar: boolean, dtype: TensorVal['dtype']): TensorVal {
  return tensorOf(scalar ? [] : [values.length], { values, dtype });
}

const isInt = (xs: readonly number[]) => xs.every(Number.isInteger);

/** `a op b` when both sides' values are known and at least one is a tensor. */
export function valueBinop(op: string, a: Val, b: Val): TensorVal | undefined {
  if (!isTensorVal(a) && !isTensorVal(b)) return undefined;
  const x = valuesOf(a);
  const y = valuesOf(b);
  if (!x || !y) return undefined;
  const n = Math.max(x.values.length, y.values.length);
  if ((x.values.length !== n && x.values.length !== 1) || (y.values.length !== n && y.values.length !== 1)) return undefined;
  const f = BINOPS[op];
  if (!f) return undefined;
  const out = Array.from({ length: n }, (_, i) => f(x.values[x.values.length === 1 ? 0 : i], y.values[y.values.length === 1 ? 0 : i]));
  const floatOp = op === '/' || op === '**';
  const dtype: TensorVal['dtype'] = floatOp || x.dtype === 'float' || y.dtype === 'float' || !isInt(x.values) || !isInt(y.values) ? 'float' : 'long';
  return make(out, x.scalar && y.scalar, dtype);
}

const BINOPS: Record<string, (p: number, q: number) => number> = {
  '+': (p, q) => p + q,
  '-': (p, q) => p - q,
  '*': (p, q) => p * q,
  '/': (p, q) => p / q,
  '//': (p, q) => Math.floor(p / q),
  '%': (p, q) => ((p % q) + q) % q,
  '**': (p, q) => p ** q,
};

/** Round half to even, as torch.round and numpy.round do. */
function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const UNARY: Record<string, (p: number) => number> = {
  round: roundEven,
  log: Math.log,
  log2: Math.log2,
  exp: Math.exp,
  sqrt: Math.sqrt,
  floor: Math.floor,
  ceil: Math.ceil,
  abs: Math.abs,
  neg: (p) => -p,
};

/** torch.X / numpy.X calls on known values (creation and elementwise math); undefined when not applicable. */
export function valueFunction(name: string, args: readonly Val[], kwargs: ReadonlyMap<string, Val>): Val | undefined {
  const num = (v: Val | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
  switch (name) {
    case 'arange': {
      const ns = args.map(num);
      if (!args.length || ns.some((x) => x === undefined)) return undefined;
      const [start, stop, step] = args.length === 1 ? [0, ns[0]!, 1] : [ns[0]!, ns[1]!, ns[2] ?? 1];
      if (step === 0) return undefined;
      const count = Math.max(0, Math.ceil((stop - start) / step));
      if (count > MAX) return undefined;
      const values = Array.from({ length: count }, (_, i) => start + i * step);
      const dtypeName = kwargs.get('dtype');
      const isFloat = !isInt([start, stop, step]) || (typeof dtypeName === 'object' && dtypeName !== null && /float/.test((dtypeName as { name?: string }).name ?? ''));
      return make(values, false, isFloat ? 'float' : 'long');
    }
    case 'linspace': {
      const a = num(args[0] ?? kwargs.get('start'));
      const b = num(args[1] ?? kwargs.get('end') ?? kwargs.get('stop'));
      const n = num(args[2] ?? kwargs.get('steps') ?? kwargs.get('num') ?? 50);
      if (a === undefined || b === undefined || n === undefined || !Number.isInteger(n) || n < 0 || n > MAX) return undefined;
      return make(Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1))), false, 'float');
    }
    case 'tensor':
    case 'as_tensor':
    case 'array':
    case 'asarray': {
      const v = args[0];
      if (typeof v === 'number') return make([v], true, Number.isInteger(v) ? 'long' : 'float');
      const items = seqItems(v ?? null);
      if (!items || items.length > MAX || !items.every((x) => typeof x === 'number' || typeof x === 'boolean')) return undefined;
      const values = items.map(Number);
      return make(values, false, isInt(values) ? 'long' : 'float');
    }
    case 'diff': {
      const x = valuesOf(args[0] ?? null);
      if (!x || x.scalar) return undefined;
      return make(x.values.slice(1).map((v, i) => v - x.values[i]), false, x.dtype);
    }
    case 'pow':
    case 'power':
      return valueBinop('**', args[0] ?? null, args[1] ?? null) ?? scalarsOnly('**', args);
    case 'divide':
    case 'div':
    case 'true_divide':
      return valueBinop('/', args[0] ?? null, args[1] ?? null) ?? scalarsOnly('/', args);
    case 'mul':
    case 'multiply':
      return valueBinop('*', args[0] ?? null, args[1] ?? null);
    case 'add':
      return valueBinop('+', args[0] ?? null, args[1] ?? null);
    case 'sub':
    case 'subtract':
      return valueBinop('-', args[0] ?? null, args[1] ?? null);
  }
  const u = UNARY[name];
  if (u) {
    const x = valuesOf(args[0] ?? null);
    if (!x || !isTensorVal(args[0] ?? null)) return undefined;
    return make(x.values.map(u), x.scalar, name === 'round' || name === 'floor' || name === 'ceil' ? x.dtype : 'float');
  }
  return undefined;
}

/** torch.pow(scalar_tensor_or_number, tensor) where one side is a plain number and the other a valued tensor. */
function scalarsOnly(op: string, args: readonly Val[]): TensorVal | undefined {
  const a = args[0];
  const b = args[1];
  if (typeof a === 'number' && typeof b === 'number') return make([BINOPS[op](a, b)], true, 'float');
  return undefined;
}

/** Methods of a valued tensor: `.int()`, `.round()`, `.tolist()`, `.item()`; undefined when not applicable. */
export function valueMethod(t: TensorVal, name: string): Val | undefined {
  const x = valuesOf(t);
  if (!x) return undefined;
  switch (name) {
    case 'tolist':
      return x.scalar ? x.values[0] : { t: 'list', items: [...x.values] };
    case 'item':
      return x.values.length === 1 ? x.values[0] : undefined;
    case 'int':
    case 'long':
      return make(x.values.map(Math.trunc), x.scalar, 'long');
    case 'float':
    case 'double':
      return make([...x.values], x.scalar, 'float');
    case 'numpy':
    case 'cpu':
    case 'detach':
    case 'clone':
      return t;
  }
  const u = UNARY[name];
  if (u) return make(x.values.map(u), x.scalar, name === 'round' || name === 'floor' || name === 'ceil' ? x.dtype : 'float');
  return undefined;
}
