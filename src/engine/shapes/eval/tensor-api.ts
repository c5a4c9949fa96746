/**
 * `torch.*` tensor functions and `Tensor` methods, mapped onto the shape rules of shape-ops.ts.
 * Returns `undefined` for names it does not know (the caller then asks the catalogue or reports).
 */
import type { Shape } from '../contract';
import { SymDim, isConcrete, mul, product, sym, type Dim } from '../dims';
import * as ops from './shape-ops';
import { UNKNOWN, isTensorVal, seqItems, tag, tensorOf, tuple, type ParamVal, type PySlice, type TensorVal, type Val } from './values';

export interface OpEnv {
  report: ops.Report;
  addMacs(d: Dim): void;
}
export type Kw = Map<string, Val>;

/** Shape of a tensor-like value (tensor or parameter); undefined when not tensor-like. */
export function shapeOf(v: Val): Shape | null | undefined {
  if (isTensorVal(v)) return v.shape;
  if (tag(v) === 'param') return (v as ParamVal).shape;
  return undefined;
}
export const isTensorLike = (v: Val): boolean => shapeOf(v) !== undefined;

function arg(args: readonly Val[], kw: Kw, i: number, name: string, def: Val = UNKNOWN): Val {
  if (kw.has(name)) return kw.get(name)!;
  return i < args.length ? args[i] : def;
}

function int(v: Val): number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

function dimOf(v: Val): Dim | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (v instanceof SymDim) return v;
  return null;
}

/** Sizes given as varargs (`view(2, -1)`) or one sequence (`view((2, -1))`, `view(x.shape)`). */
function sizesArg(args: readonly Val[]): (Dim | null)[] | null {
  if (args.length === 1) {
    const items = seqItems(args[0]);
    if (items) return items.map(dimOf);
    if (args[0] === UNKNOWN) return null;
  }
  return args.map(dimOf);
}

function dimsArg(v: Val): number[] | null | 'unknown' {
  if (v === null) return null;
  const single = int(v);
  if (single !== null) return [single];
  const items = seqItems(v);
  if (items) {
    const out = items.map(int);
    return out.every((x) => x !== null) ? (out as number[]) : 'unknown';
  }
  return 'unknown';
}

const same = (self: Val, extra?: Partial<TensorVal>): TensorVal => tensorOf(shapeOf(self) ?? null, extra);

const UNARY_SAME = new Set([
  'relu', 'relu_', 'sigmoid', 'sigmoid_', 'tanh', 'tanh_', 'exp', 'exp_', 'log', 'log_', 'log1p', 'expm1', 'sqrt', 'rsqrt',
  'abs', 'neg', 'sin', 'cos', 'erf', 'clamp', 'clamp_', 'clip', 'clamp_min', 'clamp_max', 'pow', 'pow_', 'round', 'floor',
  'ceil', 'sign', 'square', 'reciprocal', 'detach', 'clone', 'contiguous', 'float', 'half', 'double', 'bfloat16', 'to', 'cuda',
  'cpu', 'type_as', 'requires_grad_', 'fill_', 'zero_', 'normal_', 'uniform_', 'add_', 'mul_', 'sub_', 'div_', 'masked_fill_',
  'softmax', 'log_softmax', 'cumsum', 'cumprod', 'roll', 'flip', 'tril', 'triu', 'tril_', 'triu_', 'sigmoid', 'silu', 'gelu',
  'nan_to_num', 'logical_not', 'isnan', 'isinf', 'data', 'trunc', 'frac', 'exp2', 'logit', 'softplus', 'hardtanh', 'mish',
  'elu', 'leaky_relu', 'selu', 'relu6', 'dropout', 'pin_memory', 'share_memory_', 'coalesce', 'sort_values', 'bernoulli',
]);
const DTYPE_LONG = new Set(['long', 'int', 'argsort']);
const DTYPE_BOOL = new Set(['bool', 'logical_not', 'isnan', 'isinf']);
const BINARY = new Set(['add', 'sub', 'subtract', 'mul', 'multiply', 'div', 'divide', 'true_divide', 'floor_divide', 'maximum', 'minimum', 'pow', 'fmod', 'remainder', 'atan2', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logical_and', 'logical_or', 'masked_fill', 'lerp', 'hypot', 'mul_', 'add_', 'sub_', 'div_', 'masked_fill_', 'bitwise_and', 'bitwise_or']);
const REDUCE = new Set(['sum', 'mean', 'amax', 'amin', 'prod', 'std', 'var', 'logsumexp', 'norm', 'all', 'any', 'nansum', 'nanmean', 'count_nonzero']);

/** Elementwise binary op with broadcasting (also used for Python operators on tensors). */
export function elementwise(a: Val, b: Val, env: OpEnv, what: string): TensorVal {
  const sa = shapeOf(a);
  const sb = shapeOf(b);
  const origin = (isTensorVal(a) ? a.origin : undefined) ?? (isTensorVal(b) ? b.origin : undefined);
  const ra = isTensorVal(a) ? a.rf : undefined;
  const rb = isTensorVal(b) ? b.rf : undefined;
  const rf = ra && rb ? (ra.size >= rb.size ? ra : rb) : (ra ?? rb);
  if (sa === undefined && sb === undefined) return tensorOf(null);
  if (sb === undefined) return tensorOf(sa ?? null, { origin, rf });
  if (sa === undefined) return tensorOf(sb ?? null, { origin, rf });
  if (sa === null || sb === null) return tensorOf(null);
  const out = ops.broadcast(sa, sb, (sev, msg) => env.report(sev, `${msg}${originNote(a, b)}`), what);
  return tensorOf(out, { origin, rf });
}

function originNote(a: Val, b: Val): string {
  const parts: string[] = [];
  if (isTensorVal(a) && a.origin) parts.push(`left operand from ${a.origin}`);
  if (isTensorVal(b) && b.origin) parts.push(`right operand from ${b.origin}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

function creation(name: string, args: readonly Val[], kw: Kw): Val | undefined {
  switch (name) {
    case 'zeros':
    case 'ones':
    case 'rand':
    case 'randn':
    case 'empty': {
      const pos = args.filter((a) => !(typeof a === 'object' && a !== null && tag(a) === 'ref'));
      const sizes = kw.has('size') ? sizesArg([kw.get('size')!]) : sizesArg(pos);
      if (!sizes || sizes.some((d) => d === null)) return tensorOf(null);
      return tensorOf(sizes as Dim[], { dtype: dtypeKw(kw) });
    }
    case 'full': {
      const sizes = sizesArg([arg(args, kw, 0, 'size')]);
      return tensorOf(sizes && sizes.every((d) => d !== null) ? (sizes as Dim[]) : null);
    }
    case 'randint': {
      const sizeV = kw.get('size') ?? args[args.length - 1];
      const sizes = sizesArg([sizeV]);
      return tensorOf(sizes && sizes.every((d) => d !== null) ? (sizes as Dim[]) : null, { dtype: 'long' });
    }
    case 'arange': {
      const nums = args.map(dimOf);
      let n: Dim | null = null;
      if (args.length === 1) n = nums[0];
      else if (args.length >= 2 && typeof args[0] === 'number' && typeof args[1] === 'number') {
        const step = typeof args[2] === 'number' ? args[2] : 1;
        n = Math.max(0, Math.ceil((args[1] - args[0]) / step));
      } else if (args.length === 2 && args[0] === 0 && nums[1] !== null) n = nums[1];
      const isFloat = args.some((a) => typeof a === 'number' && !Number.isInteger(a));
      return tensorOf(n === null ? [sym('L')] : [n], { dtype: isFloat ? 'float' : (dtypeKw(kw) ?? 'long') });
    }
    case 'linspace':
    case 'logspace': {
      const n = dimOf(arg(args, kw, 2, 'steps'));
      // `[x.item() for x in torch.linspace(0, drop_path_rate, depth)]` (stochastic-depth schedules): small
      // linspaces with known ends keep their values.
      const a = arg(args, kw, 0, 'start');
      const b = arg(args, kw, 1, 'end');
      if (name === 'linspace' && typeof n === 'number' && n <= 4096 && typeof a === 'number' && typeof b === 'number') {
        const values = Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1)));
        return tensorOf([n], { values });
      }
      return tensorOf(n === null ? null : [n]);
    }
    case 'eye': {
      const n = dimOf(arg(args, kw, 0, 'n'));
      const m = dimOf(arg(args, kw, 1, 'm', args[0]));
      return tensorOf(n !== null && m !== null ? [n, m] : null);
    }
    case 'tensor':
    case 'as_tensor':
    case 'from_numpy':
    case 'Tensor':
    case 'LongTensor':
    case 'FloatTensor': {
      const shape = literalShape(args[0]);
      return tensorOf(shape, { dtype: name === 'LongTensor' ? 'long' : undefined });
    }
  }
  return undefined;
}

function dtypeKw(kw: Kw): TensorVal['dtype'] {
  const d = kw.get('dtype');
  if (tag(d ?? null) === 'ref') {
    const n = (d as { name: string }).name;
    if (/long|int/.test(n)) return 'long';
    if (/bool/.test(n)) return 'bool';
    return 'float';
  }
  return undefined;
}

function literalShape(v: Val): Shape | null {
  if (typeof v === 'number' || typeof v === 'boolean') return [];
  const items = seqItems(v);
  if (!items) return null;
  if (items.length === 0) return [0];
  const inner = literalShape(items[0]);
  return inner === null ? null : [items.length, ...inner];
}

/** `torch.NAME(...)` (NAME without the `torch.` prefix). */
export function torchFunction(name: string, args: readonly Val[], kw: Kw, env: OpEnv): Val | undefined {
  const made = creation(name, args, kw);
  if (made !== undefined) return made;
  if (name.endsWith('_like') && args.length) return same(args[0], { dtype: dtypeKw(kw) });
  switch (name) {
    case 'cat':
    case 'concat':
    case 'concatenate': {
      const ts = seqItems(arg(args, kw, 0, 'tensors'));
      const dim = int(arg(args, kw, 1, 'dim', 0)) ?? int(kw.get('axis') ?? 0);
      if (!ts || dim === null) return tensorOf(null);
      const shapes = ts.map((t) => shapeOf(t) ?? null);
      const out = ops.cat(shapes, dim, (s, m) => env.report(s, `${m}${catOrigins(ts)}`));
      return tensorOf(out);
    }
    case 'stack': {
      const ts = seqItems(arg(args, kw, 0, 'tensors'));
      const dim = int(arg(args, kw, 1, 'dim', 0));
      if (!ts || dim === null) return tensorOf(null);
      return tensorOf(ops.stack(ts.map((t) => shapeOf(t) ?? null), dim, (s, m) => env.report(s, `${m}${catOrigins(ts)}`)));
    }
    case 'matmul':
    case 'mm':
    case 'bmm':
      return matmulOp(args[0], arg(args, kw, 1, 'other'), env);
    case 'einsum':
      return einsum(args, env);
    case 'addmm':
    case 'baddbmm':
    case 'addbmm':
    case 'addmv': {
      // input + mat1 @ mat2: the product's shape, broadcast with input.
      const prod = matmulOp(arg(args, kw, 1, name === 'addmv' ? 'mat' : name === 'addmm' ? 'mat1' : 'batch1'), arg(args, kw, 2, name === 'addmv' ? 'vec' : name === 'addmm' ? 'mat2' : 'batch2'), env);
      if (name === 'addbmm' && prod.shape) return tensorOf(prod.shape.slice(1));
      return elementwise(arg(args, kw, 0, 'input'), prod, env, `operands of ${name}`);
    }
    case 'where': {
      if (args.length < 3) return tensorOf(null);
      const ab = elementwise(args[1], args[2], env, 'torch.where operands');
      return elementwise(args[0], ab, env, 'torch.where condition');
    }
    case 'broadcast_to': {
      const sizes = sizesArg([arg(args, kw, 1, 'size')]);
      return tensorOf(sizes && sizes.every((d) => d !== null) ? (sizes as Dim[]) : null);
    }
    case 'outer':
    case 'ger': {
      const a = shapeOf(args[0]);
      const b = shapeOf(args[1]);
      return tensorOf(a && b ? [a[0], b[0]] : null);
    }
    case 'numel':
      return numelOf(args[0]);
    case 'is_tensor':
      return isTensorLike(args[0]);
  }
  if (args.length && isTensorLike(args[0])) {
    return tensorMethod(args[0], name, args.slice(1), kw, env, true);
  }
  return undefined;
}

function catOrigins(ts: readonly Val[]): string {
  const parts = ts.map((t, i) => (isTensorVal(t) && t.origin ? `#${i} ${ops.fmt(t.shape)} from ${t.origin}` : '')).filter(Boolean);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

function numelOf(v: Val): Val {
  const s = shapeOf(v);
  return s ? product(s) : UNKNOWN;
}

export function matmulOp(a: Val, b: Val, env: OpEnv): TensorVal {
  const sa = shapeOf(a);
  const sb = shapeOf(b);
  if (!sa || !sb) return tensorOf(null);
  const r = ops.matmul(sa, sb, (s, m) => env.report(s, `${m}${originNote(a, b)}`));
  env.addMacs(r.macs);
  return tensorOf(r.shape);
}

function einsum(args: readonly Val[], env: OpEnv): TensorVal {
  const spec = args[0];
  let operands = args.slice(1);
  if (operands.length === 1 && seqItems(operands[0])) operands = [...seqItems(operands[0])!];
  if (typeof spec !== 'string') return tensorOf(null);
  const [lhs, rhs] = spec.replace(/\s/g, '').split('->');
  const ins = lhs.split(',');
  if (ins.length !== operands.length || ins.some((s) => s.includes('.'))) return tensorOf(null);
  const size = new Map<string, Dim>();
  for (let i = 0; i < ins.length; i++) {
    const s = shapeOf(operands[i]);
    if (!s || s.length !== ins[i].length) return tensorOf(null);
    for (let j = 0; j < s.length; j++) {
      const prev = size.get(ins[i][j]);
      if (prev === undefined || prev === 1) size.set(ins[i][j], s[j]);
    }
  }
  const out = rhs ?? [...new Set(ins.join(''))].filter((c) => ins.join('').split(c).length === 2).sort().join('');
  const shape: Dim[] = [];
  for (const c of out) {
    const d = size.get(c);
    if (d === undefined) return tensorOf(null);
    shape.push(d);
  }
  if (operands.length >= 2) env.addMacs(product([...size.values()]));
  return tensorOf(shape);
}

/** `x.NAME(...)`; with `fromTorch`, called as `torch.NAME(x, ...)`. */
export function tensorMethod(self: Val, name: string, args: readonly Val[], kw: Kw, env: OpEnv, fromTorch = false): Val | undefined {
  const shape = shapeOf(self) ?? null;
  const origin = isTensorVal(self) ? self.origin : undefined;
  const rf = isTensorVal(self) ? self.rf : undefined;
  const out = (s: Shape | null, dtype?: TensorVal['dtype']): TensorVal => tensorOf(s, { origin, rf, dtype: dtype ?? (isTensorVal(self) ? self.dtype : undefined) });
  const rep = env.report;
  if (UNARY_SAME.has(name) && !BINARY.has(name)) {
    return out(shape, DTYPE_LONG.has(name) ? 'long' : DTYPE_BOOL.has(name) ? 'bool' : name === 'float' ? 'float' : undefined);
  }
  if (DTYPE_LONG.has(name)) return out(shape, 'long');
  if (DTYPE_BOOL.has(name)) return out(shape, 'bool');
  if (BINARY.has(name)) {
    const other = arg(args, kw, name.startsWith('masked_fill') ? 0 : 0, 'other');
    return elementwise(self, other, env, `operands of ${name}`);
  }
  if (REDUCE.has(name)) {
    if (!shape) return out(null);
    const dims = dimsArg(arg(args, kw, 0, 'dim', null));
    if (dims === 'unknown') return out(null);
    return out(ops.reduce(shape, dims, truthyKw(arg(args, kw, 1, 'keepdim', false)), name, rep));
  }
  switch (name) {
    case 'max':
    case 'min': {
      const d = arg(args, kw, 0, 'dim', null);
      if (isTensorLike(d)) return elementwise(self, d, env, `operands of ${name}`);
      if (!shape) return out(null);
      if (d === null) return out([]);
      const dim = int(d);
      if (dim === null) return out(null);
      const r = ops.reduce(shape, [dim], truthyKw(arg(args, kw, 1, 'keepdim', false)), name, rep);
      return tuple([out(r), out(r, 'long')]);
    }
    case 'argmax':
    case 'argmin': {
      if (!shape) return out(null, 'long');
      const d = arg(args, kw, 0, 'dim', null);
      if (d === null) return out([], 'long');
      const dim = int(d);
      return dim === null ? out(null, 'long') : out(ops.reduce(shape, [dim], truthyKw(arg(args, kw, 1, 'keepdim', false)), name, rep), 'long');
    }
    case 'topk': {
      const k = dimOf(arg(args, kw, 0, 'k'));
      const dim = int(arg(args, kw, 1, 'dim', -1));
      if (!shape || k === null || dim === null) return tuple([out(null), out(null, 'long')]);
      const d = ops.normDim(dim, shape.length, 'topk', rep);
      if (d === null) return tuple([out(null), out(null, 'long')]);
      const s = [...shape];
      s[d] = k;
      return tuple([out(s), out(s, 'long')]);
    }
    case 'sort': {
      return tuple([out(shape), out(shape, 'long')]);
    }
    case 'view':
    case 'reshape': {
      const sizes = fromTorch ? sizesArg([arg(args, kw, 0, 'shape')]) : sizesArg(args.length ? args : [kw.get('shape') ?? kw.get('size') ?? UNKNOWN]);
      if (!sizes) return out(null);
      return out(ops.reshape(shape, sizes, (s, m) => rep(s, `${m}${origin ? `; the input came from ${origin}` : ''}`), name));
    }
    case 'view_as':
    case 'reshape_as':
    case 'expand_as':
      return out(shapeOf(args[0]) ?? null);
    case 'flatten': {
      if (!shape) return out(null);
      const s = int(arg(args, kw, 0, 'start_dim', 0));
      const e = int(arg(args, kw, 1, 'end_dim', -1));
      return s === null || e === null ? out(null) : out(ops.flatten(shape, s, e, rep));
    }
    case 'unflatten': {
      const dim = int(arg(args, kw, 0, 'dim'));
      const sizes = sizesArg([arg(args, kw, 1, 'sizes')]);
      if (!shape || dim === null || !sizes) return out(null);
      const d = ops.normDim(dim, shape.length, 'unflatten', rep);
      if (d === null) return out(null);
      const inner = ops.reshape([shape[d]], sizes, rep, 'unflatten');
      return out(inner ? [...shape.slice(0, d), ...inner, ...shape.slice(d + 1)] : null);
    }
    case 'permute': {
      const order = fromTorch ? dimsArg(arg(args, kw, 0, 'dims')) : args.length === 1 ? dimsArg(args[0]) : dimsArg(tuple(args));
      if (!shape || !Array.isArray(order)) return out(null);
      return out(ops.permute(shape, order, rep));
    }
    case 'transpose':
    case 'swapaxes':
    case 'swapdims': {
      const a = int(arg(args, kw, 0, 'dim0'));
      const b = int(arg(args, kw, 1, 'dim1'));
      if (!shape || a === null || b === null) return out(null);
      return out(ops.transpose(shape, a, b, rep));
    }
    case 't':
      if (!shape) return out(null);
      return out(shape.length < 2 ? shape : ops.transpose(shape, 0, 1, rep));
    case 'unsqueeze': {
      const d = int(arg(args, kw, 0, 'dim'));
      return !shape || d === null ? out(null) : out(ops.unsqueeze(shape, d, rep));
    }
    case 'squeeze': {
      if (!shape) return out(null);
      const dims = dimsArg(arg(args, kw, 0, 'dim', null));
      return dims === 'unknown' ? out(null) : out(ops.squeeze(shape, dims, rep));
    }
    case 'size': {
      const d = arg(args, kw, 0, 'dim', null);
      if (!shape) return UNKNOWN;
      if (d === null) return tuple(shape);
      const i = int(d);
      if (i === null) return UNKNOWN;
      const n = ops.normDim(i, shape.length, 'size', rep);
      return n === null ? UNKNOWN : shape[n];
    }
    case 'dim':
    case 'ndimension':
      return shape ? shape.length : UNKNOWN;
    case 'numel':
    case 'nelement':
      return numelOf(self);
    case 'item':
    case 'tolist':
      return UNKNOWN;
    case 'matmul':
    case 'mm':
    case 'bmm':
      return matmulOp(self, arg(args, kw, 0, 'other'), env);
    case 'expand': {
      const sizes = sizesArg(args);
      if (!sizes || !shape) return out(null);
      const lead = sizes.length - shape.length;
      if (lead < 0) return out(null);
      return out(sizes.map((d, i) => (d === -1 && i >= lead ? shape[i - lead] : d === null ? sym('?') : d)));
    }
    case 'repeat': {
      const reps = sizesArg(args);
      if (!reps || !shape || reps.some((r) => r === null)) return out(null);
      const lead = reps.length - shape.length;
      if (lead < 0) return out(null);
      return out(reps.map((r, i) => (i < lead ? (r as Dim) : mul(shape[i - lead], r as Dim))));
    }
    case 'chunk': {
      const chunks = int(arg(args, kw, 0, 'chunks'));
      const dim = int(arg(args, kw, 1, 'dim', 0));
      if (!shape || chunks === null || dim === null || chunks <= 0) return UNKNOWN;
      const d = ops.normDim(dim, shape.length, 'chunk', rep);
      if (d === null) return UNKNOWN;
      const sizes = ops.chunkSizes(shape[d], chunks);
      if (!sizes) return UNKNOWN;
      return tuple(sizes.map((n) => out(shape.map((x, i) => (i === d ? n : x)))));
    }
    case 'split':
    case 'tensor_split': {
      const sz = arg(args, kw, 0, 'split_size_or_sections');
      const dim = int(arg(args, kw, 1, 'dim', 0));
      if (!shape || dim === null) return UNKNOWN;
      const d = ops.normDim(dim, shape.length, 'split', rep);
      if (d === null) return UNKNOWN;
      let sizes: Dim[] | null;
      const items = seqItems(sz);
      if (items) sizes = items.map(dimOf).every((x) => x !== null) ? (items.map(dimOf) as Dim[]) : null;
      else {
        const n = int(sz);
        sizes = n === null || n <= 0 ? null : ops.splitSizes(shape[d], n);
      }
      if (!sizes) return UNKNOWN;
      return tuple(sizes.map((n) => out(shape.map((x, i) => (i === d ? n : x)))));
    }
    case 'unbind': {
      const dim = int(arg(args, kw, 0, 'dim', 0));
      if (!shape || dim === null) return UNKNOWN;
      const d = ops.normDim(dim, shape.length, 'unbind', rep);
      if (d === null || !isConcrete(shape[d]) || (shape[d] as number) > ops.MAX_PIECES) return UNKNOWN;
      return tuple(Array.from({ length: shape[d] as number }, () => out(shape.filter((_, i) => i !== d))));
    }
    case 'gather':
      return out(shapeOf(arg(args, kw, 1, 'index')) ?? null);
    case 'index_select': {
      const dim = int(arg(args, kw, 0, 'dim'));
      const idx = shapeOf(arg(args, kw, 1, 'index'));
      if (!shape || dim === null || !idx) return out(null);
      const d = ops.normDim(dim, shape.length, 'index_select', rep);
      return d === null ? out(null) : out(shape.map((x, i) => (i === d ? idx[0] : x)));
    }
    case 'new_zeros':
    case 'new_ones':
    case 'new_empty':
    case 'new_full': {
      const sizes = sizesArg(name === 'new_full' ? [args[0]] : args);
      return tensorOf(sizes && sizes.every((d) => d !== null) ? (sizes as Dim[]) : null);
    }
    case 'repeat_interleave': {
      const r = int(arg(args, kw, 0, 'repeats'));
      const dimV = arg(args, kw, 1, 'dim', null);
      if (!shape || r === null) return out(null);
      if (dimV === null) return out([mul(product(shape), r)]);
      const dim = int(dimV);
      const d = dim === null ? null : ops.normDim(dim, shape.length, 'repeat_interleave', rep);
      return d === null ? out(null) : out(shape.map((x, i) => (i === d ? mul(x, r) : x)));
    }
    case 'type':
      return args.length ? out(shape) : UNKNOWN;
  }
  return undefined;
}

function truthyKw(v: Val): boolean {
  return v === true || (typeof v === 'number' && v !== 0);
}

/** Tensor indexing `x[...]`: ints drop a dim, slices resize it, None inserts one, `...` skips ahead. */
export function indexTensor(self: Val, idx: Val, env: OpEnv): Val {
  const shape = shapeOf(self);
  const origin = isTensorVal(self) ? self.origin : undefined;
  if (!shape) return tensorOf(null, { origin });
  const items: Val[] = tag(idx) === 'tuple' ? [...seqItems(idx)!] : [idx];
  const consumed = items.filter((x) => x !== null && tag(x) !== 'ellipsis').length;
  const out: Dim[] = [];
  let d = 0;
  for (const item of items) {
    const it: Val = item;
    if (it === null) {
      out.push(1);
      continue;
    }
    if (tag(it) === 'ellipsis') {
      const skip = shape.length - consumed;
      for (let k = 0; k < skip; k++) out.push(shape[d++]);
      continue;
    }
    if (d >= shape.length) {
      env.report('error', `too many indices for tensor of dimension ${shape.length} (shape ${ops.fmt(shape)})`);
      return tensorOf(null);
    }
    if (typeof it === 'number' || it instanceof SymDim || typeof it === 'boolean') {
      d++;
      continue;
    }
    if (tag(it) === 'slice') {
      const s = it as PySlice;
      const num = (v: Val): number | null | undefined => (v === null ? null : typeof v === 'number' ? v : undefined);
      const a = num(s.start);
      const b = num(s.stop);
      const st = num(s.step);
      let len: Dim | null = null;
      if (a !== undefined && b !== undefined && st !== undefined) len = ops.sliceLength(shape[d], a, b, st);
      else if (a === null && st == null && s.stop instanceof SymDim) len = s.stop; // x[:, :T] with T = x.size(1)
      out.push(len ?? sym(`?`));
      d++;
      continue;
    }
    const ishape = shapeOf(it);
    if (ishape) {
      // Advanced indexing with one index tensor: its shape replaces the indexed dim.
      if (isTensorVal(it) && it.dtype === 'bool') return tensorOf([sym('K'), ...shape.slice(d + ishape.length)], { origin });
      out.push(...ishape);
      d++;
      continue;
    }
    if (seqItems(it)) {
      out.push(seqItems(it)!.length);
      d++;
      continue;
    }
    return tensorOf(null, { origin });
  }
  for (; d < shape.length; d++) out.push(shape[d]);
  return tensorOf(out, { origin, rf: isTensorVal(self) ? self.rf : undefined, dtype: isTensorVal(self) ? self.dtype : undefined });
}

