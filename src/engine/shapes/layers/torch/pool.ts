/**
 * Pooling: MaxPool/AvgPool 1–3d (ceil_mode, padding, dilation), AdaptiveAvg/AdaptiveMax 1–3d, LPPool1d/2d,
 * MaxUnpool 1–3d, FractionalMaxPool2d/3d and the F.* twins. Pools cost 0 MACs by convention.
 */
import type { EngineMessage, ForwardContext, FunctionDef, LayerDef, PyArg, Shape } from '../../contract';
import { UNKNOWN } from '../../contract';
import { add, isSymbolic, mul, sub, type Dim } from '../../dims';
import {
  ArgReader,
  bindForward,
  fn,
  formatShape,
  inputTensor,
  makeLayer,
  p,
  singleInput,
  tensor,
  torchLayer,
  tuple,
  UNKNOWN_TENSOR,
} from '../core';
import { poolOutSize, sizeText, splitSpatial } from './spatial';

interface PoolConfig {
  n: number;
  k: Dim[] | null;
  s: Dim[] | null;
  pad: number[] | null;
  d: number[] | null;
  ceil: boolean;
}

function readPool(a: ArgReader, n: number, withDilation: boolean, report: (m: EngineMessage) => void, withPadding = true): PoolConfig {
  const k = a.dims('kernel_size', n);
  // stride=None (or an empty list) means stride = kernel_size.
  const strideArg = a.get('stride');
  const s = strideArg === null || (Array.isArray(strideArg) && strideArg.length === 0) ? k : a.dims('stride', n);
  const pad = withPadding ? a.ints('padding', n) : new Array<number>(n).fill(0);
  const d = withDilation ? a.ints('dilation', n) : new Array<number>(n).fill(1);
  if (k && pad) {
    pad.forEach((pp, i) => {
      const ki = k[i];
      if (typeof ki === 'number' && pp > ki / 2) {
        report({ severity: 'error', message: `${a.owner}: pad should be at most half of kernel size, but got padding=${JSON.stringify(pad)} for kernel_size=${JSON.stringify(k)}`, arg: 'padding' });
      }
    });
  }
  if (s && s.some((x) => typeof x === 'number' && x <= 0)) report({ severity: 'error', message: `${a.owner}: stride should be greater than zero, got ${JSON.stringify(s)}`, arg: 'stride' });
  return { n, k, s, pad, d, ceil: a.bool('ceil_mode', false) };
}

/**
 * `what` is the ATen op name used in messages. max_pool1d has its own kernel in 1.13 that accepts an empty
 * (size-0) output and only rejects negative sizes; the other pools require at least 1.
 */
function poolForward(c: PoolConfig, shape: Shape | null, what: string, owner: string, ctx: ForwardContext): Shape | null {
  if (shape === null) return null;
  const report = (m: EngineMessage) => ctx.report(m);
  const split = splitSpatial(shape, c.n, what, report);
  if (!split || !c.k || !c.s || !c.pad || !c.d || c.s.some((x) => typeof x === 'number' && x <= 0)) return null;
  const { k, s, pad, d } = c;
  const spatial = split.spatial.map((L, i) => poolOutSize(L, k[i], s[i], pad[i], d[i], c.ceil));
  const minimum = what === 'max_pool1d' ? 0 : 1;
  if (spatial.some((d) => typeof d === 'number' && d < minimum)) {
    report({
      severity: 'error',
      message: `${owner}: given input size ${sizeText([split.channels, ...split.spatial])}, calculated output size ${sizeText([split.channels, ...spatial])} is too small (input of shape ${formatShape(shape)})`,
    });
  }
  return [...split.batch, split.channels, ...spatial];
}

const NAMES = ['', '1d', '2d', '3d'];

function maxPool(n: number): LayerDef {
  const type = `MaxPool${NAMES[n]}`;
  return torchLayer(type, [p('kernel_size'), p('stride', null), p('padding', 0), p('dilation', 1), p('return_indices', false), p('ceil_mode', false)], (a, bctx) => {
    const c = readPool(a, n, true, (m) => bctx.report(m));
    const indices = a.bool('return_indices', false);
    return makeLayer({
      type,
      attributes: { kernel_size: c.k, stride: c.s, padding: c.pad, dilation: c.d, ceil_mode: c.ceil },
      forward(args, kwargs, ctx) {
        const x = singleInput(args, kwargs, type, ctx);
        const out = tensor(x ? poolForward(c, x.shape, `max_pool${NAMES[n]}`, type, ctx) : null);
        return indices ? tuple(out, out) : out;
      },
    });
  });
}

function avgPool(n: number): LayerDef {
  const type = `AvgPool${NAMES[n]}`;
  const sig = [p('kernel_size'), p('stride', null), p('padding', 0), p('ceil_mode', false), p('count_include_pad', true)];
  return torchLayer(type, n === 1 ? sig : [...sig, p('divisor_override', null)], (a, bctx) => {
    const c = readPool(a, n, false, (m) => bctx.report(m));
    return makeLayer({
      type,
      attributes: { kernel_size: c.k, stride: c.s, padding: c.pad, ceil_mode: c.ceil },
      forward(args, kwargs, ctx) {
        const x = singleInput(args, kwargs, type, ctx);
        return tensor(x ? poolForward(c, x.shape, `avg_pool${NAMES[n]}`, type, ctx) : null);
      },
    });
  });
}

function lpPool(n: number): LayerDef {
  const type = `LPPool${NAMES[n]}`;
  return torchLayer(type, [p('norm_type'), p('kernel_size'), p('stride', null), p('ceil_mode', false)], (a, bctx) => {
    const c = readPool(a, n, false, (m) => bctx.report(m), false);
    return makeLayer({
      type,
      attributes: { kernel_size: c.k, stride: c.s, norm_type: a.get('norm_type') },
      forward(args, kwargs, ctx) {
        const x = singleInput(args, kwargs, type, ctx);
        return tensor(x ? poolForward(c, x.shape, `avg_pool${NAMES[n]}`, type, ctx) : null);
      },
    });
  });
}

/** Adaptive output sizes: an int, or a tuple whose None entries keep the input size. */
function readAdaptive(raw: PyArg, n: number): Array<Dim | null> | null {
  if (raw === UNKNOWN) return null;
  if (typeof raw === 'number' || isSymbolic(raw)) return new Array<Dim | null>(n).fill(raw);
  if (Array.isArray(raw)) {
    const sizes = raw.map((x) => (typeof x === 'number' || isSymbolic(x) ? x : null));
    if (raw.length !== n) return raw.length === 1 && sizes[0] !== null ? new Array<Dim | null>(n).fill(sizes[0]) : null;
    return raw.some((x) => x === UNKNOWN) ? null : sizes;
  }
  return null;
}

/**
 * PyTorch's checks on output_size: a float is a TypeError ("must be tuple of ints, not float"), a negative
 * size a RuntimeError ("elements of output_size must be greater than or equal to 0"); 0 is allowed. An
 * invalid size becomes unknown (null) after the error is reported.
 */
function validAdaptive(sizes: Array<Dim | null> | null, what: string, report: (m: EngineMessage) => void): Array<Dim | null> | null {
  if (!sizes) return sizes;
  return sizes.map((s) => {
    if (typeof s !== 'number') return s;
    if (!Number.isInteger(s)) {
      report({ severity: 'error', message: `${what}(): argument 'output_size' must be tuple of ints, not float (${s})` });
      return null;
    }
    if (s < 0) {
      report({ severity: 'error', message: `${what}: elements of output_size must be greater than or equal to 0 but received ${s}` });
      return null;
    }
    return s;
  });
}

function adaptiveForward(sizes: Array<Dim | null> | null, n: number, shape: Shape | null, what: string, ctx: ForwardContext): Shape | null {
  if (shape === null || sizes === null) return null;
  const split = splitSpatial(shape, n, what, (m) => ctx.report(m));
  if (!split) return null;
  return [...split.batch, split.channels, ...split.spatial.map((L, i) => sizes[i] ?? L)];
}

function adaptivePool(n: number, max: boolean): LayerDef {
  const type = `Adaptive${max ? 'Max' : 'Avg'}Pool${NAMES[n]}`;
  const what = `adaptive_${max ? 'max' : 'avg'}_pool${NAMES[n]}`;
  return torchLayer(type, max ? [p('output_size'), p('return_indices', false)] : [p('output_size')], (a, bctx) => {
    const sizes = validAdaptive(readAdaptive(a.get('output_size'), n), what, (m) => bctx.report(m));
    const indices = max && a.bool('return_indices', false);
    return makeLayer({
      type,
      attributes: { output_size: a.get('output_size') },
      forward(args, kwargs, ctx) {
        const x = singleInput(args, kwargs, type, ctx);
        const out = tensor(x ? adaptiveForward(sizes, n, x.shape, what, ctx) : null);
        return indices ? tuple(out, out) : out;
      },
    });
  });
}

/** MaxUnpool: (L − 1)·s − 2p + k, unless output_size is given. */
function maxUnpool(n: number): LayerDef {
  const type = `MaxUnpool${NAMES[n]}`;
  return torchLayer(type, [p('kernel_size'), p('stride', null), p('padding', 0)], (a, bctx) => {
    const c = readPool(a, n, false, (m) => bctx.report(m));
    return makeLayer({
      type,
      attributes: { kernel_size: c.k, stride: c.s, padding: c.pad },
      forward(args, kwargs, ctx) {
        const f = bindForward([p('input'), p('indices'), p('output_size', null)], args, kwargs, type, ctx);
        const x = inputTensor(f, 'input', ctx);
        if (!x || x.shape === null || !c.k || !c.s || !c.pad) return UNKNOWN_TENSOR;
        const split = splitSpatial(x.shape, n, `max_unpool${NAMES[n]}`, (m) => ctx.report(m));
        if (!split) return UNKNOWN_TENSOR;
        const requested = f.dimList('output_size');
        const { k, s, pad } = c;
        const spatial: Dim[] = requested && requested.length >= n ? requested.slice(requested.length - n) : split.spatial.map((L, i) => add(mul(L, s[i]), sub(sub(k[i], s[i]), 2 * pad[i])));
        return tensor([...split.batch, split.channels, ...spatial]);
      },
    });
  });
}

function fractionalMaxPool(n: number): LayerDef {
  const type = `FractionalMaxPool${NAMES[n]}`;
  return torchLayer(type, [p('kernel_size'), p('output_size', null), p('output_ratio', null), p('return_indices', false), p('_random_samples', null)], (a, bctx) => {
    const sizes = a.has('output_size') ? a.ints('output_size', n) : null;
    const ratioArg = a.get('output_ratio');
    const ratios =
      typeof ratioArg === 'number'
        ? new Array<number>(n).fill(ratioArg)
        : Array.isArray(ratioArg) && ratioArg.length === n && ratioArg.every((r) => typeof r === 'number')
          ? (ratioArg as number[])
          : null;
    if (sizes === null && ratios === null && !a.isUnknown('output_size') && !a.isUnknown('output_ratio')) {
      bctx.report({ severity: 'error', message: `${type} requires specifying either an output size, or a pooling ratio` });
    }
    const indices = a.bool('return_indices', false);
    return makeLayer({
      type,
      attributes: { kernel_size: a.get('kernel_size') },
      forward(args, kwargs, ctx) {
        const x = singleInput(args, kwargs, type, ctx);
        if (!x || x.shape === null) return UNKNOWN_TENSOR;
        const split = splitSpatial(x.shape, n, `fractional_max_pool${NAMES[n]}`, (m) => ctx.report(m));
        if (!split) return UNKNOWN_TENSOR;
        const spatial = split.spatial.map((L, i): Dim | null => {
          if (sizes) return sizes[i];
          if (ratios && typeof L === 'number') return Math.floor(L * ratios[i]);
          return null;
        });
        if (spatial.some((d) => d === null)) return UNKNOWN_TENSOR;
        const out = tensor([...split.batch, split.channels, ...(spatial as Dim[])]);
        return indices ? tuple(out, out) : out;
      },
    });
  });
}

export const poolLayers: LayerDef[] = [
  ...[1, 2, 3].flatMap((n) => [maxPool(n), avgPool(n), adaptivePool(n, false), adaptivePool(n, true), maxUnpool(n)]),
  lpPool(1),
  lpPool(2),
  fractionalMaxPool(2),
  fractionalMaxPool(3),
];

// ---------------------------------------------------------------------------------------------- functional

const F = 'torch.nn.functional.';

/** F.max_poolNd (optional indices), torch.max_poolNd (no indices) and F.max_poolNd_with_indices (always). */
function maxPoolFn(n: number, variant: 'functional' | 'torch' | 'with_indices'): FunctionDef {
  const name = `max_pool${NAMES[n]}`;
  const base = [p('input'), p('kernel_size'), p('stride', null), p('padding', 0), p('dilation', 1), p('ceil_mode', false)];
  const names = variant === 'functional' ? [F + name] : variant === 'torch' ? [`torch.${name}`] : [F + `${name}_with_indices`];
  const sig = variant === 'torch' ? base : [...base, p('return_indices', variant === 'with_indices')];
  return fn(names, sig, (a, ctx) => {
    const x = inputTensor(a, 'input', ctx);
    const c = readPool(a, n, true, (m) => ctx.report(m));
    const out = tensor(x ? poolForward(c, x.shape, name, name, ctx) : null);
    return variant === 'with_indices' || a.bool('return_indices', false) ? tuple(out, out) : out;
  });
}

function avgPoolFn(n: number): FunctionDef {
  const name = `avg_pool${NAMES[n]}`;
  const sig = [p('input'), p('kernel_size'), p('stride', null), p('padding', 0), p('ceil_mode', false), p('count_include_pad', true)];
  return fn([F + name, ...(n === 1 ? [`torch.${name}`] : [])], n === 1 ? sig : [...sig, p('divisor_override', null)], (a, ctx) => {
    const x = inputTensor(a, 'input', ctx);
    const c = readPool(a, n, false, (m) => ctx.report(m));
    return tensor(x ? poolForward(c, x.shape, name, name, ctx) : null);
  });
}

function lpPoolFn(n: number): FunctionDef {
  const name = `lp_pool${NAMES[n]}`;
  return fn([F + name], [p('input'), p('norm_type'), p('kernel_size'), p('stride', null), p('ceil_mode', false)], (a, ctx) => {
    const x = inputTensor(a, 'input', ctx);
    const c = readPool(a, n, false, (m) => ctx.report(m), false);
    return tensor(x ? poolForward(c, x.shape, `avg_pool${NAMES[n]}`, name, ctx) : null);
  });
}

function adaptiveFn(n: number, max: boolean): FunctionDef {
  const name = `adaptive_${max ? 'max' : 'avg'}_pool${NAMES[n]}`;
  // torch.adaptive_max_pool1d and F.adaptive_max_poolNd_with_indices always return (output, indices).
  return fn([F + name, ...(n === 1 && !max ? [`torch.${name}`] : [])], max ? [p('input'), p('output_size'), p('return_indices', false)] : [p('input'), p('output_size')], (a, ctx) => {
    const x = inputTensor(a, 'input', ctx);
    const out = tensor(x ? adaptiveForward(validAdaptive(readAdaptive(a.get('output_size'), n), name, (m) => ctx.report(m)), n, x.shape, name, ctx) : null);
    return max && a.bool('return_indices', false) ? tuple(out, out) : out;
  });
}

function adaptiveMaxWithIndices(n: number): FunctionDef {
  const name = `adaptive_max_pool${NAMES[n]}`;
  return fn([F + `${name}_with_indices`, ...(n === 1 ? [`torch.${name}`] : [])], [p('input'), p('output_size'), p('return_indices', true)], (a, ctx) => {
    const x = inputTensor(a, 'input', ctx);
    const out = tensor(x ? adaptiveForward(validAdaptive(readAdaptive(a.get('output_size'), n), name, (m) => ctx.report(m)), n, x.shape, name, ctx) : null);
    return tuple(out, out);
  });
}

/** F.max_unpoolNd(input, indices, kernel_size, stride=None, padding=0, output_size=None). */
function maxUnpoolFn(n: number): FunctionDef {
  const name = `max_unpool${NAMES[n]}`;
  return fn([F + name], [p('input'), p('indices'), p('kernel_size'), p('stride', null), p('padding', 0), p('output_size', null)], (a, ctx) => {
    const x = inputTensor(a, 'input', ctx);
    const c = readPool(a, n, false, (m) => ctx.report(m));
    if (!x || x.shape === null || !c.k || !c.s || !c.pad) return UNKNOWN_TENSOR;
    const split = splitSpatial(x.shape, n, name, (m) => ctx.report(m));
    if (!split) return UNKNOWN_TENSOR;
    const requested = a.dimList('output_size');
    const { k, s, pad } = c;
    const spatial: Dim[] = requested && requested.length >= n ? requested.slice(requested.length - n) : split.spatial.map((L, i) => add(mul(L, s[i]), sub(sub(k[i], s[i]), 2 * pad[i])));
    return tensor([...split.batch, split.channels, ...spatial]);
  });
}

export const poolFunctions: FunctionDef[] = [1, 2, 3]
  .flatMap((n) => [maxPoolFn(n, 'functional'), maxPoolFn(n, 'torch'), maxPoolFn(n, 'with_indices'), avgPoolFn(n), adaptiveFn(n, false), adaptiveFn(n, true), adaptiveMaxWithIndices(n), maxUnpoolFn(n)])
  .concat([lpPoolFn(1), lpPoolFn(2)]);
