/**
 * Keras convolutions and pooling (channels_last unless data_format='channels_first').
 *
 * Output length per spatial axis (keras.utils.conv_utils):
 *   'valid': ⌈(L − d(k−1)) / s⌉ = ⌊(L − d(k−1) − 1)/s⌋ + 1;  'same' and 'causal': ⌈L / s⌉.
 *   transposed (deconv_output_length): without output_padding, 'valid' L·s + max(k' − s, 0), 'same' L·s;
 *   with output_padding, (L − 1)·s + k' − 2·pad + output_padding (pad = 0 valid, ⌊k'/2⌋ same), k' = k + (k−1)(d−1).
 * Weights: Conv kernel ∏k·(Cin/groups)·filters + filters bias; Conv*Transpose ∏k·filters·Cin + filters;
 *   DepthwiseConv ∏k·Cin·depth_multiplier + Cin·depth_multiplier; SeparableConv ∏k·Cin·dm + Cin·dm·filters + filters.
 * MACs: one per kernel weight per output position (transposed: per input position).
 */
import type { ForwardContext, LayerDef, PyArg, Shape } from '../../contract';
import { add, floorDiv, formatDim, isConcrete, mul, product, type Dim } from '../../dims';
import { ArgReader, UNKNOWN_TENSOR, formatShape, tensor } from '../core';
import { declare, inputShape, kerasBuilt, kerasLayer, p } from './base';

const SUFFIX = ['', '1D', '2D', '3D'];

/** Split [N, *spatial, C] (or [N, C, *spatial] for channels_first). */
function split(shape: Shape, channelsFirst: boolean): { batch: Dim; channels: Dim; spatial: Dim[] } {
  return channelsFirst
    ? { batch: shape[0], channels: shape[1], spatial: shape.slice(2) }
    : { batch: shape[0], channels: shape[shape.length - 1], spatial: shape.slice(1, -1) };
}

function join(batch: Dim, channels: Dim, spatial: Dim[], channelsFirst: boolean): Shape {
  return channelsFirst ? [batch, channels, ...spatial] : [batch, ...spatial, channels];
}

/** conv_output_length for 'valid' / 'same' / 'causal' / 'full'. */
export function kerasConvLength(L: Dim, k: number, s: number, padding: string, d = 1): Dim {
  const eff = k + (k - 1) * (d - 1);
  if (padding === 'same' || padding === 'causal') return floorDiv(add(L, s - 1), s);
  if (padding === 'full') return floorDiv(add(L, eff - 1 + s - 1), s);
  return add(floorDiv(add(L, -eff), s), 1);
}

function deconvLength(L: Dim, k: number, s: number, padding: string, d: number, outPad: number | null): Dim {
  const eff = k + (k - 1) * (d - 1);
  if (outPad === null) {
    if (padding === 'same') return mul(L, s);
    if (padding === 'full') return add(mul(L, s), -(s + eff - 2));
    return add(mul(L, s), Math.max(eff - s, 0));
  }
  const pad = padding === 'same' ? Math.floor(eff / 2) : padding === 'full' ? eff - 1 : 0;
  return add(mul(add(L, -1), s), eff - 2 * pad + outPad);
}

interface ConvArgs {
  k: number[] | null;
  s: number[] | null;
  d: number[] | null;
  padding: string;
  channelsFirst: boolean;
}

function readConvArgs(a: ArgReader, n: number, strideName = 'strides'): ConvArgs {
  const padding = (a.str('padding') ?? 'valid').toLowerCase();
  return {
    k: a.ints(a.raw.kernel_size !== undefined ? 'kernel_size' : 'pool_size', n),
    s: a.get(strideName) === null ? null : a.ints(strideName, n),
    d: a.raw.dilation_rate !== undefined ? a.ints('dilation_rate', n) : new Array<number>(n).fill(1),
    padding,
    channelsFirst: a.str('data_format') === 'channels_first',
  };
}

function tooSmall(spatial: Dim[], type: string, shape: Shape, ctx: ForwardContext): boolean {
  if (spatial.some((d) => isConcrete(d) && d < 1)) {
    ctx.report({ severity: 'error', message: `${type}: one of the output dimensions is ${spatial.map(formatDim).join('x')} (less than 1) for input of shape ${formatShape(shape)}; the input is too small for the kernel` });
    return true;
  }
  return false;
}

type ConvKind = 'conv' | 'transpose' | 'depthwise' | 'separable';

function convLayer(n: number, kind: ConvKind): LayerDef {
  const type = kind === 'conv' ? `Conv${SUFFIX[n]}` : kind === 'transpose' ? `Conv${SUFFIX[n]}Transpose` : kind === 'depthwise' ? `DepthwiseConv${SUFFIX[n]}` : `SeparableConv${SUFFIX[n]}`;
  const aliases = kind === 'conv' ? [`Convolution${SUFFIX[n]}`] : kind === 'transpose' ? [`Convolution${SUFFIX[n]}Transpose`] : kind === 'separable' ? [`SeparableConvolution${SUFFIX[n]}`] : [];
  const sig =
    kind === 'depthwise'
      ? [p('kernel_size'), p('strides', 1), p('padding', 'valid'), p('depth_multiplier', 1), p('data_format', null), p('dilation_rate', 1), p('activation', null), p('use_bias', true)]
      : kind === 'separable'
        ? [p('filters'), p('kernel_size'), p('strides', 1), p('padding', 'valid'), p('data_format', null), p('dilation_rate', 1), p('depth_multiplier', 1), p('activation', null), p('use_bias', true)]
        : kind === 'transpose'
          ? [p('filters'), p('kernel_size'), p('strides', 1), p('padding', 'valid'), p('output_padding', null), p('data_format', null), p('dilation_rate', 1), p('activation', null), p('use_bias', true)]
          : [p('filters'), p('kernel_size'), p('strides', 1), p('padding', 'valid'), p('data_format', null), p('dilation_rate', 1), p('groups', 1), p('activation', null), p('use_bias', true)];
  const extra = ['kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint', 'depthwise_initializer', 'pointwise_initializer', 'depthwise_regularizer', 'pointwise_regularizer', 'depthwise_constraint', 'pointwise_constraint'].map((x) => p(x, null));
  return kerasLayer(
    type,
    [...sig, ...extra],
    (a, bctx) => {
      const c = readConvArgs(a, n);
      const filters = kind === 'depthwise' ? null : a.int('filters');
      const dm = a.int('depth_multiplier') ?? 1;
      const groups = a.int('groups') ?? 1;
      const bias = a.bool('use_bias', true);
      const outPad = kind === 'transpose' && a.has('output_padding') ? a.ints('output_padding', n) : null;
      if (!['valid', 'same', 'causal'].includes(c.padding) || (c.padding === 'causal' && (n !== 1 || kind !== 'conv'))) {
        bctx.report({ severity: 'error', message: `${type}: padding must be 'valid' or 'same'${n === 1 && kind === 'conv' ? " or 'causal'" : ''}, got '${c.padding}'`, arg: 'padding' });
      }
      if (c.s && c.d && c.s.some((x) => x > 1) && c.d.some((x) => x > 1) && kind !== 'transpose') {
        bctx.report({ severity: 'error', message: `${type}: strides > 1 not supported in conjunction with dilation_rate > 1 (strides=${JSON.stringify(c.s)}, dilation_rate=${JSON.stringify(c.d)})` });
      }
      if (filters !== null && groups > 1 && filters % groups !== 0) {
        bctx.report({ severity: 'error', message: `${type}: the number of filters must be evenly divisible by the number of groups. Received: groups=${groups}, filters=${filters}` });
      }
      return kerasBuilt({
        type,
        a,
        weighted: true,
        attributes: { filters, kernel_size: c.k, strides: c.s, padding: c.padding, dilation_rate: c.d, depth_multiplier: dm },
        forward(args, kwargs, ctx) {
          const shape = inputShape(type, args, kwargs, ctx, { exact: n + 2 });
          if (shape === null || !c.k || !c.s || !c.d) return UNKNOWN_TENSOR;
          const { batch, channels, spatial } = split(shape, c.channelsFirst);
          if (!isConcrete(channels)) {
            ctx.report({ severity: 'error', message: `${type}: the channel dimension of the inputs should be defined, got input of shape ${formatShape(shape)}` });
            return UNKNOWN_TENSOR;
          }
          const k = c.k;
          const kk = product(k) as number;
          const { s, d } = c;
          if (kind === 'conv' && channels % groups !== 0) {
            ctx.report({ severity: 'error', message: `${type}: the number of input channels must be evenly divisible by the number of groups. Received groups=${groups}, but the input has ${channels} channels (full input shape is ${formatShape(shape)})` });
          }
          const outSpatial = spatial.map((L, i) => (kind === 'transpose' ? deconvLength(L, k[i], s[i], c.padding, d[i], outPad ? outPad[i] : null) : kerasConvLength(L, k[i], s[i], c.padding, d[i])));
          if (tooSmall(outSpatial, type, shape, ctx)) return UNKNOWN_TENSOR;
          let outC: number;
          let weights: number;
          let macsPerPosition: number;
          if (kind === 'conv') {
            outC = filters ?? 0;
            weights = kk * (channels / groups) * outC + (bias ? outC : 0);
            macsPerPosition = kk * (channels / groups) * outC;
          } else if (kind === 'transpose') {
            outC = filters ?? 0;
            weights = kk * outC * channels + (bias ? outC : 0);
            macsPerPosition = kk * outC * channels;
          } else if (kind === 'depthwise') {
            outC = channels * dm;
            weights = kk * channels * dm + (bias ? outC : 0);
            macsPerPosition = kk * channels * dm;
          } else {
            outC = filters ?? 0;
            weights = kk * channels * dm + channels * dm * outC + (bias ? outC : 0);
            macsPerPosition = kk * channels * dm + channels * dm * outC;
          }
          if (filters === null && kind !== 'depthwise') return UNKNOWN_TENSOR;
          declare(ctx, a, weights);
          ctx.addMacs(mul(product([batch, ...(kind === 'transpose' ? spatial : outSpatial)]), macsPerPosition));
          return tensor(join(batch, outC, outSpatial, c.channelsFirst));
        },
      });
    },
    aliases,
  );
}

// ---------------------------------------------------------------------------------------------- pooling

function poolLayer(n: number, max: boolean): LayerDef {
  const type = `${max ? 'Max' : 'Average'}Pooling${SUFFIX[n]}`;
  const defaultPool: PyArg = n === 1 ? 2 : new Array<number>(n).fill(2);
  return kerasLayer(
    type,
    [p('pool_size', defaultPool), p('strides', null), p('padding', 'valid'), p('data_format', null)],
    (a, bctx) => {
      const c = readConvArgs(a, n);
      const s = c.s ?? c.k;
      if (c.padding !== 'valid' && c.padding !== 'same') bctx.report({ severity: 'error', message: `${type}: padding must be 'valid' or 'same', got '${c.padding}'`, arg: 'padding' });
      return kerasBuilt({
        type,
        a,
        attributes: { pool_size: c.k, strides: s, padding: c.padding },
        forward(args, kwargs, ctx) {
          const shape = inputShape(type, args, kwargs, ctx, { exact: n + 2 });
          if (shape === null || !c.k || !s) return UNKNOWN_TENSOR;
          const { batch, channels, spatial } = split(shape, c.channelsFirst);
          const out = spatial.map((L, i) => kerasConvLength(L, (c.k as number[])[i], s[i], c.padding));
          if (tooSmall(out, type, shape, ctx)) return UNKNOWN_TENSOR;
          return tensor(join(batch, channels, out, c.channelsFirst));
        },
      });
    },
    [`${max ? 'Max' : 'Avg'}Pool${SUFFIX[n]}`],
  );
}

function globalPool(n: number, max: boolean): LayerDef {
  const type = `Global${max ? 'Max' : 'Average'}Pooling${SUFFIX[n]}`;
  return kerasLayer(
    type,
    [p('data_format', null), p('keepdims', false)],
    (a) => {
      const channelsFirst = a.str('data_format') === 'channels_first';
      const keep = a.bool('keepdims', false);
      return kerasBuilt({
        type,
        a,
        forward(args, kwargs, ctx) {
          const shape = inputShape(type, args, kwargs, ctx, { exact: n + 2 });
          if (shape === null) return UNKNOWN_TENSOR;
          const { batch, channels, spatial } = split(shape, channelsFirst);
          return tensor(keep ? join(batch, channels, spatial.map(() => 1), channelsFirst) : [batch, channels]);
        },
      });
    },
    [`Global${max ? 'Max' : 'Avg'}Pool${SUFFIX[n]}`],
  );
}

// ---------------------------------------------------------------------------------------------- padding / cropping / upsampling

/** ZeroPadding / Cropping: an int, a tuple of n ints (symmetric), or n (before, after) pairs. */
function readPairs(v: PyArg, n: number): Array<[number, number]> | null {
  if (typeof v === 'number') return new Array<[number, number]>(n).fill([v, v]);
  if (!Array.isArray(v)) return null;
  if (n === 1 && v.length === 2 && v.every((x) => typeof x === 'number')) return [[v[0] as number, v[1] as number]];
  if (v.length !== n) return null;
  const out: Array<[number, number]> = [];
  for (const x of v) {
    if (typeof x === 'number') out.push([x, x]);
    else if (Array.isArray(x) && x.length === 2 && typeof x[0] === 'number' && typeof x[1] === 'number') out.push([x[0], x[1]]);
    else return null;
  }
  return out;
}

function padCropLayer(n: number, crop: boolean): LayerDef {
  const type = `${crop ? 'Cropping' : 'ZeroPadding'}${SUFFIX[n]}`;
  const def: PyArg = crop ? (n === 1 ? [1, 1] : new Array<PyArg>(n).fill([0, 0])) : n === 1 ? 1 : new Array<number>(n).fill(1);
  return kerasLayer(type, [p(crop ? 'cropping' : 'padding', def), p('data_format', null)], (a, bctx) => {
    const pairs = readPairs(a.get(crop ? 'cropping' : 'padding'), n);
    if (!pairs) bctx.report({ severity: 'error', message: `${type}: ${crop ? 'cropping' : 'padding'} should be an int, a tuple of ${n} ints, or a tuple of ${n} tuples of 2 ints` });
    const channelsFirst = a.str('data_format') === 'channels_first';
    return kerasBuilt({
      type,
      a,
      forward(args, kwargs, ctx) {
        const shape = inputShape(type, args, kwargs, ctx, { exact: n + 2 });
        if (shape === null || !pairs) return UNKNOWN_TENSOR;
        const { batch, channels, spatial } = split(shape, channelsFirst);
        const out = spatial.map((L, i) => add(L, (crop ? -1 : 1) * (pairs[i][0] + pairs[i][1])));
        if (tooSmall(out, type, shape, ctx)) return UNKNOWN_TENSOR;
        return tensor(join(batch, channels, out, channelsFirst));
      },
    });
  });
}

function upSampling(n: number): LayerDef {
  const type = `UpSampling${SUFFIX[n]}`;
  return kerasLayer(type, [p('size', n === 1 ? 2 : new Array<number>(n).fill(2)), ...(n === 1 ? [] : [p('data_format', null)]), ...(n === 2 ? [p('interpolation', 'nearest')] : [])], (a) => {
    const size = a.ints('size', n);
    const channelsFirst = a.str('data_format') === 'channels_first';
    return kerasBuilt({
      type,
      a,
      forward(args, kwargs, ctx) {
        const shape = inputShape(type, args, kwargs, ctx, { exact: n + 2 });
        if (shape === null || !size) return UNKNOWN_TENSOR;
        const { batch, channels, spatial } = split(shape, channelsFirst);
        return tensor(join(batch, channels, spatial.map((L, i) => mul(L, size[i])), channelsFirst));
      },
    });
  });
}

export const kerasConvLayers: LayerDef[] = [
  ...[1, 2, 3].flatMap((n) => [convLayer(n, 'conv'), convLayer(n, 'transpose'), poolLayer(n, true), poolLayer(n, false), globalPool(n, true), globalPool(n, false), padCropLayer(n, false), padCropLayer(n, true), upSampling(n)]),
  convLayer(1, 'depthwise'),
  convLayer(2, 'depthwise'),
  convLayer(1, 'separable'),
  convLayer(2, 'separable'),
];

